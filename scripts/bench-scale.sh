#!/usr/bin/env bash
# bench-scale.sh measures how FactDesk's costs grow with the library: at
# each size in SIZES (articles, CLAIMS claims each, plus one article of
# 2,000 claims) it makes a library with scripts/genlib (kept in LIBDIR and
# reused), then
#   - times the library view in Fyne's test driver (the LibraryScale
#     benchmarks of ./app: a filter key, a change of order, a screen
#     scrolled, medians of three);
#   - times the store with scripts/benchscale: the library list's first
#     page, each key of a filter, a change of order, a page scrolled to,
#     the global search for a common and a rare word, reading the article
#     with 2,000 claims, a backup and the integrity check;
#   - starts the real binary under Xvfb RUNS times, in turn with the Fyne
#     hello-world (scripts/benchhello), and reads the first frame from exec
#     and the resident memory a second after it: on the library, on the
#     library as after a crash (no record of its clean close), and
#     reopening the article with 2,000 claims. The library has been closed
#     cleanly and backed up today, as on a desk used every day: the
#     integrity check and the daily backup are measured on their own;
# and prints a table of each size and the growth from one size to the next
# ("×10 articles → ×1.2 time").
#
# Environment: SIZES (default "300 3000 30000"), CLAIMS (20), RUNS (5),
# FILTER (the text typed into the filter, default "council"),
# LIBDIR (default /tmp/factdesk-scale; a 30,000-article library takes about
# 3 GB and ten minutes to make), FACTDESK_BIN, CORPUS (../shared/corpus).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-300 3000 30000}
CLAIMS=${CLAIMS:-20}
RUNS=${RUNS:-5}
LIBDIR=${LIBDIR:-/tmp/factdesk-scale}
CORPUS=${CORPUS:-../shared/corpus}
FILTER=${FILTER:-council}

tmp=$(mktemp -d)
xvfb=""
cleanup() {
	if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fd=${FACTDESK_BIN:-}
if [ -z "$fd" ]; then
	go build -o "$tmp/factdesk" ./cmd/factdesk
	fd=$tmp/factdesk
fi
go build -o "$tmp/hello" ./scripts/benchhello
go build -o "$tmp/genlib" ./scripts/genlib
go build -o "$tmp/benchscale" ./scripts/benchscale
go test -c -o "$tmp/app.test" ./app
. scripts/benchlib.sh
mkdir -p "$LIBDIR"
start_xvfb 1600x1000
export FYNE_SCALE=1

# window CASE LIB [ARTICLE] runs RUNS rounds of the hello-world and
# FactDesk on LIB (reopening ARTICLE when given) and sets the medians
# hello_ms, hello_kb, ms and kb.
window() {
	local name=$1 lib=$2 article=${3:-} r conf
	: >"$tmp/h.ms"; : >"$tmp/h.kb"; : >"$tmp/f.ms"; : >"$tmp/f.kb"
	for r in $(seq 0 "$RUNS"); do
		conf=$tmp/config-hello
		rm -rf "$conf"
		RSS_FILE=$tmp/rss first_frame "$conf" "$tmp/hello" >"$tmp/ms"
		conf=$tmp/config-$name
		rm -rf "$conf"
		if [ -n "$article" ]; then
			mkdir -p "$conf/fyne/org.factdesk.FactDesk"
			echo "{\"article.last\": $article}" >"$conf/fyne/org.factdesk.FactDesk/preferences.json"
		fi
		if [ "$r" -gt 0 ]; then # round 0 warms the file cache
			cat "$tmp/ms" >>"$tmp/h.ms"
			cat "$tmp/rss" >>"$tmp/h.kb"
		fi
		if [ "$name" = unclean ]; then
			# Without the record of its clean close the library
			# opens as after a crash.
			rm -f "${XDG_CACHE_HOME:-$HOME/.cache}/factdesk/checked/$(printf %s "$(realpath "$lib")" | sha256sum | cut -c1-24)"
		fi
		RSS_FILE=$tmp/rss first_frame "$conf" "$fd" --db "$lib" >"$tmp/ms"
		if [ "$r" -gt 0 ]; then
			cat "$tmp/ms" >>"$tmp/f.ms"
			cat "$tmp/rss" >>"$tmp/f.kb"
		fi
		sleep 0.3
	done
	hello_ms=$(median <"$tmp/h.ms")
	hello_kb=$(median <"$tmp/h.kb")
	ms=$(median <"$tmp/f.ms")
	kb=$(median <"$tmp/f.kb")
}

# typing LIB types FILTER into the library's filter box in the real window,
# a key every 120 ms, clears it, then scrolls the list with the mouse wheel;
# it prints the medians and worst of the window's traces: from the last key
# to the frame showing the filtered list, and from a page asked for to the
# frame showing it.
typing() {
	local lib=$1 conf=$tmp/config-typing pid wid
	rm -rf "$conf"
	: >"$tmp/stderr"
	XDG_CONFIG_HOME=$conf FACTDESK_TRACE=1 "$fd" --db "$lib" >/dev/null 2>"$tmp/stderr" &
	pid=$!
	for _ in $(seq 300); do grep -q '^first-frame' "$tmp/stderr" && break; sleep 0.1; done
	sleep 1
	wid=$(xdotool search --name '^FactDesk' | head -1)
	xdotool windowfocus "$wid" 2>/dev/null || true
	xdotool type --delay 120 "$FILTER"
	sleep 1
	xdotool key --delay 120 ctrl+a BackSpace
	sleep 1
	xdotool mousemove 400 500
	xdotool click --repeat 400 --delay 15 5
	sleep 1
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for action in library-filter library-page; do
		sed -n "s/^input-to-frame $action ms=//p" "$tmp/stderr" >"$tmp/trace"
		if [ -s "$tmp/trace" ]; then
			echo "window-$action-ms $(median <"$tmp/trace")"
			echo "window-$action-worst-ms $(sort -n "$tmp/trace" | tail -1)"
		else
			echo "window-$action-ms -"
		fi
	done
}

for n in $SIZES; do
	lib=$LIBDIR/library-$n-$CLAIMS.factdesk
	if [ ! -s "$lib" ]; then
		echo "== making $lib"
		nice -n 10 "$tmp/genlib" -articles "$n" -claims-per-article "$CLAIMS" -corpus "$CORPUS" -out "$lib"
	fi
	echo "== $n articles, load $(cut -d' ' -f1 /proc/loadavg)"
	out=$tmp/size-$n
	# Its backup is kept as today's, so that the window's daily backup does
	# not run (and get stopped half-way) in every start measured below.
	"$tmp/benchscale" -db "$lib" -runs "$RUNS" -keep-backup >"$out"
	"$tmp/benchscale" -db "$lib" -runs 1 -whole=false | sed -n 's/^open /open-again /p' >>"$out"
	# The library view in Fyne's test driver: a filter key, a change of
	# order and a screen scrolled, each with its rows re-bound and laid out.
	FACTDESK_SCALE_LIBRARY=$lib "$tmp/app.test" -test.run '^$' -test.bench LibraryScale -test.benchtime "${RUNS}x" -test.count 3 >"$tmp/view"
	{
		echo "view-filter-key $(awk '/^BenchmarkLibraryScaleFilterKey/ {print $5}' "$tmp/view" | median)"
		echo "view-sort $(awk '/^BenchmarkLibraryScaleSort/ {print $5}' "$tmp/view" | median)"
		echo "view-scroll-page $(awk '/^BenchmarkLibraryScaleScrollPage/ {printf "%.2f\n", $3 / 1e6}' "$tmp/view" | median)"
	} >>"$out"
	big=$(sed -n 's/^largest-article //p' "$out")
	window library "$lib"
	{
		echo "hello-ms $hello_ms"
		echo "hello-mb $((hello_kb / 1024))"
		echo "first-frame-ms $ms"
		echo "first-frame-ratio $(awk -v a="$ms" -v b="$hello_ms" 'BEGIN {printf "%.2f", a / b}')"
		echo "rss-mb $((kb / 1024))"
		echo "rss-over-hello-mb $(((kb - hello_kb) / 1024))"
	} >>"$out"
	typing "$lib" >>"$out"
	window unclean "$lib"
	echo "unclean-first-frame-ms $ms" >>"$out"
	window article "$lib" "$big"
	{
		echo "article-first-frame-ms $ms"
		echo "article-rss-mb $((kb / 1024))"
	} >>"$out"
	cat "$out"
done

# The table: one row a figure, one column a size, then the growth between
# each size and the next.
set -- $SIZES
echo
{
	printf '| figure |'
	for n in "$@"; do printf ' %s |' "$n"; done
	prev=""
	for n in "$@"; do [ -n "$prev" ] && printf ' ×%s |' "$((n / prev))"; prev=$n; done
	echo
	printf '|---|'
	for _ in "$@"; do printf -- '--:|'; done
	for _ in $(seq 2 $#); do printf -- '--:|'; done
	echo
} >"$tmp/table"
for key in $(cut -d' ' -f1 "$tmp/size-$1"); do
	line="| $key |"
	prev=""
	growth=""
	for n in "$@"; do
		v=$(awk -v k="$key" '$1 == k {print $2}' "$tmp/size-$n")
		line+=" $v |"
		if [ -n "$prev" ]; then
			growth+=$(awk -v a="$prev" -v b="$v" 'BEGIN { if (a + 0 > 0) printf " ×%.2f |", b / a; else printf " |" }')
		fi
		prev=$v
	done
	echo "$line$growth" >>"$tmp/table"
done
cat "$tmp/table"
echo
echo "load average (1, 5, 15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

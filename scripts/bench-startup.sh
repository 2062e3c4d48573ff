#!/usr/bin/env bash
# bench-startup.sh measures how long FactDesk takes to show its first frame:
# it builds the binary and a library of 200 articles (about 2,000 words
# each, from the news corpus) holding 10,000 claims, made with
# `factdesk import` and `factdesk claim batch`, then starts the real binary
# under Xvfb with FACTDESK_TRACE=1 RUNS times per case, reads the
# "first-frame ms=N" line from stderr, stops the app, and prints the
# median of each case. The cases run in turn within each round so that a
# change of load touches them all alike:
#   hello        a Fyne hello-world (scripts/benchhello), the toolkit alone
#   empty        FactDesk on an empty library
#   library      FactDesk on the 200-article, 10,000-claim library
#   article      the same, reopening the last article (50 claims), as after
#                a restart
#   library-1cpu the library case with GOMAXPROCS=1
# Target: under 400 ms for the library case.
#
# Environment: RUNS (default 7), FACTDESK_BIN (a built factdesk; default:
# build ./cmd/factdesk), CORPUS (default ../shared/corpus), LIBRARY=FILE to
# keep the built library in FILE and reuse it next time, WAIT_LOAD=L to
# wait (up to WAIT_MAX seconds, default 600) until the 1-minute load average
# is under L before measuring, CASES to choose cases (default: all above).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-7}
CORPUS=${CORPUS:-../shared/corpus}
CASES=${CASES:-hello empty library article library-1cpu}

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
go build -o "$tmp/benchpeers" ./scripts/benchpeers
. scripts/benchlib.sh
go build -o "$tmp/hello" ./scripts/benchhello

"$fd" --db "$tmp/empty.db" articles >/dev/null
if [ -n "${LIBRARY:-}" ] && [ -s "$LIBRARY" ]; then
	cp "$LIBRARY" "$tmp/library.db"
	echo "== library: copied from $LIBRARY"
else
	build_library "$tmp/library.db"
	if [ -n "${LIBRARY:-}" ]; then
		sqlite3 "$tmp/library.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
		cp "$tmp/library.db" "$LIBRARY"
	fi
fi
echo "$(sqlite3 "$tmp/library.db" 'SELECT (SELECT count(*) FROM articles) || " articles, " || (SELECT count(*) FROM claims) || " claims, " || ((SELECT sum(length(text)) FROM articles) / 1024) || " KiB of text"'), $(du -k "$tmp/library.db" | cut -f1) KiB file"

if [ -n "${WAIT_LOAD:-}" ]; then
	waited=0
	until awk -v max="$WAIT_LOAD" '{exit !($1 < max)}' /proc/loadavg || [ "$waited" -ge "${WAIT_MAX:-600}" ]; do
		sleep 10
		waited=$((waited + 10))
	done
	echo "waited ${waited} s for the load to fall under $WAIT_LOAD"
fi

start_xvfb 1600x1000

# run_case prints one case's first-frame time.
run_case() {
	local conf=$tmp/config-$1
	rm -rf "$conf"
	case $1 in
	hello) first_frame "$conf" "$tmp/hello" ;;
	empty) first_frame "$conf" "$fd" --db "$tmp/empty.db" ;;
	library) first_frame "$conf" "$fd" --db "$tmp/library.db" ;;
	article)
		mkdir -p "$conf/fyne/org.factdesk.FactDesk"
		echo '{"article.last": 100}' >"$conf/fyne/org.factdesk.FactDesk/preferences.json"
		first_frame "$conf" "$fd" --db "$tmp/library.db"
		;;
	library-1cpu) GOMAXPROCS=1 first_frame "$conf" "$fd" --db "$tmp/library.db" ;;
	*) echo "bench-startup: unknown case $1" >&2; return 1 ;;
	esac
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== first frame, $RUNS rounds on $DISPLAY, load average before: $load_before"
declare -A times
for c in $CASES; do run_case "$c" >/dev/null; done # warm the file cache
for r in $(seq "$RUNS"); do
	line="round $r:"
	for c in $CASES; do
		ms=$(run_case "$c")
		times[$c]+="$ms "
		line+=" $c=$ms"
		sleep 0.3
	done
	echo "$line (load $(cut -d' ' -f1 /proc/loadavg))"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "| case | median ms | min | max | runs |"
echo "|---|--:|--:|--:|--:|"
for c in $CASES; do
	# shellcheck disable=SC2086
	printf '%s\n' ${times[$c]} | sort -n | awk -v c="$c" '{v[NR]=$1} END {
		m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
		printf "| %s | %g | %d | %d | %d |\n", c, m, v[1], v[NR], NR }'
done
echo
echo "load average (1, 5, 15 min): before $load_before, after $load_after; $(nproc) cores"

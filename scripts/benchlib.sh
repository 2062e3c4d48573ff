# benchlib.sh is sourced by the benchmark scripts that need the library of
# 200 articles (about 2,000 words each, from the news corpus) holding
# 10,000 claims. It expects $fd (a factdesk binary), $tmp (a scratch
# folder), $tmp/benchpeers and $CORPUS.

# build_library DB makes the library in DB with `factdesk import` and
# `factdesk claim batch`, as a desk would.
build_library() {
	local db=$1 t0 f n id
	echo "== library: 200 articles, 50 claims each"
	t0=$(date +%s)
	rm -rf "$tmp/articles"
	mkdir "$tmp/articles"
	"$tmp/benchpeers" article -corpus "$CORPUS" -words 2000 -n 200 -dir "$tmp/articles"
	for f in "$tmp"/articles/article-*.txt; do
		n=$(basename "$f" .txt)
		id=$("$fd" --db "$db" import "$f" --title "Article ${n#article-}: $(head -1 "$f" | cut -d' ' -f1-8)" --format text)
		"$fd" --db "$db" text "$id" | "$tmp/benchpeers" claims -n 50 | "$fd" --db "$db" claim batch "$id" >/dev/null
	done
	echo "built in $(($(date +%s) - t0)) s"
}

# start_xvfb [WxH] starts Xvfb on a free display, exports DISPLAY and sets
# $xvfb to its pid for the caller's cleanup to stop.
start_xvfb() {
	Xvfb -displayfd 3 -screen 0 "${1:-1600x1000}x24" -nolisten tcp 3>"$tmp/display" 2>/dev/null &
	xvfb=$!
	for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
	export DISPLAY=":$(head -1 "$tmp/display")"
}

# first_frame CONFIG CMD... starts a program with its own fresh preferences
# in CONFIG, FACTDESK_TRACE=1 and FACTDESK_EXEC_NS, waits for its first-frame line (at most
# 30 s), stops it, and prints N. With RSS_FILE set it also writes there the
# program's resident memory in KiB, RSS_SETTLE seconds (default 1) after
# the first frame.
first_frame() {
	local conf=$1 pid ms=""
	shift
	: >"$tmp/stderr"
	# The time just before exec, so that the first frame counts the
	# program's whole start-up, package initialisation included.
	XDG_CONFIG_HOME=$conf FACTDESK_TRACE=1 FACTDESK_EXEC_NS=$(date +%s%N) "$@" >/dev/null 2>"$tmp/stderr" &
	pid=$!
	for _ in $(seq 300); do
		ms=$(sed -n 's/^first-frame ms=\([0-9]*\).*/\1/p' "$tmp/stderr")
		if [ -n "$ms" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
		sleep 0.1
	done
	if [ -n "$ms" ] && [ -n "${RSS_FILE:-}" ]; then
		sleep "${RSS_SETTLE:-1}"
		awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" >"$RSS_FILE" 2>/dev/null || true
	fi
	kill "$pid" 2>/dev/null || true
	# The Fyne hello-world now and then never ends on SIGTERM: a run is
	# not to wait for it.
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if [ -z "$ms" ]; then
		echo "first_frame: no first-frame line from $*:" >&2
		cat "$tmp/stderr" >&2
		return 1
	fi
	echo "$ms"
}

# median reads numbers, one a line, and prints their median.
median() {
	sort -n | awk '{v[NR]=$1} END { if (NR == 0) exit 1; print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2 }'
}

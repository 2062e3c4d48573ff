#!/usr/bin/env bash
# bench-input.sh measures input-to-frame times in the real window: it
# builds (or reuses, with LIBRARY=FILE) the library of 200 articles and
# 10,000 claims, starts factdesk under Xvfb at 1440x900 with
# FACTDESK_TRACE=1, drives it with xdotool through ROUNDS rounds of: open an
# article from the library, select claims (J), mark a claim (a keyboard
# selection, then Ctrl+M), type into its statement, set a verdict (5), go
# back to the library and switch to another article. It then prints the
# median and the worst of each action's "input-to-frame ACTION ms=N" lines.
# Target: a median under 50 ms for each.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-8}
CORPUS=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d)
pid=""
xvfb=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
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

if [ -n "${LIBRARY:-}" ] && [ -s "$LIBRARY" ]; then
	cp "$LIBRARY" "$tmp/library.db"
else
	build_library "$tmp/library.db"
	if [ -n "${LIBRARY:-}" ]; then cp "$tmp/library.db" "$LIBRARY"; fi
fi

start_xvfb 1440x900
export XDG_CONFIG_HOME=$tmp/config FYNE_SCALE=1 FACTDESK_TRACE=1
FACTDESK_CRASH_DIR=$tmp/crash "$fd" --db "$tmp/library.db" >/dev/null 2>"$tmp/stderr" &
pid=$!
xdotool search --sync --name '^FactDesk' >/dev/null
sleep 1
wid=$(xdotool search --name '^FactDesk' | head -1)
xdotool windowsize "$wid" 1440 900 windowmove "$wid" 0 0
sleep 1

key() { xdotool key --delay 60 "$@"; sleep 0.25; }
# The library lists one article a row; rows start under the filter bar.
open_row() { xdotool mousemove 300 $((135 + 74 * $1)) click 1; sleep 0.8; }

for r in $(seq "$ROUNDS"); do
	open_row $((r % 5))
	for _ in 1 2 3; do key j; done
	# A selection of three words at the start of the text, then mark it.
	xdotool mousemove 120 270 click 1
	sleep 0.2
	key Home ctrl+shift+Right ctrl+shift+Right ctrl+shift+Right
	key ctrl+m
	xdotool type --delay 40 " checked"
	sleep 0.6
	key Escape
	key 5
	key ctrl+shift+l
	open_row $(((r + 2) % 5))
	key ctrl+shift+l
done
sleep 0.5

echo "== input-to-frame, $ROUNDS rounds on $DISPLAY at 1440x900, load $(cut -d' ' -f1 /proc/loadavg)"
if [ -s "$tmp/crash" ] || ls "$tmp"/crash/* >/dev/null 2>&1; then
	echo "bench-input: the app wrote a crash report" >&2
	exit 1
fi
awk '/^input-to-frame / {
	split($3, kv, "="); a = $2; v[a, ++n[a]] = kv[2] + 0
}
END {
	printf "%-16s %5s %8s %8s\n", "ACTION", "N", "MEDIAN", "MAX"
	for (a in n) {
		m = n[a]
		for (i = 1; i <= m; i++) s[i] = v[a, i]
		for (i = 2; i <= m; i++) { x = s[i]; j = i - 1; while (j > 0 && s[j] > x) { s[j + 1] = s[j]; j-- }; s[j + 1] = x }
		med = (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
		printf "%-16s %5d %7.1f ms %7.1f ms\n", a, m, med, s[m]
	}
}' "$tmp/stderr" | sort

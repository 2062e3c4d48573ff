#!/bin/bash
# screenshot.sh OUTDIR: builds factdesk, opens it under Xvfb on temporary
# libraries (the sample article with claims in every state, and a long real
# article when ../shared is beside the checkout) and saves PNG screenshots of
# the main window in each state the --demo flag reaches.
set -euo pipefail
out=${1:?usage: scripts/screenshot.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/factdesk" ./cmd/factdesk)
export XDG_CONFIG_HOME=$tmp/config FYNE_SCALE=1

# A free X display for Xvfb.
disp=90
while [ -e /tmp/.X11-unix/X$disp ] || [ -e /tmp/.X$disp-lock ]; do disp=$((disp + 1)); done
Xvfb :$disp -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
export DISPLAY=:$disp
for _ in $(seq 100); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# sample builds a library holding the sample article with a claim in every
# verdict and status.
sample() {
	local db=$1 fd id c
	fd() { "$tmp/factdesk" "$@" --db "$db"; }
	id=$(fd sample)
	c=$(fd claim add "$id" --quote "ridership rose 18% last year" --claimant "Riverton transit authority" --verdict mostly-true --tag transit)
	fd source add "$c" https://example.org/riverton-transit-annual-report --stance supports --title "Annual ridership report" >/dev/null
	fd claim add "$id" --quote "This is the busiest our buses have been since 2008" --claimant "Lena Okafor" --status in-progress --tag transit >/dev/null
	c=$(fd claim add "$id" --quote "Every new route pays for itself within four years" --claimant "Lena Okafor" --verdict unverifiable --tag budget)
	fd claim set "$c" --note "The budget office has no payback study; asked on March 15." >/dev/null
	fd claim add "$id" --quote "The expansion will cost \$14.2 million over five years" --claimant "Riverton budget office" --verdict true --status done --tag budget >/dev/null
	fd claim add "$id" --quote "About 60% of that will come from a state grant" --claimant "Riverton budget office" --verdict mixed >/dev/null
	fd claim add "$id" --quote "Ridership rose because fares were cut in half for six months" --claimant "Dev Patel" --verdict mostly-true --status needs-review >/dev/null
	c=$(fd claim add "$id" --quote "traffic deaths in the city had fallen by half since 2019" --claimant "Lena Okafor" --verdict mostly-false --status done --tag safety)
	fd claim set "$c" --note "State records show 11 deaths in 2019 and 7 in 2024: a fall of 36%, not half." >/dev/null
	fd source add "$c" https://example.org/state-highway-safety-records --stance refutes --title "State highway safety records" --archive https://web.archive.org/web/2025/https://example.org/state-highway-safety-records >/dev/null
	fd claim add "$id" --quote "the safest streets of any city its size in the state" --claimant "Lena Okafor" --verdict false --tag safety >/dev/null
	fd claim add "$id" --quote "each full bus takes “up to 40 cars off the road”" --claimant "Riverton Clean Air Coalition" --verdict misleading >/dev/null
	fd claim add "$id" --quote "30% cheaper to run than diesel buses" --claimant "Riverton transit authority" >/dev/null
}

# shot opens the window on a library in a state and theme at a size (default
# 1440x900) and saves OUTDIR/NAME.png, cropped to the window, once it has
# been up for a moment.
shot() {
	local db=$1 state=$2 name=$3 variant=${4:-light} w=${5:-1440} h=${6:-900} wid
	rm -rf "$XDG_CONFIG_HOME"
	# The window opens at the size it remembers.
	mkdir -p "$XDG_CONFIG_HOME/fyne/org.factdesk.FactDesk"
	echo "{\"window.width\": $w, \"window.height\": $h}" >"$XDG_CONFIG_HOME/fyne/org.factdesk.FactDesk/preferences.json"
	FYNE_THEME=$variant "$tmp/factdesk" --db "$db" --demo "$state" >/dev/null 2>&1 &
	local pid=$!
	xdotool search --sync --name '^FactDesk' >/dev/null 2>&1
	sleep 1
	wid=$(xdotool search --name '^FactDesk' | head -1)
	xdotool windowsize "$wid" "$w" "$h" windowmove "$wid" 0 0
	sleep "${SHOT_WAIT:-2}"
	/usr/bin/import -window root -crop "${w}x${h}+0+0" +repage "$out/$name.png"
	kill $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	echo "$out/$name.png"
}

sample "$tmp/sample.db"
shot "$tmp/sample.db" library library
shot "$tmp/sample.db" library library-dark dark
shot "$tmp/sample.db" editor article-light
shot "$tmp/sample.db" dark article-dark dark
shot "$tmp/sample.db" editor article-900-light light 900 600
shot "$tmp/sample.db" dark article-900-dark dark 900 600
shot "$tmp/sample.db" search search

# A long real article from the corpus, with a claim on every fifth sentence.
page=$root/../shared/corpus/readability/nytimes-3
if [ -d "$page" ]; then
	db=$tmp/long.db
	id=$("$tmp/factdesk" import "$page/source.html" --format html --db "$db")
	"$tmp/factdesk" suggest "$id" --json --db "$db" 2>/dev/null |
		python3 -c '
import json, sys
verdicts = ["true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unverifiable", "none"]
for i, s in enumerate(json.load(sys.stdin)[:40]):
    print(json.dumps({"start": s["start"], "end": s["end"], "claimant": s.get("claimant", ""), "verdict": verdicts[i % 8]}))
' | "$tmp/factdesk" claim batch "$id" --db "$db" >/dev/null || true
	shot "$db" editor long-article
fi

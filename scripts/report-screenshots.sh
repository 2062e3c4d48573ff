#!/bin/bash
# report-screenshots.sh OUTDIR: writes the sample article's reports (and a
# long real article's, when ../shared is beside the checkout) and saves PNGs
# of the HTML report, rendered by headless Chromium, and of the PDF's first
# pages, rendered by pdftoppm (poppler-utils).
set -euo pipefail
out=${1:?usage: scripts/report-screenshots.sh OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go test ./annotate/report -run '^TestSamples$' -count=1 -samples "$tmp" >/dev/null)
shoot() { # HTML file, PNG, height
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
		--window-size=1000,"$3" --screenshot="$2" "file://$1" >/dev/null 2>&1
}
shoot "$tmp/report.html" "$out/report-html.png" 2600
pdftoppm -r 70 -png -f 1 -l 2 "$tmp/report.pdf" "$tmp/pdf"
convert "$tmp"/pdf-*.png +append "$out/report-pdf.png"
if [ -f "$tmp/long-report.html" ]; then
	shoot "$tmp/long-report.html" "$out/long-report-html.png" 3200
	pdftoppm -r 70 -png -f 2 -l 3 "$tmp/long-report.pdf" "$tmp/long"
	convert "$tmp"/long-*.png +append "$out/long-report-pdf.png"
fi
ls "$out"

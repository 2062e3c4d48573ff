#!/usr/bin/env bash
# bench-anchor.sh compares re-anchoring in annotate/anchor with the npm
# package approx-string-match (the matcher Hypothesis uses) on the same
# material: a 200 KB text, 1,000 quotes of 30-200 characters taken from it,
# and a copy with about 1% of its characters edited. It prints both times,
# their ratio, and how many quotes each placed correctly.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./annotate/anchor/internal/benchanchor gen "$tmp"
npm install --silent --no-audit --no-fund --prefix "$tmp" approx-string-match@2.0.0 >/dev/null

cat >"$tmp/bench.mjs" <<'JS'
import { readFileSync } from "node:fs";
import search from "approx-string-match";

const dir = process.argv[2];
const edited = readFileSync(`${dir}/edited.txt`, "utf8");
const text = readFileSync(`${dir}/text.txt`, "utf8");
const quotes = JSON.parse(readFileSync(`${dir}/quotes.json`, "utf8"));

// Best of n runs, in milliseconds.
function best(n, f) {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

// Each quote over the whole edited text, at most a quarter of its length in
// errors; among the matches with fewest errors, the one nearest the old place.
let correct = 0;
const approxMs = best(2, () => {
  correct = 0;
  for (const q of quotes) {
    const matches = search(edited, q.exact, Math.floor(q.exact.length / 4));
    let pick = null;
    for (const m of matches) {
      if (pick === null || Math.abs(m.start - q.start) < Math.abs(pick.start - q.start)) pick = m;
    }
    if (pick && Math.abs(pick.start - q.wantStart) <= 3 && Math.abs(pick.end - q.wantEnd) <= 3) correct++;
  }
});

// Exact search alone: every quote in the text it came from.
let found = 0;
const indexOfMs = best(5, () => {
  found = 0;
  for (const q of quotes) if (text.indexOf(q.exact) >= 0) found++;
});
console.log(`node approx_ms=${approxMs.toFixed(1)} correct=${correct} total=${quotes.length} indexof_ms=${indexOfMs.toFixed(1)} indexof_found=${found}`);
JS

node_line=$(node "$tmp/bench.mjs" "$tmp")
go_line=$(go run ./annotate/anchor/internal/benchanchor run "$tmp")
echo "$node_line"
echo "$go_line"

field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" <<<"$1"; }
awk -v n="$(field "$node_line" approx_ms)" -v g="$(field "$go_line" locate_ms)" \
    -v ni="$(field "$node_line" indexof_ms)" -v ge="$(field "$go_line" exact_ms)" \
    -v nc="$(field "$node_line" correct)" -v gc="$(field "$go_line" correct)" 'BEGIN {
  printf "re-anchoring 1,000 quotes: approx-string-match %.1f ms (%d/1000 correct), annotate/anchor %.1f ms (%d/1000 correct): %.1fx faster\n", n, nc, g, gc, n / g
  printf "exact search of 1,000 quotes: indexOf %.1f ms, annotate/anchor (Locate, exact) %.1f ms: ratio %.2f\n", ni, ge, ni / ge
}'

#!/usr/bin/env bash
# bench-peers.sh measures FactDesk against a peer doing the same work in the
# same run, on the same machine, and prints a table of ratios:
#   anchoring  annotate/anchor vs the npm package approx-string-match
#              (scripts/bench-anchor.sh);
#   writes     10,000 claim-like INSERTs through modernc.org/sqlite vs the
#              sqlite3 command-line tool (C SQLite) running the very same SQL
#              file, with the library's pragmas (WAL, synchronous=NORMAL):
#              each INSERT in its own transaction, then all in one;
#   search     the same FTS5 queries (ranked, with snippets) over the same
#              1,000-article database, through modernc vs through sqlite3;
#   export     `factdesk export` (HTML and native JSON) of a 10,000-claim
#              article vs `sqlite3 -json` dumping the same rows from the
#              same file: the floor of getting the data out, not a rival
#              report writer.
# Every figure is the median of RUNS runs (default 3). A ratio is our time
# over the peer's: under 1 we are faster.
#
# Environment: RUNS, EXPORT_CLAIMS (default 10000), FACTDESK_BIN (a built
# factdesk binary; default: build ./cmd/factdesk), CORPUS (default
# ../shared/corpus), SKIP_ANCHOR=1 to leave out the npm comparison,
# SKIP_EXPORT=1 to leave out the export (building its library takes minutes:
# `claim batch` stores each claim in its own transaction).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
EXPORT_CLAIMS=${EXPORT_CLAIMS:-10000}
CORPUS=${CORPUS:-../shared/corpus}

if ! command -v sqlite3 >/dev/null; then
	echo "installing sqlite3" >&2
	sudo=$([ "$(id -u)" = 0 ] || echo sudo)
	$sudo apt-get install -y -qq sqlite3 >/dev/null
fi
if [ ! -d "$CORPUS/readability" ]; then
	echo "bench-peers: the corpus is not at $CORPUS (set CORPUS)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/benchpeers" ./scripts/benchpeers
fd=${FACTDESK_BIN:-}
if [ -z "$fd" ]; then
	go build -o "$tmp/factdesk" ./cmd/factdesk
	fd=$tmp/factdesk
fi

# now_ms prints a monotonic-enough wall clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
# field prints the value of name=value in a line.
field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" <<<"$1"; }
# cli_ms runs sqlite3 on a fresh database with a script and prints the time
# in ms, less the time of its setup part (pragmas and table) alone, the
# fastest of three runs so that a stall there does not hide the work.
cli_ms() {
	local db=$tmp/cli.db script=$1 setup=$2 t0 t1 t2 t3 s best=""
	for _ in 1 2 3; do
		rm -f "$db" "$db-wal" "$db-shm"
		t0=$(now_ms); sqlite3 "$db" <"$setup" >/dev/null; t1=$(now_ms)
		s=$((t1 - t0))
		if [ -z "$best" ] || [ "$s" -lt "$best" ]; then best=$s; fi
	done
	rm -f "$db" "$db-wal" "$db-shm"
	t2=$(now_ms); sqlite3 "$db" <"$script" >/dev/null; t3=$(now_ms)
	echo $(((t3 - t2) - best))
}

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN {printf "%.3g", a / b}')")"); }

echo "== SQLite writes: $(sqlite3 --version | cut -d' ' -f1) CLI vs modernc.org/sqlite, $RUNS runs"
go_each=() go_one=() cli_each=() cli_one=()
for _ in $(seq "$RUNS"); do
	line=$("$tmp/benchpeers" writes -dir "$tmp" -n 10000)
	echo "$line"
	go_each+=("$(field "$line" each_ms)")
	go_one+=("$(field "$line" one_ms)")
	cli_each+=("$(cli_ms "$tmp/each.sql" "$tmp/each-setup.sql")")
	cli_one+=("$(cli_ms "$tmp/one.sql" "$tmp/one-setup.sql")")
	echo "sqlite3 each_ms=${cli_each[-1]} one_ms=${cli_one[-1]}"
done
row "10,000 INSERTs, one transaction each (ms)" "$(median "${go_each[@]}")" "$(median "${cli_each[@]}")"
row "10,000 INSERTs in one transaction (ms)" "$(median "${go_one[@]}")" "$(median "${cli_one[@]}")"
check=$(sqlite3 "$tmp/cli.db" 'SELECT count(*) FROM claims')
[ "$check" = 10000 ] || { echo "bench-peers: sqlite3 wrote $check rows, want 10000" >&2; exit 1; }

echo "== Full-text search: 1,000 articles of about 1,000 words, 10 queries x 20"
go_fts=() cli_fts=()
line=$("$tmp/benchpeers" fts -dir "$tmp" -corpus "$CORPUS")
echo "$line"
go_fts+=("$(field "$line" fts_ms)")
for i in $(seq "$RUNS"); do
	if [ "$i" -gt 1 ]; then
		# The database is rebuilt by each Go run; the CLI reads the last one.
		line=$("$tmp/benchpeers" fts -dir "$tmp" -corpus "$CORPUS")
		echo "$line"
		go_fts+=("$(field "$line" fts_ms)")
	fi
	sqlite3 "$tmp/fts.db" <"$tmp/queries.sql" >/dev/null # warm the page cache as the Go side does
	t0=$(now_ms); sqlite3 "$tmp/fts.db" 'SELECT 1' >/dev/null; t1=$(now_ms)
	t2=$(now_ms); sqlite3 "$tmp/fts.db" <"$tmp/queries.sql" >/dev/null; t3=$(now_ms)
	cli_fts+=($(((t3 - t2) - (t1 - t0))))
	echo "sqlite3 fts_ms=${cli_fts[-1]}"
done
go_hits=$(field "$line" hits_per_round)
cli_hits=$(head -10 "$tmp/queries.sql" | sed 's/^\(.*\);$/SELECT count(*) FROM (\1);/' | sqlite3 "$tmp/fts.db" | paste -sd+ | bc)
[ "$go_hits" = "$cli_hits" ] || { echo "bench-peers: modernc found $go_hits hits, sqlite3 $cli_hits" >&2; exit 1; }
row "200 FTS5 queries, ranked, snippets, 20 hits (ms)" "$(median "${go_fts[@]}")" "$(median "${cli_fts[@]}")"

if [ "${SKIP_EXPORT:-}" != 1 ]; then
echo "== Export: one article with $EXPORT_CLAIMS claims (building the library takes a few minutes)"
export FACTDESK_DB=$tmp/export.db
"$tmp/benchpeers" article -corpus "$CORPUS" -words $((EXPORT_CLAIMS * 26)) -seed 99 >"$tmp/long.txt"
id=$("$fd" import "$tmp/long.txt" --title "A long transcript" --format text)
"$fd" text "$id" | "$tmp/benchpeers" claims -n "$EXPORT_CLAIMS" >"$tmp/claims.jsonl"
t0=$(now_ms)
n=$("$fd" claim batch "$id" <"$tmp/claims.jsonl" | wc -l)
t1=$(now_ms)
echo "stored $n claims with factdesk claim batch in $((t1 - t0)) ms ($(awk -v t=$((t1 - t0)) -v n="$n" 'BEGIN {printf "%.1f", t / n}') ms a claim)"
dump="SELECT * FROM articles WHERE id = $id;
SELECT * FROM claims WHERE article_id = $id ORDER BY start, \"end\", id;
SELECT s.* FROM sources s JOIN claims c ON c.id = s.claim_id WHERE c.article_id = $id ORDER BY s.id;
SELECT ct.claim_id, t.name FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id JOIN claims c ON c.id = ct.claim_id WHERE c.article_id = $id ORDER BY ct.claim_id, ct.position;"
time_ms() { local t0 t1; t0=$(now_ms); "$@" >/dev/null; t1=$(now_ms); echo $((t1 - t0)); }
html=() json=() cli=()
for _ in $(seq "$RUNS"); do
	html+=("$(time_ms "$fd" export "$id" --format html -o "$tmp/out.html")")
	json+=("$(time_ms "$fd" export "$id" --format json -o "$tmp/out.json")")
	cli+=("$(time_ms sqlite3 -json "$FACTDESK_DB" "$dump")")
	echo "factdesk html_ms=${html[-1]} json_ms=${json[-1]}; sqlite3 -json dump_ms=${cli[-1]}"
done
sqlite3 -json "$FACTDESK_DB" "$dump" >"$tmp/dump.json"
echo "sizes: html $(wc -c <"$tmp/out.html") B, json $(wc -c <"$tmp/out.json") B, sqlite3 -json $(wc -c <"$tmp/dump.json") B"
row "HTML report of $EXPORT_CLAIMS claims vs sqlite3 -json of its rows (ms, process)" "$(median "${html[@]}")" "$(median "${cli[@]}")"
row "native JSON of $EXPORT_CLAIMS claims vs sqlite3 -json of its rows (ms, process)" "$(median "${json[@]}")" "$(median "${cli[@]}")"
unset FACTDESK_DB
fi

if [ "${SKIP_ANCHOR:-}" != 1 ]; then
	echo "== Re-anchoring: scripts/bench-anchor.sh"
	out=$(scripts/bench-anchor.sh)
	echo "$out"
	node_line=$(grep '^node ' <<<"$out")
	go_line=$(grep -v '^node ' <<<"$out" | grep 'locate_ms=' | head -1)
	row "re-anchor 1,000 quotes in an edited 200 KB text vs approx-string-match (ms)" "$(field "$go_line" locate_ms)" "$(field "$node_line" approx_ms)"
	row "exact search of 1,000 quotes vs String.indexOf on Node.js (ms)" "$(field "$go_line" exact_ms)" "$(field "$node_line" indexof_ms)"
fi

echo
echo "| comparison | FactDesk | peer | ratio (ours / peer) |"
echo "|---|--:|--:|--:|"
printf '%s\n' "${rows[@]}"

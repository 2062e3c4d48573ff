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

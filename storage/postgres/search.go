package postgres

import (
	"context"
	"errors"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/fulltext"
	"github.com/jackc/pgx/v5"
)

// searchBound is fulltext.Candidates, lowered by tests.
var searchBound = fulltext.Candidates

// maxQueryBytes bounds the text of a query, so that a pasted page stays
// fast.
const maxQueryBytes = fulltext.MaxTerms * fulltext.MaxTermLen

// queryExpr is the tsquery of what the user typed, $1 the query and $2 the
// word being typed (see typedPrefix): websearch syntax ("a phrase", or,
// -word), every other word required, the last one also as a prefix while
// it is still being typed.
const queryExpr = `CASE WHEN $2 = '' THEN websearch_to_tsquery('simple', $1)
	ELSE websearch_to_tsquery('simple', $1) && to_tsquery('simple', $2) END`

// typedPrefix splits a query of plain words, ending in the one still being
// typed, into the words before it and that word as a prefix tsquery
// ('unemp':*), as the SQLite library's search has it. A query that uses
// websearch syntax or ends in a space or punctuation is left whole.
func typedPrefix(query string) (rest, prefix string) {
	last, _ := utf8.DecodeLastRuneInString(query)
	if !fulltext.IsWordRune(last) {
		return query, ""
	}
	for _, r := range query {
		if !fulltext.IsWordRune(r) && !unicode.IsSpace(r) {
			return query, ""
		}
	}
	words := strings.Fields(query)
	for _, w := range words {
		if strings.EqualFold(w, "or") {
			return query, ""
		}
	}
	w := words[len(words)-1]
	if utf8.RuneCountInString(w) < 2 {
		return query, ""
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(query), w)), "'" + w + "':*"
}

// Headline options: article hits mark every match in the whole text, from
// which fulltext.ArticleSnippet cuts the snippet and finds the first
// match's offset; the others let the server pick the fragment.
const (
	articleMarks = "HighlightAll=true, StartSel=" + string(fulltext.MarkOpen) + ", StopSel=" + string(fulltext.MarkClose)
	snippetMarks = "StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=\" … \""
)

// searchQueries are the ranked query of each kind of hit, over the newest
// matches from id $3 on (see Search), best first, at most $4; $5 is the
// kind's headline options. Each ranks in a subquery so that headlines,
// which read the whole text, are made for the rows returned only. table
// and match say how the bound's id is found.
var searchQueries = []struct {
	kind, table, match, sql string
}{
	{annotate.SearchArticle, "articles", "search", `SELECT a.id, -top.rank, 0, 0, a.title,
			ts_headline('simple', a.title, top.q, $5), ts_headline('simple', a.text, top.q, $5), 0
		FROM (SELECT a.id, ts_rank(a.search, q, 1) AS rank, q FROM articles a, (SELECT ` + queryExpr + ` AS q) typed
			WHERE a.search @@ q AND a.id >= $3 ORDER BY rank DESC, a.id DESC LIMIT $4) top
		JOIN articles a ON a.id = top.id ORDER BY top.rank DESC, a.id DESC`},
	{annotate.SearchClaim, "claims", "quote_search", `SELECT c.article_id, -top.rank, c.id, c.start, a.title,
			CASE WHEN to_tsvector('simple', c.statement) @@ top.q THEN ts_headline('simple', c.statement, top.q, $5)
				ELSE ts_headline('simple', c.exact, top.q, $5) END, '', 0
		FROM (SELECT c.id, ts_rank(c.quote_search, q, 1) AS rank, q FROM claims c, (SELECT ` + queryExpr + ` AS q) typed
			WHERE c.quote_search @@ q AND c.id >= $3 ORDER BY rank DESC, c.id DESC LIMIT $4) top
		JOIN claims c ON c.id = top.id JOIN articles a ON a.id = c.article_id ORDER BY top.rank DESC, c.id DESC`},
	{annotate.SearchNote, "claims", "notes_search", `SELECT c.article_id, -top.rank, c.id, c.start, a.title,
			ts_headline('simple', c.notes, top.q, $5), '', 0
		FROM (SELECT c.id, ts_rank(c.notes_search, q, 1) AS rank, q FROM claims c, (SELECT ` + queryExpr + ` AS q) typed
			WHERE c.notes_search @@ q AND c.id >= $3 ORDER BY rank DESC, c.id DESC LIMIT $4) top
		JOIN claims c ON c.id = top.id JOIN articles a ON a.id = c.article_id ORDER BY top.rank DESC, c.id DESC`},
	{annotate.SearchSource, "sources", "search", `SELECT c.article_id, -top.rank, s.claim_id, c.start, a.title,
			ts_headline('simple', concat_ws(' · ', nullif(s.title, ''), nullif(s.publisher, ''), nullif(s.excerpt, ''), s.url), top.q, $5), '', s.id
		FROM (SELECT s.id, ts_rank(s.search, q, 1) AS rank, q FROM sources s, (SELECT ` + queryExpr + ` AS q) typed
			WHERE s.search @@ q AND s.id >= $3 ORDER BY rank DESC, s.id DESC LIMIT $4) top
		JOIN sources s ON s.id = top.id JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id ORDER BY top.rank DESC, s.id DESC`},
}

// Search runs a full-text query over article titles and texts, claim
// statements and quotes, notes, and sources (URL, title, publisher,
// excerpt), best first by ts_rank. query is websearch syntax: words, all
// required, "a quoted phrase", or between alternatives, -word to leave
// out; a query of plain words also takes its last word as a prefix while it
// is being typed. A query without words finds nothing. limit <= 0 means 50.
// Of a kind that matches more than fulltext.Candidates, only the newest are
// ranked, and its hits say so.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]annotate.SearchHit, error) {
	if len(query) > maxQueryBytes {
		n := maxQueryBytes
		for n > 0 && !utf8.RuneStart(query[n]) {
			n--
		}
		query = query[:n]
	}
	if !wantsSomething(query) {
		return []annotate.SearchHit{}, nil
	}
	limit = fulltext.Limit(limit)
	rest, prefix := typedPrefix(query)
	var hits []annotate.SearchHit
	err := db.read(ctx, func(tx pgx.Tx) error {
		hits = hits[:0]
		for _, q := range searchQueries {
			from, err := searchFrom(ctx, tx, q.table, q.match, rest, prefix)
			if err != nil {
				return err
			}
			marks := snippetMarks
			if q.kind == annotate.SearchArticle {
				marks = articleMarks
			}
			rows, err := tx.Query(ctx, q.sql, rest, prefix, from, limit, marks)
			if err != nil {
				return err
			}
			for rows.Next() {
				h := annotate.SearchHit{Kind: q.kind}
				if from > 0 {
					h.Candidates = searchBound
				}
				var title, text string
				if err := rows.Scan(&h.ArticleID, &h.Rank, &h.ClaimID, &h.Start, &h.Title, &title, &text, &h.SourceID); err != nil {
					rows.Close()
					return err
				}
				if q.kind == annotate.SearchArticle {
					h.Snippet, h.Start = fulltext.ArticleSnippet(title, text)
				} else {
					h.Snippet = title
				}
				hits = append(hits, h)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Rank < hits[j].Rank })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// wantsSomething reports whether the query names a word to find: one of
// only -words would match nearly everything, and one without words nothing.
func wantsSomething(query string) bool {
	for _, f := range strings.Fields(query) {
		if !strings.HasPrefix(f, "-") && !strings.EqualFold(f, "or") && len(fulltext.Terms(f)) > 0 {
			return true
		}
	}
	return false
}

// searchFrom is the id from which the newest searchBound matches of a kind
// start, or 0 when there are no more than that.
func searchFrom(ctx context.Context, tx pgx.Tx, table, match, rest, prefix string) (int64, error) {
	// table and match are this file's constants, never user input.
	var from int64
	err := tx.QueryRow(ctx, `SELECT id FROM `+table+` WHERE `+match+` @@ (`+queryExpr+`) ORDER BY id DESC OFFSET $3 LIMIT 1`,
		rest, prefix, searchBound).Scan(&from)
	switch {
	case err == nil:
		return from + 1, nil
	case errors.Is(err, pgx.ErrNoRows):
		return 0, nil
	}
	return 0, err
}

// SimilarClaims finds claims in articles other than excludeArticle whose
// statement or quote shares significant words with text, best first by
// ts_rank. limit <= 0 means 50.
func (db *DB) SimilarClaims(ctx context.Context, text string, excludeArticle int64, limit int) ([]*annotate.Claim, error) {
	limit = fulltext.Limit(limit)
	words := fulltext.SimilarWords(text)
	if len(words) == 0 {
		return []*annotate.Claim{}, nil
	}
	// Words hold only letters, digits and marks: quoted, none is read as
	// an operator.
	expr := "'" + strings.Join(words, "' | '") + "'"
	var out []*annotate.Claim
	err := db.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT c.id FROM claims c, to_tsquery('simple', $1) q
			WHERE c.quote_search @@ q AND c.article_id <> $2 ORDER BY ts_rank(c.quote_search, q, 1) DESC, c.id DESC LIMIT $3`, expr, excludeArticle, limit)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		order := make(map[int64]int, len(ids))
		for i, id := range ids {
			order[id] = i
		}
		if out, err = loadClaims(ctx, tx, "c.id = ANY($1)", ids); err != nil {
			return err
		}
		sort.Slice(out, func(i, j int) bool { return order[out[i].ID] < order[out[j].ID] })
		return nil
	})
	return out, err
}

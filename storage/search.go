package storage

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/fulltext"
)

// Hit is one result of a full-text search: the domain's SearchHit.
type Hit = annotate.SearchHit

// The kinds of Hit.
const (
	HitArticle = annotate.SearchArticle
	HitClaim   = annotate.SearchClaim
	HitNote    = annotate.SearchNote
	HitSource  = annotate.SearchSource
)

// matchExpr turns what the user typed into an FTS5 expression: every word
// quoted, so that no punctuation or FTS5 syntax in it can be read as an
// operator, all words required, the last one also as a prefix while it is
// still being typed (the query ends in it). ok is false when the query holds no word.
func matchExpr(query string) (expr string, ok bool) {
	terms := fulltext.Words(query)
	if len(terms) == 0 {
		return "", false
	}
	lastRune, _ := utf8.DecodeLastRuneInString(query)
	typing := fulltext.IsWordRune(lastRune)
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + t + `"`)
		if typing && i == len(terms)-1 && utf8.RuneCountInString(t) >= 2 {
			b.WriteByte('*')
		}
	}
	return b.String(), true
}

// searchQueries are the ranked query of each kind of hit. FTS5 consumes
// "ORDER BY rank LIMIT n" itself, so the auxiliary functions run only for
// the rows returned. Article hits take the whole highlighted text, from
// which fulltext.ArticleSnippet finds the first match and cuts the snippet: one pass
// of the tokenizer over a long text instead of two. Each ranks only the
// matches from a rowid on (see SearchCandidates); table and match say how
// that rowid is found.
var searchQueries = []struct {
	kind, table, match, sql string
}{
	{HitArticle, "articles_fts", `?`, `SELECT f.rowid, f.rank, 0, 0, a.title, highlight(articles_fts, 0, char(2), char(3)), highlight(articles_fts, 1, char(2), char(3))
		FROM articles_fts f JOIN articles a ON a.id = f.rowid
		WHERE articles_fts MATCH ? AND f.rowid >= ? ORDER BY f.rank LIMIT ?`},
	{HitClaim, "claims_fts", `'{statement exact} : (' || ? || ')'`, `SELECT c.article_id, f.rank, f.rowid, c.start, a.title, snippet(claims_fts, -1, '[', ']', '…', 16), ''
		FROM claims_fts f JOIN claims c ON c.id = f.rowid JOIN articles a ON a.id = c.article_id
		WHERE claims_fts MATCH '{statement exact} : (' || ? || ')' AND f.rowid >= ? ORDER BY f.rank LIMIT ?`},
	{HitNote, "claims_fts", `'notes : (' || ? || ')'`, `SELECT c.article_id, f.rank, f.rowid, c.start, a.title, snippet(claims_fts, 2, '[', ']', '…', 16), ''
		FROM claims_fts f JOIN claims c ON c.id = f.rowid JOIN articles a ON a.id = c.article_id
		WHERE claims_fts MATCH 'notes : (' || ? || ')' AND f.rowid >= ? ORDER BY f.rank LIMIT ?`},
	{HitSource, "sources_fts", `?`, `SELECT c.article_id, f.rank, s.claim_id, c.start, a.title, snippet(sources_fts, -1, '[', ']', '…', 16), f.rowid
		FROM sources_fts f JOIN sources s ON s.id = f.rowid JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id
		WHERE sources_fts MATCH ? AND f.rowid >= ? ORDER BY f.rank LIMIT ?`},
}

// SearchCandidates bounds the matches of each kind that a search ranks:
// a query that matches more ranks only the newest, found first by walking
// the index backwards (the highest rowids: the last added), and its hits
// say so (SearchHit.Candidates).
const SearchCandidates = fulltext.Candidates

// searchBound is SearchCandidates, lowered by tests.
var searchBound = SearchCandidates

// searchFrom is the rowid from which the newest searchBound matches
// of a kind start, or 0 when there are no more than that.
func (db *DB) searchFrom(ctx context.Context, tx *sql.Tx, table, match, expr string) (int64, error) {
	stmt, err := db.stmt(ctx, tx, `SELECT rowid FROM `+table+` WHERE `+table+` MATCH `+match+` ORDER BY rowid DESC LIMIT 1 OFFSET `+strconv.Itoa(searchBound))
	if err != nil {
		return 0, err
	}
	var from int64
	switch err := stmt.QueryRowContext(ctx, expr).Scan(&from); err {
	case nil:
		return from + 1, nil
	case sql.ErrNoRows:
		return 0, nil
	default:
		return 0, err
	}
}

// Search runs a full-text query over article titles and texts, claim
// statements and quotes, notes, and sources (URL, title, publisher, excerpt),
// best first by bm25. query is plain words; every word must match, the last
// also as a prefix. A query without words finds nothing. limit <= 0 means 50.
// Of a kind that matches more than SearchCandidates, only the newest are
// ranked, and its hits say so.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	expr, ok := matchExpr(query)
	if !ok {
		return []Hit{}, nil
	}
	limit = fulltext.Limit(limit)
	var hits []Hit
	err := db.read(ctx, func(tx *sql.Tx) error {
		hits = hits[:0]
		for _, q := range searchQueries {
			from, err := db.searchFrom(ctx, tx, q.table, q.match, expr)
			if err != nil {
				return err
			}
			stmt, err := db.stmt(ctx, tx, q.sql)
			if err != nil {
				return err
			}
			rows, err := stmt.QueryContext(ctx, expr, from, limit)
			if err != nil {
				return err
			}
			for rows.Next() {
				h := Hit{Kind: q.kind}
				if from > 0 {
					h.Candidates = searchBound
				}
				var a, b string
				if err := rows.Scan(&h.ArticleID, &h.Rank, &h.ClaimID, &h.Start, &h.Title, &a, &b); err != nil {
					rows.Close()
					return err
				}
				switch q.kind {
				case HitArticle:
					h.Snippet, h.Start = fulltext.ArticleSnippet(a, b)
				case HitSource:
					h.Snippet = a
					h.SourceID, _ = strconv.ParseInt(b, 10, 64)
				default:
					h.Snippet = a
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

// SimilarClaims finds claims in articles other than excludeArticle whose
// statement or quote shares significant words with text, best first by bm25.
// limit <= 0 means 50.
func (db *DB) SimilarClaims(ctx context.Context, text string, excludeArticle int64, limit int) ([]*annotate.Claim, error) {
	limit = fulltext.Limit(limit)
	var words []string
	for _, t := range fulltext.SimilarWords(text) {
		words = append(words, `"`+t+`"`)
	}
	if len(words) == 0 {
		return []*annotate.Claim{}, nil
	}
	expr := "{statement exact} : (" + strings.Join(words, " OR ") + ")"
	var out []*annotate.Claim
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT claims_fts.rowid FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
			WHERE claims_fts MATCH ? AND c.article_id != ? ORDER BY rank LIMIT ?`, expr, excludeArticle, limit)
		if err != nil {
			return err
		}
		var ids []any
		order := map[int64]int{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			order[id] = len(ids)
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			out = []*annotate.Claim{}
			return nil
		}
		in := "c.id IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
		if out, err = loadClaims(ctx, tx, in, ids...); err != nil {
			return err
		}
		sort.Slice(out, func(i, j int) bool { return order[out[i].ID] < order[out[j].ID] })
		return nil
	})
	return out, err
}

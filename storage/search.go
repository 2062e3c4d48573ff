package storage

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// Hit is one result of a full-text search.
type Hit struct {
	Kind      string // "article", "claim", "note", "source"
	ArticleID int64
	ClaimID   int64   // 0 for an article hit
	SourceID  int64   // for a source hit
	Title     string  // article title
	Snippet   string  // matching text with the match marked by [ and ]
	Start     int     // code-point offset in the article text: of the first match for article hits, the claim's start otherwise
	Rank      float64 // bm25, lower is better
}

// The kinds of Hit.
const (
	HitArticle = "article"
	HitClaim   = "claim"
	HitNote    = "note"
	HitSource  = "source"
)

// Limits on a search, so that pasted paragraphs stay fast.
const (
	defaultHits = 50
	maxHits     = 500
	maxTerms    = 32
	maxTermLen  = 100
)

// searchTerms splits s into words the way the unicode61 tokenizer does:
// runs of letters, digits and combining marks.
func searchTerms(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Co, r)
}

// matchExpr turns what the user typed into an FTS5 expression: every word
// quoted, so that no punctuation or FTS5 syntax in it can be read as an
// operator, all words required, the last one also as a prefix while it is
// still being typed (the query ends in it). ok is false when the query holds no word.
func matchExpr(query string) (expr string, ok bool) {
	terms := searchTerms(query)
	if len(terms) == 0 {
		return "", false
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	lastRune, _ := utf8.DecodeLastRuneInString(query)
	typing := isWordRune(lastRune)
	var b strings.Builder
	for i, t := range terms {
		if len(t) > maxTermLen {
			t = clip(t, maxTermLen)
			t = strings.TrimSuffix(t, "…")
		}
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

// Search runs a full-text query over article titles and texts, claim
// statements and quotes, notes, and sources (URL, title, publisher, excerpt),
// best first by bm25. query is plain words; every word must match, the last
// also as a prefix. A query without words finds nothing. limit <= 0 means 50.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	expr, ok := matchExpr(query)
	if !ok {
		return []Hit{}, nil
	}
	if limit <= 0 {
		limit = defaultHits
	}
	limit = min(limit, maxHits)
	kinds := []struct {
		kind, table, expr string
	}{
		{HitArticle, "articles_fts", expr},
		{HitClaim, "claims_fts", "{statement exact} : (" + expr + ")"},
		{HitNote, "claims_fts", "notes : (" + expr + ")"},
		{HitSource, "sources_fts", expr},
	}
	var hits []Hit
	err := db.read(ctx, func(tx *sql.Tx) error {
		// First the best rowids of each kind, cheaply; snippets only for
		// the hits that are kept.
		type candidate struct {
			kind  int
			rowid int64
			rank  float64
		}
		var cands []candidate
		for k, kd := range kinds {
			rows, err := tx.QueryContext(ctx, `SELECT rowid, rank FROM `+kd.table+` WHERE `+kd.table+` MATCH ? ORDER BY rank LIMIT ?`, kd.expr, limit)
			if err != nil {
				return err
			}
			for rows.Next() {
				c := candidate{kind: k}
				if err := rows.Scan(&c.rowid, &c.rank); err != nil {
					rows.Close()
					return err
				}
				cands = append(cands, c)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].rank < cands[j].rank })
		if len(cands) > limit {
			cands = cands[:limit]
		}
		hits = make([]Hit, 0, len(cands))
		for _, c := range cands {
			h := Hit{Kind: kinds[c.kind].kind, Rank: c.rank}
			var err error
			switch h.Kind {
			case HitArticle:
				h.ArticleID = c.rowid
				err = tx.QueryRowContext(ctx, `SELECT a.title, snippet(articles_fts, -1, '[', ']', '…', 16),
						instr(highlight(articles_fts, 1, char(1), ''), char(1)) - 1
					FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
					WHERE articles_fts MATCH ? AND articles_fts.rowid = ?`, expr, c.rowid).
					Scan(&h.Title, &h.Snippet, &h.Start)
				h.Start = max(h.Start, 0) // a match in the title only
			case HitClaim, HitNote:
				col := -1
				if h.Kind == HitNote {
					col = 2
				}
				h.ClaimID = c.rowid
				err = tx.QueryRowContext(ctx, `SELECT c.article_id, c.start, a.title, snippet(claims_fts, ?, '[', ']', '…', 16)
					FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid JOIN articles a ON a.id = c.article_id
					WHERE claims_fts MATCH ? AND claims_fts.rowid = ?`, col, kinds[c.kind].expr, c.rowid).
					Scan(&h.ArticleID, &h.Start, &h.Title, &h.Snippet)
			case HitSource:
				h.SourceID = c.rowid
				err = tx.QueryRowContext(ctx, `SELECT s.claim_id, c.article_id, c.start, a.title, snippet(sources_fts, -1, '[', ']', '…', 16)
					FROM sources_fts JOIN sources s ON s.id = sources_fts.rowid
					JOIN claims c ON c.id = s.claim_id JOIN articles a ON a.id = c.article_id
					WHERE sources_fts MATCH ? AND sources_fts.rowid = ?`, expr, c.rowid).
					Scan(&h.ClaimID, &h.ArticleID, &h.Start, &h.Title, &h.Snippet)
			}
			if err != nil {
				return err
			}
			hits = append(hits, h)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// stopWords are left out of a similar-claim query: they say nothing about
// what a claim is about.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be because been
		before being below between both but by can could did do does doing down during each few for from further had has
		have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
		no nor not now of off on once only or other our ours ourselves out over own said same says she should so some such
		than that the their theirs them themselves then there these they this those through to too under until up very was
		we were what when where which while who whom why will with would you your yours yourself yourselves`) {
		stopWords[w] = true
	}
}

// SimilarClaims finds claims in articles other than excludeArticle whose
// statement or quote shares significant words with text, best first by bm25.
// limit <= 0 means 50.
func (db *DB) SimilarClaims(ctx context.Context, text string, excludeArticle int64, limit int) ([]*annotate.Claim, error) {
	if limit <= 0 {
		limit = defaultHits
	}
	limit = min(limit, maxHits)
	var words []string
	seen := map[string]bool{}
	for _, t := range searchTerms(strings.ToLower(text)) {
		if utf8.RuneCountInString(t) < 3 || len(t) > maxTermLen || stopWords[t] || seen[t] {
			continue
		}
		seen[t] = true
		words = append(words, `"`+t+`"`)
		if len(words) == 2*maxTerms {
			break
		}
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

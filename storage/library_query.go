package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/fulltext"
)

// The orders the library list can be sorted in (annotate's). Each is
// served by an index (migration 007), newest first among equals, so that a
// page of a sorted library reads only its own rows.
const (
	LibraryNewest    = annotate.LibraryNewest
	LibraryTitle     = annotate.LibraryTitle
	LibraryPublisher = annotate.LibraryPublisher
	LibraryProgress  = annotate.LibraryProgress
	LibraryClaims    = annotate.LibraryClaims
)

// libraryOrders say how each order finds a page's ids and sorts the page.
// ids walks the order's index alone (it covers the id), so that skipping to
// the 30,000th article skips index entries without reading 30,000 article
// rows; order sorts the page's rows in the same order once they are read.
var libraryOrders = map[string]struct{ ids, order string }{
	LibraryNewest:    {"SELECT article_id AS id FROM article_progress %s ORDER BY article_id DESC", "a.id DESC"},
	LibraryTitle:     {"SELECT id AS id FROM articles %s ORDER BY title COLLATE NOCASE, id DESC", "a.title COLLATE NOCASE, a.id DESC"},
	LibraryPublisher: {"SELECT id AS id FROM articles %s ORDER BY publisher COLLATE NOCASE, id DESC", "a.publisher COLLATE NOCASE, a.id DESC"},
	LibraryProgress:  {"SELECT article_id AS id FROM article_progress %s ORDER BY progress, article_id DESC", "p.progress, a.id DESC"},
	LibraryClaims:    {"SELECT article_id AS id FROM article_progress %s ORDER BY claims DESC, article_id DESC", "p.claims DESC, a.id DESC"},
}

// libraryFilter turns what the user typed into the filter box into an
// FTS5 expression over titles, publishers and URLs: every word quoted and
// required as the start of a word ("bud cen" finds "Budget census"). ok is
// false when the text holds no word, which filters nothing.
func libraryFilter(text string) (expr string, ok bool) {
	terms := fulltext.Words(text)
	if len(terms) == 0 {
		return "", false
	}
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + t + `"*`)
	}
	return b.String(), true
}

// LibraryCount is the number of articles whose title, publisher or URL
// has words starting with each word of filter; all of them when filter
// has no word.
func (db *DB) LibraryCount(ctx context.Context, filter string) (int, error) {
	var n int
	var err error
	if expr, ok := libraryFilter(filter); ok {
		err = db.sql.QueryRowContext(ctx, `SELECT count(*) FROM articles_find WHERE articles_find MATCH ?`, expr).Scan(&n)
	} else {
		err = db.sql.QueryRowContext(ctx, `SELECT count(*) FROM article_progress`).Scan(&n)
	}
	return n, db.wrap(err)
}

// LibraryPage lists limit articles from offset of the library as filtered
// (see LibraryCount) and sorted in order (one of the Library constants),
// each with its claim and done counts.
func (db *DB) LibraryPage(ctx context.Context, filter, order string, offset, limit int) ([]annotate.ArticleSummary, error) {
	o, ok := libraryOrders[order]
	if !ok {
		return nil, annotate.Errorf(annotate.EINVALID, "unknown library order %q", order)
	}
	if limit <= 0 {
		limit = 100
	}
	offset = max(offset, 0)
	where := ""
	args := []any{}
	if expr, ok := libraryFilter(filter); ok {
		where = `WHERE rowid IN (SELECT rowid FROM articles_find WHERE articles_find MATCH ?)`
		args = append(args, expr)
	}
	args = append(args, limit, offset)
	q := `SELECT a.id, a.title, a.publisher, a.url, a.published, a.retrieved, p.claims, p.done
		FROM (` + fmt.Sprintf(o.ids, where) + ` LIMIT ? OFFSET ?) page
		CROSS JOIN articles a ON a.id = page.id
		CROSS JOIN article_progress p ON p.article_id = a.id
		ORDER BY ` + o.order
	var out []annotate.ArticleSummary
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s annotate.ArticleSummary
			var published, retrieved string
			if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.URL, &published, &retrieved, &s.Claims, &s.Checked); err != nil {
				return err
			}
			if s.Published, err = parseTime(published); err != nil {
				return err
			}
			if s.Retrieved, err = parseTime(retrieved); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

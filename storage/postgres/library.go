package postgres

import (
	"context"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/fulltext"
)

// libraryOrders are the ORDER BY of each order of the library list (over
// articles a and article_progress p), each served by an index of
// migration 001, newest first among equals.
var libraryOrders = map[string]string{
	annotate.LibraryNewest:    `a.id DESC`,
	annotate.LibraryTitle:     `lower(a.title) COLLATE "C", a.id DESC`,
	annotate.LibraryPublisher: `lower(a.publisher) COLLATE "C", a.id DESC`,
	annotate.LibraryProgress:  `p.progress, p.article_id DESC`,
	annotate.LibraryClaims:    `p.claims DESC, p.article_id DESC`,
}

// libraryFilter turns what the user typed into the filter box into a
// tsquery over titles, publishers and addresses: every word required as
// the start of a word ("bud cen" finds "Budget census"). ok is false when
// the text holds no word, which filters nothing.
func libraryFilter(text string) (expr string, ok bool) {
	words := fulltext.Words(text)
	if len(words) == 0 {
		return "", false
	}
	// Words hold only letters, digits and marks: quoted, none is read as
	// an operator.
	return "'" + strings.Join(words, "':* & '") + "':*", true
}

// LibraryCount is the number of articles whose title, publisher or URL
// has words starting with each word of filter; all of them when filter
// has no word.
func (db *DB) LibraryCount(ctx context.Context, filter string) (int, error) {
	var n int
	var err error
	if expr, ok := libraryFilter(filter); ok {
		err = db.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE find @@ to_tsquery('simple', $1)`, expr).Scan(&n)
	} else {
		err = db.pool.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&n)
	}
	return n, db.wrap(err)
}

// LibraryPage lists limit articles from offset of the library as filtered
// (see LibraryCount) and sorted in order (one of annotate's Library
// orders), each with its claim and done counts.
func (db *DB) LibraryPage(ctx context.Context, filter, order string, offset, limit int) ([]annotate.ArticleSummary, error) {
	by, ok := libraryOrders[order]
	if !ok {
		return nil, annotate.Errorf(annotate.EINVALID, "unknown library order %q", order)
	}
	if limit <= 0 {
		limit = 100
	}
	offset = max(offset, 0)
	where := ""
	args := []any{limit, offset}
	if expr, ok := libraryFilter(filter); ok {
		where = `WHERE a.find @@ to_tsquery('simple', $3)`
		args = append(args, expr)
	}
	rows, err := db.pool.Query(ctx, `SELECT a.id, a.title, a.publisher, a.url, a.published, a.retrieved, p.claims, p.done
		FROM articles a JOIN article_progress p ON p.article_id = a.id `+where+`
		ORDER BY `+by+` LIMIT $1 OFFSET $2`, args...)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := scanSummaries(rows)
	if len(out) == 0 {
		out = nil // as the SQLite library lists an empty page
	}
	return out, db.wrap(err)
}

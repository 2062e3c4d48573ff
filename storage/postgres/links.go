package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Link records that claims a and b are the same claim seen in two places
// ("previously checked"), and returns the link as seen from a. Linking two
// claims already linked returns the existing link and changes nothing. A
// claim cannot be linked to itself.
func (db *DB) Link(ctx context.Context, a, b int64) (annotate.ClaimLink, error) {
	return db.link(ctx, a, b, time.Time{})
}

// RestoreLink puts back a link that Unlink removed, with its first creation
// time: the undo of Unlink.
func (db *DB) RestoreLink(ctx context.Context, l annotate.ClaimLink) (annotate.ClaimLink, error) {
	return db.link(ctx, l.ClaimID, l.OtherID, l.Created)
}

func (db *DB) link(ctx context.Context, a, b int64, created time.Time) (annotate.ClaimLink, error) {
	if a == b {
		return annotate.ClaimLink{}, annotate.Errorf(annotate.EINVALID, "claim %d cannot be linked to itself", a)
	}
	if created.IsZero() {
		created = now()
	}
	err := db.write(ctx, func(tx pgx.Tx) error {
		for _, id := range []int64{a, b} {
			var one int
			if err := tx.QueryRow(ctx, `SELECT 1 FROM claims WHERE id = $1`, id).Scan(&one); errors.Is(err, pgx.ErrNoRows) {
				return errNoClaim(id)
			} else if err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO claim_links(claim_a, claim_b, created) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			min(a, b), max(a, b), stored(created))
		return err
	})
	if err != nil {
		return annotate.ClaimLink{}, err
	}
	return db.linkBetween(ctx, a, b)
}

// Unlink removes the link between claims a and b and returns it as seen
// from a, for RestoreLink to put back. It is an error (not found) when they
// are not linked.
func (db *DB) Unlink(ctx context.Context, a, b int64) (annotate.ClaimLink, error) {
	l, err := db.linkBetween(ctx, a, b)
	if err != nil {
		return l, err
	}
	err = db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM claim_links WHERE claim_a = $1 AND claim_b = $2`, min(a, b), max(a, b))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNoLink(a, b)
		}
		return nil
	})
	return l, err
}

func errNoLink(a, b int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "claims %d and %d are not linked", a, b)
}

// linkQuery selects the links of the claims in ids_of (a CTE of claim ids
// the caller puts before it), each as seen from that claim, with the other
// claim and its article.
const linkQuery = `,
	ends(claim_id, other_id, created) AS (
		SELECT claim_a, claim_b, created FROM claim_links WHERE claim_a IN (SELECT id FROM ids_of)
		UNION ALL
		SELECT claim_b, claim_a, created FROM claim_links WHERE claim_b IN (SELECT id FROM ids_of)
	)
	SELECT e.claim_id, e.other_id, e.created, c.uuid, c.number, c.exact, c.statement, c.claimant, c.verdict,
		a.id, a.title, a.url, a.publisher, a.published
	FROM ends e JOIN claims c ON c.id = e.other_id JOIN articles a ON a.id = c.article_id
	ORDER BY e.claim_id, e.created, e.other_id`

func (db *DB) queryLinks(ctx context.Context, ids string, args ...any) ([]annotate.ClaimLink, error) {
	rows, err := db.pool.Query(ctx, `WITH ids_of(id) AS (`+ids+`)`+linkQuery, args...)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	out := []annotate.ClaimLink{}
	for rows.Next() {
		var l annotate.ClaimLink
		var verdict string
		var published pgtype.Timestamptz
		if err := rows.Scan(&l.ClaimID, &l.OtherID, &l.Created, &l.OtherUUID, &l.OtherNumber, &l.OtherExact, &l.OtherStatement, &l.OtherClaimant, &verdict,
			&l.OtherArticleID, &l.OtherTitle, &l.OtherURL, &l.OtherPublisher, &published); err != nil {
			return nil, db.wrap(err)
		}
		l.OtherVerdict, l.Created, l.OtherPublished = annotate.Verdict(verdict), l.Created.UTC(), timeOf(published)
		out = append(out, l)
	}
	return out, db.wrap(rows.Err())
}

// Links returns the links of a claim, each as seen from it, oldest first.
func (db *DB) Links(ctx context.Context, claimID int64) ([]annotate.ClaimLink, error) {
	return db.queryLinks(ctx, `SELECT $1::bigint`, claimID)
}

// ArticleLinks returns the links of every claim of an article, by claim id,
// for the reports.
func (db *DB) ArticleLinks(ctx context.Context, articleID int64) (map[int64][]annotate.ClaimLink, error) {
	ls, err := db.queryLinks(ctx, `SELECT id FROM claims WHERE article_id = $1`, articleID)
	if err != nil {
		return nil, err
	}
	out := map[int64][]annotate.ClaimLink{}
	for _, l := range ls {
		out[l.ClaimID] = append(out[l.ClaimID], l)
	}
	return out, nil
}

func (db *DB) linkBetween(ctx context.Context, a, b int64) (annotate.ClaimLink, error) {
	ls, err := db.Links(ctx, a)
	if err != nil {
		return annotate.ClaimLink{}, err
	}
	for _, l := range ls {
		if l.OtherID == b {
			return l, nil
		}
	}
	return annotate.ClaimLink{}, errNoLink(a, b)
}

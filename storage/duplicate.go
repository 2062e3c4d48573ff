package storage

import (
	"context"
	"database/sql"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

// StoredCopy is the domain's annotate.StoredCopy.
type StoredCopy = annotate.StoredCopy

// FindBySHA256 returns the stored versions whose source has the SHA-256
// sum (hex), newest article first, so that importing a file or page that
// is already in the library can say so and offer to open it or store a
// new version instead.
func (db *DB) FindBySHA256(ctx context.Context, sum string) ([]StoredCopy, error) {
	sum, err := prepare.SHA256(sum)
	if err != nil {
		return nil, err
	}
	var out []StoredCopy
	err = db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.title, v.number, v.number = a.version
			FROM article_versions v JOIN articles a ON a.id = v.article_id
			WHERE v.sha256 = ? ORDER BY a.id DESC, v.number DESC`, sum)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c StoredCopy
			if err := rows.Scan(&c.ArticleID, &c.Title, &c.Version, &c.Current); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

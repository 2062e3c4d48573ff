package storage

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/merge"
)

// settleAnchors gives the claims of the articles named (by UUID) the
// anchors merge.Anchors leaves them on the articles' current text. It is
// not recorded: every library computes the same from the same history.
func settleAnchors(ctx context.Context, tx *sql.Tx, articles map[string]bool) error {
	for _, u := range slices.Sorted(maps.Keys(articles)) {
		var id int64
		var text string
		err := tx.QueryRowContext(ctx, `SELECT id, text FROM articles WHERE uuid = ?`, u).Scan(&id, &text)
		if errors.Is(err, sql.ErrNoRows) {
			continue // deleted
		}
		if err != nil {
			return err
		}
		if _, err := settleArticle(ctx, tx, id, u, text); err != nil {
			return err
		}
	}
	return nil
}

// settleArticle is settleAnchors for the article id, whose UUID and
// current text are given. It returns the claims it changed, as stored.
func settleArticle(ctx context.Context, tx *sql.Tx, id int64, uuid, text string) ([]annotate.Claim, error) {
	stored, err := loadClaims(ctx, tx, "c.article_id = ?", id)
	if err != nil || len(stored) == 0 {
		return nil, err
	}
	changes, err := queryChanges(ctx, tx, `c.kind = 'claim' AND c.article_uuid = ?`, uuid)
	if err != nil {
		return nil, err
	}
	settled := merge.ArticleAnchors(text, stored, changes)
	for i := range settled {
		c := &settled[i]
		if _, err := tx.ExecContext(ctx, `UPDATE claims SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
			anchor_method = ?, anchor_score = ?, rev = rev + 1 WHERE id = ?`,
			c.Start, c.End, c.Exact, c.Prefix, c.Suffix, string(c.AnchorBy), c.AnchorScore, c.ID); err != nil {
			return nil, err
		}
		c.Rev++
	}
	return settled, nil
}

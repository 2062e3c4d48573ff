package postgres

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/merge"
)

// settleAnchors gives the claims of the articles named (by UUID) the
// anchors merge.Anchors leaves them on the articles' current text. It is
// not recorded: every library computes the same from the same history.
func settleAnchors(ctx context.Context, tx pgx.Tx, articles map[string]bool) error {
	for _, u := range slices.Sorted(maps.Keys(articles)) {
		var id int64
		var text string
		err := tx.QueryRow(ctx, `SELECT id, text FROM articles WHERE uuid = $1`, u).Scan(&id, &text)
		if errors.Is(err, pgx.ErrNoRows) {
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
func settleArticle(ctx context.Context, tx pgx.Tx, id int64, uuid, text string) ([]annotate.Claim, error) {
	stored, err := loadClaims(ctx, tx, "c.article_id = $1", id)
	if err != nil || len(stored) == 0 {
		return nil, err
	}
	changes, err := queryChanges(ctx, tx, `c.kind = 'claim' AND c.article_uuid = $1`, uuid)
	if err != nil {
		return nil, err
	}
	settled := merge.ArticleAnchors(text, stored, changes)
	for i := range settled {
		c := &settled[i]
		if _, err := tx.Exec(ctx, `UPDATE claims SET start = $1, "end" = $2, exact = $3, prefix = $4, suffix = $5,
			anchor_method = $6, anchor_score = $7, rev = rev + 1 WHERE id = $8`,
			c.Start, c.End, c.Exact, c.Prefix, c.Suffix, string(c.AnchorBy), c.AnchorScore, c.ID); err != nil {
			return nil, err
		}
		c.Rev++
	}
	return settled, nil
}

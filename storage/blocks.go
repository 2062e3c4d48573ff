package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/factdesk/factdesk/annotate"
)

// encodeBlocks is how a version's blocks and removed furniture are stored:
// JSON, or the empty string for none (every paragraph a body block,
// nothing removed).
func encodeBlocks(blocks []annotate.Block, removed []annotate.RemovedBlock) (string, string, error) {
	var b, r string
	if len(blocks) > 0 {
		j, err := json.Marshal(blocks)
		if err != nil {
			return "", "", err
		}
		b = string(j)
	}
	if len(removed) > 0 {
		j, err := json.Marshal(removed)
		if err != nil {
			return "", "", err
		}
		r = string(j)
	}
	return b, r, nil
}

func decodeBlocks(b, r string) ([]annotate.Block, []annotate.RemovedBlock, error) {
	var blocks []annotate.Block
	var removed []annotate.RemovedBlock
	if b != "" {
		if err := json.Unmarshal([]byte(b), &blocks); err != nil {
			return nil, nil, annotate.Errorf(annotate.EINTERNAL, "a version's blocks cannot be read: %v", err)
		}
	}
	if r != "" {
		if err := json.Unmarshal([]byte(r), &removed); err != nil {
			return nil, nil, annotate.Errorf(annotate.EINTERNAL, "a version's removed blocks cannot be read: %v", err)
		}
	}
	return blocks, removed, nil
}

// Blocks returns the blocks of the article's current text and the page
// furniture left out of it on import ("12 blocks removed · show"). An
// article stored before blocks existed has each paragraph as a body block
// and nothing removed.
func (db *DB) Blocks(ctx context.Context, articleID int64) ([]annotate.Block, []annotate.RemovedBlock, error) {
	var blocks []annotate.Block
	var removed []annotate.RemovedBlock
	err := db.read(ctx, func(tx *sql.Tx) error {
		var b, r, text string
		err := tx.QueryRowContext(ctx, `SELECT v.blocks, v.removed, a.text FROM articles a
			JOIN article_versions v ON v.article_id = a.id AND v.number = a.version WHERE a.id = ?`, articleID).Scan(&b, &r, &text)
		if errors.Is(err, sql.ErrNoRows) {
			if err := articleExists(ctx, tx, articleID); err != nil {
				return err
			}
			// An article created without a version: its text, as paragraphs.
			err = tx.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, articleID).Scan(&text)
		}
		if err != nil {
			return err
		}
		if blocks, removed, err = decodeBlocks(b, r); err != nil {
			return err
		}
		if blocks == nil {
			blocks = annotate.ParagraphBlocks(text)
		}
		return nil
	})
	return blocks, removed, err
}

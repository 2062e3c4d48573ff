package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

func errNoSource(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no source with id %d", id)
}

// sourceCols are the columns scanSource reads, over sources s.
const sourceCols = `s.id, s.claim_id, s.url, s.title, s.publisher, s.accessed, s.archive_url, s.stance, s.excerpt, s.uuid, s.rev`

func scanSource(r pgx.Row) (annotate.Source, error) {
	var s annotate.Source
	var accessed pgtype.Timestamptz
	var stance string
	if err := r.Scan(&s.ID, &s.ClaimID, &s.URL, &s.Title, &s.Publisher, &accessed, &s.ArchiveURL, &stance, &s.Excerpt, &s.UUID, &s.Rev); err != nil {
		return s, err
	}
	s.Stance, s.Accessed = annotate.Stance(stance), timeOf(accessed)
	return s, nil
}

// insertSource stores s with s.ID, s.UUID and s.Rev when they are set,
// and gives it a UUID and revision 1 otherwise.
func insertSource(ctx context.Context, tx pgx.Tx, s *annotate.Source) (int64, error) {
	if !prepare.ValidUUID(s.UUID) {
		s.UUID = annotate.NewUUID()
	}
	if s.Rev <= 0 {
		s.Rev = 1
	}
	s.Accessed = stored(s.Accessed)
	given := s.ID > 0
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO sources(id, claim_id, url, title, publisher, accessed, archive_url, stance, excerpt, uuid, rev)
		VALUES (coalesce($1, nextval(pg_get_serial_sequence('sources', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		idParam(s.ID), s.ClaimID, s.URL, s.Title, s.Publisher, null(s.Accessed), s.ArchiveURL, string(s.Stance), s.Excerpt, s.UUID, s.Rev).Scan(&id)
	if err != nil {
		return 0, err
	}
	if given {
		return id, keepSequence(ctx, tx, "sources", id)
	}
	return id, nil
}

// sourceCreated is the change that records s as created on its claim.
func sourceCreated(s *annotate.Source, article, claim string) annotate.Change {
	return annotate.Change{Kind: annotate.KindSource, EntityUUID: s.UUID, EntityID: s.ID, ArticleUUID: article, ClaimUUID: claim,
		Op: annotate.OpCreate, Rev: s.Rev, Fields: annotate.CreatedFields(annotate.SourceFields(s))}
}

// sourcePlace returns the UUIDs of the claim id and of its article.
func sourcePlace(ctx context.Context, tx pgx.Tx, claimID int64) (article, claim string, err error) {
	err = tx.QueryRow(ctx, `SELECT a.uuid, c.uuid FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = $1`, claimID).Scan(&article, &claim)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", errNoClaim(claimID)
	}
	return article, claim, err
}

// AddSource validates s and links it to its claim (s.ClaimID). Accessed
// defaults to today and Stance to context. It sets s.ID, s.UUID, s.Rev and
// the defaults.
func (db *DB) AddSource(ctx context.Context, s *annotate.Source) error {
	p, err := prepare.Source(s)
	if err != nil {
		return err
	}
	p.ID, p.UUID, p.Rev = 0, "", 0
	if err := db.storeSource(ctx, &p); err != nil {
		return err
	}
	*s = p
	return nil
}

// RestoreSource puts back a deleted source with its original ID and UUID
// and the revision it was deleted at, as undo does; a source that still
// exists under that ID is an ECONFLICT.
func (db *DB) RestoreSource(ctx context.Context, s *annotate.Source) error {
	p, err := prepare.Source(s)
	if err != nil {
		return err
	}
	if p.ID <= 0 {
		return annotate.Errorf(annotate.EINVALID, "source to restore has no id")
	}
	if err := db.storeSource(ctx, &p); err != nil {
		return err
	}
	*s = p
	return nil
}

func (db *DB) storeSource(ctx context.Context, p *annotate.Source) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		article, claim, err := sourcePlace(ctx, tx, p.ClaimID)
		if err != nil {
			return err
		}
		if p.ID != 0 {
			if err := notTaken(ctx, tx, "sources", "source", p.ID, p.UUID); err != nil {
				return err
			}
			if p.Rev, err = buriedRev(ctx, tx, p.UUID, p.Rev); err != nil {
				return err
			}
		}
		if p.ID, err = insertSource(ctx, tx, p); err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		return log.add(ctx, sourceCreated(p, article, claim))
	})
}

// UpdateSource stores s's fields. The source stays with its claim; s.ClaimID
// is set from the library. s.Rev must be the revision the source was read
// at, as for UpdateClaim; it is set to the new one.
func (db *DB) UpdateSource(ctx context.Context, s *annotate.Source) error {
	p, err := prepare.Source(s)
	if err != nil {
		return err
	}
	p.Accessed = stored(p.Accessed)
	wrote := false
	err = db.write(ctx, func(tx pgx.Tx) error {
		old, err := scanSource(tx.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources s WHERE s.id = $1`, p.ID))
		if errors.Is(err, pgx.ErrNoRows) {
			return errNoSource(p.ID)
		}
		if err != nil {
			return err
		}
		if p.ClaimID != 0 && p.ClaimID != old.ClaimID {
			return annotate.Errorf(annotate.EINVALID, "source %d belongs to claim %d, not %d", p.ID, old.ClaimID, p.ClaimID)
		}
		if err := prepare.Revision("source", fmt.Sprintf("source %d", p.ID), p.Rev, old.Rev); err != nil {
			return err
		}
		p.ClaimID, p.UUID = old.ClaimID, old.UUID
		fields := annotate.ChangedFields(annotate.SourceFields(&old), annotate.SourceFields(&p))
		if len(fields) == 0 {
			return nil
		}
		if _, err = tx.Exec(ctx, `UPDATE sources SET url = $1, title = $2, publisher = $3, accessed = $4, archive_url = $5, stance = $6, excerpt = $7,
				rev = rev + 1 WHERE id = $8`,
			p.URL, p.Title, p.Publisher, null(p.Accessed), p.ArchiveURL, string(p.Stance), p.Excerpt, p.ID); err != nil {
			return err
		}
		article, claim, err := sourcePlace(ctx, tx, p.ClaimID)
		if err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		wrote = true
		return log.add(ctx, annotate.Change{Kind: annotate.KindSource, EntityUUID: p.UUID, EntityID: p.ID, ArticleUUID: article, ClaimUUID: claim,
			Op: annotate.OpUpdate, Rev: p.Rev + 1, Fields: fields})
	})
	if err != nil {
		return err
	}
	if wrote {
		p.Rev++
	}
	*s = p
	return nil
}

// DeleteSource removes the source; the history keeps its tombstone.
func (db *DB) DeleteSource(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		old, err := scanSource(tx.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources s WHERE s.id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return errNoSource(id)
		}
		if err != nil {
			return err
		}
		article, claim, err := sourcePlace(ctx, tx, old.ClaimID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id); err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		return log.add(ctx, annotate.Change{Kind: annotate.KindSource, EntityUUID: old.UUID, EntityID: id, ArticleUUID: article, ClaimUUID: claim,
			Op: annotate.OpDelete, Rev: old.Rev, Fields: annotate.DeletedFields(annotate.SourceFields(&old))})
	})
}

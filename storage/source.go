package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/factdesk/factdesk/annotate"
)

func errNoSource(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no source with id %d", id)
}

// sourceInsert stores a source; a zero id lets SQLite choose one.
const sourceInsert = `INSERT INTO sources(id, claim_id, url, title, publisher, accessed, archive_url, stance, excerpt)
	VALUES (nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)`

// sourceCols are the columns scanSource reads, over sources s.
const sourceCols = `s.id, s.claim_id, s.url, s.title, s.publisher, s.accessed, s.archive_url, s.stance, s.excerpt`

type scanner interface{ Scan(dest ...any) error }

func scanSource(r scanner) (annotate.Source, error) {
	var s annotate.Source
	var accessed, stance string
	if err := r.Scan(&s.ID, &s.ClaimID, &s.URL, &s.Title, &s.Publisher, &accessed, &s.ArchiveURL, &stance, &s.Excerpt); err != nil {
		return s, err
	}
	s.Stance = annotate.Stance(stance)
	var err error
	s.Accessed, err = parseTime(accessed)
	return s, err
}

// prepareSource returns a copy of s with its defaults (stance context,
// accessed today) filled in, or the first rule it breaks.
func prepareSource(s *annotate.Source) (annotate.Source, error) {
	if s == nil {
		return annotate.Source{}, annotate.Errorf(annotate.EINVALID, "no source given")
	}
	p := *s
	if p.Stance == "" {
		p.Stance = annotate.StanceContext
	}
	if p.Accessed.IsZero() {
		p.Accessed = today()
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

func insertSource(ctx context.Context, stmt *sql.Stmt, s *annotate.Source) (int64, error) {
	res, err := stmt.ExecContext(ctx, s.ID, s.ClaimID, s.URL, s.Title, s.Publisher, formatTime(s.Accessed), s.ArchiveURL, string(s.Stance), s.Excerpt)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// AddSource validates s and links it to its claim (s.ClaimID). Accessed
// defaults to today and Stance to context. It sets s.ID and the defaults.
func (db *DB) AddSource(ctx context.Context, s *annotate.Source) error {
	p, err := prepareSource(s)
	if err != nil {
		return err
	}
	p.ID = 0
	if err := db.storeSource(ctx, &p); err != nil {
		return err
	}
	*s = p
	return nil
}

// RestoreSource puts back a deleted source with its original ID, as undo
// does; a source that still exists under that ID is an ECONFLICT.
func (db *DB) RestoreSource(ctx context.Context, s *annotate.Source) error {
	p, err := prepareSource(s)
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
	return db.write(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM claims WHERE id = ?`, p.ClaimID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoClaim(p.ClaimID)
		}
		if err != nil {
			return err
		}
		if p.ID != 0 {
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM sources WHERE id = ?`, p.ID).Scan(&one)
			if err == nil {
				return annotate.Errorf(annotate.ECONFLICT, "source %d already exists", p.ID)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		stmt, err := db.stmt(ctx, tx, sourceInsert)
		if err != nil {
			return err
		}
		p.ID, err = insertSource(ctx, stmt, p)
		return err
	})
}

// UpdateSource stores s's fields. The source stays with its claim; s.ClaimID
// is set from the library.
func (db *DB) UpdateSource(ctx context.Context, s *annotate.Source) error {
	p, err := prepareSource(s)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		var claimID int64
		err := tx.QueryRowContext(ctx, `SELECT claim_id FROM sources WHERE id = ?`, p.ID).Scan(&claimID)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoSource(p.ID)
		}
		if err != nil {
			return err
		}
		if p.ClaimID != 0 && p.ClaimID != claimID {
			return annotate.Errorf(annotate.EINVALID, "source %d belongs to claim %d, not %d", p.ID, claimID, p.ClaimID)
		}
		p.ClaimID = claimID
		_, err = tx.ExecContext(ctx, `UPDATE sources SET url = ?, title = ?, publisher = ?, accessed = ?, archive_url = ?, stance = ?, excerpt = ?
			WHERE id = ?`, p.URL, p.Title, p.Publisher, formatTime(p.Accessed), p.ArchiveURL, string(p.Stance), p.Excerpt, p.ID)
		return err
	})
	if err != nil {
		return err
	}
	*s = p
	return nil
}

// DeleteSource removes the source.
func (db *DB) DeleteSource(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
		if err != nil {
			return err
		}
		return mustAffect(res, errNoSource(id))
	})
}

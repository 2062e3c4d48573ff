package postgres

import (
	"context"
	"errors"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
	"github.com/jackc/pgx/v5"
)

// ImportArticles stores articles read from an export, each with every
// version and claim, in one transaction: all of them or nothing. Ids and
// UUIDs are kept where this library does not use them yet, so that
// importing into an empty library reproduces the export; otherwise they
// get new ones. Times are kept as exported. The history records every
// article, version, claim and source as created. It sets the ids, UUIDs
// and revisions it gives.
func (db *DB) ImportArticles(ctx context.Context, items []annotate.ArticleImport) error {
	prepared, err := prepare.Imports(items, now())
	if err != nil {
		return err
	}
	err = db.write(ctx, func(tx pgx.Tx) error {
		ins, err := db.newClaimInserter(ctx, tx)
		if err != nil {
			return err
		}
		for i := range prepared {
			if err := importOne(ctx, tx, ins, &prepared[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	prepare.Imported(items, prepared)
	return nil
}

// importOne stores one prepared article of an import inside tx, with the
// inserter's change log: one clock for the whole import.
func importOne(ctx context.Context, tx pgx.Tx, ins *claimInserter, p *prepare.Import) error {
	a := &p.Article
	storedArticle(a)
	id, err := freeID(ctx, tx, "articles", a.ID)
	if err != nil {
		return err
	}
	if a.UUID, err = freeUUID(ctx, tx, "articles", a.UUID); err != nil {
		return err
	}
	if a.UUID == "" {
		a.UUID = annotate.NewUUID()
	}
	err = tx.QueryRow(ctx, `INSERT INTO articles(id, title, byline, publisher, url, language, published, retrieved, created, version, text,
			report_url, report_published, uuid, rev)
		VALUES (coalesce($1, nextval(pg_get_serial_sequence('articles', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1)
		RETURNING id`,
		idParam(id), a.Title, a.Byline, a.Publisher, a.URL, a.Language, null(a.Published), null(a.Retrieved), stored(p.Versions[0].Created),
		len(p.Versions), a.Text, a.ReportURL, null(a.ReportPublished), a.UUID).Scan(&a.ID)
	if err != nil {
		return err
	}
	if id > 0 {
		if err := keepSequence(ctx, tx, "articles", a.ID); err != nil {
			return err
		}
	}
	if err := ins.log.add(ctx, annotate.Change{Kind: annotate.KindArticle, EntityUUID: a.UUID, EntityID: a.ID, ArticleUUID: a.UUID,
		Op: annotate.OpCreate, Rev: 1, Fields: annotate.CreatedFields(annotate.ArticleFields(a))}); err != nil {
		return err
	}
	for i := range p.Versions {
		v := &p.Versions[i]
		v.ArticleID = a.ID
		if v.UUID, err = freeUUID(ctx, tx, "article_versions", v.UUID); err != nil {
			return err
		}
		if v.ID, err = insertVersion(ctx, tx, v, ins.log, a.UUID); err != nil {
			return err
		}
	}
	for i := range p.Claims {
		c := &p.Claims[i]
		c.ArticleID = a.ID
		if c.ID, err = freeID(ctx, tx, "claims", c.ID); err != nil {
			return err
		}
		if c.UUID, err = freeUUID(ctx, tx, "claims", c.UUID); err != nil {
			return err
		}
		for j := range c.Sources {
			s := &c.Sources[j]
			if s.ID, err = freeID(ctx, tx, "sources", s.ID); err != nil {
				return err
			}
			if s.UUID, err = freeUUID(ctx, tx, "sources", s.UUID); err != nil {
				return err
			}
		}
		if err := ins.insert(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// freeID returns id when no row of table has it, and 0 (a new id) otherwise.
func freeID(ctx context.Context, tx pgx.Tx, table string, id int64) (int64, error) {
	if id <= 0 {
		return 0, nil
	}
	var one int
	// table is one of this file's constants, never user input.
	err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, id).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return id, nil
	case err != nil:
		return 0, err
	}
	return 0, nil
}

// freeUUID returns uuid when it is well formed and no row of table has it,
// and "" (a new one) otherwise.
func freeUUID(ctx context.Context, tx pgx.Tx, table, uuid string) (string, error) {
	if !prepare.ValidUUID(uuid) {
		return "", nil
	}
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE uuid = $1`, uuid).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return uuid, nil
	case err != nil:
		return "", err
	}
	return "", nil
}

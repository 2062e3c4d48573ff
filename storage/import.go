package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

// ImportArticle stores an article read from an export, with every version
// and claim, in one transaction: all of it or nothing. See ImportArticles.
func (db *DB) ImportArticle(ctx context.Context, a *annotate.Article, versions []annotate.ArticleVersion, claims []*annotate.Claim) error {
	return db.ImportArticles(ctx, []annotate.ArticleImport{{Article: a, Versions: versions, Claims: claims}})
}

// ImportArticles stores articles read from an export, each with every
// version and claim, in one transaction: all of them or nothing. The
// articles', versions', claims' and sources' ids and UUIDs are kept where
// this library does not use them yet, so that importing into an empty
// library reproduces the export; otherwise they get new ones. Times are kept
// as exported. The last version of each must hold the article's text; with
// no versions, one is made of the text. The history records every article,
// version, claim and source as created. It sets the ids, UUIDs and
// revisions it gives.
func (db *DB) ImportArticles(ctx context.Context, items []annotate.ArticleImport) error {
	prepared, err := prepare.Imports(items, now())
	if err != nil {
		return err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		ins, err := db.newClaimInserter(ctx, tx)
		if err != nil {
			return err
		}
		ins.log = log // one clock for the whole import
		for i := range prepared {
			if err := db.importOne(ctx, tx, log, ins, &prepared[i]); err != nil {
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

// importOne stores one prepared article of an import inside tx.
func (db *DB) importOne(ctx context.Context, tx *sql.Tx, log *changeLog, ins *claimInserter, p *prepare.Import) error {
	a := &p.Article
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
	res, err := tx.ExecContext(ctx, `INSERT INTO articles(id, title, byline, publisher, url, language, published, retrieved, created, version, text,
			report_url, report_published, uuid, rev)
		VALUES (nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		id, a.Title, a.Byline, a.Publisher, a.URL, a.Language, formatTime(a.Published), formatTime(a.Retrieved), formatTime(p.Versions[0].Created),
		len(p.Versions), a.Text, a.ReportURL, formatTime(a.ReportPublished), a.UUID)
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := log.add(annotate.Change{Kind: annotate.KindArticle, EntityUUID: a.UUID, EntityID: a.ID, ArticleUUID: a.UUID,
		Op: annotate.OpCreate, Rev: 1, Fields: annotate.CreatedFields(annotate.ArticleFields(a))}); err != nil {
		return err
	}
	for i := range p.Versions {
		v := &p.Versions[i]
		v.ArticleID = a.ID
		if v.UUID, err = freeUUID(ctx, tx, "article_versions", v.UUID); err != nil {
			return err
		}
		if v.ID, err = insertVersion(ctx, tx, v, log, a.UUID); err != nil {
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
func freeID(ctx context.Context, tx *sql.Tx, table string, id int64) (int64, error) {
	if id <= 0 {
		return 0, nil
	}
	var one int
	// table is one of this file's constants, never user input.
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return id, nil
	case err != nil:
		return 0, err
	}
	return 0, nil
}

// freeUUID returns uuid when it is well formed and no row of table has it,
// and "" (a new one) otherwise.
func freeUUID(ctx context.Context, tx *sql.Tx, table, uuid string) (string, error) {
	if !prepare.ValidUUID(uuid) {
		return "", nil
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE uuid = ?`, uuid).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return uuid, nil
	case err != nil:
		return "", err
	}
	return "", nil
}

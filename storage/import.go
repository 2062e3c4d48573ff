package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/factdesk/factdesk/annotate"
)

// ImportArticle stores an article read from an export, with every version
// and claim, in one transaction: all of it or nothing. The article's, its
// claims' and their sources' ids are kept where this library does not use
// them yet, so that importing into an empty library reproduces the export;
// otherwise they get new ones. Times are kept as exported. The last version
// must hold the article's text; with no versions, one is made of the text.
// It sets the ids it gives.
func (db *DB) ImportArticle(ctx context.Context, a *annotate.Article, versions []annotate.ArticleVersion, claims []*annotate.Claim) error {
	if a == nil {
		return annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := validateArticle(a, true); err != nil {
		return err
	}
	if len(claims) > annotate.MaxClaims {
		return annotate.Errorf(annotate.ETOOLARGE, "the article has %d claims, more than the limit of %d", len(claims), annotate.MaxClaims)
	}
	if len(versions) == 0 {
		versions = []annotate.ArticleVersion{{Number: 1, Text: a.Text, Format: "text"}}
	}
	stamp := now()
	vs := make([]annotate.ArticleVersion, len(versions))
	for i := range versions {
		text := versions[i].Text
		if i == len(versions)-1 {
			text = a.Text
		}
		if text == "" {
			return annotate.Errorf(annotate.EINVALID, "version %d of %q has no text", i+1, clip(a.Title, 40))
		}
		v, err := prepareVersion(&versions[i], text)
		if err != nil {
			return annotate.Errorf(annotate.ErrorCode(err), "version %d: %s", i+1, annotate.ErrorMessage(err))
		}
		v.Number = i + 1
		if v.Created.IsZero() {
			v.Created = stamp
		}
		vs[i] = v
	}
	idx := newRuneIndex(a.Text)
	cs := make([]annotate.Claim, len(claims))
	for i, c := range claims {
		p, err := prepareClaim(c)
		if err == nil {
			err = checkAnchor(&p, idx)
		}
		if err != nil {
			return annotate.Errorf(annotate.ErrorCode(err), "claim %d: %s", i+1, annotate.ErrorMessage(err))
		}
		if p.Created.IsZero() {
			p.Created = stamp
		}
		if p.Updated.IsZero() {
			p.Updated = p.Created
		}
		cs[i] = p
	}
	retrieved := a.Retrieved
	if retrieved.IsZero() {
		retrieved = stamp
	}
	var articleID int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		id, err := freeID(ctx, tx, "articles", a.ID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles(id, title, byline, publisher, url, language, published, retrieved, created, version, text)
			VALUES (nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, a.Title, a.Byline, a.Publisher, a.URL, a.Language, formatTime(a.Published), formatTime(retrieved), formatTime(vs[0].Created), len(vs), a.Text)
		if err != nil {
			return err
		}
		if articleID, err = res.LastInsertId(); err != nil {
			return err
		}
		for i := range vs {
			vs[i].ArticleID = articleID
			if vs[i].ID, err = insertVersion(ctx, tx, &vs[i]); err != nil {
				return err
			}
		}
		ins, err := db.newClaimInserter(ctx, tx)
		if err != nil {
			return err
		}
		for i := range cs {
			c := &cs[i]
			c.ArticleID = articleID
			if c.ID, err = freeID(ctx, tx, "claims", c.ID); err != nil {
				return err
			}
			// Two sources of one claim with the same id (a hand-edited
			// export) are both kept: the second gets a new id, as an id
			// taken in this library does.
			seen := map[int64]bool{}
			for j := range c.Sources {
				if seen[c.Sources[j].ID] {
					c.Sources[j].ID = 0
				}
				if c.Sources[j].ID, err = freeID(ctx, tx, "sources", c.Sources[j].ID); err != nil {
					return err
				}
				if c.Sources[j].ID != 0 {
					seen[c.Sources[j].ID] = true
				}
			}
			if err := ins.insert(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.ID, a.Version, a.Retrieved = articleID, len(vs), retrieved
	for i := range claims {
		*claims[i] = cs[i]
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

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

// CreateArticle validates a and stores it with its first version v (which
// may be nil for pasted text) in one transaction. v.Text, when set, must be
// a.Text; v.SHA256 is always computed here, from v.Source or, without raw
// bytes, from the text. It sets a.ID, a.Version = 1, a.Retrieved (now, when
// zero), and v.ID, v.ArticleID, v.Number = 1, v.Created, v.SHA256.
func (db *DB) CreateArticle(ctx context.Context, a *annotate.Article, v *annotate.ArticleVersion) error {
	if a == nil {
		return annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := prepare.Article(a, true); err != nil {
		return err
	}
	if v == nil {
		v = &annotate.ArticleVersion{}
	}
	ver, err := prepare.Version(v, a.Text)
	if err != nil {
		return err
	}
	created := now()
	retrieved := a.Retrieved
	if retrieved.IsZero() {
		retrieved = created
	}
	ver.Created = created
	ver.Number = 1
	ver.UUID = ""
	uuid := annotate.NewUUID()
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO articles(title, byline, publisher, url, language, published, retrieved, created, version, text, uuid, rev)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 1)`,
			a.Title, a.Byline, a.Publisher, a.URL, a.Language, formatTime(a.Published), formatTime(retrieved), formatTime(created), a.Text, uuid)
		if err != nil {
			return err
		}
		if ver.ArticleID, err = res.LastInsertId(); err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		stored := *a
		stored.Retrieved = retrieved
		if err := log.add(annotate.Change{Kind: annotate.KindArticle, EntityUUID: uuid, EntityID: ver.ArticleID, ArticleUUID: uuid,
			Op: annotate.OpCreate, Rev: 1, Fields: annotate.CreatedFields(annotate.ArticleFields(&stored))}); err != nil {
			return err
		}
		ver.ID, err = insertVersion(ctx, tx, &ver, log, uuid)
		return err
	})
	if err != nil {
		return err
	}
	a.ID, a.Version, a.Retrieved, a.UUID, a.Rev = ver.ArticleID, 1, retrieved, uuid, 1
	*v = ver
	return nil
}

// insertVersion stores v, with a new UUID unless it has one, and records it
// as created in the history of the article whose UUID is article.
func insertVersion(ctx context.Context, tx *sql.Tx, v *annotate.ArticleVersion, log *changeLog, article string) (int64, error) {
	if v.UUID == "" {
		v.UUID = annotate.NewUUID()
	}
	src := v.Source
	if src == nil {
		src = []byte{} // stored as an empty blob, read back as empty
	}
	blocks, removed, err := encodeBlocks(v.Blocks, v.Removed)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO article_versions(article_id, number, format, sha256, created, text, source, blocks, removed, uuid)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ArticleID, v.Number, v.Format, v.SHA256, formatTime(v.Created), v.Text, src, blocks, removed, v.UUID)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, log.add(annotate.Change{Kind: annotate.KindVersion, EntityUUID: v.UUID, EntityID: id, ArticleUUID: article,
		Op: annotate.OpCreate, Fields: annotate.CreatedFields(annotate.VersionFields(v))})
}

// Article returns the article with its current text.
func (db *DB) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	var a annotate.Article
	var published, retrieved, reportPublished string
	err := db.sql.QueryRowContext(ctx, `SELECT id, uuid, rev, title, byline, publisher, url, language, published, retrieved, version, text, report_url, report_published
		FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.UUID, &a.Rev, &a.Title, &a.Byline, &a.Publisher, &a.URL, &a.Language, &published, &retrieved, &a.Version, &a.Text, &a.ReportURL, &reportPublished)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoArticle(id)
	}
	if err != nil {
		return nil, db.wrap(err)
	}
	if a.Published, err = parseTime(published); err != nil {
		return nil, db.wrap(err)
	}
	if a.Retrieved, err = parseTime(retrieved); err != nil {
		return nil, db.wrap(err)
	}
	if a.ReportPublished, err = parseTime(reportPublished); err != nil {
		return nil, db.wrap(err)
	}
	return &a, nil
}

// MarkPublished records that the fact-check of article id now lives at the
// public page url, published at the time at; ClaimReview points there. Marking
// it again moves it; an empty url unmarks it. It is a change of the article
// like UpdateArticle, without a revision check: publishing is a fact about
// the outside world, not an edit made from what was read.
func (db *DB) MarkPublished(ctx context.Context, id int64, url string, at time.Time) error {
	var a annotate.Article
	if url != "" {
		if err := a.MarkPublished(url, at); err != nil {
			return err
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		old, err := articleRow(ctx, tx, id)
		if err != nil {
			return err
		}
		next := old
		next.ReportURL, next.ReportPublished = a.ReportURL, a.ReportPublished
		return db.storeArticle(ctx, tx, &old, &next)
	})
}

// articleRow reads the article id's metadata and revision, without its
// text, inside tx.
func articleRow(ctx context.Context, tx *sql.Tx, id int64) (annotate.Article, error) {
	a := annotate.Article{ID: id}
	var published, retrieved, reportPublished string
	err := tx.QueryRowContext(ctx, `SELECT uuid, rev, title, byline, publisher, url, language, published, retrieved, version, report_url, report_published
		FROM articles WHERE id = ?`, id).
		Scan(&a.UUID, &a.Rev, &a.Title, &a.Byline, &a.Publisher, &a.URL, &a.Language, &published, &retrieved, &a.Version, &a.ReportURL, &reportPublished)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errNoArticle(id)
	}
	if err != nil {
		return a, err
	}
	if a.Published, err = parseTime(published); err != nil {
		return a, err
	}
	if a.Retrieved, err = parseTime(retrieved); err != nil {
		return a, err
	}
	a.ReportPublished, err = parseTime(reportPublished)
	return a, err
}

// storeArticle writes next's metadata over old's, a row read in tx, with a
// new revision and the change in the history; nothing when they are equal.
// It sets next.Rev.
func (db *DB) storeArticle(ctx context.Context, tx *sql.Tx, old, next *annotate.Article) error {
	fields := annotate.ChangedFields(annotate.ArticleFields(old), annotate.ArticleFields(next))
	next.Rev = old.Rev
	if len(fields) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET title = ?, byline = ?, publisher = ?, url = ?, language = ?, published = ?,
			report_url = ?, report_published = ?, rev = rev + 1 WHERE id = ?`,
		next.Title, next.Byline, next.Publisher, next.URL, next.Language, formatTime(next.Published),
		next.ReportURL, formatTime(next.ReportPublished), old.ID); err != nil {
		return err
	}
	next.Rev = old.Rev + 1
	log, err := db.changeLog(ctx, tx)
	if err != nil {
		return err
	}
	return log.add(annotate.Change{Kind: annotate.KindArticle, EntityUUID: old.UUID, EntityID: old.ID, ArticleUUID: old.UUID,
		Op: annotate.OpUpdate, Rev: next.Rev, Fields: fields})
}

func errNoArticle(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no article with id %d", id)
}

// Articles lists the library, newest first, with each article's claim count
// and how many of its claims are done (kept in article_progress, so that
// listing 30,000 articles does not count 600,000 claims).
func (db *DB) Articles(ctx context.Context) ([]annotate.ArticleSummary, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT a.id, a.title, a.publisher, a.url, a.published, a.retrieved, p.claims, p.done
		FROM articles a CROSS JOIN article_progress p ON p.article_id = a.id ORDER BY a.id DESC`)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	out := []annotate.ArticleSummary{}
	for rows.Next() {
		var s annotate.ArticleSummary
		var published, retrieved string
		if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.URL, &published, &retrieved, &s.Claims, &s.Checked); err != nil {
			return nil, db.wrap(err)
		}
		if s.Published, err = parseTime(published); err != nil {
			return nil, db.wrap(err)
		}
		if s.Retrieved, err = parseTime(retrieved); err != nil {
			return nil, db.wrap(err)
		}
		out = append(out, s)
	}
	return out, db.wrap(rows.Err())
}

// UpdateArticle stores a's metadata: title, byline, publisher, URL, language
// and published date. Its text changes only through AddVersion. a.Rev must
// be the revision the article was read at, as for UpdateClaim; it is set to
// the new one.
func (db *DB) UpdateArticle(ctx context.Context, a *annotate.Article) error {
	if a == nil {
		return annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := prepare.Article(a, false); err != nil {
		return err
	}
	var rev int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		old, err := articleRow(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := prepare.Revision("article", fmt.Sprintf("article %d", a.ID), a.Rev, old.Rev); err != nil {
			return err
		}
		next := old
		next.Title, next.Byline, next.Publisher, next.URL, next.Language, next.Published = a.Title, a.Byline, a.Publisher, a.URL, a.Language, a.Published
		if err := db.storeArticle(ctx, tx, &old, &next); err != nil {
			return err
		}
		rev = next.Rev
		return nil
	})
	if err != nil {
		return err
	}
	a.Rev = rev
	return nil
}

// DeleteArticle removes the article with its versions, claims, their tags
// and sources, and its dismissed suggestions. The history keeps the
// tombstones of the article, its claims and their sources.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		old, err := articleRow(ctx, tx, id)
		if err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		if err := db.buryClaims(ctx, tx, log, "c.article_id = ?", id); err != nil {
			return err
		}
		if err := log.add(annotate.Change{Kind: annotate.KindArticle, EntityUUID: old.UUID, EntityID: id, ArticleUUID: old.UUID,
			Op: annotate.OpDelete, Fields: annotate.DeletedFields(annotate.ArticleFields(&old))}); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		return mustAffect(res, errNoArticle(id))
	})
}

// mustAffect returns notFound when res changed no row.
func mustAffect(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// Versions returns the article's versions, oldest first, with their text and
// raw source.
func (db *DB) Versions(ctx context.Context, articleID int64) ([]annotate.ArticleVersion, error) {
	var out []annotate.ArticleVersion
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, uuid, article_id, number, format, sha256, created, text, source, blocks, removed
			FROM article_versions WHERE article_id = ? ORDER BY number`, articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []annotate.ArticleVersion{}
		for rows.Next() {
			var v annotate.ArticleVersion
			var created, blocks, removed string
			if err := rows.Scan(&v.ID, &v.UUID, &v.ArticleID, &v.Number, &v.Format, &v.SHA256, &created, &v.Text, &v.Source, &blocks, &removed); err != nil {
				return err
			}
			if v.Blocks, v.Removed, err = decodeBlocks(blocks, removed); err != nil {
				return err
			}
			if v.Created, err = parseTime(created); err != nil {
				return err
			}
			if len(v.Source) == 0 {
				v.Source = nil
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

func articleExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoArticle(id)
	}
	return err
}

// AddVersion stores v as the article's new current version: v.Number is the
// previous number plus one and the article's text becomes v.Text. When
// v.Base is set it must be the current version, the one the caller read
// and re-anchored from; otherwise nothing is written and the error is an
// ECONFLICT. In the same transaction it stores the anchors (Anchor,
// AnchorBy, AnchorScore) and Status of claims, which the caller has
// re-anchored on the new text; each must belong to the article and, unless
// orphaned, quote the new text at its span. Claims of the article that are
// not among them, or whose revision has moved on since they were read (a
// claim marked or edited meanwhile), are read again inside the transaction
// and re-anchored there, so that no claim is left pointing into the old
// text. It sets v.ID, v.UUID, v.ArticleID, v.Number, v.Created, v.SHA256,
// and each claim's anchor, status, Rev and Updated as stored.
func (db *DB) AddVersion(ctx context.Context, articleID int64, v *annotate.ArticleVersion, claims []*annotate.Claim) error {
	u, err := prepare.NewUpdate(v, claims)
	if err != nil {
		return err
	}
	ver := u.Version
	ver.ArticleID = articleID
	ver.Created = now()
	var next []annotate.Claim
	err = db.write(ctx, func(tx *sql.Tx) error {
		old, err := articleRow(ctx, tx, articleID)
		if err != nil {
			return err
		}
		if err := u.Base(articleID, old.Version); err != nil {
			return err
		}
		ver.Number = old.Version + 1
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		if ver.ID, err = insertVersion(ctx, tx, &ver, log, old.UUID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET text = ?, version = ?, rev = rev + 1 WHERE id = ?`, ver.Text, ver.Number, articleID); err != nil {
			return err
		}
		if err := log.add(annotate.Change{Kind: annotate.KindArticle, EntityUUID: old.UUID, EntityID: articleID, ArticleUUID: old.UUID,
			Op: annotate.OpUpdate, Rev: old.Rev + 1, Fields: []annotate.FieldChange{{Field: "version", Old: int64(old.Version), New: int64(ver.Number)}}}); err != nil {
			return err
		}
		for id := range u.Given {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT article_id FROM claims WHERE id = ?`, id).Scan(&other)
			if err == nil && other != articleID {
				return annotate.Errorf(annotate.EINVALID, "claim %d is not in article %d", id, articleID)
			}
		}
		// The claims as they are now, anchored on the current text.
		stored, err := loadClaims(ctx, tx, "c.article_id = ?", articleID)
		if err != nil {
			return err
		}
		next = u.Anchors(stored)
		stmt, err := tx.PrepareContext(ctx, `UPDATE claims SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
			anchor_method = ?, anchor_score = ?, status = ?, updated = ?, rev = rev + 1 WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, s := range stored {
			c := &next[i]
			fields := annotate.ChangedClaimFields(s, c)
			if len(fields) == 0 {
				continue
			}
			if err := prepare.Quote(c, u.Text); err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, c.Start, c.End, c.Exact, c.Prefix, c.Suffix,
				string(c.AnchorBy), c.AnchorScore, string(c.Status), formatTime(ver.Created), c.ID); err != nil {
				return err
			}
			c.Rev, c.Updated = s.Rev+1, ver.Created
			if err := log.add(annotate.Change{Kind: annotate.KindClaim, EntityUUID: c.UUID, EntityID: c.ID, ArticleUUID: old.UUID,
				Op: annotate.OpUpdate, Rev: c.Rev, Fields: fields}); err != nil {
				return err
			}
		}
		// A claim whose anchor here was placed by sync, not recorded, and
		// that the new text leaves where it was records nothing: what sync
		// places from its recorded anchor is what every library shows.
		settled, err := settleArticle(ctx, tx, articleID, old.UUID, ver.Text)
		for _, c := range settled {
			for i := range next {
				if next[i].ID == c.ID {
					next[i].Anchor, next[i].AnchorBy, next[i].AnchorScore, next[i].Rev = c.Anchor, c.AnchorBy, c.AnchorScore, c.Rev
				}
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	*v = ver
	u.Stored(articleID, next)
	return nil
}

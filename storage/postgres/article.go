package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

func errNoArticle(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no article with id %d", id)
}

// storedArticle is a with its times as the server keeps them.
func storedArticle(a *annotate.Article) {
	a.Published, a.Retrieved, a.ReportPublished = stored(a.Published), stored(a.Retrieved), stored(a.ReportPublished)
}

// CreateArticle validates a and stores it with its first version v (which
// may be nil for pasted text) in one transaction, as the SQLite library
// does. It sets a.ID, a.UUID, a.Rev, a.Version = 1, a.Retrieved (now, when
// zero), and v's ID, UUID, ArticleID, Number = 1, Created and SHA256.
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
	art := *a
	storedArticle(&art)
	if art.Retrieved.IsZero() {
		art.Retrieved = created
	}
	ver.Created = created
	ver.Number = 1
	ver.UUID = ""
	art.UUID = annotate.NewUUID()
	err = db.write(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO articles(uuid, rev, title, byline, publisher, url, language, published, retrieved, created, version, text)
			VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10) RETURNING id`,
			art.UUID, art.Title, art.Byline, art.Publisher, art.URL, art.Language, null(art.Published), null(art.Retrieved), created, art.Text).Scan(&ver.ArticleID)
		if err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		if err := log.add(ctx, annotate.Change{Kind: annotate.KindArticle, EntityUUID: art.UUID, EntityID: ver.ArticleID, ArticleUUID: art.UUID,
			Op: annotate.OpCreate, Rev: 1, Fields: annotate.CreatedFields(annotate.ArticleFields(&art))}); err != nil {
			return err
		}
		ver.ID, err = insertVersion(ctx, tx, &ver, log, art.UUID)
		return err
	})
	if err != nil {
		return err
	}
	a.ID, a.Version, a.Retrieved, a.UUID, a.Rev = ver.ArticleID, 1, art.Retrieved, art.UUID, 1
	*v = ver
	return nil
}

// insertVersion stores v, with a new UUID unless it has a free one, and
// records it as created in the history of the article whose UUID is
// article.
func insertVersion(ctx context.Context, tx pgx.Tx, v *annotate.ArticleVersion, log *changeLog, article string) (int64, error) {
	if !prepare.ValidUUID(v.UUID) {
		v.UUID = annotate.NewUUID()
	}
	v.Created = stored(v.Created)
	src := v.Source
	if src == nil {
		src = []byte{}
	}
	var blocks, removed any // NULL for none
	if len(v.Blocks) > 0 {
		blocks = v.Blocks
	}
	if len(v.Removed) > 0 {
		removed = v.Removed
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO article_versions(uuid, article_id, number, format, sha256, created, text, source, blocks, removed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		v.UUID, v.ArticleID, v.Number, v.Format, v.SHA256, v.Created, v.Text, src, blocks, removed).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, log.add(ctx, annotate.Change{Kind: annotate.KindVersion, EntityUUID: v.UUID, EntityID: id, ArticleUUID: article,
		Op: annotate.OpCreate, Fields: annotate.CreatedFields(annotate.VersionFields(v))})
}

// articleCols are the columns scanArticle reads, over articles a, without
// the text.
const articleCols = `a.id, a.uuid, a.rev, a.title, a.byline, a.publisher, a.url, a.language, a.published, a.retrieved, a.version, a.report_url, a.report_published`

func scanArticle(row pgx.Row, extra ...any) (annotate.Article, error) {
	var a annotate.Article
	var published, retrieved, reportPublished pgtype.Timestamptz
	err := row.Scan(append([]any{&a.ID, &a.UUID, &a.Rev, &a.Title, &a.Byline, &a.Publisher, &a.URL, &a.Language, &published, &retrieved, &a.Version,
		&a.ReportURL, &reportPublished}, extra...)...)
	a.Published, a.Retrieved, a.ReportPublished = timeOf(published), timeOf(retrieved), timeOf(reportPublished)
	return a, err
}

// Article returns the article with its current text.
func (db *DB) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	var text string
	a, err := scanArticle(db.pool.QueryRow(ctx, `SELECT `+articleCols+`, a.text FROM articles a WHERE a.id = $1`, id), &text)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNoArticle(id)
	}
	if err != nil {
		return nil, db.wrap(err)
	}
	a.Text = text
	return &a, nil
}

// articleRow reads the article id's metadata and revision, without its
// text, inside tx.
func articleRow(ctx context.Context, tx pgx.Tx, id int64) (annotate.Article, error) {
	a, err := scanArticle(tx.QueryRow(ctx, `SELECT `+articleCols+` FROM articles a WHERE a.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return a, errNoArticle(id)
	}
	return a, err
}

func articleExists(ctx context.Context, q queryer, id int64) error {
	var one int
	err := q.QueryRow(ctx, `SELECT 1 FROM articles WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return errNoArticle(id)
	}
	return err
}

// MarkPublished records that the fact-check of article id now lives at the
// public page url, published at the time at; an empty url unmarks it. It
// is a change of the article without a revision check, as in the SQLite
// library: publishing is a fact about the outside world.
func (db *DB) MarkPublished(ctx context.Context, id int64, url string, at time.Time) error {
	var a annotate.Article
	if url != "" {
		if err := a.MarkPublished(url, at); err != nil {
			return err
		}
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		old, err := articleRow(ctx, tx, id)
		if err != nil {
			return err
		}
		next := old
		next.ReportURL, next.ReportPublished = a.ReportURL, stored(a.ReportPublished)
		return db.storeArticle(ctx, tx, &old, &next)
	})
}

// storeArticle writes next's metadata over old's, a row read in tx, with a
// new revision and the change in the history; nothing when they are equal.
// It sets next.Rev.
func (db *DB) storeArticle(ctx context.Context, tx pgx.Tx, old, next *annotate.Article) error {
	fields := annotate.ChangedFields(annotate.ArticleFields(old), annotate.ArticleFields(next))
	next.Rev = old.Rev
	if len(fields) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE articles SET title = $1, byline = $2, publisher = $3, url = $4, language = $5, published = $6,
			report_url = $7, report_published = $8, rev = rev + 1 WHERE id = $9`,
		next.Title, next.Byline, next.Publisher, next.URL, next.Language, null(next.Published),
		next.ReportURL, null(next.ReportPublished), old.ID); err != nil {
		return err
	}
	next.Rev = old.Rev + 1
	log, err := db.changeLog(ctx, tx)
	if err != nil {
		return err
	}
	return log.add(ctx, annotate.Change{Kind: annotate.KindArticle, EntityUUID: old.UUID, EntityID: old.ID, ArticleUUID: old.UUID,
		Op: annotate.OpUpdate, Rev: next.Rev, Fields: fields})
}

// Articles lists the library, newest first, with each article's claim count
// and how many of its claims are done.
func (db *DB) Articles(ctx context.Context) ([]annotate.ArticleSummary, error) {
	rows, err := db.pool.Query(ctx, `SELECT a.id, a.title, a.publisher, a.url, a.published, a.retrieved, p.claims, p.done
		FROM articles a JOIN article_progress p ON p.article_id = a.id ORDER BY a.id DESC`)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := scanSummaries(rows)
	return out, db.wrap(err)
}

// scanSummaries reads the rows of a library listing.
func scanSummaries(rows pgx.Rows) ([]annotate.ArticleSummary, error) {
	defer rows.Close()
	out := []annotate.ArticleSummary{}
	for rows.Next() {
		var s annotate.ArticleSummary
		var published, retrieved pgtype.Timestamptz
		if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.URL, &published, &retrieved, &s.Claims, &s.Checked); err != nil {
			return nil, err
		}
		s.Published, s.Retrieved = timeOf(published), timeOf(retrieved)
		out = append(out, s)
	}
	return out, rows.Err()
}

// UpdateArticle stores a's metadata: title, byline, publisher, URL, language
// and published date. Its text changes only through AddVersion. a.Rev must
// be the revision the article was read at; it is set to the new one.
func (db *DB) UpdateArticle(ctx context.Context, a *annotate.Article) error {
	if a == nil {
		return annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := prepare.Article(a, false); err != nil {
		return err
	}
	var rev int64
	err := db.write(ctx, func(tx pgx.Tx) error {
		old, err := articleRow(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := prepare.Revision("article", fmt.Sprintf("article %d", a.ID), a.Rev, old.Rev); err != nil {
			return err
		}
		next := old
		next.Title, next.Byline, next.Publisher, next.URL, next.Language, next.Published = a.Title, a.Byline, a.Publisher, a.URL, a.Language, stored(a.Published)
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
	return db.write(ctx, func(tx pgx.Tx) error {
		old, err := articleRow(ctx, tx, id)
		if err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		if err := buryClaims(ctx, tx, log, "c.article_id = $1", id); err != nil {
			return err
		}
		if err := log.add(ctx, annotate.Change{Kind: annotate.KindArticle, EntityUUID: old.UUID, EntityID: id, ArticleUUID: old.UUID,
			Op: annotate.OpDelete, Fields: annotate.DeletedFields(annotate.ArticleFields(&old))}); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNoArticle(id)
		}
		return nil
	})
}

// Versions returns the article's versions, oldest first, with their text and
// raw source.
func (db *DB) Versions(ctx context.Context, articleID int64) ([]annotate.ArticleVersion, error) {
	var out []annotate.ArticleVersion
	err := db.read(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, uuid, article_id, number, format, sha256, created, text, source, blocks, removed
			FROM article_versions WHERE article_id = $1 ORDER BY number`, articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []annotate.ArticleVersion{}
		for rows.Next() {
			var v annotate.ArticleVersion
			if err := rows.Scan(&v.ID, &v.UUID, &v.ArticleID, &v.Number, &v.Format, &v.SHA256, &v.Created, &v.Text, &v.Source, &v.Blocks, &v.Removed); err != nil {
				return err
			}
			v.Created = v.Created.UTC()
			if len(v.Source) == 0 {
				v.Source = nil
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// Blocks returns the blocks of the article's current text and the page
// furniture left out of it on import. A version stored without blocks has
// each paragraph as a body block.
func (db *DB) Blocks(ctx context.Context, articleID int64) ([]annotate.Block, []annotate.RemovedBlock, error) {
	var blocks []annotate.Block
	var removed []annotate.RemovedBlock
	err := db.read(ctx, func(tx pgx.Tx) error {
		var text string
		err := tx.QueryRow(ctx, `SELECT v.blocks, v.removed, a.text FROM articles a
			LEFT JOIN article_versions v ON v.article_id = a.id AND v.number = a.version WHERE a.id = $1`, articleID).Scan(&blocks, &removed, &text)
		if errors.Is(err, pgx.ErrNoRows) {
			return errNoArticle(articleID)
		}
		if err != nil {
			return err
		}
		if blocks == nil {
			blocks = annotate.ParagraphBlocks(text)
		}
		return nil
	})
	return blocks, removed, err
}

// AddVersion stores v as the article's new current version and the claims
// re-anchored on its text in the same transaction, as the SQLite library
// does (see storage.DB.AddVersion): v.Base, when set, must be the current
// version, or nothing is written and the error is an ECONFLICT; claims
// marked or edited since the caller read them, and claims not given, are
// re-anchored inside the transaction.
func (db *DB) AddVersion(ctx context.Context, articleID int64, v *annotate.ArticleVersion, claims []*annotate.Claim) error {
	u, err := prepare.NewUpdate(v, claims)
	if err != nil {
		return err
	}
	ver := u.Version
	ver.ArticleID = articleID
	ver.Created = now()
	var next []annotate.Claim
	err = db.write(ctx, func(tx pgx.Tx) error {
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
		if _, err := tx.Exec(ctx, `UPDATE articles SET text = $1, version = $2, rev = rev + 1 WHERE id = $3`, ver.Text, ver.Number, articleID); err != nil {
			return err
		}
		if err := log.add(ctx, annotate.Change{Kind: annotate.KindArticle, EntityUUID: old.UUID, EntityID: articleID, ArticleUUID: old.UUID,
			Op: annotate.OpUpdate, Rev: old.Rev + 1, Fields: []annotate.FieldChange{{Field: "version", Old: int64(old.Version), New: int64(ver.Number)}}}); err != nil {
			return err
		}
		ids := make([]int64, 0, len(u.Given))
		for id := range u.Given {
			ids = append(ids, id)
		}
		var stray int64
		err = tx.QueryRow(ctx, `SELECT id FROM claims WHERE id = ANY($1) AND article_id <> $2 LIMIT 1`, ids, articleID).Scan(&stray)
		if err == nil {
			return annotate.Errorf(annotate.EINVALID, "claim %d is not in article %d", stray, articleID)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		// The claims as they are now, anchored on the current text.
		stored, err := loadClaims(ctx, tx, "c.article_id = $1", articleID)
		if err != nil {
			return err
		}
		next = u.Anchors(stored)
		for i, s := range stored {
			c := &next[i]
			fields := annotate.ChangedClaimFields(s, c)
			if len(fields) == 0 {
				continue
			}
			if err := prepare.Quote(c, u.Text); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE claims SET start = $1, "end" = $2, exact = $3, prefix = $4, suffix = $5,
				anchor_method = $6, anchor_score = $7, status = $8, updated = $9, rev = rev + 1 WHERE id = $10`,
				c.Start, c.End, c.Exact, c.Prefix, c.Suffix, string(c.AnchorBy), c.AnchorScore, string(c.Status), ver.Created, c.ID); err != nil {
				return err
			}
			c.Rev, c.Updated = s.Rev+1, ver.Created
			if err := log.add(ctx, annotate.Change{Kind: annotate.KindClaim, EntityUUID: c.UUID, EntityID: c.ID, ArticleUUID: old.UUID,
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

// FindBySHA256 returns the stored versions whose source has the SHA-256
// sum (hex), newest article first.
func (db *DB) FindBySHA256(ctx context.Context, sum string) ([]annotate.StoredCopy, error) {
	sum, err := prepare.SHA256(sum)
	if err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT a.id, a.title, v.number, v.number = a.version
		FROM article_versions v JOIN articles a ON a.id = v.article_id
		WHERE v.sha256 = $1 ORDER BY a.id DESC, v.number DESC`, sum)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	var out []annotate.StoredCopy
	for rows.Next() {
		var c annotate.StoredCopy
		if err := rows.Scan(&c.ArticleID, &c.Title, &c.Version, &c.Current); err != nil {
			return nil, db.wrap(err)
		}
		out = append(out, c)
	}
	return out, db.wrap(rows.Err())
}

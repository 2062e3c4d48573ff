package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// maxFormatBytes bounds a version's format name (text, markdown, html, ...).
const maxFormatBytes = 32

// CreateArticle validates a and stores it with its first version v (which
// may be nil for pasted text) in one transaction. v.Text, when set, must be
// a.Text; v.SHA256 is always computed here, from v.Source or, without raw
// bytes, from the text. It sets a.ID, a.Version = 1, a.Retrieved (now, when
// zero), and v.ID, v.ArticleID, v.Number = 1, v.Created, v.SHA256.
func (db *DB) CreateArticle(ctx context.Context, a *annotate.Article, v *annotate.ArticleVersion) error {
	if a == nil {
		return annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := validateArticle(a, true); err != nil {
		return err
	}
	if v == nil {
		v = &annotate.ArticleVersion{}
	}
	ver, err := prepareVersion(v, a.Text)
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
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO articles(title, byline, publisher, url, language, published, retrieved, created, version, text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			a.Title, a.Byline, a.Publisher, a.URL, a.Language, formatTime(a.Published), formatTime(retrieved), formatTime(created), a.Text)
		if err != nil {
			return err
		}
		if ver.ArticleID, err = res.LastInsertId(); err != nil {
			return err
		}
		ver.ID, err = insertVersion(ctx, tx, &ver)
		return err
	})
	if err != nil {
		return err
	}
	a.ID, a.Version, a.Retrieved = ver.ArticleID, 1, retrieved
	*v = ver
	return nil
}

// validateArticle checks a's rules; with text false the text is not
// checked, for a change of metadata only.
func validateArticle(a *annotate.Article, text bool) error {
	check := *a
	if !text {
		check.Text = "-"
	}
	if err := check.Validate(); err != nil {
		return err
	}
	if len(a.Language) > 64 {
		return annotate.Errorf(annotate.EINVALID, "article language %q is longer than 64 bytes", clip(a.Language, 40))
	}
	for _, s := range []string{a.Title, a.Byline, a.Publisher, a.Language} {
		if !utf8.ValidString(s) {
			return annotate.Errorf(annotate.EINVALID, "article metadata %q is not valid UTF-8", clip(s, 40))
		}
	}
	return nil
}

// prepareVersion checks v against the text it is to hold and returns a copy
// with its text, format and checksum filled in.
func prepareVersion(v *annotate.ArticleVersion, text string) (annotate.ArticleVersion, error) {
	ver := *v
	switch {
	case ver.Text == "":
		ver.Text = text
	case ver.Text != text:
		return ver, annotate.Errorf(annotate.EINVALID, "the version text differs from the article text")
	}
	if ver.Format == "" {
		ver.Format = "text"
	}
	if len(ver.Format) > maxFormatBytes || !utf8.ValidString(ver.Format) {
		return ver, annotate.Errorf(annotate.EINVALID, "version format %q is not a format name", clip(ver.Format, 40))
	}
	if len(ver.Source) > annotate.MaxInputBytes {
		return ver, annotate.Errorf(annotate.ETOOLARGE, "the version source has %d bytes, more than the limit of %d", len(ver.Source), annotate.MaxInputBytes)
	}
	var sum [sha256.Size]byte
	if len(ver.Source) > 0 {
		sum = sha256.Sum256(ver.Source)
	} else {
		sum = sha256.Sum256([]byte(ver.Text))
	}
	ver.SHA256 = hex.EncodeToString(sum[:])
	return ver, nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, v *annotate.ArticleVersion) (int64, error) {
	src := v.Source
	if src == nil {
		src = []byte{} // stored as an empty blob, read back as empty
	}
	blocks, removed, err := encodeBlocks(v.Blocks, v.Removed)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO article_versions(article_id, number, format, sha256, created, text, source, blocks, removed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ArticleID, v.Number, v.Format, v.SHA256, formatTime(v.Created), v.Text, src, blocks, removed)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Article returns the article with its current text.
func (db *DB) Article(ctx context.Context, id int64) (*annotate.Article, error) {
	var a annotate.Article
	var published, retrieved, reportPublished string
	err := db.sql.QueryRowContext(ctx, `SELECT id, title, byline, publisher, url, language, published, retrieved, version, text, report_url, report_published
		FROM articles WHERE id = ?`, id).
		Scan(&a.ID, &a.Title, &a.Byline, &a.Publisher, &a.URL, &a.Language, &published, &retrieved, &a.Version, &a.Text, &a.ReportURL, &reportPublished)
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
// it again moves it; an empty url unmarks it.
func (db *DB) MarkPublished(ctx context.Context, id int64, url string, at time.Time) error {
	var a annotate.Article
	if url != "" {
		if err := a.MarkPublished(url, at); err != nil {
			return err
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET report_url = ?, report_published = ? WHERE id = ?`,
			a.ReportURL, formatTime(a.ReportPublished), id)
		if err != nil {
			return err
		}
		return mustAffect(res, errNoArticle(id))
	})
}

func errNoArticle(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no article with id %d", id)
}

// Articles lists the library, newest first, with each article's claim count
// and how many of its claims are done.
func (db *DB) Articles(ctx context.Context) ([]annotate.ArticleSummary, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT a.id, a.title, a.publisher, a.url, a.published, a.retrieved,
			(SELECT count(*) FROM claims c WHERE c.article_id = a.id),
			(SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'done')
		FROM articles a ORDER BY a.id DESC`)
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
// and published date. Its text changes only through AddVersion.
func (db *DB) UpdateArticle(ctx context.Context, a *annotate.Article) error {
	if a == nil {
		return annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := validateArticle(a, false); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET title = ?, byline = ?, publisher = ?, url = ?, language = ?, published = ? WHERE id = ?`,
			a.Title, a.Byline, a.Publisher, a.URL, a.Language, formatTime(a.Published), a.ID)
		if err != nil {
			return err
		}
		return mustAffect(res, errNoArticle(a.ID))
	})
}

// DeleteArticle removes the article with its versions, claims, their tags
// and sources, and its dismissed suggestions.
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
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
		rows, err := tx.QueryContext(ctx, `SELECT id, article_id, number, format, sha256, created, text, source, blocks, removed
			FROM article_versions WHERE article_id = ? ORDER BY number`, articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []annotate.ArticleVersion{}
		for rows.Next() {
			var v annotate.ArticleVersion
			var created, blocks, removed string
			if err := rows.Scan(&v.ID, &v.ArticleID, &v.Number, &v.Format, &v.SHA256, &created, &v.Text, &v.Source, &blocks, &removed); err != nil {
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
// previous number plus one and the article's text becomes v.Text. In the
// same transaction it stores the anchors (Anchor, AnchorBy, AnchorScore) and
// Status of claims, which the caller has re-anchored on the new text; each
// must belong to the article and, unless orphaned, quote the new text at its
// span. It sets v.ID, v.ArticleID, v.Number, v.Created, v.SHA256 and each
// claim's Updated.
func (db *DB) AddVersion(ctx context.Context, articleID int64, v *annotate.ArticleVersion, claims []*annotate.Claim) error {
	if v == nil {
		return annotate.Errorf(annotate.EINVALID, "no version given")
	}
	check := annotate.Article{Title: "-", Text: v.Text}
	if err := check.Validate(); err != nil {
		return err
	}
	ver, err := prepareVersion(v, v.Text)
	if err != nil {
		return err
	}
	for i, c := range claims {
		if c == nil {
			return annotate.Errorf(annotate.EINVALID, "claim %d of the new version is missing", i+1)
		}
		if err := validateAnchorFields(c); err != nil {
			return err
		}
	}
	index := newRuneIndex(v.Text)
	for _, c := range claims {
		if err := checkAnchor(c, index); err != nil {
			return err
		}
	}
	ver.ArticleID = articleID
	ver.Created = now()
	err = db.write(ctx, func(tx *sql.Tx) error {
		var cur int
		err := tx.QueryRowContext(ctx, `SELECT version FROM articles WHERE id = ?`, articleID).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoArticle(articleID)
		}
		if err != nil {
			return err
		}
		ver.Number = cur + 1
		if ver.ID, err = insertVersion(ctx, tx, &ver); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET text = ?, version = ? WHERE id = ?`, ver.Text, ver.Number, articleID); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE claims SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,
			anchor_method = ?, anchor_score = ?, status = ?, updated = ? WHERE id = ? AND article_id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range claims {
			res, err := stmt.ExecContext(ctx, c.Start, c.End, c.Exact, c.Prefix, c.Suffix,
				string(c.AnchorBy), c.AnchorScore, string(c.Status), formatTime(ver.Created), c.ID, articleID)
			if err != nil {
				return err
			}
			if err := mustAffect(res, annotate.Errorf(annotate.EINVALID, "claim %d is not in article %d", c.ID, articleID)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	*v = ver
	for _, c := range claims {
		c.ArticleID, c.Updated = articleID, ver.Created
	}
	return nil
}

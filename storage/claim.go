package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

func errNoClaim(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no claim with id %d", id)
}

// CreateClaim validates c, checks that its anchor lies inside its article's
// text and that Exact is the text there (an orphaned claim, AnchorBy
// "orphan", keeps its old quote and is not checked against the text), and
// stores it with its tags and sources in one transaction. It sets c.ID,
// c.Created, c.Updated, the normalised c.Tags, and each source's ID,
// ClaimID and defaults.
func (db *DB) CreateClaim(ctx context.Context, c *annotate.Claim) error {
	return db.CreateClaims(ctx, []*annotate.Claim{c})
}

// CreateClaims is CreateClaim for many claims, of one article or several, in
// one transaction: all are stored or none. Import and the benchmarks use it.
func (db *DB) CreateClaims(ctx context.Context, claims []*annotate.Claim) error {
	if len(claims) > annotate.MaxClaims {
		return annotate.Errorf(annotate.ETOOLARGE, "%d claims at once is more than the limit of %d", len(claims), annotate.MaxClaims)
	}
	prepared := make([]annotate.Claim, len(claims))
	for i, c := range claims {
		p, err := prepare.Claim(c)
		if err != nil {
			return err
		}
		prepared[i] = p
	}
	stamp := now()
	err := db.write(ctx, func(tx *sql.Tx) error {
		texts := map[int64]*prepare.Text{}
		ins, err := db.newClaimInserter(ctx, tx)
		if err != nil {
			return err
		}
		for i := range prepared {
			c := &prepared[i]
			if len(prepared) == 1 {
				// One claim: let SQLite compare the span where the text
				// lies rather than read a long article into Go and index it.
				if err := checkAnchorInPlace(ctx, tx, c); err != nil {
					return err
				}
			} else if err := checkAnchorIndexed(ctx, tx, c, texts); err != nil {
				return err
			}
			c.ID, c.UUID, c.Rev = 0, "", 0
			c.Created, c.Updated = stamp, stamp
			for j := range c.Sources {
				c.Sources[j].ID, c.Sources[j].UUID, c.Sources[j].Rev = 0, "", 0
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
	for i, c := range claims {
		*c = prepared[i]
	}
	return nil
}

// checkAnchorIndexed checks c's anchor against its article's text, read and
// indexed once per article for a batch.
func checkAnchorIndexed(ctx context.Context, tx *sql.Tx, c *annotate.Claim, texts map[int64]*prepare.Text) error {
	idx, ok := texts[c.ArticleID]
	if !ok {
		text, err := articleText(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		idx = prepare.NewText(text)
		texts[c.ArticleID] = idx
	}
	return prepare.Quote(c, idx)
}

// checkAnchorInPlace is prepare.Quote done by SQLite, whose length and substr
// count characters (code points) in text.
func checkAnchorInPlace(ctx context.Context, tx *sql.Tx, c *annotate.Claim) error {
	if c.AnchorBy == annotate.AnchorOrphan {
		return articleExists(ctx, tx, c.ArticleID)
	}
	var n int
	var got string
	err := tx.QueryRowContext(ctx, `SELECT length(text), substr(text, ?, ?) FROM articles WHERE id = ?`,
		c.Start+1, c.End-c.Start, c.ArticleID).Scan(&n, &got)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoArticle(c.ArticleID)
	}
	if err != nil {
		return err
	}
	return prepare.QuoteAt(c, n, got)
}

func articleText(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var text string
	err := tx.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, id).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNoArticle(id)
	}
	return text, err
}

// claimInserter holds the statements that store a claim, its tags and its
// sources, bound to one transaction.
type claimInserter struct {
	claim, tag, claimTag, source       *sql.Stmt
	nextNumber, takeNumber, numberUsed *sql.Stmt
	articleUUID                        *sql.Stmt
	// log records each claim and source as created; articles caches the
	// UUIDs of the claims' articles.
	log      *changeLog
	articles map[int64]string
}

func (db *DB) newClaimInserter(ctx context.Context, tx *sql.Tx) (*claimInserter, error) {
	var ins claimInserter
	var err error
	if ins.claim, err = db.stmt(ctx, tx, claimInsert); err != nil {
		return nil, err
	}
	if ins.tag, err = db.stmt(ctx, tx, tagUpsert); err != nil {
		return nil, err
	}
	if ins.claimTag, err = db.stmt(ctx, tx, claimTagInsert); err != nil {
		return nil, err
	}
	if ins.source, err = db.stmt(ctx, tx, sourceInsert); err != nil {
		return nil, err
	}
	if ins.nextNumber, err = db.stmt(ctx, tx, nextNumber); err != nil {
		return nil, err
	}
	if ins.takeNumber, err = db.stmt(ctx, tx, takeNumber); err != nil {
		return nil, err
	}
	if ins.numberUsed, err = db.stmt(ctx, tx, `SELECT 1 FROM claims WHERE article_id = ? AND number = ?`); err != nil {
		return nil, err
	}
	if ins.articleUUID, err = db.stmt(ctx, tx, `SELECT uuid FROM articles WHERE id = ?`); err != nil {
		return nil, err
	}
	if ins.log, err = db.changeLog(ctx, tx); err != nil {
		return nil, err
	}
	ins.articles = map[int64]string{}
	return &ins, nil
}

// claimInsert stores a claim; a zero id lets SQLite choose one.
const claimInsert = `INSERT INTO claims(id, article_id, number, start, "end", status, verdict, claimant, claim_date,
		anchor_method, anchor_score, created, updated, exact, prefix, suffix, statement, notes, rationale, uuid, rev,
		assignee, checked_by, reviewed_by)
	VALUES (nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// nextNumber hands out the article's next claim number.
const nextNumber = `INSERT INTO claim_counters(article_id, next) VALUES (?, 2)
	ON CONFLICT(article_id) DO UPDATE SET next = next + 1 RETURNING next - 1`

// takeNumber records that number ? is used, so it is never handed out again.
const takeNumber = `INSERT INTO claim_counters(article_id, next) VALUES (?, ? + 1)
	ON CONFLICT(article_id) DO UPDATE SET next = max(next, excluded.next)`

const claimTagInsert = `INSERT INTO claim_tags(claim_id, tag_id, position) VALUES (?, ?, ?)`

// insert stores c, with c.ID, c.UUID and c.Rev when they are set (as
// restore and import keep them), records it and its sources as created, and
// sets the IDs, UUIDs and revisions it gets.
func (ins *claimInserter) insert(ctx context.Context, c *annotate.Claim) error {
	if err := ins.number(ctx, c); err != nil {
		return err
	}
	if c.UUID == "" {
		c.UUID = annotate.NewUUID()
	}
	if c.Rev <= 0 {
		c.Rev = 1
	}
	res, err := ins.claim.ExecContext(ctx, c.ID, c.ArticleID, c.Number, c.Start, c.End, string(c.Status), string(c.Verdict), c.Claimant, c.ClaimDate,
		string(c.AnchorBy), c.AnchorScore, formatTime(c.Created), formatTime(c.Updated), c.Exact, c.Prefix, c.Suffix, c.Statement, c.Notes, c.Rationale,
		c.UUID, c.Rev, c.Assignee, c.CheckedBy, c.ReviewedBy)
	if err != nil {
		return err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertTags(ctx, ins.tag, ins.claimTag, c.ID, c.Tags); err != nil {
		return err
	}
	article, ok := ins.articles[c.ArticleID]
	if !ok {
		if err := ins.articleUUID.QueryRowContext(ctx, c.ArticleID).Scan(&article); err != nil {
			return err
		}
		ins.articles[c.ArticleID] = article
	}
	if err := ins.log.add(annotate.Change{Kind: annotate.KindClaim, EntityUUID: c.UUID, EntityID: c.ID, ArticleUUID: article,
		Op: annotate.OpCreate, Rev: c.Rev, Fields: annotate.CreatedFields(annotate.ClaimFields(c))}); err != nil {
		return err
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		s.ClaimID = c.ID
		if s.ID, err = insertSource(ctx, ins.source, s); err != nil {
			return err
		}
		if err := ins.log.add(sourceCreated(s, article, c.UUID)); err != nil {
			return err
		}
	}
	return nil
}

// number keeps c.Number when it is set and free in its article, as undo and
// import need, and gives c the article's next number otherwise.
func (ins *claimInserter) number(ctx context.Context, c *annotate.Claim) error {
	if c.Number > 0 {
		var one int
		err := ins.numberUsed.QueryRowContext(ctx, c.ArticleID, c.Number).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = ins.takeNumber.ExecContext(ctx, c.ArticleID, c.Number)
			return err
		}
		if err != nil {
			return err
		}
	}
	return ins.nextNumber.QueryRowContext(ctx, c.ArticleID).Scan(&c.Number)
}

// tagUpsert returns the id of the tag named ?, creating it when new.
const tagUpsert = `INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id`

func insertTags(ctx context.Context, tag, claimTag *sql.Stmt, claimID int64, tags []string) error {
	for i, name := range tags {
		var tagID int64
		if err := tag.QueryRowContext(ctx, name).Scan(&tagID); err != nil {
			return err
		}
		if _, err := claimTag.ExecContext(ctx, claimID, tagID, i); err != nil {
			return err
		}
	}
	return nil
}

// UpdateClaim stores c's statement, claimant, claim date, tags, status,
// verdict, rationale, notes and anchor; its sources change through the
// source methods. A changed anchor is checked against the article text as
// in CreateClaim. c.Rev must be the revision the claim was read at: if the
// claim has moved on since, nothing is written and the error is an
// ECONFLICT naming both revisions. The change is recorded in the history
// in the same transaction. It sets c.Rev, c.UUID, c.Updated, c.ArticleID
// and the normalised c.Tags; an update that changes nothing writes nothing.
func (db *DB) UpdateClaim(ctx context.Context, c *annotate.Claim) error {
	p, err := prepare.Claim(c)
	if err != nil {
		return err
	}
	stamp := now()
	var old annotate.Claim
	wrote := false
	err = db.write(ctx, func(tx *sql.Tx) error {
		var article string
		var err error
		old, article, err = db.claimRow(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		wrote, err = db.updateClaimTx(ctx, tx, &old, article, &p, stamp, annotate.OpUpdate)
		return err
	})
	if err != nil {
		return err
	}
	c.ArticleID, c.Tags, c.UUID, c.Number = p.ArticleID, p.Tags, p.UUID, p.Number
	c.CheckedBy, c.ReviewedBy = p.CheckedBy, p.ReviewedBy
	if wrote {
		c.Rev, c.Updated = p.Rev+1, stamp
	} else {
		c.Updated = old.Updated
	}
	if c.Status == "" {
		c.Status = p.Status
	}
	if c.AnchorBy == "" {
		c.AnchorBy, c.AnchorScore = p.AnchorBy, p.AnchorScore
	}
	return nil
}

// updateClaimTx writes p over old, the claim as read in tx, if p names
// old's revision, and records the change as op. It reports whether
// anything changed.
func (db *DB) updateClaimTx(ctx context.Context, tx *sql.Tx, old *annotate.Claim, article string, p *annotate.Claim, stamp time.Time, op string) (bool, error) {
	if p.ArticleID != 0 && p.ArticleID != old.ArticleID {
		return false, annotate.Errorf(annotate.EINVALID, "claim %d belongs to article %d, not %d", p.ID, old.ArticleID, p.ArticleID)
	}
	if err := prepare.Revision("claim", fmt.Sprintf("claim %d/%d", old.ArticleID, old.Number), p.Rev, old.Rev); err != nil {
		return false, err
	}
	p.ArticleID, p.Number, p.UUID = old.ArticleID, old.Number, old.UUID
	me, err := db.authorName(ctx, tx)
	if err != nil {
		return false, err
	}
	if err := annotate.ApplyReview(old, p, me); err != nil {
		return false, err
	}
	fields := annotate.ChangedClaimFields(old, p)
	if len(fields) == 0 {
		return false, nil
	}
	// Most edits leave the anchor alone; only a moved one needs the text.
	if p.Start != old.Start || p.End != old.End || p.Exact != old.Exact || p.AnchorBy != old.AnchorBy {
		text, err := articleText(ctx, tx, old.ArticleID)
		if err != nil {
			return false, err
		}
		if err := prepare.Quote(p, prepare.NewText(text)); err != nil {
			return false, err
		}
	}
	upd, err := db.stmt(ctx, tx, `UPDATE claims SET start = ?, "end" = ?, status = ?, verdict = ?, claimant = ?, claim_date = ?,
			anchor_method = ?, anchor_score = ?, updated = ?, exact = ?, prefix = ?, suffix = ?, statement = ?, notes = ?, rationale = ?,
			assignee = ?, checked_by = ?, reviewed_by = ?, rev = rev + 1
		WHERE id = ? AND rev = ?`)
	if err != nil {
		return false, err
	}
	res, err := upd.ExecContext(ctx,
		p.Start, p.End, string(p.Status), string(p.Verdict), p.Claimant, p.ClaimDate,
		string(p.AnchorBy), p.AnchorScore, formatTime(stamp), p.Exact, p.Prefix, p.Suffix, p.Statement, p.Notes, p.Rationale,
		p.Assignee, p.CheckedBy, p.ReviewedBy, p.ID, p.Rev)
	if err != nil {
		return false, err
	}
	if err := mustAffect(res, annotate.ConflictError(fmt.Sprintf("claim %d/%d", old.ArticleID, old.Number), p.Rev, old.Rev+1)); err != nil {
		return false, err
	}
	if err := db.replaceTags(ctx, tx, p.ID, p.Tags); err != nil {
		return false, err
	}
	log, err := db.changeLog(ctx, tx)
	if err != nil {
		return false, err
	}
	if err := log.add(annotate.Change{Kind: annotate.KindClaim, EntityUUID: old.UUID, EntityID: p.ID, ArticleUUID: article,
		Op: op, Rev: p.Rev + 1, Fields: fields}); err != nil {
		return false, err
	}
	if p.Verdict != old.Verdict {
		// On a claim in conflict, a new verdict replaces its author's choice,
		// as it does on every library the change reaches.
		return true, db.verdictChosen(ctx, tx, p.ID, log.made[len(log.made)-1])
	}
	return true, nil
}

// claimRowQuery reads one claim's row, its tags in order, and its
// article's UUID.
const claimRowQuery = `SELECT c.article_id, c.number, c.uuid, c.rev, c.start, c."end", c.status, c.verdict, c.claimant, c.claim_date,
		c.anchor_method, c.anchor_score, c.updated, c.exact, c.prefix, c.suffix, c.statement, c.notes, c.rationale,
		c.assignee, c.checked_by, c.reviewed_by,
		coalesce((SELECT group_concat(name, ',') FROM (SELECT t.name FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id
			WHERE ct.claim_id = c.id ORDER BY ct.position)), ''),
		a.uuid
	FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`

// claimRow reads the claim id as stored, without its sources, and its
// article's UUID, inside tx.
func (db *DB) claimRow(ctx context.Context, tx *sql.Tx, id int64) (annotate.Claim, string, error) {
	c := annotate.Claim{ID: id}
	get, err := db.stmt(ctx, tx, claimRowQuery)
	if err != nil {
		return c, "", err
	}
	var status, verdict, method, updated, tags, article string
	err = get.QueryRowContext(ctx, id).Scan(&c.ArticleID, &c.Number, &c.UUID, &c.Rev, &c.Start, &c.End, &status, &verdict, &c.Claimant, &c.ClaimDate,
		&method, &c.AnchorScore, &updated, &c.Exact, &c.Prefix, &c.Suffix, &c.Statement, &c.Notes, &c.Rationale,
		&c.Assignee, &c.CheckedBy, &c.ReviewedBy, &tags, &article)
	if errors.Is(err, sql.ErrNoRows) {
		return c, "", errNoClaim(id)
	}
	if err != nil {
		return c, "", err
	}
	c.Status, c.Verdict, c.AnchorBy = annotate.Status(status), annotate.Verdict(verdict), annotate.AnchorMethod(method)
	c.Tags = []string{}
	if tags != "" {
		c.Tags = strings.Split(tags, ",")
	}
	c.Updated, err = parseTime(updated)
	return c, article, err
}

// replaceTags makes tags, in order, the claim's tags, touching only the
// ones that came, went or moved: adding one tag to a long list is two
// statements, not a rewrite of the list.
func (db *DB) replaceTags(ctx context.Context, tx *sql.Tx, claimID int64, tags []string) error {
	get, err := db.stmt(ctx, tx, `SELECT ct.tag_id, t.name, ct.position FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = ? ORDER BY ct.position`)
	if err != nil {
		return err
	}
	rows, err := get.QueryContext(ctx, claimID)
	if err != nil {
		return err
	}
	type held struct {
		id  int64
		pos int
	}
	have := map[string]held{}
	var names []string
	for rows.Next() {
		var h held
		var n string
		if err := rows.Scan(&h.id, &n, &h.pos); err != nil {
			rows.Close()
			return err
		}
		have[n] = h
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if strings.Join(names, ",") == strings.Join(tags, ",") {
		return nil // tags hold no commas
	}
	want := make(map[string]bool, len(tags))
	for _, t := range tags {
		want[t] = true
	}
	del, err := db.stmt(ctx, tx, `DELETE FROM claim_tags WHERE claim_id = ? AND tag_id = ?`)
	if err != nil {
		return err
	}
	for _, n := range names {
		if !want[n] {
			if _, err := del.ExecContext(ctx, claimID, have[n].id); err != nil {
				return err
			}
		}
	}
	tag, err := db.stmt(ctx, tx, tagUpsert)
	if err != nil {
		return err
	}
	claimTag, err := db.stmt(ctx, tx, claimTagInsert)
	if err != nil {
		return err
	}
	move, err := db.stmt(ctx, tx, `UPDATE claim_tags SET position = ? WHERE claim_id = ? AND tag_id = ?`)
	if err != nil {
		return err
	}
	for i, n := range tags {
		h, ok := have[n]
		switch {
		case !ok:
			var tagID int64
			if err := tag.QueryRowContext(ctx, n).Scan(&tagID); err != nil {
				return err
			}
			if _, err := claimTag.ExecContext(ctx, claimID, tagID, i); err != nil {
				return err
			}
		case h.pos != i:
			if _, err := move.ExecContext(ctx, i, claimID, h.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// DeleteClaim removes the claim with its tags and sources. The history
// keeps them: the claim's and each source's last values are recorded as
// their tombstones.
func (db *DB) DeleteClaim(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		if err := db.buryClaims(ctx, tx, log, "c.id = ?", id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM claims WHERE id = ?`, id)
		if err != nil {
			return err
		}
		return mustAffect(res, errNoClaim(id))
	})
}

// buryClaims records the tombstones of the claims that where (over claims
// c) selects, and of their sources, before they are deleted.
func (db *DB) buryClaims(ctx context.Context, tx *sql.Tx, log *changeLog, where string, args ...any) error {
	claims, err := loadClaims(ctx, tx, where, args...)
	if err != nil {
		return err
	}
	articles := map[int64]string{}
	for _, c := range claims {
		article, ok := articles[c.ArticleID]
		if !ok {
			if err := tx.QueryRowContext(ctx, `SELECT uuid FROM articles WHERE id = ?`, c.ArticleID).Scan(&article); err != nil {
				return err
			}
			articles[c.ArticleID] = article
		}
		for i := range c.Sources {
			s := &c.Sources[i]
			if err := log.add(annotate.Change{Kind: annotate.KindSource, EntityUUID: s.UUID, EntityID: s.ID, ArticleUUID: article, ClaimUUID: c.UUID,
				Op: annotate.OpDelete, Rev: s.Rev, Fields: annotate.DeletedFields(annotate.SourceFields(s))}); err != nil {
				return err
			}
		}
		if err := log.add(annotate.Change{Kind: annotate.KindClaim, EntityUUID: c.UUID, EntityID: c.ID, ArticleUUID: article,
			Op: annotate.OpDelete, Rev: c.Rev, Fields: annotate.DeletedFields(annotate.ClaimFields(c))}); err != nil {
			return err
		}
	}
	return nil
}

// RestoreClaim puts back a deleted claim with its original ID, UUID, tags
// and sources (with their original IDs and UUIDs), as undo does; the
// history records it as created again. It takes back the revision it was
// deleted at, so that the steps of an undo history that follow still name
// the right one. Its anchor is not checked
// against the text, which may have changed since. A claim or source that
// still exists under one of the IDs is an ECONFLICT.
func (db *DB) RestoreClaim(ctx context.Context, c *annotate.Claim) error {
	p, err := prepare.Claim(c)
	if err != nil {
		return err
	}
	if p.ID <= 0 {
		return annotate.Errorf(annotate.EINVALID, "claim to restore has no id")
	}
	stamp := now()
	if p.Created.IsZero() {
		p.Created = stamp
	}
	if p.Updated.IsZero() {
		p.Updated = stamp
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, p.ArticleID); err != nil {
			return err
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM claims WHERE id = ? OR (uuid = ? AND uuid != '')`, p.ID, p.UUID).Scan(&one)
		if err == nil {
			return annotate.Errorf(annotate.ECONFLICT, "claim %d already exists", p.ID)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for _, s := range p.Sources {
			if s.ID == 0 {
				continue
			}
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM sources WHERE id = ? OR (uuid = ? AND uuid != '')`, s.ID, s.UUID).Scan(&one)
			if err == nil {
				return annotate.Errorf(annotate.ECONFLICT, "source %d already exists", s.ID)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if p.Rev, err = buriedRev(ctx, tx, p.UUID, p.Rev); err != nil {
			return err
		}
		for i := range p.Sources {
			if p.Sources[i].Rev, err = buriedRev(ctx, tx, p.Sources[i].UUID, p.Sources[i].Rev); err != nil {
				return err
			}
		}
		ins, err := db.newClaimInserter(ctx, tx)
		if err != nil {
			return err
		}
		if err := ins.insert(ctx, &p); err != nil {
			return err
		}
		// The text may have changed since the claim was deleted: sync
		// places it again on every library, so it is placed here too.
		var article, text string
		if err := tx.QueryRowContext(ctx, `SELECT uuid, text FROM articles WHERE id = ?`, p.ArticleID).Scan(&article, &text); err != nil {
			return err
		}
		settled, err := settleArticle(ctx, tx, p.ArticleID, article, text)
		for _, s := range settled {
			if s.ID == p.ID {
				p.Anchor, p.AnchorBy, p.AnchorScore, p.Rev = s.Anchor, s.AnchorBy, s.AnchorScore, s.Rev
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// buriedRev is the revision the thing uuid had when it was last deleted, or
// rev when the history has no tombstone of it.
func buriedRev(ctx context.Context, tx *sql.Tx, uuid string, rev int64) (int64, error) {
	if uuid == "" {
		return rev, nil
	}
	var got int64
	err := tx.QueryRowContext(ctx, `SELECT rev FROM changes WHERE entity_uuid = ? AND op = 'delete' ORDER BY seq DESC LIMIT 1`, uuid).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && got <= 0) {
		return rev, nil
	}
	return got, err
}

// Claim returns the claim with its tags and sources.
func (db *DB) Claim(ctx context.Context, id int64) (*annotate.Claim, error) {
	var out []*annotate.Claim
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = loadClaims(ctx, tx, "c.id = ?", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errNoClaim(id)
	}
	return out[0], nil
}

// ClaimNumbered returns the claim numbered n in the article.
func (db *DB) ClaimNumbered(ctx context.Context, articleID int64, n int) (*annotate.Claim, error) {
	var out []*annotate.Claim
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		out, err = loadClaims(ctx, tx, "c.article_id = ? AND c.number = ?", articleID, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "article %d has no claim %d", articleID, n)
	}
	return out[0], nil
}

// Claims returns the article's claims in text order (start, end, id) with
// their tags and sources.
func (db *DB) Claims(ctx context.Context, articleID int64) ([]*annotate.Claim, error) {
	var out []*annotate.Claim
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		out, err = loadClaims(ctx, tx, "c.article_id = ?", articleID)
		return err
	})
	return out, err
}

// loadClaims returns the claims that where (over claims c) selects, in text
// order, with tags and sources, in three queries whatever their number.
func loadClaims(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]*annotate.Claim, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.uuid, c.rev, c.article_id, c.number, c.start, c."end", c.status, c.verdict, c.claimant, c.claim_date,
			c.anchor_method, c.anchor_score, c.created, c.updated, c.exact, c.prefix, c.suffix, c.statement, c.notes, c.rationale,
			c.assignee, c.checked_by, c.reviewed_by
		FROM claims c WHERE `+where+` ORDER BY c.article_id, c.start, c."end", c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*annotate.Claim{}
	byID := map[int64]*annotate.Claim{}
	// One backing array for all claims keeps 10,000 of them to few allocations.
	var backing []annotate.Claim
	for rows.Next() {
		if len(backing) == cap(backing) {
			backing = make([]annotate.Claim, 0, max(64, 2*cap(backing)))
		}
		backing = backing[:len(backing)+1]
		c := &backing[len(backing)-1]
		var status, verdict, method, created, updated string
		if err := rows.Scan(&c.ID, &c.UUID, &c.Rev, &c.ArticleID, &c.Number, &c.Start, &c.End, &status, &verdict, &c.Claimant, &c.ClaimDate,
			&method, &c.AnchorScore, &created, &updated, &c.Exact, &c.Prefix, &c.Suffix, &c.Statement, &c.Notes, &c.Rationale,
			&c.Assignee, &c.CheckedBy, &c.ReviewedBy); err != nil {
			return nil, err
		}
		c.Status, c.Verdict, c.AnchorBy = annotate.Status(status), annotate.Verdict(verdict), annotate.AnchorMethod(method)
		if c.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		if c.Updated, err = parseTime(updated); err != nil {
			return nil, err
		}
		c.Tags, c.Sources = []string{}, []annotate.Source{}
		out = append(out, c)
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}

	// Tags and sources come in the claims' index order, grouped by claim;
	// sorting within each claim in Go is cheaper than asking SQLite to sort.
	tagNames := map[int64]string{}
	nameRows, err := tx.QueryContext(ctx, `SELECT id, name FROM tags`)
	if err != nil {
		return nil, err
	}
	defer nameRows.Close()
	for nameRows.Next() {
		var id int64
		var name string
		if err := nameRows.Scan(&id, &name); err != nil {
			return nil, err
		}
		tagNames[id] = name
	}
	if err := nameRows.Err(); err != nil {
		return nil, err
	}
	nameRows.Close()

	type tagRef struct {
		claim *annotate.Claim
		name  string
		pos   int
	}
	var refs []tagRef
	tagRows, err := tx.QueryContext(ctx, `SELECT ct.claim_id, ct.tag_id, ct.position FROM claims c
		JOIN claim_tags ct ON ct.claim_id = c.id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer tagRows.Close()
	for tagRows.Next() {
		var claimID, tagID int64
		var pos int
		if err := tagRows.Scan(&claimID, &tagID, &pos); err != nil {
			return nil, err
		}
		if c := byID[claimID]; c != nil {
			refs = append(refs, tagRef{c, tagNames[tagID], pos})
		}
	}
	if err := tagRows.Err(); err != nil {
		return nil, err
	}
	tagRows.Close()
	// Rows arrive grouped by claim; order each claim's few tags by position.
	for i := 0; i < len(refs); {
		j := i + 1
		for j < len(refs) && refs[j].claim == refs[i].claim {
			j++
		}
		group := refs[i:j]
		for k := 1; k < len(group); k++ {
			for m := k; m > 0 && group[m].pos < group[m-1].pos; m-- {
				group[m], group[m-1] = group[m-1], group[m]
			}
		}
		for _, r := range group {
			r.claim.Tags = append(r.claim.Tags, r.name)
		}
		i = j
	}

	srcRows, err := tx.QueryContext(ctx, `SELECT `+sourceCols+` FROM claims c JOIN sources s ON s.claim_id = c.id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer srcRows.Close()
	for srcRows.Next() {
		s, err := scanSource(srcRows)
		if err != nil {
			return nil, err
		}
		if c := byID[s.ClaimID]; c != nil {
			c.Sources = append(c.Sources, s)
		}
	}
	if err := srcRows.Err(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if len(c.Sources) > 1 {
			sort.Slice(c.Sources, func(i, j int) bool { return c.Sources[i].ID < c.Sources[j].ID })
		}
	}
	if err := loadConflicts(ctx, tx, byID); err != nil {
		return nil, err
	}
	return out, nil
}

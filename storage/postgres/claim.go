package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
	"github.com/jackc/pgx/v5"
)

func errNoClaim(id int64) error {
	return annotate.Errorf(annotate.ENOTFOUND, "no claim with id %d", id)
}

// CreateClaim validates c, checks that its anchor lies inside its article's
// text and that Exact is the text there (an orphaned claim keeps its old
// quote and is not checked), and stores it with its tags and sources in
// one transaction. It sets c.ID, c.UUID, c.Rev, c.Number, c.Created,
// c.Updated, the normalised c.Tags, and each source's ID, UUID, Rev,
// ClaimID and defaults.
func (db *DB) CreateClaim(ctx context.Context, c *annotate.Claim) error {
	return db.CreateClaims(ctx, []*annotate.Claim{c})
}

// CreateClaims is CreateClaim for many claims, of one article or several, in
// one transaction: all are stored or none.
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
	err := db.write(ctx, func(tx pgx.Tx) error {
		texts := map[int64]*prepare.Text{}
		ins, err := db.newClaimInserter(ctx, tx)
		if err != nil {
			return err
		}
		for i := range prepared {
			c := &prepared[i]
			if len(prepared) == 1 {
				// One claim: let the server cut the span out of the text
				// rather than send a long article here to be indexed.
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
func checkAnchorIndexed(ctx context.Context, tx pgx.Tx, c *annotate.Claim, texts map[int64]*prepare.Text) error {
	idx, ok := texts[c.ArticleID]
	if !ok {
		var text string
		err := tx.QueryRow(ctx, `SELECT text FROM articles WHERE id = $1`, c.ArticleID).Scan(&text)
		if errors.Is(err, pgx.ErrNoRows) {
			return errNoArticle(c.ArticleID)
		}
		if err != nil {
			return err
		}
		idx = prepare.NewText(text)
		texts[c.ArticleID] = idx
	}
	return prepare.Quote(c, idx)
}

// checkAnchorInPlace is prepare.Quote done by the server, whose length and
// substr count characters (code points) in a UTF-8 database.
func checkAnchorInPlace(ctx context.Context, q queryer, c *annotate.Claim) error {
	if c.AnchorBy == annotate.AnchorOrphan {
		return articleExists(ctx, q, c.ArticleID)
	}
	var n int
	var got string
	err := q.QueryRow(ctx, `SELECT length(text), substr(text, $1, $2) FROM articles WHERE id = $3`,
		c.Start+1, c.End-c.Start, c.ArticleID).Scan(&n, &got)
	if errors.Is(err, pgx.ErrNoRows) {
		return errNoArticle(c.ArticleID)
	}
	if err != nil {
		return err
	}
	return prepare.QuoteAt(c, n, got)
}

// claimInserter stores claims, their tags and sources inside one
// transaction, and records each as created.
type claimInserter struct {
	tx  pgx.Tx
	log *changeLog
	// articles caches the UUIDs of the claims' articles.
	articles map[int64]string
}

func (db *DB) newClaimInserter(ctx context.Context, tx pgx.Tx) (*claimInserter, error) {
	log, err := db.changeLog(ctx, tx)
	if err != nil {
		return nil, err
	}
	return &claimInserter{tx: tx, log: log, articles: map[int64]string{}}, nil
}

// insert stores c, with c.ID, c.UUID and c.Rev when they are set (as
// restore and import keep them), records it and its sources as created, and
// sets the IDs, UUIDs and revisions it gets.
func (ins *claimInserter) insert(ctx context.Context, c *annotate.Claim) error {
	tx := ins.tx
	if err := ins.number(ctx, c); err != nil {
		return err
	}
	if !prepare.ValidUUID(c.UUID) {
		c.UUID = annotate.NewUUID()
	}
	if c.Rev <= 0 {
		c.Rev = 1
	}
	c.Created, c.Updated = stored(c.Created), stored(c.Updated)
	given := c.ID > 0
	err := tx.QueryRow(ctx, `INSERT INTO claims(id, article_id, number, start, "end", status, verdict, claimant, claim_date,
			anchor_method, anchor_score, created, updated, exact, prefix, suffix, statement, notes, rationale, uuid, rev,
			assignee, checked_by, reviewed_by)
		VALUES (coalesce($1, nextval(pg_get_serial_sequence('claims', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
			$22, $23, $24)
		RETURNING id`,
		idParam(c.ID), c.ArticleID, c.Number, c.Start, c.End, string(c.Status), string(c.Verdict), c.Claimant, c.ClaimDate,
		string(c.AnchorBy), c.AnchorScore, c.Created, c.Updated, c.Exact, c.Prefix, c.Suffix, c.Statement, c.Notes, c.Rationale,
		c.UUID, c.Rev, c.Assignee, c.CheckedBy, c.ReviewedBy).Scan(&c.ID)
	if err != nil {
		return err
	}
	if given {
		if err := keepSequence(ctx, tx, "claims", c.ID); err != nil {
			return err
		}
	}
	if err := insertTags(ctx, tx, c.ID, c.Tags, 0); err != nil {
		return err
	}
	article, ok := ins.articles[c.ArticleID]
	if !ok {
		if err := tx.QueryRow(ctx, `SELECT uuid FROM articles WHERE id = $1`, c.ArticleID).Scan(&article); err != nil {
			return err
		}
		ins.articles[c.ArticleID] = article
	}
	if err := ins.log.add(ctx, annotate.Change{Kind: annotate.KindClaim, EntityUUID: c.UUID, EntityID: c.ID, ArticleUUID: article,
		Op: annotate.OpCreate, Rev: c.Rev, Fields: annotate.CreatedFields(annotate.ClaimFields(c))}); err != nil {
		return err
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		s.ClaimID = c.ID
		if s.ID, err = insertSource(ctx, tx, s); err != nil {
			return err
		}
		if err := ins.log.add(ctx, sourceCreated(s, article, c.UUID)); err != nil {
			return err
		}
	}
	return nil
}

// idParam is id as a parameter: NULL for none, so that the row takes the
// next of its sequence.
func idParam(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// keepSequence moves table's id sequence past id, an id given rather than
// taken from it (an import or a restore), so that the sequence never hands
// it out again. It never moves the sequence back: an id once used stays
// used, as the history finds deleted things by it.
func keepSequence(ctx context.Context, tx pgx.Tx, table string, id int64) error {
	// table is one of this package's constants, never user input.
	_, err := tx.Exec(ctx, `SELECT setval(s, $1) FROM pg_get_serial_sequence('`+table+`', 'id') s
		WHERE $1 > coalesce(pg_sequence_last_value(s::regclass), 0)`, id)
	return err
}

// number keeps c.Number when it is set and free in its article, as undo and
// import need, and gives c the article's next number otherwise.
func (ins *claimInserter) number(ctx context.Context, c *annotate.Claim) error {
	tx := ins.tx
	if c.Number > 0 {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM claims WHERE article_id = $1 AND number = $2`, c.ArticleID, c.Number).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			_, err = tx.Exec(ctx, `INSERT INTO claim_counters(article_id, next) VALUES ($1, $2 + 1)
				ON CONFLICT (article_id) DO UPDATE SET next = greatest(claim_counters.next, excluded.next)`, c.ArticleID, c.Number)
			return err
		}
		if err != nil {
			return err
		}
	}
	return tx.QueryRow(ctx, `INSERT INTO claim_counters(article_id, next) VALUES ($1, 2)
		ON CONFLICT (article_id) DO UPDATE SET next = claim_counters.next + 1 RETURNING next - 1`, c.ArticleID).Scan(&c.Number)
}

// insertTags gives the claim the tags, in order from position from,
// creating the tags that are new.
func insertTags(ctx context.Context, tx pgx.Tx, claimID int64, tags []string, from int) error {
	for i, name := range tags {
		if _, err := tx.Exec(ctx, `WITH t AS (
				INSERT INTO tags(name) VALUES ($2) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id
			)
			INSERT INTO claim_tags(claim_id, tag_id, position) SELECT $1, id, $3 FROM t`, claimID, name, from+i); err != nil {
			return err
		}
	}
	return nil
}

// UpdateClaim stores c's statement, claimant, claim date, tags, status,
// verdict, rationale, notes and anchor; its sources change through the
// source methods. c.Rev must be the revision the claim was read at: if the
// claim has moved on since, nothing is written and the error is an
// ECONFLICT naming both revisions. It sets c.Rev, c.UUID, c.Updated,
// c.ArticleID and the normalised c.Tags; an update that changes nothing
// writes nothing.
func (db *DB) UpdateClaim(ctx context.Context, c *annotate.Claim) error {
	p, err := prepare.Claim(c)
	if err != nil {
		return err
	}
	stamp := now()
	var old annotate.Claim
	wrote := false
	err = db.write(ctx, func(tx pgx.Tx) error {
		var article string
		var err error
		old, article, err = claimRow(ctx, tx, p.ID)
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
func (db *DB) updateClaimTx(ctx context.Context, tx pgx.Tx, old *annotate.Claim, article string, p *annotate.Claim, stamp time.Time, op string) (bool, error) {
	if p.ArticleID != 0 && p.ArticleID != old.ArticleID {
		return false, annotate.Errorf(annotate.EINVALID, "claim %d belongs to article %d, not %d", p.ID, old.ArticleID, p.ArticleID)
	}
	what := fmt.Sprintf("claim %d/%d", old.ArticleID, old.Number)
	if err := prepare.Revision("claim", what, p.Rev, old.Rev); err != nil {
		return false, err
	}
	p.ArticleID, p.Number, p.UUID = old.ArticleID, old.Number, old.UUID
	me, err := authorName(ctx, tx)
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
	if p.AnchorBy != annotate.AnchorOrphan && (p.Start != old.Start || p.End != old.End || p.Exact != old.Exact || p.AnchorBy != old.AnchorBy) {
		if err := checkAnchorInPlace(ctx, tx, p); err != nil {
			return false, err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE claims SET start = $1, "end" = $2, status = $3, verdict = $4, claimant = $5, claim_date = $6,
			anchor_method = $7, anchor_score = $8, updated = $9, exact = $10, prefix = $11, suffix = $12, statement = $13, notes = $14, rationale = $15,
			assignee = $16, checked_by = $17, reviewed_by = $18, rev = rev + 1
		WHERE id = $19`,
		p.Start, p.End, string(p.Status), string(p.Verdict), p.Claimant, p.ClaimDate,
		string(p.AnchorBy), p.AnchorScore, stamp, p.Exact, p.Prefix, p.Suffix, p.Statement, p.Notes, p.Rationale,
		p.Assignee, p.CheckedBy, p.ReviewedBy, p.ID); err != nil {
		return false, err
	}
	if !slices.Equal(old.Tags, p.Tags) {
		if err := replaceTags(ctx, tx, p.ID, old.Tags, p.Tags); err != nil {
			return false, err
		}
	}
	log, err := db.changeLog(ctx, tx)
	if err != nil {
		return false, err
	}
	if err := log.add(ctx, annotate.Change{Kind: annotate.KindClaim, EntityUUID: old.UUID, EntityID: p.ID, ArticleUUID: article,
		Op: op, Rev: p.Rev + 1, Fields: fields}); err != nil {
		return false, err
	}
	if p.Verdict != old.Verdict {
		// On a claim in conflict, a new verdict replaces its author's
		// choice, as it does on every desk the change reaches.
		return true, verdictChosen(ctx, tx, p.ID, old.UUID, annotate.Person{UUID: log.author}, log.last, string(p.Verdict))
	}
	return true, nil
}

// replaceTags makes tags, in order, the claim's tags in place of was.
func replaceTags(ctx context.Context, tx pgx.Tx, claimID int64, was, tags []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM claim_tags ct USING tags t
		WHERE ct.claim_id = $1 AND t.id = ct.tag_id AND NOT t.name = ANY($2)`, claimID, tags); err != nil {
		return err
	}
	var added []string
	for i, name := range tags {
		if !slices.Contains(was, name) {
			added = append(added, name)
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE claim_tags ct SET position = $3 FROM tags t
			WHERE ct.claim_id = $1 AND t.id = ct.tag_id AND t.name = $2 AND ct.position <> $3`, claimID, name, i); err != nil {
			return err
		}
	}
	for _, name := range added {
		if err := insertTags(ctx, tx, claimID, []string{name}, slices.Index(tags, name)); err != nil {
			return err
		}
	}
	return nil
}

// claimRow reads the claim id as stored, without its sources, and its
// article's UUID, inside tx.
func claimRow(ctx context.Context, tx pgx.Tx, id int64) (annotate.Claim, string, error) {
	claims, err := loadClaims(ctx, tx, "c.id = $1", id)
	if err != nil {
		return annotate.Claim{}, "", err
	}
	if len(claims) == 0 {
		return annotate.Claim{}, "", errNoClaim(id)
	}
	c := *claims[0]
	c.Sources = nil
	var article string
	err = tx.QueryRow(ctx, `SELECT uuid FROM articles WHERE id = $1`, c.ArticleID).Scan(&article)
	return c, article, err
}

// DeleteClaim removes the claim with its tags and sources. The history
// keeps them: the claim's and each source's last values are recorded as
// their tombstones.
func (db *DB) DeleteClaim(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		if err := buryClaims(ctx, tx, log, "c.id = $1", id); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM claims WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNoClaim(id)
		}
		return nil
	})
}

// buryClaims records the tombstones of the claims that where (over claims
// c) selects, and of their sources, before they are deleted.
func buryClaims(ctx context.Context, tx pgx.Tx, log *changeLog, where string, args ...any) error {
	claims, err := loadClaims(ctx, tx, where, args...)
	if err != nil {
		return err
	}
	articles := map[int64]string{}
	for _, c := range claims {
		article, ok := articles[c.ArticleID]
		if !ok {
			if err := tx.QueryRow(ctx, `SELECT uuid FROM articles WHERE id = $1`, c.ArticleID).Scan(&article); err != nil {
				return err
			}
			articles[c.ArticleID] = article
		}
		for i := range c.Sources {
			s := &c.Sources[i]
			if err := log.add(ctx, annotate.Change{Kind: annotate.KindSource, EntityUUID: s.UUID, EntityID: s.ID, ArticleUUID: article, ClaimUUID: c.UUID,
				Op: annotate.OpDelete, Rev: s.Rev, Fields: annotate.DeletedFields(annotate.SourceFields(s))}); err != nil {
				return err
			}
		}
		if err := log.add(ctx, annotate.Change{Kind: annotate.KindClaim, EntityUUID: c.UUID, EntityID: c.ID, ArticleUUID: article,
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
// the right one. Its anchor is not checked against the text, which may have
// changed since. A claim or source that still exists under one of the IDs
// is an ECONFLICT.
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
	err = db.write(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, p.ArticleID); err != nil {
			return err
		}
		if err := notTaken(ctx, tx, "claims", "claim", p.ID, p.UUID); err != nil {
			return err
		}
		for _, s := range p.Sources {
			if s.ID != 0 {
				if err := notTaken(ctx, tx, "sources", "source", s.ID, s.UUID); err != nil {
					return err
				}
			}
		}
		var err error
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
		if err := tx.QueryRow(ctx, `SELECT uuid::text, text FROM articles WHERE id = $1`, p.ArticleID).Scan(&article, &text); err != nil {
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

// notTaken is an ECONFLICT error when a row of table (of things called
// what) has the id or the UUID.
func notTaken(ctx context.Context, tx pgx.Tx, table, what string, id int64, uuid string) error {
	var one int
	var u any
	if prepare.ValidUUID(uuid) {
		u = uuid
	}
	// table is one of this package's constants, never user input.
	err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1 OR uuid = $2`, id, u).Scan(&one)
	if err == nil {
		return annotate.Errorf(annotate.ECONFLICT, "%s %d already exists", what, id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	return err
}

// Claim returns the claim with its tags and sources.
func (db *DB) Claim(ctx context.Context, id int64) (*annotate.Claim, error) {
	var out []*annotate.Claim
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = loadClaims(ctx, tx, "c.id = $1", id)
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
	err := db.read(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		out, err = loadClaims(ctx, tx, "c.article_id = $1 AND c.number = $2", articleID, n)
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
	err := db.read(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		out, err = loadClaims(ctx, tx, "c.article_id = $1", articleID)
		return err
	})
	return out, err
}

// loadClaims returns the claims that where (over claims c) selects, in text
// order, with tags and sources, in two queries whatever their number.
func loadClaims(ctx context.Context, q queryer, where string, args ...any) ([]*annotate.Claim, error) {
	rows, err := q.Query(ctx, `SELECT c.id, c.uuid, c.rev, c.article_id, c.number, c.start, c."end", c.status, c.verdict, c.claimant, c.claim_date,
			c.anchor_method, c.anchor_score, c.created, c.updated, c.exact, c.prefix, c.suffix, c.statement, c.notes, c.rationale,
			c.assignee, c.checked_by, c.reviewed_by,
			coalesce((SELECT array_agg(t.name ORDER BY ct.position) FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = c.id), '{}')
		FROM claims c WHERE `+where+` ORDER BY c.article_id, c.start, c."end", c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*annotate.Claim{}
	byID := map[int64]*annotate.Claim{}
	for rows.Next() {
		c := &annotate.Claim{}
		var status, verdict, method string
		if err := rows.Scan(&c.ID, &c.UUID, &c.Rev, &c.ArticleID, &c.Number, &c.Start, &c.End, &status, &verdict, &c.Claimant, &c.ClaimDate,
			&method, &c.AnchorScore, &c.Created, &c.Updated, &c.Exact, &c.Prefix, &c.Suffix, &c.Statement, &c.Notes, &c.Rationale,
			&c.Assignee, &c.CheckedBy, &c.ReviewedBy, &c.Tags); err != nil {
			return nil, err
		}
		c.Status, c.Verdict, c.AnchorBy = annotate.Status(status), annotate.Verdict(verdict), annotate.AnchorMethod(method)
		c.Created, c.Updated = c.Created.UTC(), c.Updated.UTC()
		c.Sources = []annotate.Source{}
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
	srcRows, err := q.Query(ctx, `SELECT `+sourceCols+` FROM claims c JOIN sources s ON s.claim_id = c.id WHERE `+where+` ORDER BY s.claim_id, s.id`, args...)
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
	srcRows.Close()
	return out, loadConflicts(ctx, q, byID)
}

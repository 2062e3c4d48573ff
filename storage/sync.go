package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/merge"
)

// The desk's settings of its link to a team library. They are under
// "user.", which belongs to this desk and is not part of the history.
const (
	TeamURLKey    = "user.team.url"    // the team library's address, without its password
	TeamCursorKey = "user.team.cursor" // the last server seq applied here
	TeamPushedKey = "user.team.pushed" // the last local seq sent to the server
	TeamErrorKey  = "user.team.error"  // the last sync's error, "" after a good one
)

// ChangesSince returns up to limit changes recorded after seq, in the order
// they were recorded, each with its Seq and its author's name. A version's
// creation carries its text and blocks as payload fields, for a library
// that does not have them.
func (db *DB) ChangesSince(ctx context.Context, seq int64, limit int) ([]annotate.Change, error) {
	var out []annotate.Change
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.seq, c.uuid, c.hlc, c.author_uuid, coalesce(p.name, ''), c.kind, c.entity_uuid, c.entity_id, c.entity_key,
				c.article_uuid, c.claim_uuid, c.op, c.rev, c.fields
			FROM changes c LEFT JOIN people p ON p.uuid = c.author_uuid WHERE c.seq > ? ORDER BY c.seq LIMIT ?`, seq, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ch annotate.Change
			var fields string
			if err := rows.Scan(&ch.Seq, &ch.UUID, &ch.HLC, &ch.Author.UUID, &ch.Author.Name, &ch.Kind, &ch.EntityUUID, &ch.EntityID, &ch.EntityKey,
				&ch.ArticleUUID, &ch.ClaimUUID, &ch.Op, &ch.Rev, &fields); err != nil {
				return err
			}
			if ch.Fields, err = annotate.DecodeFields([]byte(fields)); err != nil {
				return fmt.Errorf("change %s: %w", ch.UUID, err)
			}
			ch.Time = ch.HLC.Time()
			out = append(out, ch)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			ch := &out[i]
			if ch.Kind != annotate.KindVersion || ch.Op != annotate.OpCreate {
				continue
			}
			var text, blocks, removed string
			err := tx.QueryRowContext(ctx, `SELECT text, blocks, removed FROM article_versions WHERE uuid = ?`, ch.EntityUUID).Scan(&text, &blocks, &removed)
			if errors.Is(err, sql.ErrNoRows) {
				continue // gone with its article
			}
			if err != nil {
				return err
			}
			ch.Fields = append(ch.Fields, annotate.FieldChange{Field: merge.PayloadText, New: text},
				annotate.FieldChange{Field: merge.PayloadBlocks, New: blocks}, annotate.FieldChange{Field: merge.PayloadRemoved, New: removed})
		}
		return nil
	})
	return out, err
}

// LastSeq is the seq of the latest change recorded here, 0 if none.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var n int64
	err := db.sql.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&n)
	return n, db.wrap(err)
}

// SetDeskSettings stores desk settings (keys under "user.") in one
// transaction, without recording them in the history; an empty value
// clears one.
func (db *DB) SetDeskSettings(ctx context.Context, values map[string]string) error {
	return db.write(ctx, func(tx *sql.Tx) error { return setDeskSettings(ctx, tx, values) })
}

func setDeskSettings(ctx context.Context, tx *sql.Tx, values map[string]string) error {
	for k, v := range values {
		if !strings.HasPrefix(k, "user.") {
			return annotate.Errorf(annotate.EINVALID, "setting %q is not a desk setting (user.*)", k)
		}
		var err error
		if v == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, k)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value, rev) VALUES (?, ?, 1)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1`, k, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ApplyChanges applies changes made in other libraries, in the order
// given, by the rules of package merge, and records each in this
// library's history under its own UUID, clock and author. A change already
// recorded here is skipped, so applying a batch twice changes nothing. It
// returns how many changes were new.
func (db *DB) ApplyChanges(ctx context.Context, changes []annotate.Change) (int, error) {
	var applied int
	err := db.write(ctx, func(tx *sql.Tx) error {
		applied = 0
		known := histories{}
		moved, verdicts := map[string]bool{}, map[string]bool{}
		for _, ch := range changes {
			ok, err := db.applyChange(ctx, tx, ch, known)
			if err != nil {
				return fmt.Errorf("apply %s %s of %s %s: %w", ch.Op, ch.UUID, ch.Kind, ch.EntityUUID, err)
			}
			if ok {
				applied++
			}
			if merge.MovesAnchors(ch) {
				moved[ch.ArticleUUID] = true
			}
			if ok && merge.TouchesVerdict(ch) {
				verdicts[ch.EntityUUID] = true
			}
		}
		if err := settleConflicts(ctx, tx, verdicts); err != nil {
			return err
		}
		return settleAnchors(ctx, tx, moved)
	})
	return applied, err
}

// ApplyPulled is ApplyChanges for changes pulled from the team log (each
// with its server Seq), that moves the pull cursor (TeamCursorKey) to the
// last one in the same transaction: the cursor moves with the changes it
// applied, or not at all. When everything made here was already pushed,
// the push mark moves past the pulled changes too, so they are not sent
// back.
func (db *DB) ApplyPulled(ctx context.Context, changes []annotate.Change) (int, error) {
	if len(changes) == 0 {
		return 0, nil
	}
	var applied int
	err := db.write(ctx, func(tx *sql.Tx) error {
		var head int64
		var pushed string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0), coalesce((SELECT value FROM settings WHERE key = ?), '0') FROM changes`, TeamPushedKey).Scan(&head, &pushed); err != nil {
			return err
		}
		applied = 0
		known := histories{}
		// The articles whose claims' anchors may not hold on their text
		// once the batch is applied.
		moved, verdicts := map[string]bool{}, map[string]bool{}
		for _, ch := range changes {
			ok, err := db.applyChange(ctx, tx, ch, known)
			if err != nil {
				return fmt.Errorf("apply %s %s of %s %s: %w", ch.Op, ch.UUID, ch.Kind, ch.EntityUUID, err)
			}
			if ok {
				applied++
			}
			if ok && merge.TouchesVerdict(ch) {
				verdicts[ch.EntityUUID] = true
			}
			if _, err := tx.ExecContext(ctx, `UPDATE changes SET server_seq = ? WHERE uuid = ?`, ch.Seq, ch.UUID); err != nil {
				return err
			}
			if !ok && (ch.Kind == annotate.KindClaim || ch.Kind == annotate.KindVersion) && ch.Op == annotate.OpCreate {
				if err := db.echoNumber(ctx, tx, ch); err != nil {
					return err
				}
			}
			if merge.MovesAnchors(ch) {
				moved[ch.ArticleUUID] = true
			}
		}
		if err := settleConflicts(ctx, tx, verdicts); err != nil {
			return err
		}
		if err := settleAnchors(ctx, tx, moved); err != nil {
			return err
		}
		settings := map[string]string{TeamCursorKey: seqText(changes[len(changes)-1].Seq)}
		if pushed == seqText(head) {
			var last int64
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&last); err != nil {
				return err
			}
			settings[TeamPushedKey] = seqText(last)
		}
		return setDeskSettings(ctx, tx, settings)
	})
	return applied, err
}

// JoinAs makes the person p the one this desk's changes are recorded as,
// and records the changes made here so far as theirs: the desk's person
// becomes the team member it connects as.
func (db *DB) JoinAs(ctx context.Context, p annotate.Person) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		old, err := db.ensureAuthor(ctx, tx)
		if err != nil {
			return err
		}
		if old == p.UUID {
			_, err := tx.ExecContext(ctx, `UPDATE people SET name = ? WHERE uuid = ? AND ? != ''`, p.Name, p.UUID, p.Name)
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO people(uuid, name) VALUES (?, ?) ON CONFLICT(uuid) DO UPDATE SET name = excluded.name`, p.UUID, p.Name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE changes SET author_uuid = ? WHERE author_uuid = ?`, p.UUID, old); err != nil {
			return err
		}
		// The desk's own person is the team member now; keeping both would
		// count one person twice among the library's people.
		if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE uuid = ?`, old); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE settings SET value = ?, rev = rev + 1 WHERE key = ?`, p.UUID, authorKey)
		return err
	})
}

// histories holds, by thing, the changes to it read or applied in one
// transaction, so that a batch of many changes to one thing reads its
// history once.
type histories map[string][]annotate.Change

// tableOf is the table that holds things of kind.
var tableOf = map[string]string{
	annotate.KindArticle: "articles", annotate.KindClaim: "claims",
	annotate.KindSource: "sources", annotate.KindVersion: "article_versions",
}

// applyChange applies one change inside tx and records it; it reports
// false for a change already recorded.
func (db *DB) applyChange(ctx context.Context, tx *sql.Tx, ch annotate.Change, known histories) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM changes WHERE uuid = ?`, ch.UUID).Scan(&one)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if ch.Author.UUID == "" {
		return false, annotate.Errorf(annotate.EINVALID, "change %s has no author", ch.UUID)
	}
	// Names come from the server's people with each pull: a person renamed
	// there is renamed here.
	if _, err := tx.ExecContext(ctx, `INSERT INTO people(uuid, name) VALUES (?, ?)
		ON CONFLICT(uuid) DO UPDATE SET name = excluded.name WHERE excluded.name != '' AND excluded.name != people.name`, ch.Author.UUID, ch.Author.Name); err != nil {
		return false, err
	}
	var id int64
	if table, ok := tableOf[ch.Kind]; ok && ch.EntityUUID != "" {
		id, err = db.applyEntity(ctx, tx, table, ch, known)
		if err != nil {
			return false, err
		}
	}
	if merge.SharedSetting(ch) {
		history, err := queryChanges(ctx, tx, `c.kind = 'setting' AND c.entity_key = ?`, ch.EntityKey)
		if err != nil {
			return false, err
		}
		if v, ok := merge.Decide(ch, merge.StateOf(history, true)).Set["value"]; ok {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value, rev) VALUES (?, ?, 1)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1`, ch.EntityKey, merge.Value(merge.Text, v)); err != nil {
				return false, err
			}
		}
	}
	fields, err := json.Marshal(merge.Recorded(ch.Fields))
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, changeInsert, ch.UUID, string(ch.HLC), ch.Author.UUID, ch.Kind, ch.EntityUUID, id, ch.EntityKey,
		ch.ArticleUUID, ch.ClaimUUID, ch.Op, ch.Rev, string(fields))
	return true, err
}

// applyEntity writes what merge decides for ch to the thing it is about,
// and returns the thing's id here (0 when it is not here).
func (db *DB) applyEntity(ctx context.Context, tx *sql.Tx, table string, ch annotate.Change, known histories) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE uuid = ?`, ch.EntityUUID).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	history, ok := known[ch.EntityUUID]
	if !ok {
		if history, err = queryChanges(ctx, tx, `c.entity_uuid = ?`, ch.EntityUUID); err != nil {
			return 0, err
		}
	}
	known[ch.EntityUUID] = append(history, ch)
	st := merge.StateOf(history, id != 0)
	if id != 0 && ch.Kind == annotate.KindClaim {
		if st.Tags, err = claimTags(ctx, tx, id); err != nil {
			return 0, err
		}
		if err := tx.QueryRowContext(ctx, `SELECT verdict, rationale FROM claims WHERE id = ?`, id).Scan(&st.Verdict, &st.Rationale); err != nil {
			return 0, err
		}
	}
	d := merge.Decide(ch, st)
	if err := applyConflict(ctx, tx, id, d); err != nil {
		return 0, err
	}
	if d.Empty() {
		return id, nil
	}
	cols := merge.Columns[ch.Kind]
	stamp := formatTime(ch.HLC.Time())
	switch {
	case d.Delete:
		_, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
		return id, err
	case d.Create:
		id, err := db.createEntity(ctx, tx, ch, merge.Recreate(d, known[ch.EntityUUID]), stamp)
		if err == nil && id != 0 && ch.Kind == annotate.KindClaim && !st.Deleted.IsZero() {
			err = db.restoreSources(ctx, tx, ch, st)
		}
		return id, err
	}
	if n, ok := d.Set["number"]; ok {
		if err := freeNumber(ctx, tx, table, id, merge.Value(merge.Int, n).(int64)); err != nil {
			return 0, err
		}
	}
	var sets []string
	var args []any
	for _, f := range slices.Sorted(maps.Keys(d.Set)) {
		t, ok := cols[f]
		if !ok {
			continue
		}
		sets = append(sets, quoteColumn(f)+" = ?")
		args = append(args, sqliteValue(t, d.Set[f]))
	}
	if ch.Kind == annotate.KindClaim {
		sets = append(sets, "updated = ?")
		args = append(args, stamp)
	}
	if ch.Kind != annotate.KindVersion {
		sets = append(sets, "rev = rev + 1")
	}
	if len(sets) > 0 {
		args = append(args, id)
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...); err != nil {
			return 0, err
		}
	}
	if ch.Kind == annotate.KindVersion {
		if err := currentVersion(ctx, tx, id); err != nil {
			return 0, err
		}
	}
	if d.TagsChanged {
		if err := db.replaceTags(ctx, tx, id, d.Tags); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// createEntity inserts the thing ch creates, in the article or claim it
// names; a thing whose article or claim is gone here is not created.
func (db *DB) createEntity(ctx context.Context, tx *sql.Tx, ch annotate.Change, d merge.Decision, stamp string) (int64, error) {
	cols := merge.Columns[ch.Kind]
	names := []string{"uuid", "rev"}
	args := []any{ch.EntityUUID, 1}
	var parent int64
	switch ch.Kind {
	case annotate.KindArticle:
		names = append(names, "retrieved", "created", "version", "text")
		args = append(args, stamp, stamp, 0, "")
	case annotate.KindClaim, annotate.KindVersion:
		err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE uuid = ?`, ch.ArticleUUID).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil // the article was deleted: so is what was in it
		}
		if err != nil {
			return 0, err
		}
		names = append(names, "article_id", "created")
		args = append(args, parent, stamp)
		if ch.Kind == annotate.KindClaim {
			names = append(names, "updated")
			args = append(args, stamp)
		} else {
			names, args = slices.Delete(names, 1, 2), slices.Delete(args, 1, 2) // versions have no revision
			names = append(names, "text", "blocks", "removed", "source")
			args = append(args, merge.Value(merge.Text, d.Set[merge.PayloadText]), merge.Value(merge.Text, d.Set[merge.PayloadBlocks]),
				merge.Value(merge.Text, d.Set[merge.PayloadRemoved]), []byte{})
		}
	case annotate.KindSource:
		err := tx.QueryRowContext(ctx, `SELECT id FROM claims WHERE uuid = ?`, ch.ClaimUUID).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		// A source made before its claim was deleted went with it, even
		// if the claim was restored since.
		claimHistory, err := queryChanges(ctx, tx, `c.entity_uuid = ?`, ch.ClaimUUID)
		if err != nil {
			return 0, err
		}
		if merge.Orphaned(merge.ClockOf(ch), merge.StateOf(claimHistory, true)) {
			return 0, nil
		}
		names = append(names, "claim_id")
		args = append(args, parent)
	}
	number := merge.Value(merge.Int, d.Set["number"]).(int64)
	if table := tableOf[ch.Kind]; ch.Kind == annotate.KindClaim || ch.Kind == annotate.KindVersion {
		// Another claim (or version) here has this number. The one later
		// in server order takes the next free number: the server records
		// that for the incoming one when it is the later one; one made here
		// that the server has not placed before it is the later one.
		var other int64
		var placed bool
		err := tx.QueryRowContext(ctx, `SELECT c.id, EXISTS (SELECT 1 FROM changes h WHERE h.entity_uuid = c.uuid AND h.op = 'create' AND h.server_seq IS NOT NULL)
			FROM `+table+` c WHERE c.article_id = ? AND c.number = ?`, parent, number).Scan(&other, &placed)
		switch {
		case errors.Is(err, sql.ErrNoRows) && number > 0:
			if err := takeNumberOf(ctx, tx, table, parent, number); err != nil {
				return 0, err
			}
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return 0, err
		case number > 0 && !placed:
			if err := moveNumber(ctx, tx, table, parent, other); err != nil {
				return 0, err
			}
		default:
			if number, err = nextNumberOf(ctx, tx, table, parent); err != nil {
				return 0, err
			}
		}
	}
	for _, f := range slices.Sorted(maps.Keys(cols)) {
		names = append(names, quoteColumn(f))
		v := d.Set[f]
		if f == "number" {
			v = number
		}
		if f == "stance" && v == nil {
			v = string(annotate.StanceContext)
		}
		args = append(args, sqliteValue(cols[f], v))
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	res, err := tx.ExecContext(ctx, `INSERT INTO `+tableOf[ch.Kind]+`(`+strings.Join(names, ", ")+`) VALUES (`+marks+`)`, args...)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	switch ch.Kind {
	case annotate.KindClaim:
		if d.TagsChanged {
			if err := db.replaceTags(ctx, tx, id, d.Tags); err != nil {
				return 0, err
			}
		}
	case annotate.KindVersion:
		err = currentVersion(ctx, tx, id)
	}
	return id, err
}

// currentVersion makes the article of version id show its newest version:
// versions are a union, and the last in server order is current.
func currentVersion(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET text = v.text, version = v.number, rev = rev + 1
		FROM (SELECT text, number FROM article_versions WHERE article_id = (SELECT article_id FROM article_versions WHERE id = ?)
			ORDER BY number DESC LIMIT 1) v
		WHERE articles.id = (SELECT article_id FROM article_versions WHERE id = ?) AND articles.version != v.number`, id, id)
	return err
}

// nextNumberOf hands out the next free number of a claim (table "claims")
// or version ("article_versions") of the article.
func nextNumberOf(ctx context.Context, tx *sql.Tx, table string, article int64) (int64, error) {
	var n int64
	q := nextNumber
	if table != "claims" {
		q = `SELECT coalesce(max(number), 0) + 1 FROM article_versions WHERE article_id = ?`
	}
	err := tx.QueryRowContext(ctx, q, article).Scan(&n)
	return n, err
}

// takeNumberOf records that a claim's number n is used; a version's
// numbers need no record.
func takeNumberOf(ctx context.Context, tx *sql.Tx, table string, article, n int64) error {
	if table != "claims" {
		return nil
	}
	_, err := tx.ExecContext(ctx, takeNumber, article, n)
	return err
}

// moveNumber gives the claim or version id of the article the next free
// number, unrecorded: the server's log settles it.
func moveNumber(ctx context.Context, tx *sql.Tx, table string, article, id int64) error {
	next, err := nextNumberOf(ctx, tx, table, article)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+table+` SET number = ? WHERE id = ?`, next, id)
	return err
}

// freeNumber moves any other claim (or version) of the article of id in
// table off number n, so that id can take it.
func freeNumber(ctx context.Context, tx *sql.Tx, table string, id, n int64) error {
	var article, other int64
	if err := tx.QueryRowContext(ctx, `SELECT article_id FROM `+table+` WHERE id = ?`, id).Scan(&article); err != nil {
		return err
	}
	if err := takeNumberOf(ctx, tx, table, article, n); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE article_id = ? AND number = ? AND id != ?`, article, n, id).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return moveNumber(ctx, tx, table, article, other)
}

// claimTags are the claim's tags in order.
func claimTags(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.name FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = ? ORDER BY ct.position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, rows.Err()
}

// sqliteValue is a change's value as this library stores a column of type
// t: times as the RFC 3339 text they travel as.
func sqliteValue(t merge.Type, v any) any { return merge.Value(t, v) }

func quoteColumn(name string) string {
	if name == "end" {
		return `"end"`
	}
	return name
}

// seqText is a seq as a desk setting stores it.
func seqText(n int64) string { return strconv.FormatInt(n, 10) }

// ChangesAfter counts the changes recorded here after seq.
func (db *DB) ChangesAfter(ctx context.Context, seq int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM changes WHERE seq > ?`, seq).Scan(&n)
	return n, db.wrap(err)
}

// echoNumber handles a claim's or version's creation made here coming
// back in the server's log. It may have moved off its number here for one
// pulled before it; the server gave it its number unless a renumbering
// follows in the log, so it takes the number back, moving one made here
// that the server has not placed yet.
func (db *DB) echoNumber(ctx context.Context, tx *sql.Tx, ch annotate.Change) error {
	table := tableOf[ch.Kind]
	var want int64
	for _, f := range ch.Fields {
		if f.Field == "number" {
			want = merge.Value(merge.Int, f.New).(int64)
		}
	}
	var id, article, have int64
	err := tx.QueryRowContext(ctx, `SELECT id, article_id, number FROM `+table+` WHERE uuid = ?`, ch.EntityUUID).Scan(&id, &article, &have)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (have == want || want <= 0)) {
		return nil
	}
	if err != nil {
		return err
	}
	history, err := queryChanges(ctx, tx, `c.entity_uuid = ?`, ch.EntityUUID)
	if err != nil {
		return err
	}
	if st := merge.StateOf(history, true); st.Clocks["number"] != merge.ClockOf(ch) {
		return nil // renumbered since
	}
	var other int64
	var placed bool
	err = tx.QueryRowContext(ctx, `SELECT c.id, EXISTS (SELECT 1 FROM changes h WHERE h.entity_uuid = c.uuid AND h.op = 'create' AND h.server_seq IS NOT NULL)
		FROM `+table+` c WHERE c.article_id = ? AND c.number = ? AND c.id != ?`, article, want, id).Scan(&other, &placed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case placed:
		return nil // the server renumbers this one; its change follows
	default:
		if err := moveNumber(ctx, tx, table, article, other); err != nil {
			return err
		}
	}
	if err := takeNumberOf(ctx, tx, table, article, want); err != nil {
		return err
	}
	if _, err = tx.ExecContext(ctx, `UPDATE `+table+` SET number = ? WHERE id = ?`, want, id); err != nil {
		return err
	}
	if table == "article_versions" {
		return currentVersion(ctx, tx, id)
	}
	return nil
}

// loadConflicts gives the claims in byID their verdicts in conflict.
func loadConflicts(ctx context.Context, tx *sql.Tx, byID map[int64]*annotate.Claim) error {
	rows, err := tx.QueryContext(ctx, `SELECT claim_id, choices FROM claim_conflicts`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var choices string
		if err := rows.Scan(&id, &choices); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			if err := json.Unmarshal([]byte(choices), &c.Conflict); err != nil {
				return fmt.Errorf("verdicts in conflict of claim %d: %w", id, err)
			}
		}
	}
	return rows.Err()
}

// applyConflict marks claim id in conflict with the verdicts d holds, with
// those it was in conflict with already, or clears the conflict d resolves.
func applyConflict(ctx context.Context, tx *sql.Tx, id int64, d merge.Decision) error {
	if d.Resolve {
		_, err := tx.ExecContext(ctx, `DELETE FROM claim_conflicts WHERE claim_id = ?`, id)
		return err
	}
	if d.Conflict == nil && d.Verdict == nil {
		return nil
	}
	var had []annotate.VerdictChoice
	var stored string
	err := tx.QueryRowContext(ctx, `SELECT choices FROM claim_conflicts WHERE claim_id = ?`, id).Scan(&stored)
	if err == nil {
		if err := json.Unmarshal([]byte(stored), &had); err != nil {
			return err
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	choices, ok := merge.ConflictChoices(had, d)
	if !ok {
		return nil
	}
	return storeChoices(ctx, tx, id, choices)
}

// storeChoices makes choices, with their authors' names, the verdicts in
// conflict of claim id; none clears its conflict.
func storeChoices(ctx context.Context, tx *sql.Tx, id int64, choices []annotate.VerdictChoice) error {
	if len(choices) == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM claim_conflicts WHERE claim_id = ?`, id)
		return err
	}
	for i := range choices {
		if err := tx.QueryRowContext(ctx, `SELECT name FROM people WHERE uuid = ?`, choices[i].Author.UUID).Scan(&choices[i].Author.Name); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	data, err := json.Marshal(choices)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO claim_conflicts(claim_id, choices) VALUES (?, ?)
		ON CONFLICT(claim_id) DO UPDATE SET choices = excluded.choices`, id, string(data))
	return err
}

// settleConflicts sets the verdicts in conflict of the claims (by UUID)
// whose verdicts a batch changed from their whole history: a claim's
// conflict as each change arrived can depend on the order they came in.
func settleConflicts(ctx context.Context, tx *sql.Tx, claims map[string]bool) error {
	for _, uuid := range slices.Sorted(maps.Keys(claims)) {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM claims WHERE uuid = ?`, uuid).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // deleted
		}
		if err != nil {
			return err
		}
		history, err := queryChanges(ctx, tx, `c.entity_uuid = ?`, uuid)
		if err != nil {
			return err
		}
		if err := storeChoices(ctx, tx, id, merge.Conflict(history)); err != nil {
			return err
		}
	}
	return nil
}

// ResolveConflict picks one of the verdicts of a claim in conflict, with its
// rationale, as a change of its own that clears the conflict on every
// library it reaches.
func (db *DB) ResolveConflict(ctx context.Context, claimID int64, choice annotate.VerdictChoice) error {
	if _, err := annotate.ParseVerdict(string(choice.Verdict)); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		old, article, err := db.claimRow(ctx, tx, claimID)
		if err != nil {
			return err
		}
		var stored string
		err = tx.QueryRowContext(ctx, `SELECT choices FROM claim_conflicts WHERE claim_id = ?`, claimID).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.EINVALID, "claim %d/%d has no verdicts in conflict", old.ArticleID, old.Number)
		}
		if err != nil {
			return err
		}
		var choices []annotate.VerdictChoice
		if err := json.Unmarshal([]byte(stored), &choices); err != nil {
			return err
		}
		p := old
		if err := p.SetVerdict(choice.Verdict); err != nil {
			return err
		}
		p.Rationale = choice.Rationale
		// The verdict kept is its author's check, not yet reviewed.
		p.CheckedBy, p.ReviewedBy = choice.Author.Name, ""
		fields := append(annotate.ChangedFields(annotate.ClaimFields(&old), annotate.ClaimFields(&p)),
			annotate.FieldChange{Field: annotate.ConflictField, Old: int64(len(choices))})
		if _, err := tx.ExecContext(ctx, `UPDATE claims SET verdict = ?, rationale = ?, status = ?, checked_by = ?, reviewed_by = ?, updated = ?, rev = rev + 1 WHERE id = ?`,
			string(p.Verdict), p.Rationale, string(p.Status), p.CheckedBy, p.ReviewedBy, formatTime(now()), claimID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM claim_conflicts WHERE claim_id = ?`, claimID); err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		return log.add(annotate.Change{Kind: annotate.KindClaim, EntityUUID: old.UUID, EntityID: claimID, ArticleUUID: article,
			Op: annotate.OpUpdate, Rev: old.Rev + 1, Fields: fields})
	})
}

// verdictChosen updates the choices of claim id, if it is in conflict, for
// the verdict change ch made here.
func (db *DB) verdictChosen(ctx context.Context, tx *sql.Tx, id int64, ch annotate.Change) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claim_conflicts WHERE claim_id = ?`, id).Scan(&n); err != nil || n == 0 {
		return err
	}
	history, err := queryChanges(ctx, tx, `c.entity_uuid = ?`, ch.EntityUUID)
	if err != nil {
		return err
	}
	for _, f := range ch.Fields {
		if f.Field == "verdict" {
			now, _ := f.New.(string)
			return applyConflict(ctx, tx, id, merge.Decision{Verdict: &annotate.VerdictChoice{Verdict: annotate.Verdict(now),
				Rationale: merge.RationaleOf(history, ch.Author.UUID, merge.ClockOf(ch)), Author: ch.Author, Time: ch.HLC.Time()}})
		}
	}
	return nil
}

// restoreSources makes again the sources of a claim restored here (ch, of
// a claim whose state before was st) that were made elsewhere after its
// delete, and went here with the claim when its delete arrived.
func (db *DB) restoreSources(ctx context.Context, tx *sql.Tx, ch annotate.Change, st merge.State) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT c.entity_uuid FROM changes c WHERE c.kind = 'source' AND c.claim_uuid = ?
		AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.uuid = c.entity_uuid)`, ch.EntityUUID)
	if err != nil {
		return err
	}
	var lost []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			rows.Close()
			return err
		}
		lost = append(lost, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, u := range lost {
		history, err := queryChanges(ctx, tx, `c.entity_uuid = ?`, u)
		if err != nil {
			return err
		}
		if !merge.Survives(history, st) {
			continue
		}
		var create annotate.Change
		for _, h := range history {
			if h.Op == annotate.OpCreate && merge.ClockOf(create).Before(merge.ClockOf(h)) {
				create = h
			}
		}
		if _, err := db.createEntity(ctx, tx, create, merge.Decision{Create: true, Set: merge.Replay(history)}, formatTime(create.HLC.Time())); err != nil {
			return err
		}
	}
	return nil
}

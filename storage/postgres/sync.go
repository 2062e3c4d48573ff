package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/merge"
	"github.com/jackc/pgx/v5"
)

// ChangesSince returns up to limit changes after seq in the order the
// server recorded them, each with its Seq and its author's name: the team
// log a desk pulls. A version's creation carries its text and blocks as
// payload fields.
func (db *DB) ChangesSince(ctx context.Context, seq int64, limit int) ([]annotate.Change, error) {
	var out []annotate.Change
	err := db.read(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT c.seq, c.uuid, c.hlc, c.author_uuid, coalesce(p.name, ''), c.kind, coalesce(c.entity_uuid::text, ''), c.entity_id, c.entity_key,
				coalesce(c.article_uuid::text, ''), coalesce(c.claim_uuid::text, ''), c.op, c.rev, c.fields
			FROM changes c LEFT JOIN people p ON p.uuid = c.author_uuid WHERE c.seq > $1 ORDER BY c.seq LIMIT $2`, seq, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ch annotate.Change
			var fields []byte
			if err := rows.Scan(&ch.Seq, &ch.UUID, &ch.HLC, &ch.Author.UUID, &ch.Author.Name, &ch.Kind, &ch.EntityUUID, &ch.EntityID, &ch.EntityKey,
				&ch.ArticleUUID, &ch.ClaimUUID, &ch.Op, &ch.Rev, &fields); err != nil {
				return err
			}
			if ch.Fields, err = annotate.DecodeFields(fields); err != nil {
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
			var text string
			var blocks, removed []byte
			err := tx.QueryRow(ctx, `SELECT text, blocks::text, removed::text FROM article_versions WHERE uuid = $1`, ch.EntityUUID).Scan(&text, &blocks, &removed)
			if errors.Is(err, pgx.ErrNoRows) {
				continue // gone with its article
			}
			if err != nil {
				return err
			}
			ch.Fields = append(ch.Fields, annotate.FieldChange{Field: merge.PayloadText, New: text},
				annotate.FieldChange{Field: merge.PayloadBlocks, New: string(blocks)}, annotate.FieldChange{Field: merge.PayloadRemoved, New: string(removed)})
		}
		return nil
	})
	return out, err
}

// LastSeq is the seq of the latest change in the team log, 0 if none.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var n int64
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM changes`).Scan(&n)
	return n, db.wrap(err)
}

// ApplyChanges applies changes pushed by a desk, in the order given, by the
// rules of package merge, and records each under its own UUID, clock and
// author, all in one transaction: the desks' work shows to those who open
// the team library directly. A change already recorded is skipped, so a
// batch pushed twice changes nothing. It returns how many were new.
func (db *DB) ApplyChanges(ctx context.Context, changes []annotate.Change) (int, error) {
	var applied int
	err := db.write(ctx, func(tx pgx.Tx) error {
		applied = 0
		known := map[string][]annotate.Change{}
		// The articles whose claims' anchors may not hold on their text
		// once the batch is applied.
		moved, verdicts := map[string]bool{}, map[string]bool{}
		for _, ch := range changes {
			ok, err := applyChange(ctx, tx, ch, known)
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

var tableOf = map[string]string{
	annotate.KindArticle: "articles", annotate.KindClaim: "claims",
	annotate.KindSource: "sources", annotate.KindVersion: "article_versions",
}

func applyChange(ctx context.Context, tx pgx.Tx, ch annotate.Change, known map[string][]annotate.Change) (bool, error) {
	if ch.Author.UUID == "" {
		return false, annotate.Errorf(annotate.EINVALID, "change %s has no author", ch.UUID)
	}
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM changes WHERE uuid = $1`, ch.UUID).Scan(&one)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	// The server's names are the ones that count: a desk's may be stale.
	if _, err := tx.Exec(ctx, `INSERT INTO people(uuid, name) VALUES ($1, $2) ON CONFLICT (uuid) DO NOTHING`, ch.Author.UUID, ch.Author.Name); err != nil {
		return false, err
	}
	var id int64
	var renumber *annotate.Change
	if table, ok := tableOf[ch.Kind]; ok && ch.EntityUUID != "" {
		id, renumber, err = applyEntity(ctx, tx, table, ch, known)
		if err != nil {
			return false, err
		}
	}
	if merge.SharedSetting(ch) {
		history, err := queryChanges(ctx, tx, `c.kind = 'setting' AND c.entity_key = $1`, ch.EntityKey)
		if err != nil {
			return false, err
		}
		if v, ok := merge.Decide(ch, merge.StateOf(history, true)).Set["value"]; ok {
			if _, err := tx.Exec(ctx, `INSERT INTO settings(key, value, rev) VALUES ($1, $2, 1)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, rev = settings.rev + 1`, ch.EntityKey, merge.Value(merge.Text, v)); err != nil {
				return false, err
			}
		}
	}
	if err := recordChange(ctx, tx, ch, id); err != nil {
		return false, err
	}
	if renumber != nil {
		known[ch.EntityUUID] = append(known[ch.EntityUUID], *renumber)
		return true, recordChange(ctx, tx, *renumber, id)
	}
	return true, nil
}

func recordChange(ctx context.Context, tx pgx.Tx, ch annotate.Change, id int64) error {
	fields, err := json.Marshal(merge.Recorded(ch.Fields))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO changes(uuid, hlc, author_uuid, kind, entity_uuid, entity_id, entity_key, article_uuid, claim_uuid, op, rev, fields)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (uuid) DO NOTHING`,
		ch.UUID, string(ch.HLC), ch.Author.UUID, ch.Kind, uuidParam(ch.EntityUUID), id, ch.EntityKey,
		uuidParam(ch.ArticleUUID), uuidParam(ch.ClaimUUID), ch.Op, ch.Rev, json.RawMessage(fields))
	return err
}

// applyEntity writes what merge decides for ch and returns the thing's id
// here and, when the server gave a new claim another number because its
// own was taken by a claim earlier in server order, the change that
// records that.
func applyEntity(ctx context.Context, tx pgx.Tx, table string, ch annotate.Change, known map[string][]annotate.Change) (int64, *annotate.Change, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM `+table+` WHERE uuid = $1`, ch.EntityUUID).Scan(&id)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, err
	}
	// A batch of many changes to one thing reads its history once.
	history, ok := known[ch.EntityUUID]
	if !ok {
		if history, err = queryChanges(ctx, tx, `c.entity_uuid = $1`, ch.EntityUUID); err != nil {
			return 0, nil, err
		}
	}
	known[ch.EntityUUID] = append(history, ch)
	st := merge.StateOf(history, id != 0)
	if id != 0 && ch.Kind == annotate.KindClaim {
		if st.Tags, err = claimTags(ctx, tx, id); err != nil {
			return 0, nil, err
		}
		if err := tx.QueryRow(ctx, `SELECT verdict, rationale FROM claims WHERE id = $1`, id).Scan(&st.Verdict, &st.Rationale); err != nil {
			return 0, nil, err
		}
	}
	d := merge.Decide(ch, st)
	if err := applyConflict(ctx, tx, id, d); err != nil {
		return 0, nil, err
	}
	if d.Empty() {
		return id, nil, nil
	}
	stamp := ch.HLC.Time()
	switch {
	case d.Delete:
		_, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE id = $1`, id)
		return id, nil, err
	case d.Create:
		id, renumber, err := createEntity(ctx, tx, ch, merge.Recreate(d, known[ch.EntityUUID]), stamp)
		if err == nil && id != 0 && ch.Kind == annotate.KindClaim && !st.Deleted.IsZero() {
			err = restoreSources(ctx, tx, ch, st)
		}
		return id, renumber, err
	}
	cols := merge.Columns[ch.Kind]
	var sets []string
	var args []any
	if n, ok := d.Set["number"]; ok {
		if err := freeNumber(ctx, tx, table, id, merge.Value(merge.Int, n).(int64)); err != nil {
			return 0, nil, err
		}
	}
	for _, f := range slices.Sorted(maps.Keys(d.Set)) {
		t, ok := cols[f]
		if !ok {
			continue
		}
		args = append(args, pgValue(t, d.Set[f]))
		sets = append(sets, fmt.Sprintf("%s = $%d", quoteColumn(f), len(args)))
	}
	if ch.Kind == annotate.KindClaim {
		args = append(args, stamp)
		sets = append(sets, fmt.Sprintf("updated = $%d", len(args)))
	}
	if ch.Kind != annotate.KindVersion {
		sets = append(sets, "rev = rev + 1")
	}
	if len(sets) > 0 {
		args = append(args, id)
		if _, err := tx.Exec(ctx, `UPDATE `+table+` SET `+strings.Join(sets, ", ")+fmt.Sprintf(` WHERE id = $%d`, len(args)), args...); err != nil {
			return 0, nil, err
		}
	}
	if ch.Kind == annotate.KindVersion {
		if err := currentVersion(ctx, tx, id); err != nil {
			return 0, nil, err
		}
	}
	if d.TagsChanged {
		if err := replaceTags(ctx, tx, id, st.Tags, d.Tags); err != nil {
			return 0, nil, err
		}
	}
	return id, nil, nil
}

func createEntity(ctx context.Context, tx pgx.Tx, ch annotate.Change, d merge.Decision, stamp time.Time) (int64, *annotate.Change, error) {
	cols := merge.Columns[ch.Kind]
	names := []string{"uuid", "rev"}
	args := []any{ch.EntityUUID, 1}
	var parent int64
	switch ch.Kind {
	case annotate.KindArticle:
		names = append(names, "retrieved", "created", "version", "text")
		args = append(args, stamp, stamp, 0, "")
	case annotate.KindClaim, annotate.KindVersion:
		err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE uuid = $1`, ch.ArticleUUID).Scan(&parent)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, nil, nil // the article was deleted: so is what was in it
		}
		if err != nil {
			return 0, nil, err
		}
		names = append(names, "article_id", "created")
		args = append(args, parent, stamp)
		if ch.Kind == annotate.KindClaim {
			names = append(names, "updated")
			args = append(args, stamp)
		} else {
			names, args = slices.Delete(names, 1, 2), slices.Delete(args, 1, 2) // versions have no revision
			names = append(names, "text", "blocks", "removed")
			args = append(args, merge.Value(merge.Text, d.Set[merge.PayloadText]), jsonParam(d.Set[merge.PayloadBlocks]), jsonParam(d.Set[merge.PayloadRemoved]))
		}
	case annotate.KindSource:
		err := tx.QueryRow(ctx, `SELECT id FROM claims WHERE uuid = $1`, ch.ClaimUUID).Scan(&parent)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, nil, nil
		}
		if err != nil {
			return 0, nil, err
		}
		// A source made before its claim was deleted went with it, even
		// if the claim was restored since.
		claimHistory, err := queryChanges(ctx, tx, `c.entity_uuid = $1`, ch.ClaimUUID)
		if err != nil {
			return 0, nil, err
		}
		if merge.Orphaned(merge.ClockOf(ch), merge.StateOf(claimHistory, true)) {
			return 0, nil, nil
		}
		names = append(names, "claim_id")
		args = append(args, parent)
	}
	given := merge.Value(merge.Int, d.Set["number"]).(int64)
	number := given
	switch ch.Kind {
	case annotate.KindClaim:
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM claims WHERE article_id = $1 AND number = $2)`, parent, number).Scan(&taken); err != nil {
			return 0, nil, err
		}
		if taken || number <= 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO claim_counters(article_id, next) VALUES ($1, 2)
				ON CONFLICT (article_id) DO UPDATE SET next = claim_counters.next + 1 RETURNING next - 1`, parent).Scan(&number); err != nil {
				return 0, nil, err
			}
		} else if _, err := tx.Exec(ctx, `INSERT INTO claim_counters(article_id, next) VALUES ($1, $2 + 1)
				ON CONFLICT (article_id) DO UPDATE SET next = greatest(claim_counters.next, excluded.next)`, parent, number); err != nil {
			return 0, nil, err
		}
	case annotate.KindVersion:
		if err := tx.QueryRow(ctx, `SELECT CASE WHEN EXISTS (SELECT 1 FROM article_versions WHERE article_id = $1 AND number = $2)
				THEN (SELECT max(number) + 1 FROM article_versions WHERE article_id = $1) ELSE $2 END`, parent, number).Scan(&number); err != nil {
			return 0, nil, err
		}
	}
	for _, f := range slices.Sorted(maps.Keys(cols)) {
		v := d.Set[f]
		if f == "number" {
			v = number
		}
		if f == "stance" && v == nil {
			v = string(annotate.StanceContext)
		}
		names = append(names, quoteColumn(f))
		args = append(args, pgValue(cols[f], v))
	}
	marks := make([]string, len(names))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO `+tableOf[ch.Kind]+`(`+strings.Join(names, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`) RETURNING id`, args...).Scan(&id); err != nil {
		return 0, nil, err
	}
	switch ch.Kind {
	case annotate.KindClaim:
		if d.TagsChanged {
			if err := insertTags(ctx, tx, id, d.Tags, 0); err != nil {
				return 0, nil, err
			}
		}
	case annotate.KindVersion:
		if err := currentVersion(ctx, tx, id); err != nil {
			return 0, nil, err
		}
	}
	if number != given {
		// Two desks gave this number to different claims (or
		// versions) of an article: the one later in server order
		// takes the next free number, and every desk learns it from
		// this change.
		var last annotate.HLC
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(hlc), '') FROM changes`).Scan(&last); err != nil {
			return 0, nil, err
		}
		if last < ch.HLC {
			last = ch.HLC
		}
		fc := annotate.FieldChange{Field: "number", New: number}
		if given > 0 {
			fc.Old = given
		}
		return id, &annotate.Change{UUID: annotate.NewUUID(), HLC: annotate.NextHLC(last, now()), Author: ch.Author, Kind: ch.Kind,
			EntityUUID: ch.EntityUUID, ArticleUUID: ch.ArticleUUID, Op: annotate.OpUpdate,
			Fields: []annotate.FieldChange{fc}}, nil
	}
	return id, nil, nil
}

// currentVersion makes the article of version id show its newest version:
// versions are a union, and the last in server order is current.
func currentVersion(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE articles a SET text = v.text, version = v.number, rev = a.rev + 1
		FROM (SELECT text, number FROM article_versions WHERE article_id = (SELECT article_id FROM article_versions WHERE id = $1)
			ORDER BY number DESC LIMIT 1) v
		WHERE a.id = (SELECT article_id FROM article_versions WHERE id = $1) AND a.version != v.number`, id)
	return err
}

// freeNumber moves any other claim (or version) of the article of id in
// table off number n, so that id can take it.
func freeNumber(ctx context.Context, tx pgx.Tx, table string, id, n int64) error {
	var article int64
	if err := tx.QueryRow(ctx, `SELECT article_id FROM `+table+` WHERE id = $1`, id).Scan(&article); err != nil {
		return err
	}
	if table == "claims" {
		if _, err := tx.Exec(ctx, `INSERT INTO claim_counters(article_id, next) VALUES ($1, $2 + 1)
			ON CONFLICT (article_id) DO UPDATE SET next = greatest(claim_counters.next, excluded.next)`, article, n); err != nil {
			return err
		}
	}
	var other int64
	err := tx.QueryRow(ctx, `SELECT id FROM `+table+` WHERE article_id = $1 AND number = $2 AND id != $3`, article, n, id).Scan(&other)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if table == "claims" {
		_, err = tx.Exec(ctx, `WITH n AS (INSERT INTO claim_counters(article_id, next) VALUES ($1, 2)
			ON CONFLICT (article_id) DO UPDATE SET next = claim_counters.next + 1 RETURNING next - 1 AS number)
			UPDATE claims SET number = (SELECT number FROM n) WHERE id = $2`, article, other)
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE article_versions SET number = (SELECT max(number) + 1 FROM article_versions WHERE article_id = $1) WHERE id = $2`, article, other)
	return err
}

func claimTags(ctx context.Context, tx pgx.Tx, id int64) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT t.name FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = $1 ORDER BY ct.position`, id)
	if err != nil {
		return nil, err
	}
	tags, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if tags == nil {
		tags = []string{}
	}
	return tags, err
}

// pgValue is a change's value as a column of type t takes it: a time is
// parsed from its RFC 3339 text, NULL for none.
func pgValue(t merge.Type, v any) any {
	x := merge.Value(t, v)
	if t == merge.Time {
		s := x.(string)
		if s == "" {
			return nil
		}
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil
		}
		return tm
	}
	return x
}

// jsonParam is JSON text as a jsonb parameter, NULL for none.
func jsonParam(v any) any {
	s, _ := v.(string)
	if s == "" {
		return nil
	}
	return s
}

func quoteColumn(name string) string {
	if name == "end" {
		return `"end"`
	}
	return name
}

// loadConflicts gives the claims in byID their verdicts in conflict.
func loadConflicts(ctx context.Context, q queryer, byID map[int64]*annotate.Claim) error {
	rows, err := q.Query(ctx, `SELECT claim_id, choices FROM claim_conflicts`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var choices []byte
		if err := rows.Scan(&id, &choices); err != nil {
			return err
		}
		if c := byID[id]; c != nil {
			if err := json.Unmarshal(choices, &c.Conflict); err != nil {
				return fmt.Errorf("verdicts in conflict of claim %d: %w", id, err)
			}
		}
	}
	return rows.Err()
}

// applyConflict marks claim id in conflict with the verdicts d holds, with
// those it was in conflict with already, or clears the conflict d resolves.
func applyConflict(ctx context.Context, tx pgx.Tx, id int64, d merge.Decision) error {
	if d.Resolve {
		_, err := tx.Exec(ctx, `DELETE FROM claim_conflicts WHERE claim_id = $1`, id)
		return err
	}
	if d.Conflict == nil && d.Verdict == nil {
		return nil
	}
	var had []annotate.VerdictChoice
	var stored []byte
	err := tx.QueryRow(ctx, `SELECT choices FROM claim_conflicts WHERE claim_id = $1`, id).Scan(&stored)
	if err == nil {
		if err := json.Unmarshal(stored, &had); err != nil {
			return err
		}
	} else if !errors.Is(err, pgx.ErrNoRows) {
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
func storeChoices(ctx context.Context, tx pgx.Tx, id int64, choices []annotate.VerdictChoice) error {
	if len(choices) == 0 {
		_, err := tx.Exec(ctx, `DELETE FROM claim_conflicts WHERE claim_id = $1`, id)
		return err
	}
	for i := range choices {
		if err := tx.QueryRow(ctx, `SELECT name FROM people WHERE uuid = $1`, choices[i].Author.UUID).Scan(&choices[i].Author.Name); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
	}
	data, err := json.Marshal(choices)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO claim_conflicts(claim_id, choices) VALUES ($1, $2)
		ON CONFLICT (claim_id) DO UPDATE SET choices = excluded.choices`, id, json.RawMessage(data))
	return err
}

// settleConflicts sets the verdicts in conflict of the claims (by UUID)
// whose verdicts a batch changed from their whole history: a claim's
// conflict as each change arrived can depend on the order they came in.
func settleConflicts(ctx context.Context, tx pgx.Tx, claims map[string]bool) error {
	for _, uuid := range slices.Sorted(maps.Keys(claims)) {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM claims WHERE uuid = $1`, uuid).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // deleted
		}
		if err != nil {
			return err
		}
		history, err := queryChanges(ctx, tx, `c.entity_uuid = $1`, uuid)
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
	return db.write(ctx, func(tx pgx.Tx) error {
		claims, err := loadClaims(ctx, tx, `c.id = $1`, claimID)
		if err != nil {
			return err
		}
		if len(claims) == 0 {
			return annotate.Errorf(annotate.ENOTFOUND, "no claim with id %d", claimID)
		}
		old := claims[0]
		if len(old.Conflict) == 0 {
			return annotate.Errorf(annotate.EINVALID, "claim %d/%d has no verdicts in conflict", old.ArticleID, old.Number)
		}
		var article string
		if err := tx.QueryRow(ctx, `SELECT uuid::text FROM articles WHERE id = $1`, old.ArticleID).Scan(&article); err != nil {
			return err
		}
		p := *old
		if err := p.SetVerdict(choice.Verdict); err != nil {
			return err
		}
		p.Rationale = choice.Rationale
		// The verdict kept is its author's check, not yet reviewed.
		p.CheckedBy, p.ReviewedBy = choice.Author.Name, ""
		fields := append(annotate.ChangedFields(annotate.ClaimFields(old), annotate.ClaimFields(&p)),
			annotate.FieldChange{Field: annotate.ConflictField, Old: int64(len(old.Conflict))})
		if _, err := tx.Exec(ctx, `UPDATE claims SET verdict = $1, rationale = $2, status = $3, checked_by = $4, reviewed_by = $5, updated = $6, rev = rev + 1 WHERE id = $7`,
			string(p.Verdict), p.Rationale, string(p.Status), p.CheckedBy, p.ReviewedBy, now(), claimID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM claim_conflicts WHERE claim_id = $1`, claimID); err != nil {
			return err
		}
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		return log.add(ctx, annotate.Change{Kind: annotate.KindClaim, EntityUUID: old.UUID, EntityID: claimID, ArticleUUID: article,
			Op: annotate.OpUpdate, Rev: old.Rev + 1, Fields: fields})
	})
}

// verdictChosen updates the choices of claim id, if it is in conflict, for
// the verdict the author set at the clock reading at.
func verdictChosen(ctx context.Context, tx pgx.Tx, id int64, uuid string, author annotate.Person, at annotate.HLC, verdict string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM claim_conflicts WHERE claim_id = $1`, id).Scan(&n); err != nil || n == 0 {
		return err
	}
	history, err := queryChanges(ctx, tx, `c.entity_uuid = $1`, uuid)
	if err != nil {
		return err
	}
	var clock merge.Clock
	for _, ch := range history {
		if ch.HLC == at {
			clock = merge.ClockOf(ch)
		}
	}
	return applyConflict(ctx, tx, id, merge.Decision{Verdict: &annotate.VerdictChoice{Verdict: annotate.Verdict(verdict),
		Rationale: merge.RationaleOf(history, author.UUID, clock), Author: author, Time: at.Time()}})
}

// restoreSources makes again the sources of a claim restored here (ch, of
// a claim whose state before was st) that were made elsewhere after its
// delete, and went here with the claim when its delete arrived.
func restoreSources(ctx context.Context, tx pgx.Tx, ch annotate.Change, st merge.State) error {
	rows, err := tx.Query(ctx, `SELECT DISTINCT c.entity_uuid::text FROM changes c WHERE c.kind = 'source' AND c.claim_uuid = $1
		AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.uuid = c.entity_uuid)`, ch.EntityUUID)
	if err != nil {
		return err
	}
	lost, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, u := range lost {
		history, err := queryChanges(ctx, tx, `c.entity_uuid = $1`, u)
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
		if _, _, err := createEntity(ctx, tx, create, merge.Decision{Create: true, Set: merge.Replay(history)}, create.HLC.Time()); err != nil {
			return err
		}
	}
	return nil
}

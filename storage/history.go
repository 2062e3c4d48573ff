package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"os/user"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// authorKey is the setting that names, by UUID, the person this library's
// changes are recorded as. Settings under "user." belong to this desk and
// are not part of the history.
const authorKey = "user.uuid"

// changeLog records the changes of one write transaction in the history,
// each with the transaction's author and a fresh hybrid-logical-clock time.
type changeLog struct {
	ctx    context.Context
	tx     *sql.Tx
	ins    *sql.Stmt
	author string
	last   annotate.HLC
	made   []annotate.Change
}

const changeInsert = `INSERT INTO changes(uuid, hlc, author_uuid, kind, entity_uuid, entity_id, entity_key, article_uuid, claim_uuid, op, rev, fields)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// changeLog starts the record of tx's changes. The clock reads the latest
// time in the history inside the transaction, so that writers in other
// processes, which queue at SQLite's lock, never go backwards.
func (db *DB) changeLog(ctx context.Context, tx *sql.Tx) (*changeLog, error) {
	author, err := db.ensureAuthor(ctx, tx)
	if err != nil {
		return nil, err
	}
	last, err := db.stmt(ctx, tx, `SELECT coalesce(max(hlc), '') FROM changes`)
	if err != nil {
		return nil, err
	}
	l := &changeLog{ctx: ctx, tx: tx, author: author}
	if err := last.QueryRowContext(ctx).Scan(&l.last); err != nil {
		return nil, err
	}
	if l.ins, err = db.stmt(ctx, tx, changeInsert); err != nil {
		return nil, err
	}
	return l, nil
}

// add records ch, giving it its UUID, time and author.
func (l *changeLog) add(ch annotate.Change) error {
	ch.UUID = annotate.NewUUID()
	ch.HLC = annotate.NextHLC(l.last, now())
	l.last = ch.HLC
	ch.Author.UUID = l.author
	if ch.Fields == nil {
		ch.Fields = []annotate.FieldChange{}
	}
	fields, err := json.Marshal(ch.Fields)
	if err != nil {
		return err
	}
	_, err = l.ins.ExecContext(l.ctx, ch.UUID, string(ch.HLC), ch.Author.UUID, ch.Kind, ch.EntityUUID, ch.EntityID, ch.EntityKey,
		ch.ArticleUUID, ch.ClaimUUID, ch.Op, ch.Rev, string(fields))
	if err == nil {
		l.made = append(l.made, ch)
	}
	return err
}

// field is one named value of a thing, for the fields of a change.
type field struct {
	name  string
	value any
}

// isEmpty reports whether v is a zero value, left out of creates and
// tombstones.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case int64:
		return x == 0
	case int:
		return x == 0
	case float64:
		return x == 0
	case []string:
		return len(x) == 0
	}
	return v == nil
}

func sameValue(a, b any) bool {
	if as, ok := a.([]string); ok {
		bs, ok := b.([]string)
		return ok && strings.Join(as, "\x00") == strings.Join(bs, "\x00") && len(as) == len(bs)
	}
	return a == b
}

// createdFields is the field changes of a new thing: every value that is set.
func createdFields(fs []field) []annotate.FieldChange {
	out := []annotate.FieldChange{}
	for _, f := range fs {
		if !isEmpty(f.value) {
			out = append(out, annotate.FieldChange{Field: f.name, New: f.value})
		}
	}
	return out
}

// deletedFields is the tombstone of a thing: every value it had.
func deletedFields(fs []field) []annotate.FieldChange {
	out := []annotate.FieldChange{}
	for _, f := range fs {
		if !isEmpty(f.value) {
			out = append(out, annotate.FieldChange{Field: f.name, Old: f.value})
		}
	}
	return out
}

// changedFields is the field changes from old to new, which list the same
// fields in the same order.
func changedFields(old, new []field) []annotate.FieldChange {
	out := []annotate.FieldChange{}
	for i := range old {
		if !sameValue(old[i].value, new[i].value) {
			if fc, ok := setChange(old[i].name, old[i].value, new[i].value); ok {
				out = append(out, fc)
				continue
			}
			fc := annotate.FieldChange{Field: old[i].name}
			if !isEmpty(old[i].value) {
				fc.Old = old[i].value
			}
			if !isEmpty(new[i].value) {
				fc.New = new[i].value
			}
			out = append(out, fc)
		}
	}
	return out
}

// setChange is the change of a list field from old to new as the members
// added and removed, when that says all of it (the order of the members
// that stay is unchanged).
func setChange(name string, old, new any) (annotate.FieldChange, bool) {
	was, ok1 := old.([]string)
	is, ok2 := new.([]string)
	if !ok1 || !ok2 {
		return annotate.FieldChange{}, false
	}
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	fc := annotate.FieldChange{Field: name}
	var keptOld, keptNew []string
	for _, s := range was {
		if in(is, s) {
			keptOld = append(keptOld, s)
		} else {
			fc.Removed = append(fc.Removed, s)
		}
	}
	for _, s := range is {
		if in(was, s) {
			keptNew = append(keptNew, s)
		} else {
			fc.Added = append(fc.Added, s)
		}
	}
	if !sameValue(keptOld, keptNew) {
		return annotate.FieldChange{}, false // reordered: record both lists
	}
	return fc, true
}

// claimFields are the claim's recorded fields, in a fixed order.
func claimFields(c *annotate.Claim) []field {
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	return []field{
		{"number", int64(c.Number)},
		{"start", int64(c.Start)}, {"end", int64(c.End)},
		{"exact", c.Exact}, {"prefix", c.Prefix}, {"suffix", c.Suffix},
		{"anchor_method", string(c.AnchorBy)}, {"anchor_score", c.AnchorScore},
		{"statement", c.Statement}, {"claimant", c.Claimant}, {"claim_date", c.ClaimDate},
		{"tags", tags}, {"status", string(c.Status)}, {"verdict", string(c.Verdict)},
		{"rationale", c.Rationale}, {"notes", c.Notes},
	}
}

func sourceFields(s *annotate.Source) []field {
	return []field{
		{"url", s.URL}, {"title", s.Title}, {"publisher", s.Publisher},
		{"accessed", formatTime(s.Accessed)}, {"archive_url", s.ArchiveURL},
		{"stance", string(s.Stance)}, {"excerpt", s.Excerpt},
	}
}

// articleFields are an article's metadata; its text is recorded by its
// versions.
func articleFields(a *annotate.Article) []field {
	return []field{
		{"title", a.Title}, {"byline", a.Byline}, {"publisher", a.Publisher},
		{"url", a.URL}, {"language", a.Language}, {"published", formatTime(a.Published)},
		{"report_url", a.ReportURL}, {"report_published", formatTime(a.ReportPublished)},
	}
}

func versionFields(v *annotate.ArticleVersion) []field {
	return []field{{"number", int64(v.Number)}, {"format", v.Format}, {"sha256", v.SHA256}}
}

// defaultAuthorName is the name of the system user running the program.
var defaultAuthorName = sync.OnceValue(func() string {
	if u, err := user.Current(); err == nil {
		if name := strings.TrimSpace(u.Username); name != "" {
			return name
		}
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			return v
		}
	}
	return "unknown"
})

// ensureAuthor returns the UUID of the person this library's changes are
// recorded as, making one named after the system user on the first write.
func (db *DB) ensureAuthor(ctx context.Context, tx *sql.Tx) (string, error) {
	get, err := db.stmt(ctx, tx, `SELECT s.value FROM settings s JOIN people p ON p.uuid = s.value WHERE s.key = '`+authorKey+`'`)
	if err != nil {
		return "", err
	}
	var id string
	err = get.QueryRowContext(ctx).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	id = annotate.NewUUID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO people(uuid, name) VALUES (?, ?)`, id, clip(defaultAuthorName(), 200)); err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1`, authorKey, id)
	return id, err
}

// Author returns the person this library's changes are recorded as: by
// default one named after the system user, made on first use.
func (db *DB) Author(ctx context.Context) (annotate.Person, error) {
	var p annotate.Person
	read := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) error {
		return q.QueryRowContext(ctx, `SELECT p.uuid, p.name FROM settings s JOIN people p ON p.uuid = s.value WHERE s.key = ?`, authorKey).Scan(&p.UUID, &p.Name)
	}
	err := read(db.sql)
	if errors.Is(err, sql.ErrNoRows) && db.readOnly == "" {
		err = db.write(ctx, func(tx *sql.Tx) error {
			if _, err := db.ensureAuthor(ctx, tx); err != nil {
				return err
			}
			return read(tx)
		})
	}
	if errors.Is(err, sql.ErrNoRows) {
		return annotate.Person{Name: defaultAuthorName()}, nil
	}
	return p, db.wrap(err)
}

// SetAuthorName renames the person this library's changes are recorded as
// (factdesk config set user.name). Changes already recorded show the new
// name: they name the person, not the text.
func (db *DB) SetAuthorName(ctx context.Context, name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return annotate.Errorf(annotate.EINVALID, "the user name is empty")
	case len(name) > annotate.MaxFieldBytes:
		return annotate.Errorf(annotate.ETOOLARGE, "the user name is longer than %d bytes", annotate.MaxFieldBytes)
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\n\r"):
		return annotate.Errorf(annotate.EINVALID, "the user name %q is not one line of text", clip(name, 40))
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		id, err := db.ensureAuthor(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE people SET name = ? WHERE uuid = ?`, name, id)
		return err
	})
}

// History returns the recorded changes of the article or claim id, oldest
// first: an article's with those of its versions, claims and sources, a
// claim's with those of its sources. The history of a deleted claim or
// article is kept and ends with its tombstone.
func (db *DB) History(ctx context.Context, kind string, id int64) ([]annotate.Change, error) {
	var scope string
	switch kind {
	case annotate.KindArticle:
		scope = "article_uuid"
	case annotate.KindClaim:
		scope = "claim_uuid"
	default:
		return nil, annotate.Errorf(annotate.EINVALID, "history is kept by article or claim, not %q", kind)
	}
	var out []annotate.Change
	err := db.read(ctx, func(tx *sql.Tx) error {
		// kind is one of the two constants above; the table is named after it.
		var uuid string
		err := tx.QueryRowContext(ctx, `SELECT uuid FROM `+kind+`s WHERE id = ?`, id).Scan(&uuid)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.QueryRowContext(ctx, `SELECT entity_uuid FROM changes WHERE kind = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1`, kind, id).Scan(&uuid)
			if errors.Is(err, sql.ErrNoRows) {
				return annotate.Errorf(annotate.ENOTFOUND, "no %s with id %d, now or in the history", kind, id)
			}
		}
		if err != nil {
			return err
		}
		out, err = queryChanges(ctx, tx, `c.entity_uuid = ? OR c.`+scope+` = ?`, uuid, uuid)
		return err
	})
	return out, err
}

// queryChanges reads the changes that where (over changes c) selects, in
// clock order.
func queryChanges(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]annotate.Change, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.uuid, c.hlc, c.author_uuid, coalesce(p.name, ''), c.kind, c.entity_uuid, c.entity_id, c.entity_key,
			c.article_uuid, c.claim_uuid, c.op, c.rev, c.fields
		FROM changes c LEFT JOIN people p ON p.uuid = c.author_uuid WHERE `+where+` ORDER BY c.hlc, c.seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []annotate.Change{}
	for rows.Next() {
		var ch annotate.Change
		var fields string
		if err := rows.Scan(&ch.UUID, &ch.HLC, &ch.Author.UUID, &ch.Author.Name, &ch.Kind, &ch.EntityUUID, &ch.EntityID, &ch.EntityKey,
			&ch.ArticleUUID, &ch.ClaimUUID, &ch.Op, &ch.Rev, &fields); err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(fields)))
		dec.UseNumber()
		if err := dec.Decode(&ch.Fields); err != nil {
			return nil, err
		}
		for i := range ch.Fields {
			ch.Fields[i].Old = plainValue(ch.Fields[i].Old)
			ch.Fields[i].New = plainValue(ch.Fields[i].New)
		}
		ch.Time = ch.HLC.Time()
		out = append(out, ch)
	}
	return out, rows.Err()
}

// plainValue turns a decoded JSON value into what a change was recorded
// with: int64 or float64 for numbers, []string for lists.
func plainValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, _ := e.(string)
			out = append(out, s)
		}
		return out
	}
	return v
}

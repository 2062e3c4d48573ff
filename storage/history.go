package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"os/user"
	"strings"
	"sync"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
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

// authorName is the name of the person this library's changes are
// recorded as, read inside tx.
func (db *DB) authorName(ctx context.Context, tx *sql.Tx) (string, error) {
	id, err := db.ensureAuthor(ctx, tx)
	if err != nil {
		return "", err
	}
	get, err := db.stmt(ctx, tx, `SELECT name FROM people WHERE uuid = ?`)
	if err != nil {
		return "", err
	}
	var name string
	return name, get.QueryRowContext(ctx, id).Scan(&name)
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
	name, err := prepare.AuthorName(name)
	if err != nil {
		return err
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
		if ch.Fields, err = annotate.DecodeFields([]byte(fields)); err != nil {
			return nil, err
		}
		ch.Time = ch.HLC.Time()
		out = append(out, ch)
	}
	return out, rows.Err()
}

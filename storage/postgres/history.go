package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
	"github.com/jackc/pgx/v5"
)

// changeLog records the changes of one write transaction in the history,
// each with the transaction's author and a fresh hybrid-logical-clock time.
type changeLog struct {
	tx     pgx.Tx
	author string
	last   annotate.HLC
}

// changeLog starts the record of tx's changes. The clock reads the latest
// time in the history inside the transaction, which holds writeLock, so
// that it never goes backwards whichever desk wrote last.
func (db *DB) changeLog(ctx context.Context, tx pgx.Tx) (*changeLog, error) {
	author, err := ensureAuthor(ctx, tx)
	if err != nil {
		return nil, err
	}
	l := &changeLog{tx: tx, author: author}
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(hlc), '') FROM changes`).Scan(&l.last); err != nil {
		return nil, err
	}
	return l, nil
}

// add records ch, giving it its UUID, time and author.
func (l *changeLog) add(ctx context.Context, ch annotate.Change) error {
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
	_, err = l.tx.Exec(ctx, `INSERT INTO changes(uuid, hlc, author_uuid, kind, entity_uuid, entity_id, entity_key, article_uuid, claim_uuid, op, rev, fields)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		ch.UUID, string(ch.HLC), ch.Author.UUID, ch.Kind, uuidParam(ch.EntityUUID), ch.EntityID, ch.EntityKey,
		uuidParam(ch.ArticleUUID), uuidParam(ch.ClaimUUID), ch.Op, ch.Rev, json.RawMessage(fields))
	return err
}

// ensureAuthor returns the UUID of the person this connection's changes
// are recorded as: the person of the database role it logged in as, made
// on the role's first write and named after it.
func ensureAuthor(ctx context.Context, tx pgx.Tx) (string, error) {
	var id string
	err := tx.QueryRow(ctx, `SELECT uuid FROM people WHERE role = current_user`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return "", err
	}
	id = annotate.NewUUID()
	_, err = tx.Exec(ctx, `INSERT INTO people(uuid, name, role) VALUES ($1, current_user, current_user)`, id)
	return id, err
}

// authorName is the name of the person this connection's changes are
// recorded as, read inside tx.
func authorName(ctx context.Context, tx pgx.Tx) (string, error) {
	id, err := ensureAuthor(ctx, tx)
	if err != nil {
		return "", err
	}
	var name string
	return name, tx.QueryRow(ctx, `SELECT name FROM people WHERE uuid = $1`, id).Scan(&name)
}

// Author returns the person this library's changes are recorded as: by
// default one named after the database role, made on first use.
func (db *DB) Author(ctx context.Context) (annotate.Person, error) {
	var p annotate.Person
	read := func(q queryer) error {
		return q.QueryRow(ctx, `SELECT uuid, name FROM people WHERE role = current_user`).Scan(&p.UUID, &p.Name)
	}
	err := read(db.pool)
	if errors.Is(err, pgx.ErrNoRows) {
		err = db.write(ctx, func(tx pgx.Tx) error {
			if _, err := ensureAuthor(ctx, tx); err != nil {
				return err
			}
			return read(tx)
		})
	}
	return p, db.wrap(err)
}

// SetAuthorName renames the person this library's changes are recorded as.
// Changes already recorded show the new name: they name the person, not
// the text.
func (db *DB) SetAuthorName(ctx context.Context, name string) error {
	name, err := prepare.AuthorName(name)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		id, err := ensureAuthor(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE people SET name = $1 WHERE uuid = $2`, name, id)
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
	err := db.read(ctx, func(tx pgx.Tx) error {
		// kind is one of the two constants above; the table is named after it.
		var uuid string
		err := tx.QueryRow(ctx, `SELECT uuid FROM `+kind+`s WHERE id = $1`, id).Scan(&uuid)
		if errors.Is(err, pgx.ErrNoRows) {
			err = tx.QueryRow(ctx, `SELECT entity_uuid FROM changes WHERE kind = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT 1`, kind, id).Scan(&uuid)
			if errors.Is(err, pgx.ErrNoRows) {
				return annotate.Errorf(annotate.ENOTFOUND, "no %s with id %d, now or in the history", kind, id)
			}
		}
		if err != nil {
			return err
		}
		out, err = queryChanges(ctx, tx, `c.entity_uuid = $1 OR c.`+scope+` = $1`, uuid)
		return err
	})
	return out, err
}

// queryChanges reads the changes that where (over changes c) selects, in
// clock order.
func queryChanges(ctx context.Context, q queryer, where string, args ...any) ([]annotate.Change, error) {
	rows, err := q.Query(ctx, `SELECT c.uuid, c.hlc, c.author_uuid, coalesce(p.name, ''), c.kind, coalesce(c.entity_uuid::text, ''), c.entity_id, c.entity_key,
			coalesce(c.article_uuid::text, ''), coalesce(c.claim_uuid::text, ''), c.op, c.rev, c.fields
		FROM changes c LEFT JOIN people p ON p.uuid = c.author_uuid WHERE `+where+` ORDER BY c.hlc, c.seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []annotate.Change{}
	for rows.Next() {
		var ch annotate.Change
		var fields []byte
		if err := rows.Scan(&ch.UUID, &ch.HLC, &ch.Author.UUID, &ch.Author.Name, &ch.Kind, &ch.EntityUUID, &ch.EntityID, &ch.EntityKey,
			&ch.ArticleUUID, &ch.ClaimUUID, &ch.Op, &ch.Rev, &fields); err != nil {
			return nil, err
		}
		if ch.Fields, err = annotate.DecodeFields(fields); err != nil {
			return nil, err
		}
		ch.Time = ch.HLC.Time()
		out = append(out, ch)
	}
	return out, rows.Err()
}

// buriedRev is the revision the thing uuid had when it was last deleted, or
// rev when the history has no tombstone of it.
func buriedRev(ctx context.Context, tx pgx.Tx, uuid string, rev int64) (int64, error) {
	if !prepare.ValidUUID(uuid) {
		return rev, nil
	}
	var got int64
	err := tx.QueryRow(ctx, `SELECT rev FROM changes WHERE entity_uuid = $1 AND op = 'delete' ORDER BY seq DESC LIMIT 1`, uuid).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && got <= 0) {
		return rev, nil
	}
	return got, err
}

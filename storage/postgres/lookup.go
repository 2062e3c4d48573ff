package postgres

import (
	"context"
	"errors"
	"sort"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
	"github.com/jackc/pgx/v5"
)

// Tags lists the tags in use or given a colour, by name, each with its
// colour (annotate.TagColor when none was chosen) and how many claims
// carry it.
func (db *DB) Tags(ctx context.Context) ([]annotate.Tag, error) {
	// Names sort by code point, as in the SQLite library.
	rows, err := db.pool.Query(ctx, `SELECT t.name, t.color, count(ct.claim_id) FROM tags t LEFT JOIN claim_tags ct ON ct.tag_id = t.id
		GROUP BY t.id HAVING count(ct.claim_id) > 0 OR t.color <> '' ORDER BY t.name COLLATE "C"`)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	out := []annotate.Tag{}
	for rows.Next() {
		var t annotate.Tag
		if err := rows.Scan(&t.Name, &t.Color, &t.Count); err != nil {
			return nil, db.wrap(err)
		}
		if t.Color == "" {
			t.Color = annotate.TagColor(t.Name)
		}
		out = append(out, t)
	}
	return out, db.wrap(rows.Err())
}

// Claimants lists the distinct claimants, most used first.
func (db *DB) Claimants(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT claimant FROM claims WHERE claimant <> '' GROUP BY claimant ORDER BY count(*) DESC, claimant COLLATE "C"`)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if out == nil {
		out = []string{}
	}
	return out, db.wrap(err)
}

// People lists the people the library knows, by name.
func (db *DB) People(ctx context.Context) ([]annotate.Person, error) {
	rows, err := db.pool.Query(ctx, `SELECT uuid::text, name FROM people ORDER BY name COLLATE "C", uuid`)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (annotate.Person, error) {
		var p annotate.Person
		err := r.Scan(&p.UUID, &p.Name)
		return p, err
	})
	if out == nil {
		out = []annotate.Person{}
	}
	return out, db.wrap(err)
}

// Setting returns the value of key, or "" when it is unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return v, db.wrap(err)
}

// Settings returns the values and revisions of keys; a key never stored
// has the empty value and revision 0.
func (db *DB) Settings(ctx context.Context, keys ...string) (map[string]annotate.Setting, error) {
	out := make(map[string]annotate.Setting, len(keys))
	for _, k := range keys {
		out[k] = annotate.Setting{}
	}
	rows, err := db.pool.Query(ctx, `SELECT key, value, rev FROM settings WHERE key = ANY($1)`, keys)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var s annotate.Setting
		if err := rows.Scan(&k, &s.Value, &s.Rev); err != nil {
			return nil, db.wrap(err)
		}
		out[k] = s
	}
	return out, db.wrap(rows.Err())
}

// SetSetting stores value under key, whatever its revision; an empty value
// clears the setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if err := prepare.Setting(key, value); err != nil {
		return err
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		return storeSetting(ctx, tx, log, key, value, -1)
	})
}

// SetSettings stores every value in one transaction, each naming the
// revision it was read at (0 for a setting that was unset): if any has
// moved on, nothing is written and the error is an ECONFLICT. An empty
// value clears the setting.
func (db *DB) SetSettings(ctx context.Context, values map[string]annotate.Setting) error {
	keys := make([]string, 0, len(values))
	for k, v := range values {
		if err := prepare.Setting(k, v.Value); err != nil {
			return err
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return db.write(ctx, func(tx pgx.Tx) error {
		log, err := db.changeLog(ctx, tx)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := storeSetting(ctx, tx, log, k, values[k].Value, values[k].Rev); err != nil {
				return err
			}
		}
		return nil
	})
}

// storeSetting writes one setting inside tx with its change; rev is the
// revision it was read at, or -1 for no check. A cleared setting keeps its
// row, with the empty value, so that its revision goes on growing.
func storeSetting(ctx context.Context, tx pgx.Tx, log *changeLog, key, value string, rev int64) error {
	var old string
	var cur int64
	err := tx.QueryRow(ctx, `SELECT value, rev FROM settings WHERE key = $1`, key).Scan(&old, &cur)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if rev >= 0 && rev != cur {
		return annotate.ConflictError("setting "+key, rev, cur)
	}
	if old == value {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO settings(key, value, rev) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, rev = settings.rev + 1`, key, value); err != nil {
		return err
	}
	fc := annotate.FieldChange{Field: "value"}
	if old != "" {
		fc.Old = old
	}
	if value != "" {
		fc.New = value
	}
	return log.add(ctx, annotate.Change{Kind: annotate.KindSetting, EntityKey: key, Op: annotate.OpUpdate, Rev: cur + 1, Fields: []annotate.FieldChange{fc}})
}

// DismissSuggestion remembers that the claim assistant's suggestion of the
// code-point span [start, end) of the article was dismissed.
func (db *DB) DismissSuggestion(ctx context.Context, articleID int64, start, end int) error {
	if start < 0 || end <= start {
		return annotate.Errorf(annotate.EINVALID, "suggestion span %d–%d is empty or negative", start, end)
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO dismissed_suggestions(article_id, start, "end") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, articleID, start, end)
		return err
	})
}

// DismissedSuggestions returns the dismissed spans of the article in text order.
func (db *DB) DismissedSuggestions(ctx context.Context, articleID int64) ([][2]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT start, "end" FROM dismissed_suggestions WHERE article_id = $1 ORDER BY start, "end"`, articleID)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	out := [][2]int{}
	for rows.Next() {
		var s [2]int
		if err := rows.Scan(&s[0], &s[1]); err != nil {
			return nil, db.wrap(err)
		}
		out = append(out, s)
	}
	return out, db.wrap(rows.Err())
}

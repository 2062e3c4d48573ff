package storage

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"sort"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/prepare"
)

// Tags lists the tags in use or given a colour, by name, each with its
// colour (annotate.TagColor when none was chosen) and how many claims carry it.
func (db *DB) Tags(ctx context.Context) ([]annotate.Tag, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT t.name, t.color, (SELECT count(*) FROM claim_tags ct WHERE ct.tag_id = t.id) AS n
		FROM tags t WHERE n > 0 OR t.color != '' ORDER BY t.name`)
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

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// SetTagColor sets the colour of the tag name as #rrggbb; "" goes back to
// the default colour.
func (db *DB) SetTagColor(ctx context.Context, name, color string) error {
	name, err := annotate.NormalizeTag(name)
	if err != nil {
		return err
	}
	if color != "" && !hexColor.MatchString(color) {
		return annotate.Errorf(annotate.EINVALID, "tag colour %q is not a colour like #1a7f37", clip(color, 40))
	}
	color = strings.ToLower(color)
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tags(name, color) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET color = excluded.color`, name, color)
		return err
	})
}

// Claimants lists the distinct claimants, most used first.
func (db *DB) Claimants(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT claimant FROM claims WHERE claimant != '' GROUP BY claimant ORDER BY count(*) DESC, claimant`)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, db.wrap(err)
		}
		out = append(out, s)
	}
	return out, db.wrap(rows.Err())
}

// People lists the people the library knows, by name.
func (db *DB) People(ctx context.Context) ([]annotate.Person, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT uuid, name FROM people ORDER BY name, uuid`)
	if err != nil {
		return nil, db.wrap(err)
	}
	defer rows.Close()
	out := []annotate.Person{}
	for rows.Next() {
		var p annotate.Person
		if err := rows.Scan(&p.UUID, &p.Name); err != nil {
			return nil, db.wrap(err)
		}
		out = append(out, p)
	}
	return out, db.wrap(rows.Err())
}

// Setting returns the value of key, or "" when it is unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, db.wrap(err)
}

// Settings returns the values and revisions of keys; a key never stored
// has the empty value and revision 0.
func (db *DB) Settings(ctx context.Context, keys ...string) (map[string]annotate.Setting, error) {
	out := make(map[string]annotate.Setting, len(keys))
	err := db.read(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			var s annotate.Setting
			err := tx.QueryRowContext(ctx, `SELECT value, rev FROM settings WHERE key = ?`, k).Scan(&s.Value, &s.Rev)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			out[k] = s
		}
		return nil
	})
	return out, err
}

// SetSetting stores value under key, whatever its revision; an empty value
// clears the setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if err := prepare.Setting(key, value); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
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
	return db.write(ctx, func(tx *sql.Tx) error {
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
func storeSetting(ctx context.Context, tx *sql.Tx, log *changeLog, key, value string, rev int64) error {
	var old string
	var cur int64
	err := tx.QueryRowContext(ctx, `SELECT value, rev FROM settings WHERE key = ?`, key).Scan(&old, &cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if rev >= 0 && rev != cur {
		return annotate.ConflictError("setting "+key, rev, cur)
	}
	if old == value {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value, rev) VALUES (?, ?, 1)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, rev = rev + 1`, key, value); err != nil {
		return err
	}
	fc := annotate.FieldChange{Field: "value"}
	if old != "" {
		fc.Old = old
	}
	if value != "" {
		fc.New = value
	}
	return log.add(annotate.Change{Kind: annotate.KindSetting, EntityKey: key, Op: annotate.OpUpdate, Rev: cur + 1, Fields: []annotate.FieldChange{fc}})
}

// DismissSuggestion remembers that the claim assistant's suggestion of the
// code-point span [start, end) of the article was dismissed.
func (db *DB) DismissSuggestion(ctx context.Context, articleID int64, start, end int) error {
	if start < 0 || end <= start {
		return annotate.Errorf(annotate.EINVALID, "suggestion span %d–%d is empty or negative", start, end)
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO dismissed_suggestions(article_id, start, "end") VALUES (?, ?, ?)`, articleID, start, end)
		return err
	})
}

// DismissedSuggestions returns the dismissed spans of the article in text order.
func (db *DB) DismissedSuggestions(ctx context.Context, articleID int64) ([][2]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT start, "end" FROM dismissed_suggestions WHERE article_id = ? ORDER BY start, "end"`, articleID)
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

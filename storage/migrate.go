package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations are the schema changes in order; migration i (from 0) brings the
// file to PRAGMA user_version i+1. Order is important: add new files at the
// end, never edit one that has shipped.
var migrations = loadMigrations()

type migration struct {
	name string
	sql  string
}

func loadMigrations() []migration {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var out []migration
	for i, name := range names {
		var n int
		if _, err := fmt.Sscanf(name, "migrations/%03d_", &n); err != nil || n != i+1 {
			panic(fmt.Sprintf("storage: migration %s is out of sequence (want number %03d)", name, i+1))
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		out = append(out, migration{name: name, sql: string(b)})
	}
	return out
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the library to schema version target, one transaction per
// migration. The version is read again inside each transaction, so two
// programs opening a new file at once apply each migration only once.
func (db *DB) migrate(ctx context.Context, target int) error {
	for {
		done, err := db.migrateOne(ctx, target)
		if err != nil || done {
			return err
		}
	}
}

func (db *DB) migrateOne(ctx context.Context, target int) (done bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		if v > len(migrations) {
			return fmt.Errorf("schema %d is newer than this program's %d", v, len(migrations))
		}
		if v >= target {
			done = true
			return nil
		}
		m := migrations[v]
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		// PRAGMA takes no parameters; v+1 is a number this code computed.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			return err
		}
		return nil
	})
	return done, err
}

// schemaObject is one row of sqlite_schema: a table, index, view or
// trigger with the SQL that made it.
type schemaObject struct{ kind, name, table, sql string }

func (o schemaObject) String() string { return o.kind + " " + o.name }

// schemaQuery reads the objects of a schema that its migrations made;
// SQLite's own (sqlite_sequence, sqlite_stat1, automatic indexes) vary with
// use and are left out.
const schemaQuery = `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY type, name`

func readSchema(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]schemaObject, error) {
	rows, err := q.QueryContext(ctx, schemaQuery)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// expectedSchemas caches, by schema version, what the migrations up to it
// create.
var expectedSchemas sync.Map // int -> []schemaObject

// expectedSchema is the schema that migrations 1 to version make, built
// once in memory with this program's own SQLite.
func expectedSchema(ctx context.Context, version int) ([]schemaObject, error) {
	if s, ok := expectedSchemas.Load(version); ok {
		return s.([]schemaObject), nil
	}
	mem, err := sql.Open("sqlite", "file:expected?mode=memory")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1)
	for _, m := range migrations[:version] {
		if _, err := mem.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	s, err := readSchema(ctx, mem)
	if err != nil {
		return nil, err
	}
	expectedSchemas.Store(version, s)
	return s, nil
}

// schemaDifference says how got differs from FactDesk's schema at its
// version, or "" when it is exactly that schema. A trigger, view, table or
// index that FactDesk did not make would run or be read behind the user's
// back, so any extra object is a difference, as is a changed or missing one.
func schemaDifference(got, want []schemaObject) string {
	wantBy := map[string]schemaObject{}
	for _, o := range want {
		wantBy[o.String()] = o
	}
	gotBy := map[string]bool{}
	for _, o := range got {
		gotBy[o.String()] = true
		w, ok := wantBy[o.String()]
		switch {
		case !ok:
			return fmt.Sprintf("it has a %s %q that FactDesk did not create", o.kind, o.name)
		case w.sql != o.sql || w.table != o.table:
			return fmt.Sprintf("its %s %q is not as FactDesk created it", o.kind, o.name)
		}
	}
	for _, o := range want {
		if !gotBy[o.String()] {
			return fmt.Sprintf("it lacks the %s %q", o.kind, o.name)
		}
	}
	return ""
}

package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
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

package postgres

import (
	"context"
	"embed"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// migrationFiles are the schema's migrations, applied in the order of
// their numbers. Append only: a migration that has shipped never changes.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations are migrationFiles in order, read once.
var migrations = loadMigrations()

func loadMigrations() []migration {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		panic("postgres: the embedded migrations cannot be read: " + err.Error())
	}
	var out []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			panic("postgres: migration " + e.Name() + " does not start with its number")
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			panic("postgres: migration " + e.Name() + ": " + err.Error())
		}
		out = append(out, migration{version: n, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			panic(fmt.Sprintf("postgres: migration %s should be number %d", m.name, i+1))
		}
	}
	return out
}

// migrateLock is the advisory lock a migration holds, so that two desks
// opening a new library at once apply each migration once.
const migrateLock = 0x66616374_64657332 // "factdes2"

// migrate applies the migrations up to version target that the database
// lacks, each in its own transaction under migrateLock, and records each
// in schema_migrations. A database of a newer schema is refused.
func (db *DB) migrate(ctx context.Context, target int) error {
	for {
		done, err := db.migrateOne(ctx, target)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration the database lacks, if any, and
// reports whether there was none left to apply.
func (db *DB) migrateOne(ctx context.Context, target int) (done bool, err error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
		return false, err
	}
	// Made under the lock: two CREATE TABLE IF NOT EXISTS at once can both
	// try to create it. Looked for first, since a team member's role, which
	// may not create tables, opens a library that is up to date.
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return false, err
	}
	if !exists {
		if _, err := tx.Exec(ctx, `CREATE TABLE schema_migrations (
			version integer PRIMARY KEY,
			name    text NOT NULL,
			applied timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return false, err
		}
	}
	version, err := schemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if version > len(migrations) {
		return false, annotate.Errorf(annotate.EINVALID, "postgres %s holds a library of schema %d, written by a newer FactDesk (this one knows %d); upgrade FactDesk to open it", db.where, version, len(migrations))
	}
	if version >= target {
		return true, tx.Commit(ctx)
	}
	m := migrations[version]
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
		return false, err
	}
	return false, tx.Commit(ctx)
}

// schemaVersion is the number of the last migration applied.
func schemaVersion(ctx context.Context, q queryer) (int, error) {
	var v int
	err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

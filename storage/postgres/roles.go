package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// TeamRoles are the group roles of a team library: each member logs in as
// a role of their own that is in Members, and editors who only read and
// export are in Readers.
type TeamRoles struct {
	Members string `json:"members"`
	Readers string `json:"readers"`
}

// InitTeam makes the team library's group roles, named after its database
// so that one server can hold several, and grants them what they need:
// members read and write the library's tables, readers only read them. It
// is run by the database's owner and may be run again, for instance after
// an upgrade added tables.
func (db *DB) InitTeam(ctx context.Context) (TeamRoles, error) {
	var dbname string
	if err := db.pool.QueryRow(ctx, `SELECT current_database()`).Scan(&dbname); err != nil {
		return TeamRoles{}, err
	}
	r := TeamRoles{Members: "factdesk_" + dbname + "_members", Readers: "factdesk_" + dbname + "_readers"}
	members, readers := pgx.Identifier{r.Members}.Sanitize(), pgx.Identifier{r.Readers}.Sanitize()
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		// Roles belong to the whole server: two libraries initialised at
		// once must not both create them.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrateLock)); err != nil {
			return err
		}
		for _, name := range []string{r.Members, r.Readers} {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				if _, err := tx.Exec(ctx, "CREATE ROLE "+pgx.Identifier{name}.Sanitize()+" NOLOGIN"); err != nil {
					return err
				}
			}
		}
		for _, q := range []string{
			"GRANT CONNECT ON DATABASE " + pgx.Identifier{dbname}.Sanitize() + " TO " + members + ", " + readers,
			"GRANT USAGE ON SCHEMA public TO " + members + ", " + readers,
			"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + members,
			"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + members,
			"GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + readers,
			// Tables a later FactDesk adds are granted alike.
			"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + members,
			"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + members,
			"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + readers,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	})
	if err != nil {
		return TeamRoles{}, fmt.Errorf("postgres %s: set up the team's roles: %w", db.where, err)
	}
	return r, nil
}

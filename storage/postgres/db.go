// Package postgres keeps a FactDesk library in a PostgreSQL database, for a
// team that shares one: the same articles, versions, claims, sources,
// settings and history as the SQLite library of package storage, with the
// same behaviour (package annotate/storetest holds both to it), embedded
// migrations, and one transaction per change.
//
// Where a server differs from a file on a desk: changes are recorded as
// the person of the database role a desk logs in as; times are kept in
// UTC to the microsecond; and Search takes web-search syntax ("a phrase",
// or, -word) as well as plain words.
package postgres

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is an open library. It is safe for concurrent use, and several DBs, in
// this process or on other desks, may share one database.
type DB struct {
	pool *pgxpool.Pool
	// where names the server and database for messages, without the
	// password.
	where string
}

// DB is a library store.
var _ annotate.Store = (*DB)(nil)

// Open connects to the database at url (postgres://user:password@host/db
// or key=value settings), migrates it to this program's schema, and
// returns the library it holds. A database of a newer FactDesk is refused.
// The password never appears in an error.
func Open(ctx context.Context, url string) (*DB, error) {
	if strings.TrimSpace(url) == "" {
		// pgx would fill in a local server from the environment.
		return nil, annotate.Errorf(annotate.EINVALID, "postgres: the library's address is empty")
	}
	safe := redact(url)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, annotate.Wrapf(err, annotate.EINVALID, "postgres: %s is not a connection address: %s", safe, scrub(err, url))
	}
	where := net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))) + "/" + cfg.ConnConfig.Database
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "factdesk"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, annotate.Wrapf(err, annotate.EINVALID, "postgres: %s: %s", where, scrub(err, url))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, connectError(err, where, cfg.ConnConfig.User, url)
	}
	db := &DB{pool: pool, where: where}
	if err := db.checkVersion(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if err := db.migrate(ctx, len(migrations)); err != nil {
		pool.Close()
		return nil, db.wrap(err)
	}
	return db, nil
}

// minServer is the oldest PostgreSQL the schema runs on (generated
// columns), as server_version_num. The tests run on PostgreSQL 15.
const minServer = 120000

// checkVersion refuses a server too old for the schema before a migration
// fails half-way through with a syntax error.
func (db *DB) checkVersion(ctx context.Context) error {
	var num int
	var version string
	err := db.pool.QueryRow(ctx, `SELECT current_setting('server_version_num')::integer, current_setting('server_version')`).Scan(&num, &version)
	if err != nil {
		return db.wrap(err)
	}
	if num < minServer {
		return annotate.Errorf(annotate.EINVALID, "postgres %s runs PostgreSQL %s; a FactDesk library needs 12 or later", db.where, version)
	}
	return nil
}

// Close closes the library's connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// connectError says why the server at where did not let user in.
func connectError(err error, where, user, url string) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "3D000":
			return annotate.Wrapf(err, annotate.EINVALID, "postgres: %s: there is no such database (%s)", where, pg.Message)
		case strings.HasPrefix(pg.Code, "28"):
			return annotate.Wrapf(err, annotate.EINVALID, "postgres: %s refused the login of %s: %s", where, user, pg.Message)
		}
	}
	if bad := untrusted(err); bad != nil {
		return annotate.Wrapf(err, annotate.EINVALID, "postgres: the certificate of %s is not trusted: %v", where, bad)
	}
	return annotate.Wrapf(err, annotate.EINTERNAL, "postgres: cannot reach %s: %s", where, scrub(err, url))
}

// untrusted is the reason why the server's certificate was not trusted, if
// that is why err ended the connection: the server was reached, and is the
// wrong one or is not known as the right one. verify-ca's check reports
// the x509 error bare, verify-full's wraps it.
func untrusted(err error) error {
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return verify.Err
	}
	var (
		authority x509.UnknownAuthorityError
		host      x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &authority):
		return authority
	case errors.As(err, &host):
		return host
	case errors.As(err, &invalid):
		return invalid
	}
	return nil
}

// redact is the connection address url without its password and its
// client key's pass phrase.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" {
		q := u.Query()
		hidden := false
		for _, key := range querySecrets {
			if q.Has(key) {
				q.Set(key, "xxxxx")
				hidden = true
			}
		}
		if hidden {
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	return keyPassword.ReplaceAllString(raw, "${1}xxxxx")
}

// querySecrets are the settings of an address's query that hold secrets:
// postgres://ana@host/db?password=... is valid as well.
var querySecrets = []string{"password", "sslpassword"}

// Redact is the connection address url without its password, for what a
// program prints about the library it opened.
func Redact(url string) string { return redact(url) }

// keyPassword finds the password of a key=value connection string.
var keyPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// scrub is err's message with any password of the address url taken out,
// in case a driver quotes it.
func scrub(err error, raw string) string {
	msg := err.Error()
	if u, perr := url.Parse(raw); perr == nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
		q := u.Query()
		for _, key := range querySecrets {
			if pw := q.Get(key); pw != "" {
				msg = strings.ReplaceAll(msg, pw, "xxxxx")
			}
		}
	}
	for _, m := range keyPassword.FindAllStringSubmatch(raw, -1) {
		if pw := strings.Trim(m[2], "'"); pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}

// writeLock is the advisory lock every write transaction takes first. One
// writer at a time, as in the SQLite library: the revision checks read
// and write without a race, and the history's clock and sequence follow
// the order of commits, which sync relies on.
const writeLock = 0x66616374_64657331 // "factdes1"

// write runs fn in one transaction, under writeLock, and commits it.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return db.wrap(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(writeLock)); err != nil {
		return db.wrap(err)
	}
	if err := fn(tx); err != nil {
		return db.wrap(err)
	}
	return db.wrap(tx.Commit(ctx))
}

// read runs fn in a read-only transaction that sees one snapshot of the
// library.
func (db *DB) read(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return db.wrap(err)
	}
	defer tx.Rollback(ctx)
	if err := fn(tx); err != nil {
		return db.wrap(err)
	}
	return db.wrap(tx.Commit(ctx))
}

// wrap turns server failures the user can act on into *annotate.Error and
// leaves *annotate.Error and others as they are.
func (db *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "40001" || pg.Code == "40P01" || pg.Code == "55P03":
			return annotate.Wrapf(err, annotate.EBUSY, "postgres %s is busy with another change; try again (%s)", db.where, pg.Message)
		case pg.Code == "23505":
			return annotate.Wrapf(err, annotate.ECONFLICT, "postgres %s: the change clashes with one stored meanwhile (%s)", db.where, pg.Message)
		case pg.Code == "53100":
			return annotate.Wrapf(err, annotate.ENOSPACE, "postgres %s: the server's disk is full", db.where)
		case pg.Code == "25006" || pg.Code == "42501":
			return annotate.Wrapf(err, annotate.EINVALID, "cannot write to postgres %s: %s", db.where, pg.Message)
		case strings.HasPrefix(pg.Code, "08") || strings.HasPrefix(pg.Code, "57P"):
			return annotate.Wrapf(err, annotate.EINTERNAL, "postgres: lost %s: %s", db.where, pg.Message)
		}
		return fmt.Errorf("postgres %s: %w", db.where, err)
	}
	if pgconn.SafeToRetry(err) || isNetError(err) {
		return annotate.Wrapf(err, annotate.EINTERNAL, "postgres: cannot reach %s: %v", db.where, err)
	}
	// The server went away in the middle of its answer (stopped, or its
	// process killed): the connection ends with no error to read.
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return annotate.Wrapf(err, annotate.EINTERNAL, "postgres: lost %s: %v", db.where, err)
	}
	return fmt.Errorf("postgres %s: %w", db.where, err)
}

func isNetError(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce)
}

// now is the time stamp of a change: UTC, to the microsecond the server
// keeps, so that it reads back equal.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// stored is t as the server keeps it: UTC to the microsecond, so that a
// time read back compares equal to the one written, in the history too.
func stored(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// null is t as a parameter: NULL for the zero time.
func null(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stored(t)
}

// timeOf is a timestamptz read back; NULL is the zero time.
func timeOf(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// uuidParam is s as a uuid parameter: NULL for none (a setting has no
// UUID, a claim's change no claim_uuid).
func uuidParam(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// queryer is what reads need of a transaction or of the pool.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

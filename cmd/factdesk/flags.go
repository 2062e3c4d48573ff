package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/connector"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
)

// usageError is a mistake in how the command was called (exit status 2).
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// flags is a command's flag set with the flags every command shares.
type flags struct {
	*flag.FlagSet
	name  string
	db    string
	dbSet bool // --db was given, even as ""
	json  bool
	// warn receives what the library says when it is opened (a log lost
	// in a crash).
	warn io.Writer
}

func newFlags(name string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), name: name, warn: os.Stderr}
	f.SetOutput(io.Discard)
	f.Func("db", "library file, or a team library's postgres:// address", func(s string) error {
		f.db, f.dbSet = s, true
		return nil
	})
	f.BoolVar(&f.json, "json", false, "print JSON")
	return f
}

// parse parses args, letting flags and arguments come in any order, and
// checks that there are between min and max arguments (max < 0: no limit).
func (f *flags) parse(args []string, min, max int) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			return nil, usagef("%s: %v", f.name, err)
		}
		args = f.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) < min || (max >= 0 && len(pos) > max) {
		want := fmt.Sprintf("%d", min)
		switch {
		case max < 0:
			want = fmt.Sprintf("at least %d", min)
		case max != min:
			want = fmt.Sprintf("%d to %d", min, max)
		}
		return nil, usagef("%s: want %s argument(s), got %d", f.name, want, len(pos))
	}
	// An empty --db (a variable that was not set, say) must not fall back
	// to the default library: the command would act on the user's real
	// library instead of the one meant.
	if f.dbSet && strings.TrimSpace(f.db) == "" {
		return nil, usagef("%s: --db is empty; give the library file (leave --db out for the default library)", f.name)
	}
	return pos, nil
}

// libraryStore is an open library as the commands use it: the desk's SQLite
// file (*storage.DB) or a team library on PostgreSQL (*teamLibrary). What
// only a library file can do (backups, checks, undo of a claim's edit) is
// reached through deskLibrary.
type libraryStore interface {
	annotate.Store
	Close() error
	// Path names the library in messages: the file's path, or the team
	// library's address without its password.
	Path() string
}

var (
	_ libraryStore = (*storage.DB)(nil)
	_ libraryStore = (*teamLibrary)(nil)
)

// teamLibrary is a library on a PostgreSQL server.
type teamLibrary struct {
	*postgres.DB
	url string // the address as given, password included: never printed
}

// Path is the library's address without its password.
func (t *teamLibrary) Path() string { return postgres.Redact(t.url) }

// Place is the server and database the library is on, for the window's
// title: "host:port/database".
func (t *teamLibrary) Place() string {
	u, err := url.Parse(postgres.Redact(t.url))
	if err != nil || u.Host == "" {
		return t.Path()
	}
	return u.Host + u.Path
}

// isTeamAddress says whether the library named by --db or FACTDESK_DB is a
// PostgreSQL server's address rather than a file.
func isTeamAddress(lib string) bool {
	l := strings.ToLower(strings.TrimSpace(lib))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// deskLibrary is lib as the desk's library file, for what only a file
// can do; a team library is refused with teamRefusal.
func deskLibrary(lib libraryStore, cmd, instead string) (*storage.DB, error) {
	if db, ok := lib.(*storage.DB); ok {
		return db, nil
	}
	return nil, teamRefusal(cmd, instead)
}

// teamRefusal is the error of the command cmd, which works on a desk's
// library file only, given the team library: instead says how the team
// does it ("is backed up by its server (pg_dump)").
func teamRefusal(cmd, instead string) error {
	return annotate.Errorf(annotate.EINVALID, "%s: the team library on PostgreSQL %s; %s works on a desk's library file", cmd, instead, cmd)
}

// snapshotDir is where the connector keeps the pages of sources: beside
// the library file, and nowhere for a team library, whose desks share no
// folder.
func snapshotDir(lib libraryStore) string {
	if db, ok := lib.(*storage.DB); ok {
		return connector.SnapshotDir(db.Path())
	}
	return ""
}

// open opens the library named by --db, FACTDESK_DB or the default path,
// and passes on what the library says about how it was found. A
// postgres:// address opens the team library on that server.
func (f *flags) open(ctx context.Context) (libraryStore, error) {
	return f.openLibrary(ctx, storage.Open)
}

// openForReading is open for commands that only read: a library in a
// read-only file or folder is opened for reading.
func (f *flags) openForReading(ctx context.Context) (libraryStore, error) {
	return f.openLibrary(ctx, storage.OpenForReading)
}

func (f *flags) openLibrary(ctx context.Context, openFile func(context.Context, string) (*storage.DB, error)) (libraryStore, error) {
	if f.dbSet && strings.TrimSpace(f.db) == "" {
		return nil, usagef("%s: --db is empty; give the library file (leave --db out for the default library)", f.name)
	}
	lib := libraryPath(f.db)
	if isTeamAddress(lib) {
		db, err := postgres.Open(ctx, strings.TrimSpace(lib))
		if err != nil {
			return nil, err
		}
		return &teamLibrary{DB: db, url: strings.TrimSpace(lib)}, nil
	}
	db, err := openFile(ctx, lib)
	if err != nil {
		return nil, err
	}
	f.warnOf(db)
	return db, nil
}

func (f *flags) warnOf(db *storage.DB) {
	if w := db.Warning(); w != "" && f.warn != nil {
		fmt.Fprintf(f.warn, "factdesk: warning: %s\n", oneLine(w))
	}
}

// libraryPath is the library file to use: the given path, FACTDESK_DB, or
// factdesk.db in the user's data directory.
func libraryPath(given string) string {
	if given != "" {
		return given
	}
	if p := os.Getenv("FACTDESK_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "factdesk", "factdesk.db")
}

// multi is a flag that may be given many times.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// parseID reads an id argument; what names it in the message.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s id %q is not a positive number", what, s)
	}
	return id, nil
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// flagDef is a defined flag, as Visit passes it.
type flagDef = flag.Flag

// openID parses args that hold one id, of what ("article", "claim"...), and
// opens the library: the start of most commands.
func (f *flags) openID(e *env, args []string, what string) (libraryStore, int64, error) {
	db, id, _, err := f.openIDWith(e, args, 0, what)
	return db, id, err
}

// openIDWith is openID for commands that take up to extra arguments after
// the id, which it returns.
func (f *flags) openIDWith(e *env, args []string, extra int, what string) (libraryStore, int64, []string, error) {
	pos, err := f.parse(args, 1, 1+extra)
	if err != nil {
		return nil, 0, nil, err
	}
	if what == "claim" {
		ref, err := parseClaimRef(pos[0])
		if err != nil {
			return nil, 0, nil, err
		}
		db, err := f.open(e.ctx)
		if err != nil {
			return nil, 0, nil, err
		}
		id, err := ref.resolve(e.ctx, db)
		if err != nil {
			db.Close()
			return nil, 0, nil, err
		}
		return db, id, pos[1:], nil
	}
	id, err := parseID(what, pos[0])
	if err != nil {
		return nil, 0, nil, err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	return db, id, pos[1:], nil
}

// claimRef names a claim by its global id ("12") or by its article and its
// number there ("3/7"), as the window shows it.
type claimRef struct {
	id, article int64
	number      int
}

func parseClaimRef(s string) (claimRef, error) {
	a, n, ok := strings.Cut(s, "/")
	if !ok {
		id, err := parseID("claim", s)
		return claimRef{id: id}, err
	}
	article, err := strconv.ParseInt(a, 10, 64)
	number, nerr := strconv.Atoi(n)
	if err != nil || nerr != nil || article <= 0 || number <= 0 {
		return claimRef{}, usagef("claim %q is neither an id nor ARTICLE/NUMBER such as 3/7", s)
	}
	return claimRef{article: article, number: number}, nil
}

// resolve returns the claim's global id.
func (r claimRef) resolve(ctx context.Context, db annotate.Store) (int64, error) {
	if r.id != 0 {
		return r.id, nil
	}
	c, err := db.ClaimNumbered(ctx, r.article, r.number)
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}

package main

import (
	"fmt"
	"net/url"

	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/factdesk/factdesk/storage/team"
)

// cmdTeam links the desk's library to a team library (join) or shows where
// its sync stands (status).
func cmdTeam(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("team: want init, join or status")
	}
	switch args[0] {
	case "init":
		return cmdTeamInit(e, args[1:])
	case "join":
		return cmdTeamJoin(e, args[1:])
	case "status":
		return cmdTeamStatus(e, args[1:])
	}
	return usagef("team: unknown sub-command %q (want init, join or status)", args[0])
}

// cmdTeamInit sets up a team library on PostgreSQL: its tables, and the
// group roles its members and its read-only editors log in through. It is
// run by the database's owner, once, or again after an upgrade.
func cmdTeamInit(e *env, args []string) error {
	f := newFlags("team init")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if !isTeamAddress(pos[0]) {
		return usagef("team init: want the team library's address, postgres://OWNER@HOST/DATABASE")
	}
	server, err := postgres.Open(e.ctx, pos[0])
	if err != nil {
		return err
	}
	defer server.Close()
	roles, err := server.InitTeam(e.ctx)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, roles)
	}
	fmt.Fprintf(e.stdout, "team library ready at %s\nmembers log in as roles in %s, editors who only read in %s:\n", postgres.Redact(pos[0]), roles.Members, roles.Readers)
	fmt.Fprintf(e.stdout, "  CREATE ROLE ana LOGIN PASSWORD '...' IN ROLE %s;\n  CREATE ROLE ed LOGIN PASSWORD '...' IN ROLE %s;\n", roles.Members, roles.Readers)
	return nil
}

func cmdTeamJoin(e *env, args []string) error {
	f := newFlags("team join")
	as := f.String("as", "", "your name in the team (default: the database role's)")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	lib, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	db, err := deskLibrary(lib, "team join", "is the one desks join")
	if err != nil {
		return err
	}
	res, err := team.Join(e.ctx, db, pos[0], *as)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "joined %s: %s sent, %d received\n", postgres.Redact(pos[0]), desk.Plural(res.Pushed, "change"), res.Pulled)
	if w := tlsWarning(pos[0]); w != "" {
		fmt.Fprintln(e.stderr, "factdesk: warning:", w)
	}
	return nil
}

// tlsWarning says when an address to a server beyond this machine does
// not ask for its certificate to be checked: without sslmode the driver
// uses TLS if offered, unchecked, and otherwise none.
func tlsWarning(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	switch u.Hostname() {
	case "", "localhost", "127.0.0.1", "::1":
		return ""
	}
	switch u.Query().Get("sslmode") {
	case "verify-full", "verify-ca":
		return ""
	}
	return "the address does not check the server's certificate; add sslmode=verify-full (and sslrootcert=FILE for a private CA) so that the password and the library travel only to your server"
}

func cmdTeamStatus(e *env, args []string) error {
	f := newFlags("team status")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	lib, err := f.openForReading(e.ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	db, err := deskLibrary(lib, "team status", "has no desk state")
	if err != nil {
		return err
	}
	st, err := team.Status(e.ctx, db)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, st)
	}
	if st.Server == "" {
		fmt.Fprintln(e.stdout, "not joined to a team library (factdesk team join postgres://...)")
		return nil
	}
	fmt.Fprintf(e.stdout, "server:  %s\ncursor:  %d\nwaiting: %s\n", st.Server, st.Cursor, desk.Plural(st.Waiting, "change"))
	if st.Error != "" {
		fmt.Fprintf(e.stdout, "last error: %s\n", st.Error)
	}
	return nil
}

// cmdSync pushes the desk's changes to its team library and pulls the
// others'.
func cmdSync(e *env, args []string) error {
	f := newFlags("sync")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	lib, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	db, err := deskLibrary(lib, "sync", "is the one desks sync with")
	if err != nil {
		return err
	}
	server, err := team.Open(e.ctx, db)
	if err != nil {
		return err
	}
	defer server.Close()
	res, err := team.Sync(e.ctx, db, server)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "%s sent, %d received\n", desk.Plural(res.Pushed, "change"), res.Pulled)
	return nil
}

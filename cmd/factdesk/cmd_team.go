package main

import (
	"fmt"

	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/factdesk/factdesk/storage/team"
)

// cmdTeam links the desk's library to a team library (join) or shows where
// its sync stands (status).
func cmdTeam(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("team: want join or status")
	}
	switch args[0] {
	case "join":
		return cmdTeamJoin(e, args[1:])
	case "status":
		return cmdTeamStatus(e, args[1:])
	}
	return usagef("team: unknown sub-command %q (want join or status)", args[0])
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
	fmt.Fprintf(e.stdout, "joined %s: %d changes sent, %d received\n", postgres.Redact(pos[0]), res.Pushed, res.Pulled)
	return nil
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
	fmt.Fprintf(e.stdout, "server:  %s\ncursor:  %d\nwaiting: %d changes\n", st.Server, st.Cursor, st.Waiting)
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
	fmt.Fprintf(e.stdout, "%d changes sent, %d received\n", res.Pushed, res.Pulled)
	return nil
}

package main

import (
	"os"

	"github.com/factdesk/factdesk/annotate/connector"
	"github.com/factdesk/factdesk/app"
	"github.com/factdesk/factdesk/storage"
)

var (
	_ app.Store       = (*storage.DB)(nil)
	_ connector.Store = (*storage.DB)(nil)
	_ app.Store       = (*teamLibrary)(nil)
	_ connector.Store = (*teamLibrary)(nil)
)

// runGUI opens the window on the library.
func runGUI(e *env, args []string) error {
	f := newFlags("factdesk")
	demo := f.String("demo", "", "open in a given state (for screenshots)")
	dumpMenu := f.Bool("dump-menu", false, "print the menu and toolbar as JSON (for the window tests)")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if *dumpMenu {
		return app.DumpMenu(e.stdout)
	}
	// The fonts load on the other core while the library opens.
	app.Prepare(*demo)
	lib, err := f.open(e.ctx)
	if err != nil {
		if isTeamAddress(libraryPath(f.db)) {
			// A server has no backup on this desk to offer.
			app.ShowOpenProblem(err, "", nil)
			return err
		}
		return openProblem(e, libraryPath(f.db), err)
	}
	defer lib.Close()
	opts := app.Options{
		Trace:     os.Getenv("FACTDESK_TRACE") == "1",
		Start:     start,
		Demo:      *demo,
		Done:      e.ctx.Done(),
		Connector: windowConnector(lib, *demo != ""),
	}
	switch lib := lib.(type) {
	case *storage.DB:
		if *demo == "" {
			stop := startAutoBackup(e, lib)
			defer stop()
		}
		opts.DBPath = lib.Path()
		opts.Integrity = lib
		opts.LatestBackup = func() string { return latestBackup(lib.Path()) }
		if *demo == "" {
			if link := joinedTeam(e.ctx, lib); link != nil {
				defer link.Close()
				opts.Sync = link
			}
		}
	case *teamLibrary:
		// No integrity check, backup or restore here: the server keeps
		// the team library safe with its own.
		opts.Server = lib.Place()
	}
	return app.Run(lib, opts)
}

// latestBackup is the newest backup of the library, or "".
func latestBackup(lib string) string {
	p, err := storage.LatestBackup(storage.BackupDir(lib))
	if err != nil {
		return ""
	}
	return p
}

// windowConnector starts the browser connector with the window, on its
// default port, unless the window is a demo or FACTDESK_CONNECTOR=off.
func windowConnector(lib libraryStore, demo bool) *app.ConnectorOptions {
	if demo || os.Getenv("FACTDESK_CONNECTOR") == "off" {
		return nil
	}
	path, err := connector.DefaultPairingPath()
	if err != nil {
		return nil
	}
	pairing := connector.OpenPairing(path)
	return &app.ConnectorOptions{
		Pairing: pairing,
		Start: func(desk connector.Desk) (func(), error) {
			srv, err := connector.Start(connector.Config{
				Port:      connector.DefaultPort,
				Pairing:   pairing,
				Store:     lib,
				Desk:      desk,
				Snapshots: snapshotDir(lib),
				Version:   version,
			})
			if err != nil {
				return nil, err
			}
			return func() { srv.Close() }, nil
		},
	}
}

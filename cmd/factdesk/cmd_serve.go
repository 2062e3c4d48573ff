package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/connector"
	"github.com/factdesk/factdesk/assets"
)

// cmdServe runs the browser connector without the window, for a headless
// desk, until interrupted.
func cmdServe(e *env, args []string) error {
	f := newFlags("serve")
	port := f.Int("port", connector.DefaultPort, "port on 127.0.0.1 and ::1; 0 picks a free one")
	claim := f.Int64("claim", 0, "the claim that \"add as source\" adds to (a headless desk has no selected claim)")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if *port < 0 || *port > 65535 {
		return usagef("serve: --port %d is not between 0 and 65535", *port)
	}
	pairingPath, err := connector.DefaultPairingPath()
	if err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *claim != 0 {
		if _, err := db.Claim(e.ctx, *claim); err != nil {
			return err
		}
	}
	desk := &headlessDesk{claim: *claim, out: e.stdout}
	srv, err := connector.Start(connector.Config{
		Port:      *port,
		Pairing:   connector.OpenPairing(pairingPath),
		Store:     db,
		Desk:      desk,
		Snapshots: snapshotDir(db),
		Version:   version,
	})
	if err != nil {
		return err
	}
	// The address is the first line, for scripts that start the server.
	desk.println(srv.Addr())
	fmt.Fprintf(e.stderr, "factdesk: the connector is listening on %s for library %s; pair a browser with 'factdesk connector pair'. Ctrl+C stops it.\n", srv.Addr(), db.Path())
	select {
	case <-e.ctx.Done():
	case <-srv.Done():
	}
	return srv.Close()
}

// headlessDesk reports each change on standard output, one line each, and
// gives "add as source" the claim named by --claim.
type headlessDesk struct {
	claim int64
	mu    sync.Mutex
	out   io.Writer
}

func (d *headlessDesk) SelectedClaim() (int64, bool) { return d.claim, d.claim != 0 }

func (d *headlessDesk) Changed(ev connector.Event) {
	switch ev.Kind {
	case connector.PageSaved:
		d.println(fmt.Sprintf("page saved: article %d %q %s", ev.ArticleID, ev.Title, ev.URL))
	case connector.ClaimAdded:
		d.println(fmt.Sprintf("claim added: claim %d on article %d", ev.ClaimID, ev.ArticleID))
	case connector.SourceAdded:
		d.println(fmt.Sprintf("source added: source %d of claim %d %s", ev.SourceID, ev.ClaimID, ev.URL))
	}
}

func (d *headlessDesk) println(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintln(d.out, s)
}

// cmdConnector writes out the browser extension, or manages the pairing
// of browsers.
func cmdConnector(e *env, args []string) error {
	f := newFlags("connector")
	dir := f.String("dir", "", "folder to write the browser extension to, for \"Load unpacked\"")
	pos, err := f.parse(args, 0, 1)
	if err != nil {
		return err
	}
	sub := ""
	if len(pos) == 1 {
		sub = pos[0]
	}
	if (sub == "") == (*dir == "") {
		return usagef("connector: give --dir DIR to write the extension, or one of pair, revoke, devices")
	}
	if *dir != "" {
		return writeExtension(e, *dir)
	}
	path, err := connector.DefaultPairingPath()
	if err != nil {
		return err
	}
	p := connector.OpenPairing(path)
	switch sub {
	case "pair":
		code, err := p.NewCode()
		if err != nil {
			return err
		}
		if f.json {
			return writeJSON(e.stdout, map[string]any{"code": code, "minutes": int(connector.CodeLifetime.Minutes())})
		}
		fmt.Fprintln(e.stdout, code)
		fmt.Fprintf(e.stderr, "factdesk: type this code in the FactDesk extension within %d minutes; it works once.\n", int(connector.CodeLifetime.Minutes()))
		return nil
	case "revoke":
		if err := p.RevokeAll(); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "Every paired browser is unpaired; pair again to use the connector.")
		return nil
	case "devices":
		devs, err := p.Devices()
		if err != nil {
			return err
		}
		if f.json {
			if devs == nil {
				devs = []connector.Device{}
			}
			return writeJSON(e.stdout, devs)
		}
		if len(devs) == 0 {
			fmt.Fprintln(e.stdout, "No browser is paired.")
		}
		for _, d := range devs {
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", d.Created.Local().Format("2006-01-02 15:04"), d.Name, d.Origin)
		}
		return nil
	}
	return usagef("connector: unknown action %q (want pair, revoke or devices)", sub)
}

// writeExtension writes the embedded extension into dir, which must be
// empty or hold an earlier copy of it.
func writeExtension(e *env, dir string) error {
	if err := checkArg("extension folder", dir); err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
			return annotate.Errorf(annotate.EINVALID, "%s is not empty and holds no extension: give an empty or new folder", dir)
		}
		old, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil || !strings.Contains(string(old), `"FactDesk Connector"`) {
			return annotate.Errorf(annotate.EINVALID, "%s holds another extension: give an empty or new folder", dir)
		}
	}
	sub, err := fs.Sub(assets.Connector, "connector")
	if err != nil {
		return err
	}
	n := 0
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write the extension to %s: %v", dir, err)
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintln(e.stdout, abs)
	fmt.Fprintf(e.stderr, "factdesk: %d files written. Load the folder as an unpacked extension (chrome://extensions, Developer mode, Load unpacked; or about:debugging in Firefox).\n", n)
	return nil
}

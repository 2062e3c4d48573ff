package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/outfile"
	"github.com/factdesk/factdesk/annotate/report"
	"github.com/factdesk/factdesk/storage"
)

func cmdExport(e *env, args []string) error {
	f := newFlags("export")
	format := f.String("format", "html", "html, pdf, md, csv, json, w3c or claimreview")
	outPath := f.String("o", "", "write to this file instead of standard output")
	all := f.Bool("all", false, "export the whole library (csv, json, w3c)")
	bom := f.Bool("bom", false, "start CSV with a UTF-8 byte-order mark, for spreadsheets")
	page := f.String("page", "A4", "PDF page size: A4 or Letter")
	notes := f.Bool("include-notes", false, "print the claims' internal notes in HTML, PDF and Markdown")
	fullText := f.Bool("full-text", false, "reprint the whole article in HTML, PDF and Markdown")
	pos, err := f.parse(args, 0, 1)
	if err != nil {
		return err
	}
	fm, ferr := desk.FormatNamed(*format)
	pageSize, perr := desk.PageSize(*page)
	switch {
	case *all && len(pos) > 0:
		return usagef("export: give an article id or --all, not both")
	case !*all && len(pos) == 0:
		return usagef("export: give an article id, or --all for the whole library")
	case ferr != nil:
		return usagef("export: %s", annotate.ErrorMessage(ferr))
	case *all && !fm.Library:
		return usagef("export: --all works with csv, json and w3c, not %s", *format)
	case perr != nil:
		return usagef("export: %s", annotate.ErrorMessage(perr))
	}
	// An export only reads: a library on a read-only disk exports too.
	db, err := f.openForReading(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	// The output is judged before any work: never the library, its logs,
	// another database, a directory or a device.
	var out outfile.Options
	if file, ok := db.(*storage.DB); ok {
		out.Protect = []string{file.Path()}
	}
	if *outPath != "" {
		if err := outfile.Check(*outPath, out); err != nil {
			return err
		}
	}
	var ids []int64
	if *all {
		list, err := db.Articles(e.ctx)
		if err != nil {
			return err
		}
		ids = desk.LibraryOrder(list)
	} else {
		id, err := parseID("article", pos[0])
		if err != nil {
			return err
		}
		ids = []int64{id}
	}
	ins, err := desk.LoadInputs(e.ctx, db, ids, nil)
	if err != nil {
		return err
	}
	opts := report.Options{PageSize: pageSize, BOM: *bom, Collection: *all && *format == "w3c", IncludeNotes: *notes, FullText: *fullText}
	write := func(w io.Writer) error { return report.Write(w, *format, ins, opts) }
	if *outPath == "" || *outPath == "-" {
		bw := bufio.NewWriter(e.stdout)
		if err := write(bw); err != nil {
			return outfile.WriteError("standard output", err)
		}
		if err := bw.Flush(); err != nil {
			return outfile.WriteError("standard output", err)
		}
		return nil
	}
	return outfile.Write(*outPath, out, write)
}

// loadInput gathers what a report needs about one article.
func loadInput(ctx context.Context, db annotate.Store, id int64) (report.Input, error) {
	ins, err := desk.LoadInputs(ctx, db, []int64{id}, nil)
	if err != nil {
		return report.Input{}, err
	}
	return ins[0], nil
}

func cmdCheck(e *env, args []string) error {
	f := newFlags("check")
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := loadInput(e.ctx, db, id)
	if err != nil {
		return err
	}
	problems := report.Check(in)
	if f.json {
		type problem struct {
			ClaimID int64  `json:"claim_id,omitempty"`
			Message string `json:"message"`
			Warning bool   `json:"warning,omitempty"`
		}
		out := make([]problem, 0, len(problems))
		for _, p := range problems {
			out = append(out, problem{p.ClaimID, p.Message, p.Warning})
		}
		return writeJSON(e.stdout, map[string]any{"ready": report.Ready(problems), "problems": out})
	}
	switch {
	case len(problems) == 0:
		fmt.Fprintf(e.stdout, "Ready: %s, nothing missing.\n", desk.Plural(len(in.Claims), "claim"))
		return nil
	case report.Ready(problems):
		fmt.Fprintf(e.stdout, "Ready: %s, with %s:\n", desk.Plural(len(in.Claims), "claim"), desk.Plural(len(problems), "warning"))
	default:
		fmt.Fprintf(e.stdout, "Not ready: %d things to fix before publishing (export works anyway).\n", len(problems))
	}
	for _, p := range problems {
		if p.ClaimID != 0 && !strings.HasPrefix(p.Message, "claim ") {
			fmt.Fprintf(e.stdout, "  claim %d: %s\n", p.ClaimID, p.Message)
		} else {
			fmt.Fprintf(e.stdout, "  %s\n", p.Message)
		}
	}
	return nil
}

// userName is the setting that names who this desk's changes are recorded
// as in the history; it defaults to the system user.
const userName = "user.name"

func cmdConfig(e *env, args []string) error {
	f := newFlags("config")
	pos, err := f.parse(args, 1, 3)
	if err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case pos[0] == "set" && len(pos) == 3 && pos[1] == userName:
		return db.SetAuthorName(e.ctx, pos[2])
	case pos[0] == "get" && len(pos) == 2 && pos[1] == userName:
		p, err := db.Author(e.ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, p.Name)
		return nil
	case pos[0] == "set" && len(pos) == 3:
		key, value := pos[1], strings.TrimSpace(pos[2])
		if !desk.IsOrgKey(key) {
			return usagef("config: unknown setting %q (want %s)", key, strings.Join(desk.OrgKeys[:], ", "))
		}
		if err := desk.CheckSetting(key, value); err != nil {
			return err
		}
		return db.SetSetting(e.ctx, key, value)
	case pos[0] == "get" && len(pos) == 2:
		v, err := db.Setting(e.ctx, pos[1])
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, v)
		return nil
	case pos[0] == "list" && len(pos) == 1:
		out := map[string]string{}
		for _, k := range desk.OrgKeys {
			v, err := db.Setting(e.ctx, k)
			if err != nil {
				return err
			}
			out[k] = v
		}
		p, err := db.Author(e.ctx)
		if err != nil {
			return err
		}
		out[userName] = p.Name
		if f.json {
			return writeJSON(e.stdout, out)
		}
		for _, k := range append(desk.OrgKeys[:], userName) {
			fmt.Fprintf(e.stdout, "%s = %s\n", k, out[k])
		}
		return nil
	}
	return usagef("config: want 'set KEY VALUE', 'get KEY' or 'list'")
}

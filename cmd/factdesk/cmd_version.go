package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// cmdUpdate stores a new version of an article and re-anchors its claims.
func cmdUpdate(e *env, args []string) error {
	f := newFlags("update")
	format := f.String("format", "auto", "auto, text, markdown, html, pdf, vtt, srt or transcript")
	password := f.String("password", "", "the password of an encrypted PDF")
	db, id, rest, err := f.openIDWith(e, args, 1, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.Article(e.ctx, id)
	if err != nil {
		return err
	}
	from := a.URL
	if len(rest) == 1 {
		from = rest[0]
	}
	if from == "" {
		return usagef("update: article %d has no URL; give a FILE or URL to read the new version from", id)
	}
	e.ctx = ingest.WithPassword(e.ctx, *password)
	doc, err := readDocument(e, from, *format, a.URL)
	if err != nil {
		return err
	}
	r, err := desk.Update(e.ctx, db, a, doc, nil)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, r)
	}
	fmt.Fprintln(e.stdout, r)
	return nil
}

func cmdVersions(e *env, args []string) error {
	f := newFlags("versions")
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := db.Versions(e.ctx, id)
	if err != nil {
		return err
	}
	if f.json {
		type version struct {
			Number     int    `json:"number"`
			Format     string `json:"format"`
			SHA256     string `json:"sha256"`
			Created    string `json:"created"`
			Characters int    `json:"characters"`
		}
		out := make([]version, len(vs))
		for i, v := range vs {
			out[i] = version{v.Number, v.Format, v.SHA256, v.Created.Format("2006-01-02T15:04:05Z07:00"), len([]rune(v.Text))}
		}
		return writeJSON(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTORED\tFORMAT\tCHARACTERS\tSHA-256")
	for _, v := range vs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", v.Number, v.Created.Local().Format("2006-01-02 15:04"), v.Format, len([]rune(v.Text)), v.SHA256)
	}
	return tw.Flush()
}

// cmdDiff shows what changed between two versions of an article (by default
// the last two).
func cmdDiff(e *env, args []string) error {
	f := newFlags("diff")
	db, id, rest, err := f.openIDWith(e, args, 2, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	vs, err := db.Versions(e.ctx, id)
	if err != nil {
		return err
	}
	from, to := len(vs)-1, len(vs)
	switch len(rest) {
	case 1:
		return usagef("diff: give two versions or none")
	case 2:
		for i, v := range []*int{&from, &to} {
			if _, err := fmt.Sscan(rest[i], v); err != nil {
				return usagef("diff: version %q is not a number", rest[i])
			}
		}
	default:
		if len(vs) < 2 {
			fmt.Fprintf(e.stdout, "Article %d has one version; nothing to compare.\n", id)
			return nil
		}
	}
	if from < 1 || to < 1 || from > len(vs) || to > len(vs) {
		return annotate.Errorf(annotate.ENOTFOUND, "article %d has versions 1 to %d", id, len(vs))
	}
	edits := anchor.Diff(vs[from-1].Text, vs[to-1].Text)
	if f.json {
		return writeJSON(e.stdout, edits)
	}
	for _, ed := range edits {
		switch ed.Op {
		case '-':
			fmt.Fprintf(e.stdout, "[-%s-]", ed.Text)
		case '+':
			fmt.Fprintf(e.stdout, "{+%s+}", ed.Text)
		default:
			io.WriteString(e.stdout, ed.Text)
		}
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// cmdAnchor places W3C selectors on a text: plumbing for scripts.
func cmdAnchor(e *env, args []string) error {
	f := newFlags("anchor")
	textPath := f.String("text", "", "the text file")
	selPath := f.String("selectors", "", "a JSON array of selectors")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if *textPath == "" || *selPath == "" {
		return usagef("anchor: give --text FILE and --selectors FILE.json")
	}
	text, err := desk.ReadInput(*textPath, e.stdin, annotate.MaxInputBytes)
	if err != nil {
		return err
	}
	sf, err := os.Open(*selPath)
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", *selPath, unwrapPathError(err))
	}
	defer sf.Close()
	sels, err := anchor.ReadSelectors(sf)
	if err != nil {
		return err
	}
	results := anchor.LocateAll([]rune(strings.ToValidUTF8(string(text), "\uFFFD")), sels)
	enc := json.NewEncoder(e.stdout)
	for _, r := range results {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/ingest"
	"github.com/factdesk/factdesk/assets"
)

func cmdImport(e *env, args []string) error {
	f := newFlags("import")
	title := f.String("title", "", "article title")
	url := f.String("url", "", "article URL")
	format := f.String("format", "auto", "auto, text, markdown, html, pdf, vtt, srt or transcript")
	password := f.String("password", "", "the password of an encrypted PDF")
	again := f.Bool("again", false, "import it even if the same bytes are already in the library")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	switch *format {
	case "auto", "text", "markdown", "html", "pdf", "vtt", "srt", "transcript":
	default:
		return usagef("import: unknown format %q (want auto, text, markdown, html, pdf, vtt, srt or transcript)", *format)
	}
	e.ctx = ingest.WithPassword(e.ctx, *password)
	if *url != "" {
		if err := annotate.ValidateURL("--url", *url); err != nil {
			return err
		}
	}
	doc, err := readDocument(e, pos[0], *format, *url)
	if err != nil {
		return err
	}
	if *title != "" {
		doc.Title = *title
	}
	if *url != "" {
		doc.URL = *url
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if !*again {
		if err := refuseDuplicate(e, db, doc, pos[0]); err != nil {
			return err
		}
	}
	a, v := doc.Article(), doc.Version()
	if err := db.CreateArticle(e.ctx, a, v); err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, map[string]any{"id": a.ID, "title": a.Title, "characters": len([]rune(a.Text)), "sha256": v.SHA256})
	}
	// The id is the answer: a failure to print it is a failure.
	return printed(fmt.Fprintln(e.stdout, a.ID))
}

// readDocument reads and parses what name points at: a file, "-" for
// standard input, or an http(s) URL.
func readDocument(e *env, name, format, baseURL string) (*ingest.Document, error) {
	// Parsing a large page makes garbage as fast as it reads: a soft limit
	// has the collector run before the heap doubles, so that the process
	// stays well under the 300 MB an import may take.
	debug.SetMemoryLimit(importMemoryLimit)
	return desk.Load(e.ctx, name, e.stdin, format, baseURL, nil)
}

// importMemoryLimit is the soft memory limit of a command that imports.
const importMemoryLimit = 150 << 20

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func cmdSample(e *env, args []string) error {
	f := newFlags("sample")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	doc, err := ingest.Parse(assets.Sample, "markdown", assets.SampleName, "")
	if err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Articles(e.ctx)
	if err != nil {
		return err
	}
	for _, a := range list {
		if a.Title == doc.Title {
			fmt.Fprintln(e.stdout, a.ID)
			return nil
		}
	}
	a, v := doc.Article(), doc.Version()
	if err := db.CreateArticle(e.ctx, a, v); err != nil {
		return err
	}
	// The id is the answer: a failure to print it is a failure.
	return printed(fmt.Fprintln(e.stdout, a.ID))
}

func cmdArticles(e *env, args []string) error {
	f := newFlags("articles")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Articles(e.ctx)
	if err != nil {
		return err
	}
	if f.json {
		if list == nil {
			list = []annotate.ArticleSummary{}
		}
		return writeJSON(e.stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "The library is empty. Add an article with 'factdesk import FILE' or 'factdesk sample'.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tCLAIMS\tCHECKED")
	for _, a := range list {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\n", a.ID, clip(a.Title, 70), a.Claims, a.Checked)
	}
	return tw.Flush()
}

func cmdText(e *env, args []string) error {
	f := newFlags("text")
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.Article(e.ctx, id)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, a)
	}
	_, err = io.Copy(e.stdout, bytes.NewBufferString(a.Text+"\n"))
	return err
}

func cmdRemoveArticle(e *env, args []string) error {
	f := newFlags("rm")
	db, id, err := f.openID(e, args, "article")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.DeleteArticle(e.ctx, id)
}

// clip shortens s to n code points for a table.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

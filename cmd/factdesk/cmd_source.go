package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func cmdSource(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("source: want a sub-command: add, set or rm")
	}
	switch args[0] {
	case "add":
		return cmdSourceAdd(e, args[1:])
	case "set":
		return cmdSourceSet(e, args[1:])
	case "rm":
		return cmdSourceRemove(e, args[1:])
	}
	return usagef("source: unknown sub-command %q (want add, set or rm)", args[0])
}

// sourceFlags are the flags that set a source's fields.
type sourceFlags struct {
	url, title, publisher, stance, excerpt, archive, accessed *string
}

func addSourceFlags(f *flags) *sourceFlags {
	return &sourceFlags{
		url:       f.String("url", "", "source URL (http or https)"),
		title:     f.String("title", "", "source title"),
		publisher: f.String("publisher", "", "who published the source"),
		stance:    f.String("stance", "", "supports, refutes or context"),
		excerpt:   f.String("excerpt", "", "the passage that matters"),
		archive:   f.String("archive", "", "URL of an archived copy"),
		accessed:  f.String("accessed", "", "date accessed, YYYY-MM-DD (default today)"),
	}
}

func (sf *sourceFlags) apply(f *flags, s *annotate.Source) error {
	set := map[string]bool{}
	f.Visit(func(fl *flagDef) { set[fl.Name] = true })
	if set["url"] {
		s.URL = strings.TrimSpace(*sf.url)
	}
	if set["title"] {
		s.Title = *sf.title
	}
	if set["publisher"] {
		s.Publisher = *sf.publisher
	}
	if set["excerpt"] {
		s.Excerpt = *sf.excerpt
	}
	if set["archive"] {
		s.ArchiveURL = strings.TrimSpace(*sf.archive)
	}
	if set["stance"] {
		st, err := annotate.ParseStance(*sf.stance)
		if err != nil {
			return &usageError{annotate.ErrorMessage(err)}
		}
		s.Stance = st
	}
	if set["accessed"] {
		d, err := time.Parse(time.DateOnly, *sf.accessed)
		if err != nil {
			return usagef("--accessed %q is not a date like 2025-09-05", *sf.accessed)
		}
		s.Accessed = d
	}
	return s.Validate()
}

func cmdSourceAdd(e *env, args []string) error {
	f := newFlags("source add")
	sf := addSourceFlags(f)
	pos, err := f.parse(args, 2, 2)
	if err != nil {
		return err
	}
	ref, err := parseClaimRef(pos[0])
	if err != nil {
		return err
	}
	s := &annotate.Source{URL: pos[1], Stance: annotate.StanceContext}
	if err := sf.apply(f, s); err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if s.ClaimID, err = ref.resolve(e.ctx, db); err != nil {
		return err
	}
	if err := db.AddSource(e.ctx, s); err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, s)
	}
	fmt.Fprintln(e.stdout, s.ID)
	return nil
}

func cmdSourceSet(e *env, args []string) error {
	f := newFlags("source set")
	sf := addSourceFlags(f)
	db, claimID, rest, err := f.openIDWith(e, args, 1, "claim")
	if err != nil {
		return err
	}
	defer db.Close()
	if len(rest) != 1 {
		return usagef("source set: want a claim id and a source id")
	}
	id, err := parseID("source", rest[0])
	if err != nil {
		return err
	}
	c, err := db.Claim(e.ctx, claimID)
	if err != nil {
		return err
	}
	for i := range c.Sources {
		if s := &c.Sources[i]; s.ID == id {
			if err := sf.apply(f, s); err != nil {
				return err
			}
			return db.UpdateSource(e.ctx, s)
		}
	}
	return annotate.Errorf(annotate.ENOTFOUND, "claim %d has no source with id %d", claimID, id)
}

func cmdSourceRemove(e *env, args []string) error {
	f := newFlags("source rm")
	db, id, err := f.openID(e, args, "source")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.DeleteSource(e.ctx, id)
}

func cmdSearch(e *env, args []string) error {
	f := newFlags("search")
	limit := f.Int("limit", 20, "most results to show")
	pos, err := f.parse(args, 1, -1)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return usagef("search: the query is empty")
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	hits, err := db.Search(e.ctx, query, *limit)
	if err != nil {
		return err
	}
	if f.json {
		if hits == nil {
			return writeJSON(e.stdout, []any{})
		}
		return writeJSON(e.stdout, hits)
	}
	if len(hits) == 0 {
		fmt.Fprintf(e.stdout, "Nothing matches %q.\n", query)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tARTICLE\tCLAIM\tTITLE\tMATCH")
	for _, h := range hits {
		claim := "-"
		if h.ClaimID != 0 {
			claim = fmt.Sprint(h.ClaimID)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", h.Kind, h.ArticleID, claim, clip(h.Title, 40), clip(h.Snippet, 80))
	}
	return tw.Flush()
}

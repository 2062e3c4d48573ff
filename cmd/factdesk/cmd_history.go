package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
)

// cmdHistory prints the recorded changes of an article (with its versions,
// claims and sources) or of one claim (with its sources), oldest first; with
// --undo it first undoes the claim's latest edit, as a change of its own.
//
//	factdesk history 3           article 3
//	factdesk history 3/7         claim 7 of article 3
//	factdesk history claim 12    the claim with id 12
//	factdesk history article 3   article 3
func cmdHistory(e *env, args []string) error {
	f := newFlags("history")
	undo := f.Bool("undo", false, "undo the claim's latest edit (a new change in its history)")
	pos, err := f.parse(args, 1, 2)
	if err != nil {
		return err
	}
	kind, ref := "", pos[0]
	if len(pos) == 2 {
		kind, ref = pos[0], pos[1]
		if kind != annotate.KindArticle && kind != annotate.KindClaim {
			return usagef("history: want 'article ID' or 'claim ID|ARTICLE/N', not %q", kind)
		}
	}
	if kind == "" {
		kind = annotate.KindArticle
		if strings.Contains(ref, "/") {
			kind = annotate.KindClaim
		}
	}
	if *undo && kind != annotate.KindClaim {
		return usagef("history: --undo works on a claim (ARTICLE/N or 'claim ID')")
	}
	var id int64
	var cref claimRef
	if kind == annotate.KindClaim {
		if cref, err = parseClaimRef(ref); err != nil {
			return err
		}
	} else if id, err = parseID("article", ref); err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	article := id
	if kind == annotate.KindClaim {
		if id, err = cref.resolve(e.ctx, db); err != nil {
			return err
		}
		article = cref.article
		if c, err := db.Claim(e.ctx, id); err == nil {
			article = c.ArticleID
		}
	}
	if *undo {
		file, err := deskLibrary(db, "history --undo", "cannot undo a claim's edit from the command line")
		if err != nil {
			return err
		}
		if _, err := file.UndoClaim(e.ctx, id); err != nil {
			return err
		}
	}
	changes, err := db.History(e.ctx, kind, id)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, changes)
	}
	if len(changes) == 0 {
		fmt.Fprintf(e.stdout, "No recorded changes to %s %s.\n", kind, ref)
		return nil
	}
	printHistory(e.stdout, article, changes)
	return nil
}

// printHistory writes each change as a line with its time, author and what
// it did, then a line per field with its old and new value, as the window's
// History section shows them.
func printHistory(w io.Writer, article int64, changes []annotate.Change) {
	for _, e := range desk.History(article, changes) {
		fmt.Fprintln(w, e.Head)
		for _, f := range e.Fields {
			fmt.Fprintln(w, "    "+f)
		}
	}
}

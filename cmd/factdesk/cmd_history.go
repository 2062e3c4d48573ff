package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/factdesk/factdesk/annotate"
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
		if _, err := db.UndoClaim(e.ctx, id); err != nil {
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
// it did, then a line per field with its old and new value. Claims are
// named ARTICLE/N when article, their article's id, is known.
func printHistory(w io.Writer, article int64, changes []annotate.Change) {
	numbers := map[string]int64{} // claim UUID -> number, from its creation
	for _, ch := range changes {
		if ch.Kind == annotate.KindClaim {
			for _, fc := range ch.Fields {
				if n, ok := fc.New.(int64); ok && fc.Field == "number" {
					numbers[ch.EntityUUID] = n
				}
			}
		}
	}
	verbs := map[string]string{
		annotate.OpCreate: "created", annotate.OpUpdate: "changed",
		annotate.OpDelete: "deleted", annotate.OpUndo: "undid an edit of",
	}
	for _, ch := range changes {
		what := fmt.Sprintf("%s %d", ch.Kind, ch.EntityID)
		switch {
		case ch.Kind == annotate.KindClaim && numbers[ch.EntityUUID] > 0 && article > 0:
			what = fmt.Sprintf("claim %d/%d (id %d)", article, numbers[ch.EntityUUID], ch.EntityID)
		case ch.Kind == annotate.KindSetting:
			what = "setting " + ch.EntityKey
		}
		verb := verbs[ch.Op]
		if verb == "" {
			verb = ch.Op
		}
		fmt.Fprintf(w, "%s  %s  %s %s", ch.Time.Local().Format("2006-01-02 15:04:05"), ch.Author.Name, verb, what)
		if ch.Rev > 0 && ch.Op != annotate.OpDelete {
			fmt.Fprintf(w, " (revision %d)", ch.Rev)
		}
		fmt.Fprintln(w)
		for _, fc := range ch.Fields {
			switch ch.Op {
			case annotate.OpCreate:
				fmt.Fprintf(w, "    %s: %s\n", fc.Field, historyValue(fc.New))
			case annotate.OpDelete:
				fmt.Fprintf(w, "    %s was %s\n", fc.Field, historyValue(fc.Old))
			default:
				fmt.Fprintf(w, "    %s: %s → %s\n", fc.Field, historyValue(fc.Old), historyValue(fc.New))
			}
		}
	}
}

// historyValue is a recorded value as one short line.
func historyValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		return fmt.Sprintf("%q", clip(oneLine(x), 70))
	case []string:
		if len(x) == 0 {
			return "(none)"
		}
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}

package main

import (
	"bytes"
	"fmt"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/desk"
	"github.com/factdesk/factdesk/annotate/report"
)

// cmdImportAnnotations reads a native FactDesk JSON export (articles with
// their claims) or W3C Web Annotations, which are anchored onto an article
// of the library (--article). Nothing is written unless all of it can be.
func cmdImportAnnotations(e *env, args []string) error {
	f := newFlags("import-annotations")
	articleFlag := f.String("article", "", "article to anchor W3C annotations on")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	data, err := readAll(e, pos[0], report.MaxJSONBytes)
	if err != nil {
		return err
	}
	db, err := f.open(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	if isNative(data) {
		ins, err := report.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return err
		}
		// All the articles go in one transaction: all of them or none.
		items := make([]annotate.ArticleImport, len(ins))
		for i, in := range ins {
			items[i] = annotate.ArticleImport{Article: in.Article, Versions: in.Versions, Claims: in.Claims}
		}
		if err := db.ImportArticles(e.ctx, items); err != nil {
			return err
		}
		ids := []int64{}
		claims := 0
		for _, in := range ins {
			ids = append(ids, in.Article.ID)
			claims += len(in.Claims)
		}
		if f.json {
			return writeJSON(e.stdout, map[string]any{"articles": ids, "claims": claims})
		}
		fmt.Fprintf(e.stdout, "Imported %d articles with %d claims: %v\n", len(ids), claims, ids)
		return nil
	}

	anns, err := report.ReadW3C(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if *articleFlag == "" {
		return usagef("import-annotations: W3C annotations need --article ID to be anchored on")
	}
	id, err := parseID("article", *articleFlag)
	if err != nil {
		return err
	}
	a, err := db.Article(e.ctx, id)
	if err != nil {
		return err
	}
	text := []rune(a.Text)
	var claims []*annotate.Claim
	var orphans []string
	for i, an := range anns {
		if an.Anchor.Exact == "" && an.Anchor.Start < 0 {
			orphans = append(orphans, fmt.Sprintf("annotation %d targets the whole page", i+1))
			continue
		}
		sel := an.Anchor
		if sel.Exact == "" && sel.Start >= 0 && sel.End <= len(text) && sel.Start < sel.End {
			sel.Exact = string(text[sel.Start:sel.End])
		}
		r := anchor.Locate(text, sel)
		if r.Method == annotate.AnchorOrphan {
			orphans = append(orphans, fmt.Sprintf("annotation %d (%q) is not in the text", i+1, clip(sel.Exact, 40)))
			continue
		}
		c, err := annotate.NewClaim(a, r.Start, r.End)
		if err != nil {
			return err
		}
		if an.Claim != nil {
			c.Statement, c.Tags, c.Notes, c.Sources = an.Claim.Statement, an.Claim.Tags, an.Claim.Notes, an.Claim.Sources
			c.Claimant, c.ClaimDate = an.Claim.Claimant, an.Claim.ClaimDate
			if c.Statement == "" {
				c.Statement = c.Exact
			}
			if c.Tags == nil {
				c.Tags = []string{}
			}
			if err := c.SetVerdict(an.Claim.Verdict); err != nil {
				return err
			}
			if an.Claim.Status != "" {
				if err := c.SetStatus(an.Claim.Status); err != nil {
					return err
				}
			}
		}
		c.AnchorBy, c.AnchorScore = r.Method, r.Score
		if err := c.Validate(); err != nil {
			return annotate.Errorf(annotate.ErrorCode(err), "annotation %d: %s", i+1, annotate.ErrorMessage(err))
		}
		claims = append(claims, c)
	}
	if err := db.CreateClaims(e.ctx, claims); err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, map[string]any{"article": id, "claims": len(claims), "not_placed": orphans})
	}
	fmt.Fprintf(e.stdout, "Anchored %d of %d annotations on article %d.\n", len(claims), len(anns), id)
	for _, o := range orphans {
		fmt.Fprintf(e.stdout, "  not imported: %s\n", o)
	}
	return nil
}

// isNative reports whether data is a native FactDesk export rather than W3C
// annotations: its top-level object has a "factdesk" member.
func isNative(data []byte) bool {
	head := data[:min(len(data), 512)]
	return bytes.Contains(head, []byte(`"factdesk"`))
}

// readAll reads a file, or standard input for "-", refusing more than limit
// bytes.
func readAll(e *env, name string, limit int64) ([]byte, error) {
	return desk.ReadInput(name, e.stdin, limit)
}

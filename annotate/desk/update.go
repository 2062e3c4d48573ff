package desk

import (
	"context"
	"fmt"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// UpdateResult says what storing a new version did.
type UpdateResult struct {
	Unchanged bool  `json:"unchanged,omitempty"` // the text was the same; nothing was stored
	Article   int64 `json:"article"`
	Version   int   `json:"version,omitempty"`
	Claims    int   `json:"claims"`
	Moved     int   `json:"moved"`
	Fuzzy     int   `json:"fuzzy"`
	Orphans   int   `json:"orphans"`
}

func (r UpdateResult) String() string {
	if r.Unchanged {
		return fmt.Sprintf("Article %d is unchanged; no new version stored.", r.Article)
	}
	review := "need"
	if r.Orphans == 1 {
		review = "needs"
	}
	return fmt.Sprintf("Version %d stored. %s: %d moved, %d found approximately, %d %s review.",
		r.Version, Plural(r.Claims, "claim"), r.Moved, r.Fuzzy, r.Orphans, review)
}

// Plural is "1 claim" or "n claims".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// reanchorSteps is how many steps re-anchoring reports progress in and
// checks for cancelling; each step decodes the text again, so they are few.
const reanchorSteps = 40

// Update stores doc as the new version of article a and re-anchors a's
// claims on it; claims that cannot be placed confidently become orphans that
// need review, never dropped. The version and the claims' new anchors are
// stored in one transaction. ctx cancels the work until storing starts.
func Update(ctx context.Context, st Updater, a *annotate.Article, doc *ingest.Document, progress Progress) (UpdateResult, error) {
	if progress == nil {
		progress = noProgress
	}
	r := UpdateResult{Article: a.ID}
	if doc.Text == a.Text {
		r.Unchanged = true
		return r, nil
	}
	progress(0, 0, "Loading claims…")
	claims, err := st.Claims(ctx, a.ID)
	if err != nil {
		return r, err
	}
	r.Claims = len(claims)
	step := max(16, (len(claims)+reanchorSteps-1)/reanchorSteps)
	for i := 0; i < len(claims); i += step {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		progress(i, len(claims), fmt.Sprintf("Placing claims on the new text: %d of %d", i, len(claims)))
		moved, fuzzy, orphans := anchor.Reanchor(doc.Text, claims[i:min(i+step, len(claims))])
		r.Moved += moved
		r.Fuzzy += fuzzy
		r.Orphans += orphans
	}
	if err := ctx.Err(); err != nil {
		return r, err
	}
	progress(len(claims), len(claims), "Storing the new version…")
	v := doc.Version()
	v.Base = a.Version // refused if the article moved on while re-anchoring
	if err := st.AddVersion(context.WithoutCancel(ctx), a.ID, v, claims); err != nil {
		return r, err
	}
	r.Version = v.Number
	return r, nil
}

package desk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/report"
)

// CheckedAt is the time a report says it was made: UTC, to the second, the
// same whichever part of the program made it.
func CheckedAt(now time.Time) time.Time { return now.UTC().Truncate(time.Second) }

// LoadOrg reads the publishing organisation from the settings.
func LoadOrg(ctx context.Context, st Reader) (report.Org, error) {
	var v [len(OrgKeys)]string
	for i, k := range OrgKeys {
		s, err := st.Setting(ctx, k)
		if err != nil {
			return report.Org{}, err
		}
		v[i] = s
	}
	return report.Org{Name: v[0], URL: v[1], CorrectionsURL: v[2], Methodology: v[3]}, nil
}

// LoadInput gathers what a report needs about one article.
func LoadInput(ctx context.Context, st Reader, id int64, org report.Org, checked time.Time) (report.Input, error) {
	a, err := st.Article(ctx, id)
	if err != nil {
		return report.Input{}, err
	}
	versions, err := st.Versions(ctx, id)
	if err != nil {
		return report.Input{}, err
	}
	claims, err := st.Claims(ctx, id)
	if err != nil {
		return report.Input{}, err
	}
	in := report.Input{Article: a, Versions: versions, Claims: claims, Org: org, Checked: checked}
	if in.Team, err = IsTeam(ctx, st); err != nil {
		return report.Input{}, err
	}
	// The claims' links to the same claim in other articles become
	// ClaimReview appearances and W3C linking bodies.
	if ls, ok := st.(interface {
		ArticleLinks(ctx context.Context, articleID int64) (map[int64][]annotate.ClaimLink, error)
	}); ok {
		if in.Links, err = ls.ArticleLinks(ctx, id); err != nil {
			return report.Input{}, err
		}
	}
	// Verdicts changed since the fact-check was published are corrections,
	// listed openly in the methodology as the IFCN code asks.
	if h, ok := st.(interface {
		History(ctx context.Context, kind string, id int64) ([]annotate.Change, error)
	}); ok && !a.ReportPublished.IsZero() {
		changes, err := h.History(ctx, annotate.KindArticle, id)
		if err != nil {
			return report.Input{}, err
		}
		if fixes := Corrections(a, claims, changes); len(fixes) > 0 {
			in.Org.Methodology = strings.TrimSpace(in.Org.Methodology + "\n\nCorrections since publication on " +
				a.ReportPublished.Format("2 January 2006") + ":\n\n" + strings.Join(fixes, "\n\n"))
		}
	}
	return in, nil
}

// IsTeam reports whether the library knows more than one person, so that
// the readiness check asks for a second person's sign-off on every
// verdict. A store that cannot list its people is taken as one desk.
func IsTeam(ctx context.Context, st any) (bool, error) {
	ps, ok := st.(interface {
		People(ctx context.Context) ([]annotate.Person, error)
	})
	if !ok {
		return false, nil
	}
	people, err := ps.People(ctx)
	return len(people) > 1, err
}

// Corrections are the verdict changes made to an article's claims after its
// fact-check was published, one sentence each, oldest first. A draft shown
// to an editor before publication is not a publication: changes before it
// are not corrections.
func Corrections(a *annotate.Article, claims []*annotate.Claim, changes []annotate.Change) []string {
	if a.ReportPublished.IsZero() {
		return nil
	}
	// Reports number claims in reading order, as claims are given.
	number := map[string]int{}
	for i, c := range claims {
		number[c.UUID] = i + 1
	}
	var out []string
	for _, ch := range changes {
		if ch.Kind != annotate.KindClaim || !ch.Time.After(a.ReportPublished) {
			continue
		}
		for _, f := range ch.Fields {
			if f.Field != "verdict" {
				continue
			}
			old, _ := f.Old.(string)
			now, _ := f.New.(string)
			if old == now {
				continue
			}
			what := "a claim"
			if n := number[ch.EntityUUID]; n > 0 {
				what = "claim " + itoa(n)
			}
			out = append(out, fmt.Sprintf("On %s the verdict on %s was changed from %s to %s.",
				ch.Time.UTC().Format("2 January 2006"), what,
				annotate.Verdict(old).Label(), annotate.Verdict(now).Label()))
		}
	}
	return out
}

// LoadInputs gathers the articles ids for one export, in that order,
// reporting progress per article.
func LoadInputs(ctx context.Context, st Reader, ids []int64, progress Progress) ([]report.Input, error) {
	if progress == nil {
		progress = noProgress
	}
	if len(ids) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "the library has no articles to export")
	}
	org, err := LoadOrg(ctx, st)
	if err != nil {
		return nil, err
	}
	checked := CheckedAt(time.Now())
	ins := make([]report.Input, 0, len(ids))
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in, err := LoadInput(ctx, st, id, org, checked)
		if err != nil {
			return nil, err
		}
		ins = append(ins, in)
		progress(i+1, len(ids)+1, "Article "+itoa(i+1)+" of "+itoa(len(ids))+": "+in.Article.Title)
	}
	return ins, nil
}

// LibraryOrder lists summaries' ids oldest first, the order a library export
// takes.
func LibraryOrder(list []annotate.ArticleSummary) []int64 {
	ids := make([]int64, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		ids = append(ids, list[i].ID)
	}
	return ids
}

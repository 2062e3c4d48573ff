package report

import (
	"fmt"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// Problem is something that keeps a report from being ready to publish.
// ClaimID is 0 for problems of the article or the organisation.
type Problem struct {
	ClaimID int64
	Message string
	// Warning marks what is worth a look but need not be fixed: a verdict
	// without a second person's sign-off on a desk that works alone.
	Warning bool
}

// Ready reports whether nothing but warnings stands between the report and
// publishing.
func Ready(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return false
		}
	}
	return true
}

// Check reports what stands between the input and a publishable report:
//   - the organisation has no methodology or no corrections-policy URL;
//   - the article has no http(s) URL, so the claims have no appearance;
//   - a claim has a verdict but no claimant, no source or no rationale
//     (the public explanation of the verdict);
//   - a claim has a verdict but is not done;
//   - a verdict has no reviewer's sign-off: someone other than the checker
//     must sign it off (the two-person rule), or, on a library that knows
//     one person only, it is a warning;
//   - a source has no archived copy and does not say why: an excerpt
//     starting with "no archive:" followed by the reason counts as saying
//     why (some pages, such as interactive maps, cannot be archived).
//
// Claims are named by their number in the report.
func Check(in Input) []Problem {
	var out []Problem
	add := func(id int64, format string, args ...any) {
		out = append(out, Problem{ClaimID: id, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(in.Org.Methodology) == "" {
		add(0, "the organisation has no methodology statement; set it in the settings")
	}
	if in.Org.CorrectionsURL == "" {
		add(0, "the organisation has no corrections-policy URL; set it in the settings")
	} else if !annotate.SafeURL(in.Org.CorrectionsURL) {
		add(0, "the corrections-policy URL %q is not an http or https URL", in.Org.CorrectionsURL)
	}
	if strings.TrimSpace(in.Org.Name) == "" {
		add(0, "the organisation has no name; set it in the settings")
	}
	a := in.article()
	if !annotate.SafeURL(a.URL) {
		if a.URL == "" {
			add(0, "the article has no URL, so the claims have no appearance to point to")
		} else {
			add(0, "the article URL %q is not an http or https URL", a.URL)
		}
	}
	if !annotate.SafeURL(a.ReportURL) {
		add(0, "the fact-check is not marked as published, so ClaimReview has no page to point to; once it is online, mark it as published with its public URL")
	}
	unsigned := 0
	for i, c := range in.Claims {
		if c == nil {
			continue
		}
		// The desk's working number, as the window shows it.
		n := c.Number
		if n == 0 {
			n = i + 1
		}
		if len(c.Conflict) > 0 {
			add(c.ID, "claim %d has %d verdicts set at once by different people; pick one", n, len(c.Conflict))
		}
		if c.Verdict == annotate.VerdictNone {
			if c.Status == annotate.StatusDone {
				add(c.ID, "claim %d is done but has no verdict", n)
			}
			continue
		}
		if strings.TrimSpace(c.Claimant) == "" {
			add(c.ID, "claim %d has a verdict but no claimant", n)
		}
		if len(c.Sources) == 0 {
			add(c.ID, "claim %d is rated %s but has no source", n, c.Verdict.Label())
		}
		if strings.TrimSpace(c.Rationale) == "" {
			add(c.ID, "claim %d is rated %s but has no rationale explaining the verdict to readers", n, c.Verdict.Label())
		}
		if c.Status != annotate.StatusDone {
			add(c.ID, "claim %d is rated %s but its status is %s, not done", n, c.Verdict.Label(), strings.ToLower(c.Status.Label()))
		}
		if c.ReviewedBy == "" {
			unsigned++
			if in.Team {
				who := "the checker"
				if c.CheckedBy != "" {
					who = c.CheckedBy
				}
				add(c.ID, "claim %d's verdict has no reviewer's sign-off; someone other than %s must review it", n, who)
			}
		}
		if c.AnchorBy == annotate.AnchorOrphan {
			add(c.ID, "claim %d could not be found in the current text of the article; place it again", n)
		}
		for j, s := range c.Sources {
			if s.ArchiveURL == "" && !hasNoArchiveReason(s) {
				add(c.ID, "claim %d, source %d (%s) has no archived copy; add one, or start its excerpt with \"no archive:\" and the reason", n, j+1, clipRunes(s.URL, 80))
			}
		}
	}
	if unsigned > 0 && !in.Team {
		// One line for the article, not one per claim: a desk alone
		// cannot act on it claim by claim.
		add(0, "%s no second person's sign-off; this library has one person, so the two-person rule is a warning here", verdictsHave(unsigned))
		out[len(out)-1].Warning = true
	}
	return out
}

func verdictsHave(n int) string {
	if n == 1 {
		return "1 verdict has"
	}
	return fmt.Sprintf("%d verdicts have", n)
}

package annotate

// Verdict is the rating a fact-checker gives a claim. The empty verdict means
// none has been given yet.
type Verdict string

const (
	VerdictNone         Verdict = ""
	VerdictTrue         Verdict = "true"
	VerdictMostlyTrue   Verdict = "mostly-true"
	VerdictMixed        Verdict = "mixed"
	VerdictMostlyFalse  Verdict = "mostly-false"
	VerdictFalse        Verdict = "false"
	VerdictMisleading   Verdict = "misleading"
	VerdictUnverifiable Verdict = "unverifiable"
)

// Rating describes one verdict of a rating scale.
type Rating struct {
	Verdict Verdict
	Label   string
	// Value is the ClaimReview ratingValue, between WorstRating and
	// BestRating; 0 means the verdict is not on the numeric scale and is
	// published by its label alone.
	Value int
	// Color is the verdict's colour as #rrggbb, used by the reader and reports.
	Color string
	// Description explains the verdict in the report's methodology.
	Description string
}

// The numeric range of the default scale, for ClaimReview.
const (
	BestRating  = 5
	WorstRating = 1
)

// DefaultScale is the rating scale FactDesk ships with, in key order (the
// keys 1 to 7 set these verdicts).
var DefaultScale = []Rating{
	{VerdictTrue, "True", 5, "#1a7f37", "The claim is accurate and nothing significant is missing."},
	{VerdictMostlyTrue, "Mostly true", 4, "#57a639", "The claim is accurate but needs clarification or additional information."},
	{VerdictMixed, "Mixed", 3, "#d4a72c", "The claim is partly accurate and partly inaccurate."},
	{VerdictMostlyFalse, "Mostly false", 2, "#e16f24", "The claim has an element of truth but ignores facts that would give a different impression."},
	{VerdictFalse, "False", 1, "#cf222e", "The claim is not accurate."},
	{VerdictMisleading, "Misleading", 2, "#8250df", "The claim uses accurate facts in a way that gives a false impression."},
	{VerdictUnverifiable, "Unverifiable", 0, "#6e7781", "The available evidence neither supports nor refutes the claim."},
}

// Colors for claims that have no verdict yet, by status.
const (
	ColorUnchecked  = "#9aa4b2"
	ColorInProgress = "#4f8ff7"
)

// ParseVerdict returns the verdict named s; "" and "none" mean no verdict.
func ParseVerdict(s string) (Verdict, error) {
	if s == "" || s == "none" {
		return VerdictNone, nil
	}
	for _, r := range DefaultScale {
		if string(r.Verdict) == s {
			return r.Verdict, nil
		}
	}
	return "", Errorf(EINVALID, "unknown verdict %q (want true, mostly-true, mixed, mostly-false, false, misleading, unverifiable or none)", s)
}

// Rating returns the verdict's entry in the default scale; ok is false for
// VerdictNone and unknown verdicts.
func (v Verdict) Rating() (r Rating, ok bool) {
	for _, r := range DefaultScale {
		if r.Verdict == v {
			return r, true
		}
	}
	return Rating{}, false
}

// Label is the verdict as shown to people.
func (v Verdict) Label() string {
	if r, ok := v.Rating(); ok {
		return r.Label
	}
	if v == VerdictNone {
		return "No verdict"
	}
	return string(v)
}

// ClaimColor is the highlight colour of a claim: its verdict's colour, or its
// status's when it has no verdict yet.
func ClaimColor(v Verdict, s Status) string {
	if r, ok := v.Rating(); ok {
		return r.Color
	}
	if s == StatusInProgress || s == StatusNeedsReview {
		return ColorInProgress
	}
	return ColorUnchecked
}

package desk

import (
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// Format is one way to export: its name on the command line, its label in
// the window, its file extension, and whether it holds the whole library.
type Format struct {
	Key     string // as `factdesk export --format` names it
	Label   string
	Ext     string
	Library bool
}

// Formats are every export format, in the order the window lists them.
var Formats = []Format{
	{"html", "HTML report", ".html", false},
	{"pdf", "PDF report", ".pdf", false},
	{"md", "Markdown report", ".md", false},
	{"csv", "CSV (spreadsheet)", ".csv", true},
	{"json", "JSON (FactDesk, re-importable)", ".json", true},
	{"w3c", "W3C Web Annotation (JSON-LD)", ".jsonld", true},
	{"claimreview", "ClaimReview (schema.org JSON-LD)", ".jsonld", false},
}

// FormatNamed returns the format with key, or an error listing them.
func FormatNamed(key string) (Format, error) {
	for _, f := range Formats {
		if f.Key == key {
			return f, nil
		}
	}
	keys := make([]string, len(Formats))
	for i, f := range Formats {
		keys[i] = f.Key
	}
	return Format{}, annotate.Errorf(annotate.EINVALID, "unknown format %q (want %s)", key, strings.Join(keys, ", "))
}

// PageSizes are the paper sizes of the PDF report.
var PageSizes = []string{"A4", "Letter"}

// PageSize returns the canonical spelling of a page size, or an error.
func PageSize(s string) (string, error) {
	for _, p := range PageSizes {
		if strings.EqualFold(s, p) {
			return p, nil
		}
	}
	return "", annotate.Errorf(annotate.EINVALID, "unknown page size %q (want A4 or Letter)", s)
}

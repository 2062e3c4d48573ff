package report

import (
	"io"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/outfile"
)

// Options say how Write lays a format out.
type Options struct {
	PageSize   string // PDF: "A4" (the default) or "Letter"
	BOM        bool   // CSV: start with a UTF-8 byte-order mark, for spreadsheets
	Collection bool   // W3C: an AnnotationCollection of pages, for the library
	// IncludeNotes and FullText set the inputs' fields of the same names:
	// internal notes and the whole article in HTML, PDF and Markdown.
	IncludeNotes bool
	FullText     bool
}

// Formats lists the formats Write knows.
var Formats = []string{"html", "pdf", "md", "csv", "json", "w3c", "claimreview"}

// ManyArticles reports whether format can hold more than one article.
func ManyArticles(format string) bool {
	return format == "csv" || format == "json" || format == "w3c"
}

// Write writes ins in format: the first input for the one-article formats,
// all of them for the others.
func Write(w io.Writer, format string, ins []Input, o Options) error {
	if len(ins) == 0 {
		return annotate.Errorf(annotate.EINVALID, "nothing to export")
	}
	if o.IncludeNotes || o.FullText {
		ins = append([]Input(nil), ins...)
		for i := range ins {
			ins[i].IncludeNotes = ins[i].IncludeNotes || o.IncludeNotes
			ins[i].FullText = ins[i].FullText || o.FullText
		}
	}
	switch format {
	case "html":
		return HTML(w, ins[0])
	case "pdf":
		return PDFWith(w, ins[0], PDFOptions{PageSize: o.PageSize})
	case "md":
		return Markdown(w, ins[0])
	case "claimreview":
		return ClaimReview(w, ins[0])
	case "csv":
		return CSV(w, ins, o.BOM)
	case "json":
		// The native export is data, not a dated report: leaving the date
		// out lets one export be compared with a later one.
		undated := make([]Input, len(ins))
		for i, in := range ins {
			in.Checked = time.Time{}
			undated[i] = in
		}
		return JSON(w, undated)
	case "w3c":
		if o.Collection {
			return W3CCollection(w, ins)
		}
		return W3C(w, ins[0])
	}
	return annotate.Errorf(annotate.EINVALID, "unknown export format %q", format)
}

// WriteFile writes a file through outfile.Write: a temporary file in the
// same folder, synced and renamed into place, so that a failed or cancelled
// export leaves no half-written file; it refuses to write onto a library,
// its journal files, a directory or a device. The window passes the open
// library to protect with WriteFileProtect.
func WriteFile(path string, write func(io.Writer) error) error {
	return outfile.Write(path, outfile.Options{}, write)
}

// WriteFileProtect is WriteFile that also refuses the files in protect
// (the open library, whatever its name) and their -wal and -shm.
func WriteFileProtect(path string, protect []string, write func(io.Writer) error) error {
	return outfile.Write(path, outfile.Options{Protect: protect}, write)
}

package report

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Options say how Write lays a format out.
type Options struct {
	PageSize   string // PDF: "A4" (the default) or "Letter"
	BOM        bool   // CSV: start with a UTF-8 byte-order mark, for spreadsheets
	Collection bool   // W3C: an AnnotationCollection of pages, for the library
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

// WriteFile writes a file through a temporary file in the same folder,
// synced and renamed into place, so that a failed or cancelled export
// leaves no half-written file.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return annotate.Errorf(annotate.EINVALID, "cannot write %s: %v", path, unwrapPath(err))
	}
	defer os.Remove(tmp.Name())
	fail := func(err error) error {
		tmp.Close()
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: %v", path, unwrapPath(err))
	}
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return annotate.Errorf(annotate.EINTERNAL, "cannot write %s: %v", path, unwrapPath(err))
	}
	return nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

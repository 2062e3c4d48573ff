package desk

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// Stdin is the name that reads standard input.
const Stdin = "-"

// ReadInput reads a file, or stdin when name is Stdin, up to limit bytes;
// more is an ETOOLARGE error and nothing is kept. Every bounded read of an
// input (an article, an export to import back) goes through it, so that
// the limits and the messages are the same everywhere.
func ReadInput(name string, stdin io.Reader, limit int64) ([]byte, error) {
	r, label := stdin, "standard input"
	if name != Stdin {
		f, err := os.Open(name)
		if err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", name, unwrapPath(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, annotate.Errorf(annotate.EINVALID, "cannot read %s: it is a directory", name)
		}
		r, label = f, name
	}
	return ReadLimited(r, label, limit)
}

// ReadLimited reads r, named label in messages, up to limit bytes.
func ReadLimited(r io.Reader, label string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot read %s: %v", label, err)
	}
	if int64(len(data)) > limit {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "%s is over the %d MB limit", label, limit>>20)
	}
	return data, nil
}

// IsURL reports whether src names a web page rather than a file.
func IsURL(src string) bool {
	return strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
}

// Load reads and parses an article from src: an http(s) URL, a file, or
// Stdin. format is auto, text, markdown or html; base is the address the
// article's links are relative to. fetched hears the bytes of a download.
func Load(ctx context.Context, src string, stdin io.Reader, format, base string, fetched func(read, total int64)) (*ingest.Document, error) {
	if IsURL(src) {
		return ingest.Fetch(ctx, src, fetched)
	}
	if i := strings.Index(src, ":"); i > 1 && !strings.ContainsAny(src[:i], `/\.`) {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot import %q: only files and http or https URLs can be imported", src)
	}
	data, err := ReadInput(src, stdin, annotate.MaxInputBytes)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	name := ""
	if src != Stdin {
		name = src
	}
	if format == "" {
		format = FormatOf(name)
	}
	if format == ingest.FormatPDF || (format == ingest.FormatAuto && ingest.IsPDF(data)) {
		// Read in a worker process; ctx carries a password
		// (ingest.WithPassword) and hears the pages (WithPDFProgress).
		return ingest.ParsePDF(ctx, data, name, base)
	}
	return ingest.Parse(data, format, name, base)
}

// FormatOf names the ingest format of a file by its extension; auto lets
// the importer look at the content.
func FormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return ingest.FormatHTML
	case ".md", ".markdown":
		return ingest.FormatMarkdown
	case ".pdf":
		return ingest.FormatPDF
	case ".vtt":
		return ingest.FormatVTT
	case ".srt":
		return ingest.FormatSRT
	}
	// Plain text too: it may be a transcript, written as speaker turns.
	return ingest.FormatAuto
}

// ArticleExts are the kinds of file an article is read from.
var ArticleExts = []string{".html", ".htm", ".xhtml", ".md", ".markdown", ".txt", ".text", ".pdf", ".vtt", ".srt"}

// unwrapPath drops the operation and path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/pdftext"
)

// FormatPDF is a PDF document, read by PDFium in a worker process.
const FormatPDF = "pdf"

// IsPDF reports whether data is a PDF document: it starts with "%PDF-",
// perhaps after white space. (Readers allow any junk before it; a text
// that mentions "%PDF-" near its start is still a text.)
func IsPDF(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], " \t\r\n\f\x00"), []byte("%PDF-"))
}

type (
	passwordKey struct{}
	progressKey struct{}
)

// WithPassword returns a context that carries the password of an encrypted
// PDF to ParsePDF; "" carries none.
func WithPassword(ctx context.Context, password string) context.Context {
	if password == "" {
		return ctx
	}
	return context.WithValue(ctx, passwordKey{}, password)
}

// WithPDFProgress returns a context whose PDF import tells progress the
// pages read so far and their total: (0, 0) first, once the PDF reader has
// started.
func WithPDFProgress(ctx context.Context, progress func(done, total int)) context.Context {
	return context.WithValue(ctx, progressKey{}, progress)
}

// ParsePDF reads a PDF document: its text rebuilt in reading order, a
// paragraph a block with the page it starts on, the running heads, feet
// and page numbers left out and kept aside. A PDF without text (scanned
// pages) is refused as needing OCR; one that needs a password and was
// given none, or the wrong one, is refused with an error that wraps
// pdftext.ErrPassword. name and baseURL are as for Parse.
func ParsePDF(ctx context.Context, data []byte, name, baseURL string) (*Document, error) {
	noun := inputNoun(name)
	if len(data) > annotate.MaxInputBytes {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "%s is %s, over the %d MB limit", noun, megabytes(int64(len(data))), annotate.MaxInputBytes>>20)
	}
	if !IsPDF(data) {
		return nil, annotate.Errorf(annotate.EINVALID, "the %s is not a PDF document", noun)
	}
	if baseURL != "" {
		if err := annotate.ValidateURL("base URL", baseURL); err != nil {
			return nil, err
		}
	}
	opt := pdftext.Options{}
	opt.Password, _ = ctx.Value(passwordKey{}).(string)
	opt.Progress, _ = ctx.Value(progressKey{}).(func(done, total int))
	raw, _, err := pdftext.Extract(ctx, data, opt)
	if err != nil {
		return nil, err
	}
	if len(raw.Pages) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "the PDF has no pages")
	}
	layout := pdftext.Build(raw)
	if layout.Letters == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "the PDF has no text, only images of its %d pages (a scan?): it needs OCR (text recognition) before it can be imported", len(raw.Pages))
	}
	d := &Document{Format: FormatPDF, Source: data, URL: baseURL, Byline: clipField(raw.Author)}
	var b strings.Builder
	pos := 0
	for _, p := range layout.Paragraphs {
		text := foldLine(p.Text) // a row's cells, apart in the PDF, become words apart
		if text == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
			pos += 2
		}
		n := utf8.RuneCountInString(text)
		d.Blocks = append(d.Blocks, annotate.Block{Kind: p.Kind, Start: pos, End: pos + n, Page: p.Page})
		b.WriteString(text)
		pos += n
	}
	d.Text = b.String()
	if d.Text == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "the PDF has no text once its running heads and page numbers are left out")
	}
	if n := utf8.RuneCountInString(d.Text); n > annotate.MaxArticleRunes {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the article text has %d characters, more than the limit of %d", n, annotate.MaxArticleRunes)
	}
	for _, r := range layout.Removed {
		// Put back, it would stand at the top of its page.
		at := pos
		for _, blk := range d.Blocks {
			if blk.Page >= r.Page {
				at = blk.Start
				break
			}
		}
		reason := "running head"
		if pageNumberLike(r.Text) {
			reason = "page number"
		}
		d.Removed = append(d.Removed, annotate.RemovedBlock{Text: foldLine(r.Text), Reason: reason, At: at})
	}
	sum := sha256.Sum256(data)
	d.SHA256 = hex.EncodeToString(sum[:])
	d.Title = clipField(layout.Title)
	if d.Title == "" {
		d.Title = fallbackTitle(name, d.Text)
	}
	return d, nil
}

// pageNumberLike reports whether a removed line is only a page number.
func pageNumberLike(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "0123456789/ -–—ofpageOFPAGE()[]ivxlcdm") == ""
}

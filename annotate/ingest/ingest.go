// Package ingest turns plain text, Markdown, HTML pages and URLs into the
// canonical text of an article with its metadata, keeping the raw bytes and
// their SHA-256 as evidence of what was received.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Formats of input.
const (
	FormatAuto     = "auto"
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
)

// Document is an article as read from its source, before it is stored.
type Document struct {
	Title, Byline, Publisher, URL, Language string
	Published                               time.Time
	Text                                    string // canonical
	Format                                  string // "text", "markdown", "html"
	Source                                  []byte // raw bytes as received
	SHA256                                  string // hex of Source
	// Blocks say what each paragraph of Text is (heading, body, caption,
	// ...); Removed is the page furniture left out of Text, which the
	// user can see and put back (RestoreRemoved).
	Blocks  []annotate.Block
	Removed []annotate.RemovedBlock
	// Modified is when the page says it was last changed, if it says so.
	Modified time.Time
}

// Article returns the article the document makes, retrieved now.
func (d *Document) Article() *annotate.Article {
	return &annotate.Article{
		Title:     d.Title,
		Byline:    d.Byline,
		Publisher: d.Publisher,
		URL:       d.URL,
		Language:  d.Language,
		Published: d.Published,
		Retrieved: time.Now(),
		Text:      d.Text,
		Version:   1,
	}
}

// Version returns the document as the first stored version of its article.
func (d *Document) Version() *annotate.ArticleVersion {
	return &annotate.ArticleVersion{
		Number:  1,
		Text:    d.Text,
		Format:  d.Format,
		Source:  d.Source,
		SHA256:  d.SHA256,
		Created: time.Now(),
		Blocks:  d.Blocks,
		Removed: d.Removed,
	}
}

// Parse reads data in format "auto", "text", "markdown" or "html". name is
// the file name, or "" for standard input or a paste; it guides "auto" and
// is the title of last resort. baseURL, which may be "", is where the data
// came from: it resolves relative links and is the document's URL when the
// page names no canonical one.
func Parse(data []byte, format, name, baseURL string) (*Document, error) {
	return parse(data, format, name, baseURL, "")
}

// parse is Parse with the Content-Type the data was served with, if any.
func parse(data []byte, format, name, baseURL, contentType string) (*Document, error) {
	if format == FormatPDF || (format == FormatAuto || format == "") && IsPDF(data) {
		return ParsePDF(context.Background(), data, name, baseURL)
	}
	if err := checkInput(data, name); err != nil {
		return nil, err
	}
	if baseURL != "" {
		if err := annotate.ValidateURL("base URL", baseURL); err != nil {
			return nil, err
		}
	}
	switch format {
	case FormatAuto, "":
		format = detectFormat(data, name)
	case FormatText, FormatMarkdown, FormatHTML, FormatVTT, FormatSRT, FormatTranscript:
	default:
		return nil, annotate.Errorf(annotate.EINVALID, "unknown format %q (want auto, text, markdown, html, pdf, vtt, srt or transcript)", format)
	}

	var d *Document
	var err error
	if format == FormatHTML {
		d, err = parseHTML(data, baseURL, contentType)
	} else {
		var text string
		if text, err = decodeText(data, contentType); err == nil {
			if format == FormatMarkdown {
				d = parseMarkdown(text)
			} else if IsTranscriptFormat(format) {
				d = parseTranscript(text, format)
			} else {
				d = parseText(text)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if d.Text == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "the %s has no text", inputNoun(name))
	}
	if n := utf8.RuneCountInString(d.Text); n > annotate.MaxArticleRunes {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the article text has %d characters, more than the limit of %d", n, annotate.MaxArticleRunes)
	}
	d.Format = format
	d.Source = data
	sum := sha256.Sum256(data)
	d.SHA256 = hex.EncodeToString(sum[:])
	if d.URL == "" {
		d.URL = baseURL
	}
	d.Title = clipField(d.Title)
	if d.Title == "" {
		d.Title = fallbackTitle(name, d.Text)
	}
	if d.Byline == "" && format != FormatHTML && !IsTranscriptFormat(format) {
		if b := readByline(d.Text, d.Title); b.name != "" {
			// The line is metadata, shown above the text as a page's
			// byline is, so it leaves the text it would repeat.
			d.Byline, d.Text = b.name, b.rest
			if d.Publisher == "" {
				d.Publisher = b.publisher
			}
			if d.Published.IsZero() {
				d.Published = b.date
			}
		}
	}
	if format != FormatHTML && !IsTranscriptFormat(format) {
		// After the byline line has left the text, so that the blocks
		// describe the text that is stored.
		// The title of a text often is its first line: it is no repeat.
		d.Text, d.Blocks, d.Removed = removeFurnitureText(d.Text, "", d.Byline)
	}
	d.Byline = clipField(d.Byline)
	d.Publisher = clipField(d.Publisher)
	return d, nil
}

// inputNoun names the input in messages.
func inputNoun(name string) string {
	if name != "" {
		return "file"
	}
	return "input"
}

// megabytes formats n bytes for a message about the size limit.
func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// checkInput refuses what cannot be an article whatever its format: nothing,
// too much, or binary data.
func checkInput(data []byte, name string) error {
	noun := inputNoun(name)
	if len(data) > annotate.MaxInputBytes {
		return annotate.Errorf(annotate.ETOOLARGE, "%s is %s, over the %d MB limit", noun, megabytes(int64(len(data))), annotate.MaxInputBytes>>20)
	}
	if len(bytes.TrimFunc(data, func(r rune) bool { return unicode.IsSpace(r) || ignorable(r) })) == 0 {
		if len(data) == 0 {
			return annotate.Errorf(annotate.EINVALID, "the %s is empty", noun)
		}
		return annotate.Errorf(annotate.EINVALID, "the %s holds only white space", noun)
	}
	if hasUnicodeBOM(data) {
		// UTF-16 and UTF-32 text is full of NUL bytes; it is checked once decoded.
		return nil
	}
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return annotate.Errorf(annotate.EINVALID, "the %s is a PDF document, not text", noun)
	}
	return checkBinary(data, noun)
}

// checkBinary refuses data holding a NUL byte or more than one control byte
// in a hundred: no text looks like that. Content sniffing only names what
// the data looks like; alone it would refuse text that happens to begin like
// a file signature ("BM" is a bitmap).
func checkBinary(data []byte, noun string) error {
	kind := ""
	if k, _, _ := strings.Cut(http.DetectContentType(data), ";"); !strings.HasPrefix(k, "text/") && k != "application/octet-stream" {
		kind = k + ", "
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return annotate.Errorf(annotate.EINVALID, "the %s is binary, not text (%sa NUL byte at byte %d)", noun, kind, i)
	}
	sample := data[:min(len(data), 1<<16)]
	controls := 0
	for _, b := range sample {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1b {
			controls++
		}
	}
	if controls*100 > len(sample) {
		return annotate.Errorf(annotate.EINVALID, "the %s is binary, not text (%s%d control bytes in the first %d)", noun, kind, controls, len(sample))
	}
	return nil
}

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16BE = []byte{0xfe, 0xff}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF32LE = []byte{0xff, 0xfe, 0, 0}
	bomUTF32BE = []byte{0, 0, 0xfe, 0xff}
)

func hasUnicodeBOM(data []byte) bool {
	for _, b := range [][]byte{bomUTF8, bomUTF16BE, bomUTF16LE, bomUTF32BE} {
		if bytes.HasPrefix(data, b) {
			return true
		}
	}
	return false
}

// decodeText returns text or Markdown data as a UTF-8 string. A byte order
// mark or a declared charset (from HTTP) is obeyed; otherwise the data must
// be UTF-8, since guessing the encoding of a short text is unreliable and a
// wrong guess would corrupt every quote taken from it.
func decodeText(data []byte, contentType string) (string, error) {
	var dec []byte
	var err error
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		dec = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF32LE):
		dec, err = utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM).NewDecoder().Bytes(data)
	case bytes.HasPrefix(data, bomUTF32BE):
		dec, err = utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM).NewDecoder().Bytes(data)
	case bytes.HasPrefix(data, bomUTF16BE), bytes.HasPrefix(data, bomUTF16LE):
		dec, err = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	case declaredCharset(contentType) == xunicode.UTF8 && !utf8.Valid(data):
		// Declared UTF-8 but not: refused as an undeclared file is, not
		// stored with replacement characters.
		return "", annotate.Errorf(annotate.EINVALID, "the text says it is UTF-8 but is not valid UTF-8 at byte %d", invalidUTF8At(data))
	case declaredCharset(contentType) != nil:
		dec, err = declaredCharset(contentType).NewDecoder().Bytes(data)
	default:
		dec = data
		if !utf8.Valid(dec) {
			return "", annotate.Errorf(annotate.EINVALID, "the text is not valid UTF-8 at byte %d", invalidUTF8At(dec))
		}
	}
	if err != nil {
		return "", annotate.Errorf(annotate.EINVALID, "the text cannot be decoded: %v", err)
	}
	if i := bytes.IndexByte(dec, 0); i >= 0 {
		return "", annotate.Errorf(annotate.EINVALID, "the text is binary, not text (a NUL character at byte %d once decoded)", i)
	}
	return string(dec), nil
}

// invalidUTF8At returns the offset of the first byte of b that is not part
// of valid UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// detectFormat guesses the format of data from the file name's extension,
// then from the content.
func detectFormat(data []byte, name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return FormatHTML
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return FormatMarkdown
	case ".txt", ".text":
		if sniffTranscript(data) == FormatTranscript {
			return FormatTranscript
		}
		return FormatText
	case ".vtt":
		return FormatVTT
	case ".srt":
		return FormatSRT
	}
	if f := sniffTranscript(data); f != "" {
		return f
	}
	if looksLikeHTML(data) {
		return FormatHTML
	}
	if looksLikeMarkdown(data) {
		return FormatMarkdown
	}
	return FormatText
}

// looksLikeHTML reports whether data begins like an HTML document.
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, bomUTF8), " \t\r\n")
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<?xml", "<!--"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return bytes.Contains(head, []byte("<p>")) && bytes.Contains(head, []byte("</p>"))
}

// clipField folds a metadata field to one line no longer than the domain
// allows, cutting at a word.
func clipField(s string) string {
	s = foldLine(s)
	if len(s) <= 500 {
		return s
	}
	cut := strings.LastIndexByte(s[:500], ' ')
	if cut < 100 {
		cut = 500
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}

// maxTitleLine is the longest first line taken as a title.
const maxTitleLine = 150

// firstLineTitle returns the first line of text if it reads as a title:
// short, and not ending like a sentence.
func firstLineTitle(text string) string {
	line, _, _ := strings.Cut(strings.TrimLeft(text, " \t\r\n\ufeff"), "\n")
	line = foldLine(line)
	if line == "" || utf8.RuneCountInString(line) > maxTitleLine {
		return ""
	}
	if strings.HasSuffix(line, ".") && !strings.HasSuffix(line, "...") {
		return ""
	}
	if strings.HasSuffix(line, ",") || strings.HasSuffix(line, ";") {
		return ""
	}
	return line
}

// fallbackTitle is the title of a document that names none: its file name,
// or the start of its text.
func fallbackTitle(name, text string) string {
	if base := filepath.Base(name); name != "" && base != "." && base != string(filepath.Separator) && !machineName(base) {
		if t := foldLine(strings.TrimSuffix(base, filepath.Ext(base))); t != "" {
			return clipField(t)
		}
	}
	first, _, _ := strings.Cut(text, "\n")
	words := strings.Fields(first)
	var b strings.Builder
	for i, w := range words {
		if b.Len()+len(w) > 80 && i > 0 {
			b.WriteString("…")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return clipField(b.String())
}

// machineName reports whether a file name was made by a program (a hash, a
// number, an export id) rather than a person, and so says nothing as a title.
func machineName(base string) bool {
	run := 0
	for _, r := range base {
		if unicode.IsDigit(r) || strings.ContainsRune("abcdefABCDEF", r) {
			run++
			if run >= 8 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// parseText makes a document of plain text: all of it is the article, and a
// short first line is also its title.
func parseText(text string) *Document {
	return &Document{Title: firstLineTitle(text), Text: Canonical(unwrapLines(text))}
}

// maxWrappedLine is the longest line of a hard-wrapped text; a block of lines
// with a longer one was written a paragraph a line, as text copied from a
// web page or a word processor is.
const maxWrappedLine = 100

// unwrapLines turns the lines of each block that is written a paragraph a
// line into paragraphs of their own, leaving hard-wrapped blocks to be
// folded into one paragraph.
func unwrapLines(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	blocks := strings.Split(text, "\n\n")
	for i, b := range blocks {
		lines := strings.Split(b, "\n")
		if len(lines) < 2 {
			continue
		}
		for _, l := range lines {
			if utf8.RuneCountInString(strings.TrimSpace(l)) > maxWrappedLine {
				blocks[i] = strings.Join(lines, "\n\n")
				break
			}
		}
	}
	return strings.Join(blocks, "\n\n")
}

// byline is what a "By ..." line at the start of a text says.
type byline struct {
	name, publisher string
	date            time.Time
	rest            string // the text without the line
}

// bylineDates are the date forms a byline line is read with.
var bylineDates = []string{"January 2, 2006", "Jan. 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006", "2006-01-02"}

// readByline reads a short "By ..." paragraph at the start of a text (after
// its title, if the text repeats it), as newspapers print it: "By Jane Doe ·
// The Daily Planet · March 3, 2025". It returns a zero byline when there is
// none.
func readByline(text, title string) byline {
	paras := strings.SplitN(text, "\n\n", 3)
	lead := ""
	if len(paras) > 1 && paras[0] == title {
		lead, paras = paras[0]+"\n\n", paras[1:]
	}
	p := paras[0]
	if len(paras) < 2 || utf8.RuneCountInString(p) > 120 || !strings.HasPrefix(strings.ToLower(p), "by ") {
		return byline{}
	}
	line := p[3:]
	cut := strings.IndexFunc(line, func(r rune) bool { return strings.ContainsRune("·|•—–,;(", r) })
	name, rest := line, ""
	if cut >= 0 {
		_, size := utf8.DecodeRuneInString(line[cut:])
		name, rest = line[:cut], line[cut+size:]
	}
	b := byline{name: strings.TrimSpace(name)}
	if first, _ := utf8.DecodeRuneInString(b.name); !unicode.IsUpper(first) || strings.Count(b.name, " ") > 5 {
		return byline{} // a sentence ("By the end of the year, ..."), not a name
	}
	// The rest of the line names the publisher and the date between
	// separators (a date may hold a comma: "March 14, 2025"); after a comma
	// alone it is a role ("Staff Writer").
	for _, part := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune("·|•—–", r) }) {
		part = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(part), ")"))
		if d, ok := parseBylineDate(part); ok {
			b.date = d
		} else if b.publisher == "" && part != "" && strings.ContainsAny(rest, "·|•—–") {
			b.publisher = part
		}
	}
	b.rest = lead + strings.Join(paras[1:], "\n\n")
	return b
}

func parseBylineDate(s string) (time.Time, bool) {
	for _, layout := range bylineDates {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// wantError checks that err is an *annotate.Error with code and a message
// containing each of parts.
func wantError(t *testing.T, err error, code string, parts ...string) {
	t.Helper()
	var ae *annotate.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v (%T), want an *annotate.Error", err, err)
	}
	if ae.Code != code {
		t.Errorf("error code = %q, want %q (message %q)", ae.Code, code, ae.Message)
	}
	for _, p := range parts {
		if !strings.Contains(ae.Message, p) {
			t.Errorf("error message = %q, want it to contain %q", ae.Message, p)
		}
	}
}

func TestParseBadInput(t *testing.T) {
	huge := bytes.Repeat([]byte("word "), (annotate.MaxInputBytes+1_400_000)/5)
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	tests := []struct {
		name, format, file string
		data               []byte
		code               string
		parts              []string
	}{
		{"empty", "auto", "", nil, annotate.EINVALID, []string{"empty"}},
		{"empty file", "text", "a.txt", []byte{}, annotate.EINVALID, []string{"file is empty"}},
		{"white space only", "text", "", []byte(" \n\t\r\n  \u00a0"), annotate.EINVALID, []string{"only white space"}},
		{"zero width only", "markdown", "", []byte("\u200b\ufeff\n"), annotate.EINVALID, []string{"only white space"}},
		{"markdown syntax only", "markdown", "", []byte("***\n\n![x](y.png)\n"), annotate.EINVALID, []string{"has no text"}},
		{"NUL bytes", "text", "", []byte("hello\x00world"), annotate.EINVALID, []string{"binary", "byte 5"}},
		{"NUL in html", "html", "", []byte("<p>hello\x00</p>"), annotate.EINVALID, []string{"binary"}},
		{"control bytes", "auto", "", bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 100), annotate.EINVALID, []string{"binary", "control bytes"}},
		{"pdf", "auto", "doc.pdf", pdf, annotate.EINVALID, []string{"PDF"}},
		{"png", "auto", "", png, annotate.EINVALID, []string{"binary", "image/png"}},
		{"invalid UTF-8 text", "text", "", []byte("caf\xe9 au lait"), annotate.EINVALID, []string{"not valid UTF-8 at byte 3"}},
		{"invalid UTF-8 markdown", "markdown", "", []byte("# T\n\nna\xefve"), annotate.EINVALID, []string{"not valid UTF-8 at byte 7"}},
		{"too large file", "text", "big.txt", huge, annotate.ETOOLARGE, []string{"file is 21.3 MB, over the 20 MB limit"}},
		{"too large paste", "auto", "", huge, annotate.ETOOLARGE, []string{"input is 21.3 MB"}},
		{"unknown format", "docx", "", []byte("text"), annotate.EINVALID, []string{`unknown format "docx"`}},
		{"bad base URL", "text", "", []byte("text"), annotate.EINVALID, []string{"base URL"}},
		{"html without article", "html", "", []byte("<html><head><title>T</title></head><body><script>var x = 1</script></body></html>"), annotate.EINVALID, []string{"no article text"}},
		{"html of only markup", "html", "", []byte("<html><body><div><img src=a.png></div></body></html>"), annotate.EINVALID, []string{"no article text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := ""
			if tt.name == "bad base URL" {
				base = "javascript:alert(1)"
			}
			d, err := Parse(tt.data, tt.format, tt.file, base)
			if d != nil {
				t.Errorf("Parse returned a document %q, want none", d.Title)
			}
			wantError(t, err, tt.code, tt.parts...)
		})
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name, in, file, title, text string
	}{
		{"short first line is the title", "Budget speech\nThe minister said taxes will fall.\n\nSecond paragraph.", "", "Budget speech", "Budget speech The minister said taxes will fall.\n\nSecond paragraph."},
		{"sentence first line is not", "The minister said taxes will fall.\nMore.", "speech.txt", "speech", "The minister said taxes will fall. More."},
		{"long first line is not", strings.Repeat("word ", 40) + "\n\nNext", "notes.txt", "notes", strings.TrimSpace(strings.Repeat("word ", 40)) + "\n\nNext"},
		{"no name: start of the text", "The minister said taxes will fall, and that the deficit would close by the end of the decade.", "", "The minister said taxes will fall, and that the deficit would close by the end of…", "The minister said taxes will fall, and that the deficit would close by the end of the decade."},
		{"UTF-8 BOM", "\ufeffTitle\n\nBody.", "", "Title", "Title\n\nBody."},
		{"CRLF", "Title\r\n\r\nBody one\r\nBody two", "", "Title", "Title\n\nBody one Body two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.in), FormatText, tt.file, "")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if d.Title != tt.title {
				t.Errorf("Title = %q, want %q", d.Title, tt.title)
			}
			if d.Text != tt.text {
				t.Errorf("Text = %q, want %q", d.Text, tt.text)
			}
		})
	}
}

func TestParseTextUTF16(t *testing.T) {
	for _, e := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		data, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte("Titre\n\nLe café est fermé."))
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(data, FormatAuto, "", "")
		if err != nil {
			t.Fatalf("Parse UTF-16: %v", err)
		}
		if want := "Titre\n\nLe café est fermé."; d.Text != want {
			t.Errorf("Text = %q, want %q", d.Text, want)
		}
	}
}

func TestParseDocumentFields(t *testing.T) {
	data := []byte("Title\n\nBody text.")
	d, err := Parse(data, FormatAuto, "", "https://example.org/a")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got, want := d.SHA256, hex.EncodeToString(sum[:]); got != want {
		t.Errorf("SHA256 = %s, want %s", got, want)
	}
	if !bytes.Equal(d.Source, data) {
		t.Errorf("Source = %q, want %q", d.Source, data)
	}
	if d.URL != "https://example.org/a" {
		t.Errorf("URL = %q, want the base URL", d.URL)
	}
	a := d.Article()
	if err := a.Validate(); err != nil {
		t.Errorf("Article().Validate() = %v, want nil", err)
	}
	if a.Text != d.Text || a.Title != "Title" || a.Retrieved.IsZero() || a.Version != 1 {
		t.Errorf("Article() = %+v, want text, title, retrieved time and version 1", a)
	}
	v := d.Version()
	if v.Format != FormatText || v.SHA256 != d.SHA256 || v.Text != d.Text || v.Number != 1 || !bytes.Equal(v.Source, data) {
		t.Errorf("Version() = %+v, want format, hash, text, number 1 and source", v)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"html extension", "a.HTML", "just text", FormatHTML},
		{"htm extension", "a.htm", "x", FormatHTML},
		{"markdown extension", "a.md", "x", FormatMarkdown},
		{"text extension", "a.txt", "<html>", FormatText},
		{"doctype", "", "\n  <!DOCTYPE html><html>", FormatHTML},
		{"html tag", "page", "<html lang=en>", FormatHTML},
		{"paragraphs", "", "Some <p>text</p>", FormatHTML},
		{"markdown signs", "", "# Title\n\nSome **bold** text.", FormatMarkdown},
		{"one asterisk is text", "", "Prices rose 5%* last year.\n* terms apply", FormatText},
		{"plain", "", "Just words.", FormatText},
	}
	for _, tt := range tests {
		if got := detectFormat([]byte(tt.data), tt.file); got != tt.want {
			t.Errorf("%s: detectFormat(%q, %q) = %q, want %q", tt.name, tt.data, tt.file, got, tt.want)
		}
	}
}

// article wraps paragraphs in a page readability recognises as an article.
func article(head, body string) string {
	p := strings.Repeat("<p>The minister said that taxes would fall next year, according to the budget documents published on Tuesday, which also show spending rising.</p>\n", 3)
	return "<!DOCTYPE html><html lang=\"en\"><head>" + head + "</head><body><article>" + body + p + "</article></body></html>"
}

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string // paragraphs expected in the text, in order
		absent     []string
	}{
		{
			name:   "blocks are paragraphs and inline text joins",
			page:   article("<title>Budget</title>", "<h2>Section <em>one</em></h2><p>A <b>bold</b><i>claim</i> here.</p><ul><li>first</li><li>second <a href='/x'>link</a></li></ul><blockquote>Quoted words.</blockquote>"),
			want:   []string{"Section one", "A boldclaim here.", "first", "second link", "Quoted words."},
			absent: []string{"\n\n\n"},
		},
		{
			name: "br is a space, two br end a paragraph",
			page: article("", "<div><p>line one<br>line two<br><br>line three</p></div>"),
			want: []string{"line one line two", "line three"},
		},
		{
			name:   "scripts and styles never contribute",
			page:   article("<style>p{color:red}</style>", "<p>Visible text.<script>alert('x')</script><style>.a{}</style><noscript>enable js</noscript></p>"),
			want:   []string{"Visible text."},
			absent: []string{"alert", "color", ".a{}", "enable js"},
		},
		{
			name: "soft hyphens and zero width in HTML",
			page: article("", "<p>fact&shy;checking is in&#8203;dispensable&nbsp;work.</p>"),
			want: []string{"factchecking is indispensable work."},
		},
		{
			name: "pre keeps blank lines as paragraphs",
			page: article("", "<pre>code line\nnext line\n\nafter blank</pre>"),
			want: []string{"code line next line", "after blank"},
		},
		{
			name: "table rows",
			page: article("", "<table><tr><th>Year</th><th>Rate</th></tr><tr><td>2024</td><td>5%</td></tr></table>"),
			want: []string{"Year Rate", "2024 5%"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.page), FormatHTML, "", "https://example.org/news/budget")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			paras := strings.Split(d.Text, "\n\n")
			at := 0
			for _, w := range tt.want {
				found := false
				for ; at < len(paras); at++ {
					if paras[at] == w {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("paragraph %q missing or out of order in %q", w, d.Text)
					break
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(d.Text, a) {
					t.Errorf("text contains %q, want it absent: %q", a, d.Text)
				}
			}
			if Canonical(d.Text) != d.Text {
				t.Errorf("text is not canonical: %q", d.Text)
			}
		})
	}
}

func TestParseHTMLMetadata(t *testing.T) {
	head := `<title>Taxes Will Fall, Minister Says | Daily Planet</title>
<meta property="og:title" content="Taxes Will Fall, Minister Says">
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="/news/taxes">`
	d, err := Parse([]byte(article(head, "")), FormatAuto, "", "https://example.org/news/taxes?utm_source=x")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"Title", d.Title, "Taxes Will Fall, Minister Says"},
		{"Byline", d.Byline, "Lois Lane"},
		{"Publisher", d.Publisher, "Daily Planet"},
		{"URL", d.URL, "https://example.org/news/taxes"},
		{"Language", d.Language, "en"},
		{"Published", d.Published.UTC().Format("2006-01-02T15:04"), "2024-03-05T10:00"},
		{"Format", d.Format, FormatHTML},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}

func TestParseHTMLCharsets(t *testing.T) {
	const phrase = "Le ministre a déclaré que les impôts baisseraient — « garanti »."
	latin := func(head string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(article(head, "<p>"+phrase+"</p>")))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(article("", "<p>"+phrase+"</p>")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		data        []byte
		contentType string
	}{
		{"UTF-8 without declaration", []byte(article("", "<p>"+phrase+"</p>")), ""},
		{"UTF-8 saved with an old latin-1 declaration", []byte(article(`<meta charset="iso-8859-1">`, "<p>"+phrase+"</p>")), ""},
		{"meta charset", latin(`<meta charset="windows-1252">`), ""},
		{"http-equiv", latin(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`), ""},
		{"header charset", latin(""), "text/html; charset=windows-1252"},
		{"header wins over meta", latin(`<meta charset="utf-8">`), "text/html; charset=cp1252"},
		{"undeclared legacy bytes", latin(""), ""},
		{"unknown declared charset falls back to detection", latin(`<meta charset="x-no-such">`), "text/html; charset=x-no-such"},
		{"UTF-16 with BOM", utf16, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parse(tt.data, FormatHTML, "", "", tt.contentType)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if !strings.Contains(d.Text, phrase) {
				t.Errorf("text %q does not contain %q", d.Text[:min(len(d.Text), 200)], phrase)
			}
			if !bytes.Equal(d.Source, tt.data) {
				t.Errorf("Source is not the raw bytes received")
			}
		})
	}
}

func TestParseFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"speech.md":   "# Speech\n\nWe will **cut** taxes.",
		"speech.txt":  "We will cut taxes.",
		"speech.html": article("<title>Speech</title>", "<p>We will cut taxes.</p>"),
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(data, FormatAuto, path, "")
		if err != nil {
			t.Fatalf("Parse(%s): %v", name, err)
		}
		if !strings.Contains(d.Text, "We will cut taxes.") {
			t.Errorf("Parse(%s).Text = %q, want it to contain %q", name, d.Text, "We will cut taxes.")
		}
		if name == "speech.txt" && d.Title != "speech" {
			t.Errorf("Parse(%s).Title = %q, want the file name %q", name, d.Title, "speech")
		}
		if name != "speech.txt" && d.Title != "Speech" {
			t.Errorf("Parse(%s).Title = %q, want %q", name, d.Title, "Speech")
		}
	}
}

package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// addCorpusSeeds adds a few files of the shared corpus, when present, as
// seeds of a fuzz target.
func addCorpusSeeds(f *testing.F, paths ...string) {
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(corpusDir, p))
		if err != nil {
			continue // the corpus is optional for fuzzing
		}
		f.Add(data)
	}
}

// checkParsed asserts what every successful parse promises.
func checkParsed(t *testing.T, d *Document, err error) {
	t.Helper()
	if err != nil {
		if d != nil {
			t.Fatalf("Parse returned both a document and the error %v", err)
		}
		return
	}
	if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
		t.Fatalf("output is not valid UTF-8: title %q text %q", d.Title, d.Text)
	}
	if got := Canonical(d.Text); got != d.Text {
		t.Fatalf("text is not canonical:\n got %q\nwant %q", d.Text, got)
	}
	if d.Text == "" || d.Title == "" {
		t.Fatalf("document without text or title: %+v", d)
	}
	if err := d.Article().Validate(); err != nil {
		t.Fatalf("Article().Validate() = %v", err)
	}
	// The blocks, when there are any, are the text's paragraphs in order.
	if d.Blocks != nil {
		want := annotate.ParagraphBlocks(d.Text)
		if len(want) != len(d.Blocks) {
			t.Fatalf("%d blocks for %d paragraphs", len(d.Blocks), len(want))
		}
		for i, b := range d.Blocks {
			if b.Start != want[i].Start || b.End != want[i].End || b.Kind == "" {
				t.Fatalf("block %d is %+v, want the paragraph %d–%d", i, b, want[i].Start, want[i].End)
			}
		}
	}
	for _, r := range d.Removed {
		if r.At < 0 || r.At > utf8.RuneCountInString(d.Text) || r.Text == "" || r.Reason == "" {
			t.Fatalf("removed block %+v is out of the text or empty", r)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	addCorpusSeeds(f, "readability/nytimes-1/source.html", "readability/replace-brs/source.html",
		"readability/rtl-1/source.html", "readability/qq/source.html")
	for _, s := range []string{
		"<p>hello</p>",
		"<html><body><article><p>a<br><br>b</p><pre>x\n\ny</pre></article></body></html>",
		"<meta charset=shift_jis><p>\x82\xa0</p>",
		"<table><tr><td>a</td><td>b</td></tr></table>",
		"\ufeff<p>soft\u00adhyphen zero\u200bwidth</p>",
		"<p>e\u200b\u0301</p><p>\u0301</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, FormatHTML, "", "")
		checkParsed(t, d, err)
	})
}

func FuzzParseMarkdown(f *testing.F) {
	addCorpusSeeds(f, "claimreview/README.md", "checkworthy/README.md", "anchoring/README.md")
	for _, s := range []string{
		"# Title\n\nSome **bold** and _em_ text.",
		"- a\n- b\n  c\n\n> q\n> > qq\n\n```\ncode\n```",
		"[a](b) ![c](d) <http://x> `e` \\* &amp; [r]\n\n[r]: http://y",
		"| a | b |\n|---|---|\n| c | d |",
		"***\n---\n___\nSetext\n===",
		"[[[[[[[[[[[[(((((((``````",
		"---\ntitle: x\n---\nbody",
		"<!-- open",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, FormatMarkdown, "", "")
		checkParsed(t, d, err)
	})
}

func FuzzParseText(f *testing.F) {
	addCorpusSeeds(f, "anchoring/README.md", "checkworthy/README.md")
	for _, s := range []string{
		"Title\n\nBody.",
		"a\r\n\r\nb\rc",
		"\u2029\u2028\u0085\u00a0x",
		"e\u0301\u200b\u00ad",
		"\xff\xfe\x00a",
		"\xfe\xff\x00a\x00\n\x00\n\x00b",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, FormatText, "", "")
		checkParsed(t, d, err)
		if got := Canonical(string(data)); Canonical(got) != got || !utf8.ValidString(got) {
			t.Fatalf("Canonical(%q) = %q is not stable", data, got)
		}
	})
}

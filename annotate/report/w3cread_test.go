package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func TestReadW3CReadsOurPage(t *testing.T) {
	in := sampleInput(t)
	var b bytes.Buffer
	if err := W3C(&b, in); err != nil {
		t.Fatal(err)
	}
	got, err := ReadW3C(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in.Claims) {
		t.Fatalf("read %d annotations, want %d", len(got), len(in.Claims))
	}
	for i, an := range got {
		want := in.Claims[i]
		c := an.Claim
		if an.Source != in.Article.URL {
			t.Errorf("claim %d: source = %q, want %q", i+1, an.Source, in.Article.URL)
		}
		if an.Anchor != want.Anchor || c.Anchor != want.Anchor {
			t.Errorf("claim %d: anchor = %+v, want %+v", i+1, an.Anchor, want.Anchor)
		}
		if c.Statement != want.Statement || c.Verdict != want.Verdict || c.Notes != want.Notes {
			t.Errorf("claim %d: statement/verdict/notes = %q/%q/%q, want %q/%q/%q", i+1, c.Statement, c.Verdict, c.Notes, want.Statement, want.Verdict, want.Notes)
		}
		if fmt.Sprint(c.Tags) != fmt.Sprint(tagsOf(want)) {
			t.Errorf("claim %d: tags = %v, want %v", i+1, c.Tags, want.Tags)
		}
		if len(c.Sources) != len(want.Sources) {
			t.Fatalf("claim %d: %d sources, want %d", i+1, len(c.Sources), len(want.Sources))
		}
		for k, s := range c.Sources {
			w := want.Sources[k]
			if s.URL != w.URL || s.ArchiveURL != w.ArchiveURL || !s.Accessed.Equal(w.Accessed) {
				t.Errorf("claim %d source %d = %s %s %v, want %s %s %v", i+1, k+1, s.URL, s.ArchiveURL, s.Accessed, w.URL, w.ArchiveURL, w.Accessed)
			}
		}
		if !c.Created.Equal(want.Created) || !c.Updated.Equal(want.Updated) {
			t.Errorf("claim %d: times = %v %v, want %v %v", i+1, c.Created, c.Updated, want.Created, want.Updated)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("claim %d does not validate: %v", i+1, err)
		}
	}
}

func TestReadW3CShapes(t *testing.T) {
	tests := []struct {
		name, doc string
		n         int
		check     func(t *testing.T, got []W3CAnnotation)
	}{
		{"hypothesis export", `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "https://hypothes.is/a/abc",
			"created": "2024-05-01T10:00:00.123456+00:00", "creator": "acct:someone@hypothes.is", "motivation": "commenting",
			"body": [{"type": "TextualBody", "value": "Is this right?", "format": "text/markdown"}, {"type": "TextualBody", "purpose": "tagging", "value": "Economy"}],
			"target": [{"source": "https://news.example/a", "selector": [
				{"type": "RangeSelector", "startContainer": "/p[2]", "startOffset": 0, "endContainer": "/p[2]", "endOffset": 20},
				{"type": "TextPositionSelector", "start": 120, "end": 140},
				{"type": "TextQuoteSelector", "exact": "unemployment is 3%", "prefix": "said ", "suffix": " now"}]}]}`, 1,
			func(t *testing.T, got []W3CAnnotation) {
				an := got[0]
				if an.Source != "https://news.example/a" || an.Anchor.Start != 120 || an.Anchor.End != 140 || an.Anchor.Exact != "unemployment is 3%" || an.Anchor.Prefix != "said " {
					t.Errorf("anchor = %+v source %q", an.Anchor, an.Source)
				}
				if an.Claim.Notes != "Is this right?" || fmt.Sprint(an.Claim.Tags) != "[economy]" || an.Claim.Statement != "unemployment is 3%" {
					t.Errorf("claim = notes %q tags %v statement %q", an.Claim.Notes, an.Claim.Tags, an.Claim.Statement)
				}
				if an.Claim.Created.IsZero() {
					t.Errorf("created was not read")
				}
			}},
		{"page note without a quote", `{"type": "Annotation", "id": "urn:a", "target": "https://x.example/", "body": {"type": "TextualBody", "value": "hi"}}`, 1,
			func(t *testing.T, got []W3CAnnotation) {
				if a := got[0].Anchor; a.Exact != "" || a.Start != -1 || got[0].Source != "https://x.example/" {
					t.Errorf("anchor = %+v source %q, want no quote on https://x.example/", a, got[0].Source)
				}
			}},
		{"refinedBy quote, no position", `[{"type": "Annotation", "bodyValue": "note", "target": {"source": {"id": "https://x.example/doc"},
			"selector": {"type": "FragmentSelector", "value": "para5", "refinedBy": {"type": "TextQuoteSelector", "exact": "the quote"}}}}]`, 1,
			func(t *testing.T, got []W3CAnnotation) {
				if a := got[0].Anchor; a.Exact != "the quote" || a.Start != -1 || a.End != -1 {
					t.Errorf("anchor = %+v, want the quote at -1–-1", a)
				}
				if got[0].Source != "https://x.example/doc" || got[0].Claim.Notes != "note" {
					t.Errorf("source %q notes %q", got[0].Source, got[0].Claim.Notes)
				}
			}},
		{"collection with embedded page", `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "id": "urn:x", "first": {"type": "AnnotationPage", "id": "urn:y",
			"items": [{"type": "Annotation", "motivation": "assessing", "body": [{"type": "TextualBody", "purpose": "assessing", "value": "Mostly false"}, "https://evidence.example/doc", {"type": "SpecificResource", "source": "javascript:alert(1)"}],
				"target": {"source": "https://a.example/", "selector": [{"type": "TextQuoteSelector", "exact": "one"}]}},
				{"type": "Annotation", "body": {"type": "TextualBody", "purpose": "assessing", "value": "Pants on fire"}, "target": {"source": "https://a.example/", "selector": [{"type": "TextQuoteSelector", "exact": "two"}]}}]}}`, 2,
			func(t *testing.T, got []W3CAnnotation) {
				c := got[0].Claim
				if c.Verdict != annotate.VerdictMostlyFalse || c.Status != annotate.StatusInProgress {
					t.Errorf("verdict/status = %q/%q, want mostly-false/in-progress", c.Verdict, c.Status)
				}
				if len(c.Sources) != 1 || c.Sources[0].URL != "https://evidence.example/doc" {
					t.Errorf("sources = %+v, want only the https one", c.Sources)
				}
				if !strings.Contains(c.Notes, "javascript:alert(1)") {
					t.Errorf("the unsafe link is not kept as text in the notes: %q", c.Notes)
				}
				// A verdict not on our scale is kept as a note, not lost.
				if c2 := got[1].Claim; c2.Verdict != annotate.VerdictNone || c2.Notes != "Pants on fire" {
					t.Errorf("foreign verdict: %q / notes %q", c2.Verdict, c2.Notes)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadW3C(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.n {
				t.Fatalf("read %d annotations, want %d", len(got), tt.n)
			}
			tt.check(t, got)
		})
	}
}

func TestReadW3CRefuses(t *testing.T) {
	tests := []struct{ name, doc, code, msg string }{
		{"empty", " ", annotate.EINVALID, "is empty"},
		{"not json", "{", annotate.EINVALID, "not valid JSON"},
		{"not an annotation", `{"type": "Person"}`, annotate.EINVALID, "not a W3C annotation"},
		{"no target", `{"type": "Annotation", "body": "https://x.example/"}`, annotate.EINVALID, "it has no target"},
		{"no annotations", `{"type": "AnnotationPage", "items": []}`, annotate.EINVALID, "holds no annotations"},
		{"pages elsewhere", `{"type": "AnnotationCollection", "first": "https://x.example/p1"}`, annotate.EINVALID, "first page is only a link"},
		{"deep", strings.Repeat(`{"a":`, 100) + "1" + strings.Repeat("}", 100), annotate.EINVALID, "nested more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadW3C(strings.NewReader(tt.doc))
			if got := annotate.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q (%v), want %q", got, err, tt.code)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %q, want it to contain %q", err, tt.msg)
			}
		})
	}
}

// TestReadW3CCorpusSamples reads the correct samples of the W3C test suite
// that have a quote selector.
func TestReadW3CCorpusSamples(t *testing.T) {
	needShared(t)
	dir := filepath.Join(sharedDir, "corpus", "wpt-annotation-model", "_upstream-web-annotation-tests", "tools", "samples", "correct")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		t.Skipf("no samples in %s", dir)
	}
	read := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadW3C(bytes.NewReader(b))
		if !bytes.Contains(b, []byte("TextQuoteSelector")) {
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		for _, an := range got {
			if an.Anchor.Exact != "" {
				read++
			}
		}
	}
	if read == 0 {
		t.Errorf("no sample with a TextQuoteSelector was read")
	}
}

package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/annotate"
)

// bigInput is an article of n sentences, five to a paragraph, each marked
// as a claim with a verdict, tags, notes and a source; every tenth claim
// also overlaps the next sentence.
func bigInput(tb testing.TB, n int) Input {
	tb.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			if i%5 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		fmt.Fprintf(&b, "Sentence %d says that the council spent %d million on roads in %d.", i, i%97, 1990+i%35)
	}
	a := &annotate.Article{ID: 1, Title: "A very long transcript", URL: "https://example.org/long", Text: b.String(), Version: 1,
		ReportURL: "https://desk.example/checks/long",
		Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	text := []rune(a.Text)
	claims := make([]*annotate.Claim, 0, n)
	at := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
	start := 0
	for i := 0; i < n; i++ {
		end := start
		for end < len(text) && text[end] != '.' {
			end++
		}
		end++
		cend := end
		if i%10 == 0 && i+1 < n {
			cend = end + 12
		}
		anc, err := annotate.DescribeRunes(text, start, cend)
		if err != nil {
			tb.Fatal(err)
		}
		r := annotate.DefaultScale[i%len(annotate.DefaultScale)]
		claims = append(claims, &annotate.Claim{ID: int64(i + 1), ArticleID: 1, Anchor: anc, Statement: anc.Exact, Claimant: "Council member",
			ClaimDate: "2024-12-01", Tags: []string{"budget", "roads"}, Status: annotate.StatusDone, Verdict: r.Verdict,
			Notes: "The budget documents show a different figure.", Rationale: "The budget documents show a different figure for that year.", AnchorBy: annotate.AnchorMarked, AnchorScore: 1, Created: at, Updated: at,
			Sources: []annotate.Source{{URL: "https://example.org/budget", Title: "Budget", Accessed: at, ArchiveURL: "https://archive.example/budget", Stance: annotate.StanceRefutes}}})
		start = end
		for start < len(text) && isSpace(text[start]) {
			start++
		}
	}
	return Input{Article: a, Claims: claims, Org: Org{Name: "Desk", URL: "https://desk.example"}, Checked: at}
}

func benchmarkExport(b *testing.B, write func(io.Writer, Input) error) {
	in := bigInput(b, 10_000)
	var buf bytes.Buffer
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := write(&buf, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkHTML10k(b *testing.B)     { benchmarkExport(b, HTML) }
func BenchmarkPDF10k(b *testing.B)      { benchmarkExport(b, PDF) }
func BenchmarkMarkdown10k(b *testing.B) { benchmarkExport(b, Markdown) }

// The reports with every option on: the whole article and the notes too.
func BenchmarkHTML10kFull(b *testing.B)     { benchmarkExport(b, full(HTML)) }
func BenchmarkPDF10kFull(b *testing.B)      { benchmarkExport(b, full(PDF)) }
func BenchmarkMarkdown10kFull(b *testing.B) { benchmarkExport(b, full(Markdown)) }

func full(write func(io.Writer, Input) error) func(io.Writer, Input) error {
	return func(w io.Writer, in Input) error {
		in.FullText, in.IncludeNotes = true, true
		return write(w, in)
	}
}
func BenchmarkW3C10k(b *testing.B)         { benchmarkExport(b, W3C) }
func BenchmarkClaimReview10k(b *testing.B) { benchmarkExport(b, ClaimReview) }
func BenchmarkCSV10k(b *testing.B) {
	benchmarkExport(b, func(w io.Writer, in Input) error { return CSV(w, []Input{in}, false) })
}
func BenchmarkJSON10k(b *testing.B) {
	benchmarkExport(b, func(w io.Writer, in Input) error { return JSON(w, []Input{in}) })
}

func TestBigInputExports(t *testing.T) {
	if testing.Short() {
		t.Skip("large export")
	}
	in := bigInput(t, 2000)
	in.FullText = true
	var b bytes.Buffer
	if err := HTML(&b, in); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(b.String(), `<sup class="ref`), len(in.Claims); got != want {
		t.Errorf("markers = %d, want %d", got, want)
	}
}

func FuzzReadJSON(f *testing.F) {
	var good bytes.Buffer
	if err := JSON(&good, []Input{sampleInput(f)}); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte(`{"factdesk": 1, "articles": [{"article": null}]}`))
	f.Add([]byte(`{"factdesk": 1, "articles": [{"article": {"title": "t", "text": "x"}, "claims": [null]}]}`))
	f.Add([]byte(`[[[[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ins, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			if annotate.ErrorCode(err) == annotate.EINTERNAL {
				t.Errorf("error without a code: %v", err)
			}
			return
		}
		// What was accepted can be exported again in every format.
		for _, in := range ins {
			if err := HTML(io.Discard, in); err != nil {
				t.Errorf("HTML of an accepted import: %v", err)
			}
			if err := Markdown(io.Discard, in); err != nil {
				t.Errorf("Markdown of an accepted import: %v", err)
			}
		}
		if err := JSON(io.Discard, ins); err != nil {
			t.Errorf("JSON of an accepted import: %v", err)
		}
	})
}

func FuzzReadW3C(f *testing.F) {
	var page bytes.Buffer
	if err := W3C(&page, sampleInput(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(page.Bytes())
	f.Add([]byte(`{"type": "Annotation", "target": {"source": "https://x.example/", "selector": {"type": "TextQuoteSelector", "exact": "a", "refinedBy": {"type": "TextPositionSelector", "start": 1e300, "end": -1}}}}`))
	f.Add([]byte(`{"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": [], "next": {"type": "AnnotationPage"}}}`))
	f.Add([]byte(`{"rows": [{"target": [{"selector": [{"type": "TextQuoteSelector", "exact": "q"}]}], "tags": ["a", 1]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadW3C(bytes.NewReader(data))
		if err != nil {
			if annotate.ErrorCode(err) == annotate.EINTERNAL {
				t.Errorf("error without a code: %v", err)
			}
			return
		}
		for _, an := range got {
			if an.Claim == nil {
				t.Fatalf("annotation without a claim")
			}
			if (an.Anchor.Start < 0) != (an.Anchor.End < 0) {
				t.Errorf("half a position: %+v", an.Anchor)
			}
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add("Title", "<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "javascript:alert(1)", "text with <b>tags</b>", 0, 4)
	f.Add("", "\x00", "</style><script>", "https://a.example/\"onmouseover=x", "ab\n\ncd", 1, 3)
	f.Fuzz(func(t *testing.T, title, statement, claimant, url, text string, start, end int) {
		if strings.TrimSpace(text) == "" {
			text = "some text"
		}
		a := &annotate.Article{ID: 1, Title: title, Byline: claimant, Publisher: statement, URL: url, Text: text}
		runes := []rune(text)
		c := &annotate.Claim{ID: 1, Statement: statement, Claimant: claimant, Notes: statement + "\n\n" + title, Tags: []string{title},
			Sources: []annotate.Source{{URL: url, Title: statement, ArchiveURL: url, Excerpt: claimant}}}
		if start >= 0 && end > start && end <= len(runes) {
			c.Anchor = annotate.Anchor{Start: start, End: end, Exact: string(runes[start:end])}
		}
		in := Input{Article: a, Claims: []*annotate.Claim{c, c}, Org: Org{Name: claimant, URL: url, CorrectionsURL: url, Methodology: statement}}
		var b bytes.Buffer
		if err := HTML(&b, in); err != nil {
			t.Fatal(err)
		}
		root, err := html.Parse(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" || n.Data == "img" || n.Data == "iframe" {
					t.Fatalf("found <%s> for input %q", n.Data, b.String())
				}
				for _, at := range n.Attr {
					if strings.HasPrefix(strings.ToLower(at.Key), "on") {
						t.Fatalf("event handler %s=%q", at.Key, at.Val)
					}
					if at.Key == "href" && !strings.HasPrefix(at.Val, "#") && !strings.HasPrefix(at.Val, "http://") && !strings.HasPrefix(at.Val, "https://") &&
						!strings.HasPrefix(strings.ToLower(at.Val), "http") {
						t.Fatalf("href %q", at.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(root)
	})
}

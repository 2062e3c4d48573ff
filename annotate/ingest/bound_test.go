package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostilePages are pages that once cost gigabytes: many elements, deep
// nesting, elements that are never closed.
var hostilePages = []struct{ name, head, unit string }{
	{"td", "", "<td>x"},
	{"br", "", "x<br>"},
	{"unclosed div", "", "<div>x"},
	{"unclosed p", "", "<p>x"},
	{"unclosed b", "", "<b>x"},
	{"table rows", "<table>", "<tr><td>x"},
	{"closed links", "<p>", "<a href=#>x</a>"},
	{"list items", "<ul>", "<li>x"},
	{"line breaks", "<p>x", "<br>"},
	{"attributes", "<p ", "a=1 "},
	{"comments", "<p>x", "<!---->"},
}

func hostile(head, unit string, size int) []byte {
	b := make([]byte, 0, size+len(unit))
	b = append(b, head...)
	for len(b) < size {
		b = append(b, unit...)
	}
	return b[:size]
}

// hostileSize is just under the 20 MB limit on an import.
const hostileSize = 19<<20 + 1<<19

// TestHostilePagesAreBounded parses each hostile page at just under the
// 20 MB limit in a process of its own and checks that process's peak
// resident memory against the import target (300 MB): the page is bounded
// as it is parsed, whatever the answer is. Its time (target 5 s) is logged,
// not asserted: on a shared machine a timing assertion fails by load, and
// `make bench` measures it.
func TestHostilePagesAreBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 20 MB pages")
	}
	if raceDetector {
		t.Skip("the race detector's shadow memory adds to every process's resident memory; the bound is checked without -race in make test")
	}
	for _, p := range hostilePages {
		t.Run(p.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileHelperProcess$")
			cmd.Env = append(os.Environ(), "FACTDESK_HOSTILE_PAGE="+p.name)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			took := time.Since(start)
			if err != nil {
				t.Fatalf("helper: %v\n%s", err, out)
			}
			ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			if !ok {
				t.Skip("no resource usage on this system")
			}
			peak := ru.Maxrss << 10 // kilobytes on Linux
			t.Logf("%s: peak RSS %d MB, %v: %s", p.name, peak>>20, took.Round(time.Millisecond), strings.TrimSpace(string(out)))
			if peak > 300<<20 {
				t.Errorf("peak RSS %d MB for a %d MB page, want under 300 MB", peak>>20, hostileSize>>20)
			}
			if strings.Contains(string(out), "not HTML") {
				t.Errorf("refused as not HTML: %s", out)
			}
		})
	}
}

// TestHostileHelperProcess is not a test: TestHostilePagesAreBounded runs
// the test binary again with it to parse one page in a fresh process.
func TestHostileHelperProcess(t *testing.T) {
	name := os.Getenv("FACTDESK_HOSTILE_PAGE")
	if name == "" {
		t.Skip("helper process for TestHostilePagesAreBounded")
	}
	for _, p := range hostilePages {
		if p.name == name {
			data := hostile(p.head, p.unit, hostileSize)
			d, err := Parse(data, FormatHTML, "page.html", "")
			if err != nil {
				fmt.Println("refused:", err)
			} else {
				fmt.Println("read", len(d.Text), "bytes of text")
			}
			return
		}
	}
	t.Fatalf("no page %q", name)
}

// TestHTMLAllocationsPerByte checks that what a parse allocates grows with
// its input, not faster: about the same per byte for a small page and one
// forty times larger, for each hostile pattern.
func TestHTMLAllocationsPerByte(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector allocates for its own bookkeeping; allocations are counted without -race in make test")
	}
	for _, p := range hostilePages {
		small := allocPerByte(hostile(p.head, p.unit, 64<<10))
		large := allocPerByte(hostile(p.head, p.unit, 64<<10*40))
		if large > 2*small+16 || large > maxAllocPerByte {
			t.Errorf("%s: %d bytes allocated per input byte at 2.5 MB, %d at 64 KB", p.name, large, small)
		}
	}
}

// maxAllocPerByte bounds what parsing allocates per input byte, garbage
// included; FuzzHTMLMemory holds every input to it.
const maxAllocPerByte = 150

func allocPerByte(data []byte) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Parse(data, FormatHTML, "page.html", "")
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(len(data)+4096)
}

// FuzzHTMLMemory holds every page to maxAllocPerByte.
func FuzzHTMLMemory(f *testing.F) {
	if raceDetector {
		f.Skip("the race detector allocates for its own bookkeeping; allocations are counted without -race in make test")
	}
	for _, p := range hostilePages {
		f.Add([]byte(p.head + strings.Repeat(p.unit, 200)))
	}
	f.Add([]byte("<title>T</title><p>The council said taxes fell.</p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if n := allocPerByte(data); n > maxAllocPerByte {
			t.Errorf("%d bytes allocated per input byte", n)
		}
	})
}

// TestDeepAndUnclosedPagesAreFlattened checks that real-world nesting past
// the parser's limit is read, not refused as "not HTML".
func TestDeepAndUnclosedPagesAreFlattened(t *testing.T) {
	for _, tt := range []struct{ name, page string }{
		{"600 unclosed b", "<title>T</title><p>" + strings.Repeat("<b>", 600) + "The council said taxes fell."},
		{"5000 nested div", "<title>T</title>" + strings.Repeat("<div>", 5000) + "<p>The council said taxes fell.</p>" + strings.Repeat("</div>", 5000)},
		{"2000 unclosed span", "<title>T</title><article><p>" + strings.Repeat("<span>", 2000) + "The council said taxes fell.</article>"},
		{"800 unclosed paragraphs and items", "<title>T</title><ul>" + strings.Repeat("<li><p>The council said taxes fell. ", 800)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.page), FormatHTML, "page.html", "")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !strings.Contains(d.Text, "The council said taxes fell.") && !strings.Contains(d.Text, "word word") {
				t.Errorf("text = %q, want the article's words", clipTest(d.Text))
			}
		})
	}
}

// TestBoundHTMLKeepsOrdinaryPages checks that a page within the limits is
// passed to the parser as it is, comments aside.
func TestBoundHTMLKeepsOrdinaryPages(t *testing.T) {
	page := `<!doctype html><html><head><title>T &amp; U</title><script>if (a < b) { x = "</p>" }</script></head>` +
		`<body><!-- note --><p class="lede">One <b>two</b> &lt;three&gt;<br>four<img src=x.png></p><ul><li>a<li>b</ul></body></html>`
	got, changed := boundHTML(page, maxElements, maxDepth)
	want := strings.Replace(page, "<!-- note -->", "", 1)
	if !changed || got != want {
		t.Errorf("boundHTML =\n%s\nwant\n%s", got, want)
	}
	if got, changed := boundHTML("<p>plain</p>", maxElements, maxDepth); changed || got != "<p>plain</p>" {
		t.Errorf("boundHTML of a plain page = %q, %v", got, changed)
	}
}

func TestBoundHTMLDropsPastTheLimits(t *testing.T) {
	got, _ := boundHTML(strings.Repeat("<i>x", 10)+"<script>alert(1)</script>"+strings.Repeat("</i>", 10), 3, 100)
	if n := strings.Count(got, "<i>"); n != 3 {
		t.Errorf("%d elements kept, want 3: %q", n, got)
	}
	if strings.Contains(got, "alert") {
		t.Errorf("the content of a dropped script was kept: %q", got)
	}
	if n := strings.Count(got, "</i>"); n != 3 {
		t.Errorf("%d end tags kept, want the 3 of the kept elements: %q", n, got)
	}
	if n := strings.Count(got, "x"); n != 10 {
		t.Errorf("%d words kept, want all 10: %q", n, got)
	}
	got, _ = boundHTML(strings.Repeat("<div>", 50)+"deep"+strings.Repeat("</div>", 50), 1000, 8)
	if n := strings.Count(got, "<div>"); n != 8 {
		t.Errorf("%d nested elements kept, want 8", n)
	}
	if n := strings.Count(got, "</div>"); n != 8 {
		t.Errorf("%d end tags kept, want 8", n)
	}
}

// TestFetchedPageWithInvalidUTF8 checks that a page served as UTF-8 whose
// bytes are not is refused, as a local file is, by URL and by file.
func TestFetchedPageWithInvalidUTF8(t *testing.T) {
	for _, ct := range []string{"text/html; charset=utf-8", "text/plain; charset=utf-8"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write([]byte("<title>T</title><p>The council said taxes fell \xff\xfe 5%.</p>"))
		}))
		_, err := Fetch(context.Background(), srv.URL, nil)
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "not valid UTF-8") {
			t.Errorf("Fetch of a page served as %q with invalid bytes = %v, want it refused as not valid UTF-8", ct, err)
		}
	}
	// Undeclared, the same bytes are read as windows-1252, as a browser
	// does.
	if _, err := Parse([]byte("<title>T</title><p>The council said taxes fell \xe9 5%.</p>"), FormatHTML, "p.html", ""); err != nil {
		t.Errorf("Parse of an undeclared windows-1252 page: %v", err)
	}
}

func clipTest(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

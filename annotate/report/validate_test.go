package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factdesk/factdesk/annotate"
)

// sharedDir is the shared folder beside the repository.
var sharedDir = filepath.Join("..", "..", "..", "shared")

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedDir, "corpus")); err != nil {
		t.Skipf("the shared corpus is not at %s: %v", sharedDir, err)
	}
}

// corpusArticle reads a real article of the readability corpus as canonical
// text (its paragraphs, blank lines between) and marks every sentence of
// 40 to 300 characters as a claim, with verdicts, tags, notes and sources
// cycling through every kind.
func corpusArticle(t *testing.T, name string, minClaims int) Input {
	t.Helper()
	needShared(t)
	dir := filepath.Join(sharedDir, "corpus", "readability", name)
	raw, err := os.ReadFile(filepath.Join(dir, "expected.html"))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct{ Title, Byline, SiteName, Lang string }
	if b, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json")); err == nil {
		json.Unmarshal(b, &meta)
	}
	root, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	var text func(n *html.Node, b *strings.Builder)
	text = func(n *html.Node, b *strings.Builder) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c, b)
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "p" || n.Data == "li" || n.Data == "h2" || n.Data == "h3") {
			var b strings.Builder
			text(n, &b)
			if p := strings.Join(strings.Fields(b.String()), " "); p != "" {
				paras = append(paras, p)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	a := &annotate.Article{ID: 42, Title: meta.Title, Byline: meta.Byline, Publisher: meta.SiteName, Language: meta.Lang,
		URL: "https://www.example.org/" + name, ReportURL: "https://factdesk.example/checks/" + name, Text: strings.Join(paras, "\n\n"), Version: 1,
		Published: time.Date(2018, 4, 5, 6, 0, 0, 0, time.UTC), Retrieved: time.Date(2025, 9, 1, 9, 0, 0, 0, time.UTC)}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	runes := []rune(a.Text)
	var claims []*annotate.Claim
	start := 0
	for i := 0; i <= len(runes); i++ {
		if i < len(runes) && !(runes[i] == '.' && (i+1 == len(runes) || runes[i+1] == ' ' || runes[i+1] == '\n')) && runes[i] != '\n' {
			continue
		}
		end := min(i+1, len(runes))
		if runes[min(i, len(runes)-1)] == '\n' {
			end = i
		}
		for start < end && isSpace(runes[start]) {
			start++
		}
		if n := end - start; n >= 40 && n <= 300 {
			c, err := annotate.NewClaim(a, start, end)
			if err != nil {
				t.Fatal(err)
			}
			k := len(claims)
			c.ID = int64(1000 + k)
			c.Claimant = []string{a.Byline, "Facebook", "Mark Zuckerberg"}[k%3]
			c.ClaimDate = "2018-04-05"
			c.Created = time.Date(2025, 9, 2, 10, k%60, 0, 0, time.UTC)
			c.Updated = c.Created.Add(time.Hour)
			c.Tags = []string{"privacy", []string{"tracking", "data", "advertising"}[k%3]}
			if r := annotate.DefaultScale[k%len(annotate.DefaultScale)]; k%8 != 7 {
				c.Verdict, c.Status = r.Verdict, annotate.StatusDone
			}
			if k%2 == 0 {
				c.Notes = "Checked against the company's data policy.\n\nSee the sources below."
			}
			if c.Verdict != annotate.VerdictNone {
				c.Rationale = "The company's data policy, as published on the day of the article, says what the sentence describes; the archived copy shows the wording."
			}
			c.Sources = []annotate.Source{{URL: "https://www.facebook.com/policy.php", Title: "Data Policy", Publisher: "Facebook",
				Accessed: time.Date(2025, 9, 2, 0, 0, 0, 0, time.UTC), ArchiveURL: "https://web.archive.org/web/2018/https://www.facebook.com/policy.php",
				Stance: annotate.Stances[k%3]}}
			claims = append(claims, c)
		}
		start = end
	}
	if len(claims) < minClaims {
		t.Fatalf("%s gives %d claims, want at least %d", name, len(claims), minClaims)
	}
	return Input{Article: a, Claims: claims, Checked: time.Date(2025, 9, 5, 0, 0, 0, 0, time.UTC),
		Org: Org{Name: "Example Fact Desk", URL: "https://factdesk.example", CorrectionsURL: "https://factdesk.example/corrections", Methodology: "We check claims."}}
}

// wptChecker builds the offline W3C annotation-model checker once per test
// binary.
func wptChecker(t *testing.T) (bin, root string) {
	t.Helper()
	needShared(t)
	src := filepath.Join(sharedDir, "tools", "wpt-annotation-check")
	if _, err := os.Stat(filepath.Join(src, "main.go")); err != nil {
		t.Skipf("the W3C annotation checker is not at %s", src)
	}
	bin = filepath.Join(t.TempDir(), "wptcheck")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot build the W3C annotation checker (offline?): %v\n%s", err, out)
	}
	root, err := filepath.Abs(filepath.Join(sharedDir, "corpus", "wpt-annotation-model"))
	if err != nil {
		t.Fatal(err)
	}
	return bin, root
}

func TestW3CPassesAnnotationModelSuite(t *testing.T) {
	in := corpusArticle(t, "aclu", 20)
	bin, root := wptChecker(t)
	dir := t.TempDir()
	var page bytes.Buffer
	if err := W3C(&page, in); err != nil {
		t.Fatal(err)
	}
	pagePath := filepath.Join(dir, "page.json")
	os.WriteFile(pagePath, page.Bytes(), 0o644)
	var doc struct{ Items []map[string]any }
	if err := json.Unmarshal(page.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := len(doc.Items), len(in.Claims); got != want {
		t.Fatalf("page items = %d, want %d", got, want)
	}
	// Each annotation is checked on its own, with the context it would
	// have as a document of its own. The checker takes seconds a file, so
	// unless -wpt-all is given only one annotation of each shape is
	// checked: annotations whose fingerprints are equal differ only in free
	// text, which no assertion of the suite constrains.
	var files []string
	shapes := map[string]bool{}
	for i, it := range doc.Items {
		it["@context"] = annoContext
		fp := fingerprint(it, "")
		if shapes[fp] && !*wptAll {
			continue
		}
		shapes[fp] = true
		b, _ := json.Marshal(it)
		p := filepath.Join(dir, fmt.Sprintf("anno%03d.json", i))
		os.WriteFile(p, b, 0o644)
		files = append(files, p)
	}
	run := func(suite string, files ...string) {
		cmd := exec.Command(bin, append([]string{"-root", root, "-suite", suite}, files...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("suite %s failed: %v\n%s", suite, err, out)
			return
		}
		if strings.Contains(string(out), "FAIL(MUST)") {
			t.Errorf("suite %s reports a MUST failure:\n%s", suite, out)
		}
		t.Logf("suite %s: %d files, first: %s", suite, len(files), strings.SplitN(string(out), "\n", 2)[0])
	}
	run("annotation", files...)
	run("page", pagePath)

	var coll bytes.Buffer
	other := corpusArticle(t, "nytimes-1", 5)
	other.Article.ID = 43
	if err := W3CCollection(&coll, []Input{in, other}); err != nil {
		t.Fatal(err)
	}
	collPath := filepath.Join(dir, "collection.json")
	os.WriteFile(collPath, coll.Bytes(), 0o644)
	run("collection", collPath)
	run("page", collPath) // a collection with its page embedded
}

var wptAll = flag.Bool("wpt-all", false, "check every exported annotation with the W3C suite, not one of each shape")

// fingerprint describes the structure of v: its keys, array lengths and
// the kind of each string (a date-time, a URI by scheme, or free text).
func fingerprint(v any, key string) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("{")
		for _, k := range keys {
			b.WriteString(k + ":" + fingerprint(v[k], k) + ",")
		}
		return b.String() + "}"
	case []any:
		var b strings.Builder
		b.WriteString("[")
		for _, x := range v {
			b.WriteString(fingerprint(x, key) + ",")
		}
		return b.String() + "]"
	case string:
		switch key {
		case "created", "modified", "generated", "sourceDate":
			_, err := time.Parse(time.RFC3339, v)
			return fmt.Sprintf("date(%v)", err == nil)
		case "id", "source", "cached", "homepage", "@context", "type", "purpose", "motivation", "format", "language":
			if i := strings.Index(v, ":"); i > 0 && key != "type" && key != "purpose" && key != "motivation" && key != "format" && key != "language" {
				return "uri(" + v[:i] + ")"
			}
			return v
		}
		return "text"
	}
	return fmt.Sprintf("%T", v)
}

func TestClaimReviewPassesChecker(t *testing.T) {
	in := corpusArticle(t, "aclu", 20)
	script := filepath.Join(sharedDir, "tools", "claimreview-check", "check_claimreview.py")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("the ClaimReview checker is not at %s", script)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	dir := t.TempDir()
	for name, in := range map[string]Input{"aclu": in, "sample": sampleInput(t)} {
		var b bytes.Buffer
		if err := ClaimReview(&b, in); err != nil {
			t.Fatal(err)
		}
		var reviews []map[string]any
		if err := json.Unmarshal(b.Bytes(), &reviews); err != nil {
			t.Fatal(err)
		}
		rated := 0
		for _, c := range in.Claims {
			if c.Verdict != annotate.VerdictNone {
				rated++
			}
		}
		if len(reviews) != rated {
			t.Errorf("%s: %d reviews, want %d (one per rated claim)", name, len(reviews), rated)
		}
		p := filepath.Join(dir, name+".jsonld")
		os.WriteFile(p, b.Bytes(), 0o644)
		out, err := exec.Command(py, script, p).CombinedOutput()
		if err != nil {
			t.Errorf("%s: checker failed: %v\n%s", name, err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			f := strings.Fields(line)
			if len(f) > 0 && (f[0] == "ERROR" || f[0] == "PROFILE") {
				t.Errorf("%s: %s", name, line)
			}
		}
	}
}

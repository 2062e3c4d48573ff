package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestMetadataSources(t *testing.T) {
	const body = `<article><h1>Bus network grows</h1><p>The council voted on Tuesday to expand the bus network, adding three routes and extending evening service across the city's northern districts, officials said.</p><p>Riders welcomed the plan, which will cost $14 million over five years according to the budget office.</p></article>`
	for _, tc := range []struct {
		name, head      string
		publisher, by   string
		published, lang string
	}{
		{"JSON-LD first", `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","publisher":{"@type":"Organization","name":"Riverton Courier"},"author":[{"@type":"Person","name":"Ana Lima"},{"@type":"Person","name":"Joe Park"}],"datePublished":"2025-03-11T08:00:00Z","inLanguage":"en-GB"}</script><meta property="og:site_name" content="Courier Online"><meta name="author" content="Someone Else">`,
			"Riverton Courier", "Ana Lima, Joe Park", "2025-03-11", "en-GB"},
		{"@graph", `<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"x"},{"@type":"Organization","name":"Daily Ledger"},{"@type":"Article","datePublished":"2024-01-02"}]}</script>`,
			"Daily Ledger", "", "2024-01-02", ""},
		{"microdata", `<meta property="og:locale" content="pt_BR">`, "", "", "", "pt-BR"},
		{"Open Graph", `<meta property="og:site_name" content="Courier Online"><meta property="article:published_time" content="2023-05-06T10:00:00+02:00">`,
			"Courier Online", "", "2023-05-06", ""},
		{"meta tags", `<meta name="cre" content="The Daily Planet"><meta name="author" content="Lois Lane"><meta name="date" content="2022-07-08">`,
			"The Daily Planet", "Lois Lane", "2022-07-08", ""},
		{"bad JSON-LD is ignored", `<script type="application/ld+json">{"@type":"NewsArticle", "publisher": </script><meta property="og:site_name" content="Fallback News">`,
			"Fallback News", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := `<!DOCTYPE html><html><head><title>Bus network grows</title>` + tc.head + `</head><body>` + body + `</body></html>`
			if tc.name == "microdata" {
				page = strings.Replace(page, "<article>", `<article><div itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><meta itemprop="name" content="Microdata Times"></div>`, 1)
				tc.publisher = "Microdata Times"
			}
			d, err := Parse([]byte(page), FormatHTML, "", "")
			if err != nil {
				t.Fatal(err)
			}
			if d.Publisher != tc.publisher {
				t.Errorf("Publisher = %q, want %q", d.Publisher, tc.publisher)
			}
			if tc.by != "" && d.Byline != tc.by {
				t.Errorf("Byline = %q, want %q", d.Byline, tc.by)
			}
			if tc.published != "" && d.Published.Format(time.DateOnly) != tc.published {
				t.Errorf("Published = %v, want %s", d.Published, tc.published)
			}
			if tc.lang != "" && d.Language != tc.lang {
				t.Errorf("Language = %q, want %q", d.Language, tc.lang)
			}
		})
	}
}

// publisherDecl finds, by a scan independent of the importer, a page that
// names its publisher in its markup: in a JSON-LD block (a publisher or an
// organisation), schema.org microdata, og:site_name or a publisher meta tag.
var (
	jsonLDBlock   = regexp.MustCompile(`(?is)<script[^>]*application/ld\+json[^>]*>(.*?)</script>`)
	jsonLDPublish = regexp.MustCompile(`(?is)"publisher"\s*:|"@type"\s*:\s*"(NewsMediaOrganization|Organization)"`)
	publisherDecl = regexp.MustCompile(`(?is)(itemprop="[^"]*\b(publisher|sourceOrganization)\b|property="og:site_name"\s+content="[^"]+"|content="[^"]+"\s+property="og:site_name"|name="(publisher|dc\.publisher|citation_publisher|cre|application-name)"\s+content="[^"]+")`)
)

func declaresPublisher(src []byte) bool {
	if publisherDecl.Match(src) {
		return true
	}
	for _, m := range jsonLDBlock.FindAllSubmatch(src, -1) {
		if jsonLDPublish.Match(m[1]) {
			return true
		}
	}
	return false
}

// TestPublisherCorpus checks that every page of the corpus that declares a
// publisher gets one, and reports how many.
func TestPublisherCorpus(t *testing.T) {
	dir := readabilityCorpus(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var pages, declaring, got int
	var missing []string
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue
		}
		pages++
		d, err := Parse(src, FormatHTML, "source.html", "http://fakehost/test/page.html")
		var meta struct{ SiteName string }
		if b, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected-metadata.json")); err == nil {
			json.Unmarshal(b, &meta)
		}
		if !declaresPublisher(src) && meta.SiteName == "" {
			continue
		}
		declaring++
		if err == nil && d.Publisher != "" {
			got++
		} else {
			missing = append(missing, e.Name())
		}
	}
	sort.Strings(missing)
	fmt.Printf("publisher: %d of %d pages declare one; %d get it\n", declaring, pages, got)
	if len(missing) > 0 {
		t.Errorf("pages that declare a publisher but get none: %v", missing)
	}
}

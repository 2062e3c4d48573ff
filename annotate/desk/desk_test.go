package desk

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
	"github.com/factdesk/factdesk/annotate/report"
	"github.com/factdesk/factdesk/storage"
)

// TestFormatsAgreeWithReport keeps the one table of formats in step with
// what the report package writes.
func TestFormatsAgreeWithReport(t *testing.T) {
	var keys []string
	for _, f := range Formats {
		keys = append(keys, f.Key)
		if report.ManyArticles(f.Key) != f.Library {
			t.Errorf("format %s: Library = %v, report says %v", f.Key, f.Library, report.ManyArticles(f.Key))
		}
		if !strings.HasPrefix(f.Ext, ".") || f.Label == "" {
			t.Errorf("format %s: extension %q, label %q", f.Key, f.Ext, f.Label)
		}
	}
	for _, k := range report.Formats {
		if !slices.Contains(keys, k) {
			t.Errorf("report writes %s, which desk.Formats does not offer", k)
		}
	}
	if _, err := FormatNamed("docx"); err == nil || !strings.Contains(err.Error(), "html, pdf") {
		t.Errorf("FormatNamed(docx) = %v, want an error listing the formats", err)
	}
	if p, err := PageSize("letter"); err != nil || p != "Letter" {
		t.Errorf("PageSize(letter) = %q, %v", p, err)
	}
}

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "a.txt")
	os.WriteFile(small, []byte("hello"), 0o600)
	if b, err := ReadInput(small, nil, 10); err != nil || string(b) != "hello" {
		t.Errorf("ReadInput(small) = %q, %v", b, err)
	}
	if _, err := ReadInput(small, nil, 4); annotate.ErrorCode(err) != annotate.ETOOLARGE {
		t.Errorf("ReadInput over the limit = %v, want ETOOLARGE", err)
	}
	if _, err := ReadInput(dir, nil, 10); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("ReadInput(dir) = %v, want a directory error", err)
	}
	if _, err := ReadInput(filepath.Join(dir, "none"), nil, 10); err == nil || strings.Count(err.Error(), "none") != 1 {
		t.Errorf("ReadInput(missing) = %v, want one mention of the file", err)
	}
	if b, err := ReadInput(Stdin, strings.NewReader("from stdin"), 100); err != nil || string(b) != "from stdin" {
		t.Errorf("ReadInput(stdin) = %q, %v", b, err)
	}
	if _, err := Load(context.Background(), "ftp://example.com/a", nil, "auto", "", nil); err == nil {
		t.Error("Load accepted an ftp address")
	}
}

func TestCheckSetting(t *testing.T) {
	good := map[string]string{"org.name": "Ledger Fact Check", "org.url": "https://ledger.example", "corrections.url": "", "methodology": "We check."}
	for k, v := range good {
		if err := CheckSetting(k, v); err != nil {
			t.Errorf("CheckSetting(%s, %q) = %v", k, v, err)
		}
	}
	bad := [][2]string{{"org.url", "javascript:alert(1)"}, {"org.name", strings.Repeat("x", annotate.MaxFieldBytes+1)},
		{"methodology", "a\x00b"}, {"org.colour", "red"}}
	for _, kv := range bad {
		if err := CheckSetting(kv[0], kv[1]); err == nil {
			t.Errorf("CheckSetting(%s, %.20q) accepted", kv[0], kv[1])
		}
	}
}

func TestUpdateResultString(t *testing.T) {
	r := UpdateResult{Version: 2, Claims: 1, Moved: 1}
	if got := r.String(); got != "Version 2 stored. 1 claim: 1 moved, 0 found approximately, 0 need review." {
		t.Errorf("String() = %q", got)
	}
	if got := (UpdateResult{Unchanged: true, Article: 4}).String(); !strings.Contains(got, "unchanged") {
		t.Errorf("unchanged: %q", got)
	}
}

// TestPutBack stores an article whose import removed a credit line, puts
// the line back as a new version and finds the claim still on its quote.
func TestPutBack(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "lib.factdesk"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	page := "Rents rise\n\nPhoto\n\nThe city said rents rose by 40 percent in 2024, the steepest rise in a decade, " +
		"according to the housing office.\n\nContinue reading the main story\n\n" +
		"Tenants' groups disputed the figure and said the true rise was closer to 25 percent.\n"
	doc, err := ingest.Parse([]byte(page), "text", "rents.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Removed) != 2 {
		t.Fatalf("removed on import = %+v, want the placeholder and the promo", doc.Removed)
	}
	a, v := doc.Article(), doc.Version()
	if err := db.CreateArticle(ctx, a, v); err != nil {
		t.Fatal(err)
	}
	start, end, err := annotate.FindQuote(a.Text, "closer to 25 percent", 1)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := annotate.NewClaim(a, start, end)
	if err := db.CreateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := PutBack(ctx, db, a.ID, []int{len(doc.Removed)}, nil); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("PutBack of a block that does not exist = %v, want ENOTFOUND", err)
	}
	back := doc.Removed[1].Text
	r, err := PutBack(ctx, db, a.ID, []int{1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != 2 || r.Orphans != 0 {
		t.Errorf("PutBack = %+v, want version 2 with no orphans", r)
	}
	a2, _ := db.Article(ctx, a.ID)
	if !strings.Contains(a2.Text, back) {
		t.Errorf("text after PutBack lacks %q", back)
	}
	_, removed, _ := db.Blocks(ctx, a.ID)
	if len(removed) != len(doc.Removed)-1 {
		t.Errorf("removed blocks after PutBack = %d, want %d", len(removed), len(doc.Removed)-1)
	}
	claims, _ := db.Claims(ctx, a.ID)
	if len(claims) != 1 || claims[0].Exact != "closer to 25 percent" || []rune(a2.Text)[claims[0].Start] != 'c' {
		t.Errorf("claim after PutBack = %+v, want it on its quote", claims[0].Anchor)
	}
}

// TestCorrectionsAfterPublication: a verdict changed after the fact-check
// was published is listed in the next report's methodology; one changed
// before is not.
func TestCorrectionsAfterPublication(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "lib.factdesk"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc, err := ingest.Parse([]byte("Rents rose by 40 percent in 2024, the city said.\n\nTenants said the rise was closer to 25 percent.\n"), "text", "rents.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	a, v := doc.Article(), doc.Version()
	if err := db.CreateArticle(ctx, a, v); err != nil {
		t.Fatal(err)
	}
	start, end, _ := annotate.FindQuote(a.Text, "Rents rose by 40 percent", 1)
	c, _ := annotate.NewClaim(a, start, end)
	c.Verdict = annotate.VerdictMostlyTrue
	if err := db.CreateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	in, err := LoadInput(ctx, db, a.ID, report.Org{Methodology: "We check."}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(in.Org.Methodology, "Corrections") {
		t.Fatalf("methodology of an unpublished fact-check = %q, want no corrections", in.Org.Methodology)
	}
	if err := db.MarkPublished(ctx, a.ID, "https://factcheck.example/rents", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Claim(ctx, c.ID)
	got.Verdict = annotate.VerdictFalse
	if err := db.UpdateClaim(ctx, got); err != nil {
		t.Fatal(err)
	}
	in, err = LoadInput(ctx, db, a.ID, report.Org{Methodology: "We check."}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(in.Org.Methodology, "We check.") || !strings.Contains(in.Org.Methodology, "claim 1 was changed from Mostly true to False") {
		t.Errorf("methodology after a correction = %q", in.Org.Methodology)
	}
}

package desk

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/report"
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

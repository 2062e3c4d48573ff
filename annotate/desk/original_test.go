package desk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func TestOriginalFile(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	src := []byte("%PDF-1.7 the report as received")
	sum := sha256.Sum256(src)
	v := &annotate.ArticleVersion{Number: 1, Format: "pdf", Source: src, SHA256: hex.EncodeToString(sum[:])}
	path, err := OriginalFile(v)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, src) || !strings.HasSuffix(path, ".pdf") {
		t.Errorf("%s holds %q", path, got)
	}
	if again, err := OriginalFile(v); err != nil || again != path {
		t.Errorf("second call: %s, %v", again, err)
	}
	v.SHA256 = strings.Repeat("0", 64)
	if _, err := OriginalFile(v); err == nil {
		t.Errorf("bytes that do not match their SHA-256 were written as the original")
	}
	if _, err := OriginalFile(&annotate.ArticleVersion{Number: 2}); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("no source: %v", err)
	}
}

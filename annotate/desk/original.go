package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/factdesk/factdesk/annotate"
)

// originalExts name the file of a version's source by its format, so that
// the system opens it with the right program.
var originalExts = map[string]string{"pdf": ".pdf", "html": ".html", "markdown": ".md", "vtt": ".vtt", "srt": ".srt"}

// OriginalFile writes the bytes a version was made from (the PDF as it was
// received, the page as it was downloaded) to a file of their own under the
// user's cache directory and returns its path, for the system's viewer to
// open. The bytes are checked against the SHA-256 stored with them first:
// evidence that does not match is not shown as evidence.
func OriginalFile(v *annotate.ArticleVersion) (string, error) {
	if len(v.Source) == 0 {
		return "", annotate.Errorf(annotate.ENOTFOUND, "version %d keeps no original", v.Number)
	}
	sum := sha256.Sum256(v.Source)
	digest := hex.EncodeToString(sum[:])
	if v.SHA256 != "" && v.SHA256 != digest {
		return "", annotate.Errorf(annotate.EINTERNAL, "the original of version %d does not match its SHA-256 (%s, stored %s)", v.Number, digest, v.SHA256)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "factdesk", "originals")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "cannot keep the original: %v", unwrapPath(err))
	}
	ext := originalExts[v.Format]
	if ext == "" {
		ext = ".txt"
	}
	path := filepath.Join(dir, digest+ext)
	if old, err := os.ReadFile(path); err == nil && sha256.Sum256(old) == sum {
		return path, nil
	}
	tmp, err := os.CreateTemp(dir, ".original-*")
	if err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "cannot keep the original: %v", unwrapPath(err))
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(v.Source); err != nil {
		tmp.Close()
		return "", annotate.Errorf(annotate.EINTERNAL, "cannot keep the original: %v", err)
	}
	if err := tmp.Close(); err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "cannot keep the original: %v", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "cannot keep the original: %v", unwrapPath(err))
	}
	return path, nil
}

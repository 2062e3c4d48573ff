package connector

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Snapshot is the copy of a page kept when it becomes a source: its
// sanitised HTML, its readable text, where and when it was saved, so that
// a source that vanishes from the web is still evidence and can be read
// offline.
type Snapshot struct {
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Publisher string    `json:"publisher,omitempty"`
	Saved     time.Time `json:"saved"`
	From      string    `json:"from"` // "browser"
	ClaimID   int64     `json:"claim_id"`
	HTML      []byte    `json:"-"`
	Text      string    `json:"-"`
}

// SHA256 is the hex SHA-256 of the snapshot's HTML, which names its files.
func (s *Snapshot) SHA256() string {
	sum := sha256.Sum256(s.HTML)
	return hex.EncodeToString(sum[:])
}

// SnapshotDir is the folder of source snapshots of the library at
// libraryPath: "snapshots" beside it.
func SnapshotDir(libraryPath string) string {
	return filepath.Join(filepath.Dir(libraryPath), "snapshots")
}

// Write keeps the snapshot in dir as SHA256.html (the page), SHA256.txt
// (its readable text, when it had any) and SHA256.json (where and when it
// was saved, the SHA-256, and the claim it is a source of), and returns
// the path of the HTML file. Files are written through a temporary file
// and renamed, so that a snapshot is whole or absent.
func (s *Snapshot) Write(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", annotate.Errorf(annotate.EINTERNAL, "cannot make the snapshot folder %s: %v", dir, err)
	}
	sum := s.SHA256()
	meta, err := json.MarshalIndent(struct {
		*Snapshot
		SHA256 string `json:"sha256"`
	}{s, sum}, "", "  ")
	if err != nil {
		return "", err
	}
	base := filepath.Join(dir, sum)
	files := []struct {
		ext  string
		data []byte
	}{{".html", s.HTML}, {".txt", []byte(s.Text)}, {".json", meta}}
	for _, f := range files {
		if f.ext == ".txt" && s.Text == "" {
			continue
		}
		if err := writeFile(base+f.ext, f.data); err != nil {
			return "", annotate.Errorf(annotate.EINTERNAL, "cannot keep the page's snapshot in %s: %v", dir, err)
		}
	}
	return base + ".html", nil
}

func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

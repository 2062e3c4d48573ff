package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// axeDir is where make test-deps installs the npm packages axe-core and
// puppeteer-core: a folder of the user's cache, never the repository.
func axeDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("FACTDESK_AXE_DIR"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Skipf("no user cache folder: %v", err)
	}
	return filepath.Join(cache, "factdesk-test", "axe")
}

// TestHTMLAccessibility runs axe-core in headless Chromium on the sample
// report (as published, and with notes and the full article) and on a long
// real article, and fails on any serious or critical violation.
func TestHTMLAccessibility(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		requireTool(t, "chromium", "chromium")
	}
	node := requireTool(t, "node", "nodejs")
	dir := axeDir(t)
	for _, pkg := range []string{"axe-core", "puppeteer-core"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			msg := "npm package " + pkg + " is not in " + dir + " (make test-deps installs it)"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	tmp := t.TempDir()
	inputs := map[string]Input{"sample.html": sampleInput(t)}
	full := sampleInput(t)
	full.IncludeNotes, full.FullText = true, true
	inputs["sample-full.html"] = full
	if _, err := os.Stat(filepath.Join(sharedDir, "corpus")); err == nil {
		long := corpusArticle(t, "aclu", 20)
		long.FullText = true
		inputs["long.html"] = long
	}
	var files []string
	for name, in := range inputs {
		var b bytes.Buffer
		if err := HTML(&b, in); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	// A control page with a contrast failure and an image without text
	// shows that the harness sees violations.
	control := filepath.Join(tmp, "control.html")
	os.WriteFile(control, []byte(`<!DOCTYPE html><html lang="en"><head><title>control</title></head><body><main><p style="color:#bbb;background:#fff">faint text</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`), 0o644)
	files = append(files, control)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{filepath.Join("testdata", "axe.js"), browser}, files...)...)
	cmd.Env = append(os.Environ(), "AXE_DIR="+dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("axe run failed: %v\n%s", err, errb.String())
	}
	seen := 0
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct {
			File       string
			Violations []struct {
				ID, Impact, Help, First string
				Nodes                   int
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("axe printed %q: %v", sc.Text(), err)
		}
		seen++
		if r.File == control {
			ids := map[string]bool{}
			for _, v := range r.Violations {
				ids[v.ID] = true
			}
			if !ids["color-contrast"] || !ids["image-alt"] {
				t.Fatalf("axe did not flag the control page's faint text and bare image: %+v", r.Violations)
			}
			continue
		}
		for _, v := range r.Violations {
			msg := filepath.Base(r.File) + ": " + v.Impact + " " + v.ID + " (" + v.Help + ") on " + itoa(v.Nodes) + " nodes: " + v.First
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	if seen != len(files) {
		t.Fatalf("axe checked %d pages, want %d:\n%s", seen, len(files), errb.String())
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWindowEndToEnd drives the real binary in a real X window: it drags
// across a sentence of the sample article, marks it with ctrl+M, types a
// statement, presses a verdict key, adds a tag and quits, then reads the
// library back through the command line.
func TestWindowEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real window; skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	display := startXvfb(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	id := must(t, db, "sample")

	cmd := exec.Command(bin, "--db", db, "--demo", "article")
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "FYNE_SCALE=1", "FYNE_THEME=light",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "FACTDESK_TRACE=1")
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-done
	}()

	x := func(args ...string) {
		t.Helper()
		c := exec.Command("xdotool", args...)
		c.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v: %s", args, err, out)
		}
	}
	x("search", "--sync", "--name", "^FactDesk")
	waitFor(t, 20*time.Second, func() bool { return strings.Contains(stderr.String(), "first-frame") })
	time.Sleep(time.Second)

	// Find the first line of the article's first paragraph on screen and
	// drag across it.
	shot := filepath.Join(dir, "shot.png")
	shotCmd := exec.Command("import", "-window", "root", shot)
	shotCmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := shotCmd.CombinedOutput(); err != nil {
		t.Skipf("cannot take a screenshot with ImageMagick's import: %v: %s", err, out)
	}
	y, x0, x1 := firstParagraphLine(t, shot)
	x("mousemove", fmt.Sprint(x0), fmt.Sprint(y))
	x("mousedown", "1")
	for _, f := range []float64{0.25, 0.5, 0.75, 1} {
		x("mousemove", fmt.Sprint(x0+int(f*float64(x1+2-x0))), fmt.Sprint(y))
		time.Sleep(50 * time.Millisecond)
	}
	x("mouseup", "1")
	time.Sleep(300 * time.Millisecond)
	x("key", "ctrl+m")
	time.Sleep(500 * time.Millisecond)
	x("key", "ctrl+a")
	x("type", "--delay", "20", "The council approved three new routes by 7 votes to 2")
	time.Sleep(800 * time.Millisecond)
	x("key", "Escape")
	time.Sleep(300 * time.Millisecond)
	x("key", "1") // True
	time.Sleep(300 * time.Millisecond)
	x("key", "t")
	time.Sleep(300 * time.Millisecond)
	x("type", "--delay", "20", "council vote")
	x("key", "Return")
	time.Sleep(800 * time.Millisecond)
	x("key", "ctrl+q")
	select {
	case <-done:
		done <- nil
	case <-time.After(10 * time.Second):
		t.Errorf("the window did not quit on ctrl+q")
	}

	var claims []claimJSON
	if err := json.Unmarshal([]byte(must(t, db, "claims", id, "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 {
		t.Fatalf("the library has %d claims, want 1 (stderr: %s)", len(claims), stderr.String())
	}
	c := claims[0]
	if !strings.HasPrefix(c.Exact, "The Riverton city council") {
		t.Errorf("quote = %q, want the start of the first paragraph", c.Exact)
	}
	if c.Statement != "The council approved three new routes by 7 votes to 2" {
		t.Errorf("statement = %q", c.Statement)
	}
	if c.Verdict != "true" {
		t.Errorf("verdict = %q, want true", c.Verdict)
	}
	if strings.Join(c.Tags, ",") != "council vote" {
		t.Errorf("tags = %q, want council vote", c.Tags)
	}
}

// firstParagraphLine finds, in a screenshot of the light theme, the first
// line of the article's first paragraph: text lines are bands of rows with
// dark pixels in the reader's column; the title's lines are tall, and the
// first group of two or more ordinary lines with paragraph-sized gaps
// around it is the first paragraph. It returns the line's middle row and
// its text's left and right ends.
func firstParagraphLine(t *testing.T, path string) (y, x0, x1 int) {
	t.Helper()
	img := decodePNG(t, path)
	b := img.Bounds()
	const left, right = 40, 760 // the reader's column at the default size
	type band struct{ top, bottom, x0, x1 int }
	var bands []band
	in := false
	for yy := 110; yy < b.Max.Y; yy++ {
		lo, hi := -1, -1
		for xx := left; xx < right; xx++ {
			r, g, bl, _ := img.At(xx, yy).RGBA()
			if (r+g+bl)/3 < 0x6000 {
				if lo < 0 {
					lo = xx
				}
				hi = xx
			}
		}
		switch {
		case lo >= 0 && !in:
			bands = append(bands, band{yy, yy, lo, hi})
			in = true
		case lo >= 0:
			last := &bands[len(bands)-1]
			last.bottom, last.x0, last.x1 = yy, min(last.x0, lo), max(last.x1, hi)
		default:
			in = false
		}
	}
	// Lines of one paragraph are closer than paragraphs.
	for i := 0; i+1 < len(bands); i++ {
		tall := bands[i].bottom-bands[i].top > 24
		if tall || (i > 0 && bands[i].top-bands[i-1].bottom < 12) {
			continue
		}
		if bands[i+1].top-bands[i].bottom < 12 && bands[i+1].bottom-bands[i+1].top <= 24 {
			return (bands[i].top + bands[i].bottom) / 2, bands[i].x0, bands[i].x1
		}
	}
	t.Fatalf("no paragraph found on the screen (%d text bands)", len(bands))
	return 0, 0, 0
}

func waitFor(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out after %v", d)
}

// lockedBuffer is a bytes.Buffer that a process writes while a test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

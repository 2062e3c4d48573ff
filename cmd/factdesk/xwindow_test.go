package main

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/app"
)

// This file holds what the tests that drive the real window under Xvfb
// share: the X server, the running window, xdotool, screenshots and what
// can be read from them.

// requireX skips the test when Xvfb, xdotool or ImageMagick's import is
// missing, or fails it under CI, where a skipped window test would hide
// that nothing was tested.
func requireX(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a real window; skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (needed under CI=true; make deps installs it): %v", tool, err)
			}
			t.Skipf("%s is not installed, so the real window is not tested (make deps installs it): %v", tool, err)
		}
	}
}

// startXvfb starts an X server on a free display for the test.
func startXvfb(t *testing.T) string { return startXvfbSize(t, 1280, 800) }

// startXvfbSize starts an X server with a screen of w×h on a display that
// Xvfb itself finds free (-displayfd), so that tests run side by side do not
// share one.
func startXvfbSize(t *testing.T, w, h int) string {
	t.Helper()
	fail := t.Skipf
	if os.Getenv("CI") == "true" {
		fail = t.Fatalf
	}
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
	xvfb.ExtraFiles = []*os.File{wr}
	if err := xvfb.Start(); err != nil {
		wr.Close()
		fail("cannot start Xvfb: %v", err)
	}
	wr.Close()
	t.Cleanup(func() {
		xvfb.Process.Kill()
		xvfb.Wait()
	})
	got := make(chan string, 1)
	go func() {
		b := make([]byte, 16)
		n, _ := r.Read(b)
		got <- strings.TrimSpace(string(b[:n]))
	}()
	var display string
	select {
	case n := <-got:
		if n == "" {
			fail("Xvfb did not start")
		}
		display = ":" + n
	case <-time.After(15 * time.Second):
		fail("Xvfb did not say its display within 15s")
	}
	waitFor(t, 10*time.Second, func() bool {
		c := exec.Command("xdotool", "getdisplaygeometry")
		c.Env = append(os.Environ(), "DISPLAY="+display)
		return c.Run() == nil
	})
	return display
}

// window is the factdesk binary running on a display.
type window struct {
	t       *testing.T
	display string
	db      string
	config  string // XDG_CONFIG_HOME
	crash   string // FACTDESK_CRASH_DIR
	cmd     *exec.Cmd
	stderr  *lockedBuffer
	done    chan error
	exited  bool
	exitErr error
}

// windowOptions say how to open the window.
type windowOptions struct {
	display, db, config, crash string
	home                       string // HOME, where the file chooser starts; "" keeps it
	theme                      string // FYNE_THEME
	width, height              int    // the window's size, 0: the app's default
}

// openWindow starts the binary on o.db and waits for its first frame.
func openWindow(t *testing.T, o windowOptions) *window {
	t.Helper()
	if o.width > 0 {
		// The window takes its size from the preferences before its first
		// layout.
		dir := filepath.Join(o.config, "fyne", "org.factdesk.FactDesk")
		prefs := map[string]any{}
		if b, err := os.ReadFile(filepath.Join(dir, "preferences.json")); err == nil {
			json.Unmarshal(b, &prefs)
		}
		prefs["window.width"], prefs["window.height"] = o.width, o.height
		b, _ := json.Marshal(prefs)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "preferences.json"), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The system's xdg-open would start a viewer that outlives the window
	// and holds its output open; this one notes what it was asked to open.
	bin := filepath.Join(o.config, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho \"$@\" >>\"" + filepath.Join(bin, "opened") + "\"\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(windowBin(t), "--db", o.db)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"DISPLAY="+o.display, "FYNE_SCALE=1", "FYNE_THEME="+o.theme,
		"XDG_CONFIG_HOME="+o.config, "XDG_CACHE_HOME="+filepath.Join(o.config, "cache"),
		"FACTDESK_CRASH_DIR="+o.crash, "FACTDESK_TRACE=1")
	if o.home != "" {
		cmd.Env = append(cmd.Env, "HOME="+o.home)
	}
	w := &window{t: t, display: o.display, db: o.db, config: o.config, crash: o.crash,
		cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if !w.exited {
			cmd.Process.Kill()
			<-w.done
		}
	})
	w.x("search", "--sync", "--name", "^FactDesk")
	waitFor(t, 30*time.Second, func() bool { return strings.Contains(w.stderr.String(), "first-frame") })
	time.Sleep(700 * time.Millisecond)
	return w
}

var (
	windowBinOnce sync.Once
	windowBinPath string
	windowBinErr  error
)

// windowBin is the binary under a name of its own (a link to bin), so that
// what stops every process called factdesk on a shared machine leaves the
// window under test alone.
func windowBin(t *testing.T) string {
	t.Helper()
	windowBinOnce.Do(func() {
		windowBinPath = filepath.Join(filepath.Dir(bin), "fdwindow")
		if windowBinErr = os.Link(bin, windowBinPath); windowBinErr != nil {
			var b []byte
			if b, windowBinErr = os.ReadFile(bin); windowBinErr == nil {
				windowBinErr = os.WriteFile(windowBinPath, b, 0o755)
			}
		}
	})
	if windowBinErr != nil {
		t.Fatal(windowBinErr)
	}
	return windowBinPath
}

// x runs xdotool on the window's display.
func (w *window) x(args ...string) string {
	w.t.Helper()
	c := exec.Command("xdotool", args...)
	c.Env = append(os.Environ(), "DISPLAY="+w.display)
	out, err := c.CombinedOutput()
	if err != nil {
		w.alive(fmt.Sprintf("xdotool %v", args))
		w.t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
	return string(out)
}

// noticeShowing says whether the window's last word on its notice bar
// (FACTDESK_TRACE) was that it showed.
func (w *window) noticeShowing() bool {
	out := w.stderr.String()
	return strings.LastIndex(out, "event notice shown\n") > strings.LastIndex(out, "event notice hidden\n")
}

// alive fails the test when the process has exited, printed a panic or
// written a crash report.
func (w *window) alive(what string) {
	w.t.Helper()
	if w.exited {
		return
	}
	select {
	case err := <-w.done:
		w.exited, w.exitErr = true, err
		w.t.Fatalf("%s: the window exited (%v); its output:\n%s", what, err, w.stderr.String())
	case <-time.After(50 * time.Millisecond):
	}
	w.noCrash(what)
}

// noCrash fails the test when the output holds a panic or a crash report
// was written.
func (w *window) noCrash(what string) {
	w.t.Helper()
	out := w.stderr.String()
	if strings.Contains(out, "panic:") || strings.Contains(out, "internal error") {
		w.t.Fatalf("%s: the window's output holds a panic:\n%s", what, out)
	}
	if names, _ := filepath.Glob(filepath.Join(w.crash, "*")); len(names) > 0 {
		b, _ := os.ReadFile(names[0])
		w.t.Fatalf("%s: crash report %s:\n%s", what, names[0], b)
	}
}

// waitExit waits for the process to end after a quit.
func (w *window) waitExit(d time.Duration) error {
	w.t.Helper()
	select {
	case err := <-w.done:
		w.exited, w.exitErr = true, err
		return err
	case <-time.After(d):
		w.t.Fatalf("the window did not exit within %v", d)
		return nil
	}
}

// geometry is the window's size.
func (w *window) geometry() (int, int) {
	w.t.Helper()
	out := w.x("search", "--name", "^FactDesk", "getwindowgeometry", "--shell")
	var width, height int
	for _, line := range strings.Fields(out) {
		fmt.Sscanf(line, "WIDTH=%d", &width)
		fmt.Sscanf(line, "HEIGHT=%d", &height)
	}
	return width, height
}

// screenshot saves the window's area of the screen to path and decodes it.
func (w *window) screenshot(path string) image.Image {
	w.t.Helper()
	width, height := w.geometry()
	return grab(w.t, w.display, path, "-crop", fmt.Sprintf("%dx%d+0+0", width, height), "+repage")
}

// grab saves a screenshot of the display, cut as args say, to path and
// decodes it.
func grab(t *testing.T, display, path string, args ...string) image.Image {
	t.Helper()
	c := exec.Command("import", append(append([]string{"-window", "root"}, args...), path)...)
	c.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, out)
	}
	return decodePNG(t, path)
}

// decodePNG reads the PNG image at path.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// prefs reads the window's saved preferences.
func (w *window) prefs() map[string]any {
	w.t.Helper()
	m := map[string]any{}
	b, err := os.ReadFile(filepath.Join(w.config, "fyne", "org.factdesk.FactDesk", "preferences.json"))
	if err == nil {
		json.Unmarshal(b, &m)
	}
	return m
}

// dumpMenu is the menu and toolbar as the binary builds them.
func dumpMenu(t *testing.T) app.MenuDump {
	t.Helper()
	cmd := exec.Command(bin, "--dump-menu")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("factdesk --dump-menu: %v", err)
	}
	var d app.MenuDump
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("factdesk --dump-menu: %v\n%s", err, out)
	}
	if len(d.Menu) == 0 {
		t.Fatalf("factdesk --dump-menu printed no menu item:\n%s", out)
	}
	return d
}

// xdoKeys turns a shortcut as the app names it ("Ctrl+Shift+=") into
// xdotool's key names ("ctrl+shift+equal").
func xdoKeys(shortcut string) string {
	parts := strings.Split(shortcut, "+")
	if strings.HasSuffix(shortcut, "++") { // the key is "+"
		parts = append(parts[:len(parts)-2], "plus")
	}
	for i, p := range parts[:len(parts)-1] {
		parts[i] = strings.ToLower(p)
	}
	k := parts[len(parts)-1]
	switch k {
	case "=":
		k = "equal"
	case "-":
		k = "minus"
	case "+":
		k = "plus"
	case ",":
		k = "comma"
	case ".":
		k = "period"
	case "/":
		k = "slash"
	default:
		if len(k) == 1 {
			k = strings.ToLower(k)
		}
	}
	parts[len(parts)-1] = k
	return strings.Join(parts, "+")
}

// luminance is the mean brightness of img, 0 to 255.
func luminance(img image.Image) float64 {
	b := img.Bounds()
	var sum, n float64
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			sum += float64(r+g+bl) / 3 / 257
			n++
		}
	}
	return sum / n
}

// differingPixels counts the pixels that differ between two screenshots of
// the same size; a different size counts every pixel.
func differingPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

func near(c color.Color, want color.NRGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(v uint32, w uint8) bool {
		x := int(v>>8) - int(w)
		return x <= tol && x >= -tol
	}
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// box is a rectangle found on a screenshot.
type box struct{ x0, y0, x1, y1 int }

func (b box) cx() int { return (b.x0 + b.x1) / 2 }
func (b box) cy() int { return (b.y0 + b.y1) / 2 }

// filledBoxes finds the connected areas of img in colour c (within tol) at
// least minW×minH in size and at least half filled: buttons of that colour.
func filledBoxes(img image.Image, c color.NRGBA, tol, minW, minH int) []box {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	in := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			in[y*w+x] = near(img.At(r.Min.X+x, r.Min.Y+y), c, tol)
		}
	}
	seen := make([]bool, w*h)
	var out []box
	var stack []int
	for i := range in {
		if !in[i] || seen[i] {
			continue
		}
		b := box{w, h, -1, -1}
		count := 0
		stack = append(stack[:0], i)
		seen[i] = true
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := p%w, p/w
			count++
			b.x0, b.y0, b.x1, b.y1 = min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)
			for _, q := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h {
					continue
				}
				j := q[1]*w + q[0]
				if in[j] && !seen[j] {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		bw, bh := b.x1-b.x0+1, b.y1-b.y0+1
		if bw >= minW && bh >= minH && count*2 >= bw*bh {
			out = append(out, b)
		}
	}
	return out
}

// inkColumns finds, in the rows y0..y1 of img, the groups of columns that
// differ from the background bg, split where at least gap columns are
// blank: the items of a row of icons or buttons.
func inkColumns(img image.Image, y0, y1 int, bg color.NRGBA, gap int) []box {
	r := img.Bounds()
	var out []box
	blank := gap
	for x := r.Min.X; x < r.Max.X; x++ {
		ink := false
		for y := y0; y <= y1 && !ink; y++ {
			ink = !near(img.At(x, y), bg, 40)
		}
		switch {
		case ink && blank >= gap:
			out = append(out, box{x, y0, x, y1})
			blank = 0
		case ink:
			out[len(out)-1].x1 = x
			blank = 0
		default:
			blank++
		}
	}
	return out
}

func colorAt(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/app"
)

// TestWindowSuite drives every menu item, toolbar button and shortcut of
// the real window under Xvfb with xdotool, opens, fills, confirms and
// cancels every dialog, and checks each step's outcome in the library,
// in the files written, in the saved preferences or on the screen.
//
// It runs at 1440×900 in the light theme; FACTDESK_WINDOW_MATRIX=full adds
// 900×600 and the dark theme, =rest runs those alone (make acceptance,
// after make test has run the first), and
// FACTDESK_WINDOW_MATRIX=900x600-dark runs that one. FACTDESK_SHOTS keeps
// a screenshot of every step in that folder.
func TestWindowSuite(t *testing.T) {
	requireX(t)
	type config struct {
		w, h  int
		theme string
	}
	all := []config{{1440, 900, "light"}, {1440, 900, "dark"}, {900, 600, "light"}, {900, 600, "dark"}}
	configs := all[:1]
	switch m := os.Getenv("FACTDESK_WINDOW_MATRIX"); m {
	case "", "quick":
	case "full":
		configs = all
	case "rest": // what make test has not run: after it, make acceptance
		configs = all[1:]
	default: // one of them, as "900x600-dark"
		configs = slices.DeleteFunc(slices.Clone(all), func(c config) bool {
			return fmt.Sprintf("%dx%d-%s", c.w, c.h, c.theme) != m
		})
		if len(configs) == 0 {
			t.Fatalf("FACTDESK_WINDOW_MATRIX=%q: want quick, full, rest or a size and theme such as 900x600-dark", m)
		}
	}
	dump := dumpMenu(t)
	for _, c := range configs {
		name := fmt.Sprintf("%dx%d-%s", c.w, c.h, c.theme)
		t.Run(name, func(t *testing.T) {
			s := newSuite(t, dump, name, c.w, c.h, c.theme)
			s.run()
		})
	}
}

// suite is one pass of the window suite at one size and theme.
type suite struct {
	t       *testing.T
	dump    app.MenuDump
	name    string
	w, h    int
	theme   string // the theme the window is in now
	dir     string
	db      string
	display string
	config  string
	crash   string
	shots   string
	step    int
	win     *window
	files   string // files to import and export
	server  *httptest.Server
	hit     map[string]bool // "menu:File/Import file…", "key:Ctrl+O", "toolbar:3"
	acted   time.Time       // when the last input was sent
	started time.Time
}

func newSuite(t *testing.T, dump app.MenuDump, name string, w, h int, theme string) *suite {
	dir := t.TempDir()
	shots := os.Getenv("FACTDESK_SHOTS")
	if shots == "" {
		shots = filepath.Join(dir, "shots")
	}
	shots = filepath.Join(shots, name)
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &suite{t: t, dump: dump, name: name, w: w, h: h, theme: theme, dir: dir,
		db: filepath.Join(dir, "lib.db"), config: filepath.Join(dir, "config"),
		crash: filepath.Join(dir, "crash"), shots: shots, files: filepath.Join(dir, "files"),
		hit: map[string]bool{}, started: time.Now()}
	for _, d := range []string{s.crash, s.files} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s.display = startXvfbSize(t, w+160, h+100)
	s.server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, `<!doctype html><html><head><title>Harbour ferry fares to fall</title></head><body><article>
<h1>Harbour ferry fares to fall</h1><p>The harbour board said on Monday that ferry fares will fall by a tenth from June,
after passenger numbers grew for the third year running.</p><p>The board expects 2.1 million journeys this year.</p>
</article></body></html>`)
	}))
	t.Cleanup(s.server.Close)
	return s
}

// shot saves a screenshot of the step and returns it.
func (s *suite) shot(label string) image.Image {
	s.t.Helper()
	s.step++
	s.x("mousemove", strconv.Itoa(s.w-4), strconv.Itoa(s.h-4))
	time.Sleep(250 * time.Millisecond)
	name := fmt.Sprintf("%03d-%s.png", s.step, strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, label))
	return s.win.screenshot(filepath.Join(s.shots, name))
}

func (s *suite) x(args ...string) string {
	s.t.Helper()
	if args[0] != "mousemove" {
		s.acted = time.Now()
	}
	return s.win.x(args...)
}

// baseline waits for the notice bar of the last change to go (it takes
// room from the views while it shows), then takes a screenshot to compare
// later ones with.
func (s *suite) baseline(label string) image.Image {
	s.t.Helper()
	const noticeTime = 8*time.Second + 700*time.Millisecond
	time.Sleep(time.Until(s.acted.Add(noticeTime)))
	// A notice that a background job showed late is still up: wait for
	// the window to say it is gone.
	for end := time.Now().Add(20 * time.Second); s.win.noticeShowing(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(end) {
			s.t.Fatalf("%s: the notice bar is still showing 20 s after it should have gone", label)
		}
	}
	time.Sleep(300 * time.Millisecond)
	before := s.shot(label + "-notice-gone")
	// Resizing lays the window out again: the views should already fill
	// the room the notice bar left.
	id := strings.TrimSpace(s.x("search", "--name", "^FactDesk"))
	s.x("windowsize", id, strconv.Itoa(s.w), strconv.Itoa(s.h-10))
	time.Sleep(300 * time.Millisecond)
	s.x("windowsize", id, strconv.Itoa(s.w), strconv.Itoa(s.h))
	time.Sleep(500 * time.Millisecond)
	img := s.shot(label)
	// The left half only: at 900×600 a resize by 10 pixels and back moves
	// the divider between the claims list and the claim editor (Fyne's
	// split keeps the offset it clamped to), which is not this check's
	// business; an empty strip where the notice was runs the whole width.
	if n := s.differingIn(before, img, image.Rect(0, 0, s.w/2, s.h-56)); n > s.w*s.h/200 {
		s.t.Errorf("%s: when the notice bar hides, the views leave its room empty until the window is laid out again (%d pixels differ after a resize; screenshots %03d and %03d in %s)",
			label, n, s.step-1, s.step, s.shots)
	}
	return img
}

func (s *suite) pause() { time.Sleep(400 * time.Millisecond) }

// key presses keys that are not shortcuts of the menu (J, Escape, Return).
func (s *suite) key(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.x("key", k)
		time.Sleep(120 * time.Millisecond)
	}
	s.pause()
}

func (s *suite) typeText(text string) {
	s.t.Helper()
	s.x("type", "--delay", "15", text)
	s.pause()
}

// menuEntry finds a menu item by its path's labels; a label ending in "…"
// or holding a key in brackets matches its start.
func (s *suite) menuEntry(path ...string) app.MenuEntry {
	s.t.Helper()
	for _, e := range s.dump.Menu {
		if len(e.Path) != len(path) {
			continue
		}
		ok := true
		for i, p := range path {
			ok = ok && (e.Path[i] == p || strings.HasPrefix(e.Path[i], p))
		}
		if ok {
			return e
		}
	}
	s.t.Fatalf("no menu item %q in factdesk --dump-menu", strings.Join(path, " ▸ "))
	return app.MenuEntry{}
}

// menu chooses a menu item with the keyboard: Alt opens the bar, Right
// moves to the menu, Down to the item, Return chooses it.
func (s *suite) menu(path ...string) {
	s.t.Helper()
	e := s.menuEntry(path...)
	s.x("key", "alt")
	time.Sleep(250 * time.Millisecond)
	for range e.Menu {
		s.x("key", "Right")
	}
	for range e.Item + 1 {
		s.x("key", "Down")
	}
	time.Sleep(150 * time.Millisecond)
	s.x("key", "Return")
	s.hit["menu:"+strings.Join(e.Path, "/")] = true
	s.pause()
}

// shortcut presses the shortcut of a menu item.
func (s *suite) shortcut(path ...string) {
	s.t.Helper()
	e := s.menuEntry(path...)
	if e.Shortcut == "" {
		s.t.Fatalf("menu item %q has no shortcut", strings.Join(e.Path, " ▸ "))
	}
	s.x("key", xdoKeys(e.Shortcut))
	s.hit["key:"+e.Shortcut] = true
	s.pause()
}

// hasTool reports whether the toolbar has a button with the icon.
func (s *suite) hasTool(icon string) bool {
	return slices.ContainsFunc(s.dump.Toolbar, func(e app.ToolbarEntry) bool {
		return e.Kind == "action" && strings.Contains(e.Icon, icon)
	})
}

// toolbar clicks the toolbar button with the given icon, found on the
// screen as the n-th group of ink in the toolbar's row, n its place among
// the dump's actions.
func (s *suite) toolbar(icon string) {
	s.t.Helper()
	n := -1
	var actions int
	for _, e := range s.dump.Toolbar {
		if e.Kind != "action" {
			continue
		}
		if strings.Contains(e.Icon, icon) && n < 0 {
			n = actions
		}
		actions++
	}
	if n < 0 {
		s.t.Fatalf("no toolbar button with icon %q in factdesk --dump-menu", icon)
	}
	img := s.shot("toolbar-" + icon)
	buttons := s.toolbarButtons(img)
	if len(buttons) != actions {
		s.t.Fatalf("found %d toolbar buttons on the screen, want the %d of factdesk --dump-menu (%v)", len(buttons), actions, buttons)
	}
	b := buttons[n]
	s.x("mousemove", strconv.Itoa(b.cx()), strconv.Itoa(b.cy()))
	time.Sleep(100 * time.Millisecond)
	s.x("click", "1")
	s.hit[fmt.Sprintf("toolbar:%d", n)] = true
	s.pause()
}

// toolbarButtons finds the toolbar's buttons: below the menu bar, the
// first band of rows with ink across it; in it, groups of columns with
// ink, less the thin separators.
func (s *suite) toolbarButtons(img image.Image) []box {
	w := img.Bounds().Dx()
	bg := colorAt(img, w-2, img.Bounds().Dy()/2)
	// A row has ink when some of it differs from the background; a line
	// across the whole window (the menu bar's edge) is not ink.
	inkRow := func(y int) int {
		n := 0
		for x := 0; x < w; x++ {
			if !near(img.At(x, y), bg, 40) {
				n++
			}
		}
		if n > w*8/10 {
			return 0
		}
		return n
	}
	// The menu bar's labels, then blank rows, then the toolbar.
	y := 0
	for y < 60 && inkRow(y) < 20 {
		y++
	}
	for y < 60 && inkRow(y) >= 20 {
		y++
	}
	for y < 120 && inkRow(y) < 20 {
		y++
	}
	y0 := y
	for y < 140 && inkRow(y) >= 20 {
		y++
	}
	y1 := y - 1
	var out []box
	for _, b := range inkColumns(img, y0, y1, bg, 12) {
		if b.x1-b.x0 >= 6 {
			out = append(out, b)
		}
	}
	return out
}

// primaryButton finds the dialog's button drawn in the primary colour
// (Open, Save, Import, Export…), lowest and rightmost when there are more.
func (s *suite) primaryButton(img image.Image) (box, bool) {
	primary := color.NRGBA{R: 0x1f, G: 0x7a, B: 0x72, A: 0xff}
	if s.theme == "dark" {
		primary = color.NRGBA{R: 0x4f, G: 0xc1, B: 0xb5, A: 0xff}
	}
	boxes := filledBoxes(img, primary, 14, 30, 18)
	if len(boxes) == 0 {
		return box{}, false
	}
	best := boxes[0]
	for _, b := range boxes[1:] {
		if b.y1 > best.y1+4 || (b.y1 >= best.y1-4 && b.x1 > best.x1) {
			best = b
		}
	}
	return best, true
}

// waitPrimary waits for a dialog's primary button to show.
func (s *suite) waitPrimary(label string) box {
	s.t.Helper()
	for range 10 {
		if b, ok := s.primaryButton(s.shot(label)); ok {
			return b
		}
		time.Sleep(300 * time.Millisecond)
	}
	s.win.alive(label)
	s.t.Fatalf("%s: no button in the primary colour on the screen (screenshot %03d in %s)", label, s.step, s.shots)
	return box{}
}

// confirm clicks the open dialog's primary button.
func (s *suite) confirm(what string) {
	s.t.Helper()
	b := s.waitPrimary(what + "-filled")
	s.click(b.cx(), b.cy())
}

// cancel clicks the button left of the open dialog's primary one: Cancel.
func (s *suite) cancel(what string) {
	s.t.Helper()
	b := s.waitPrimary(what + "-open")
	s.click(b.x0-30, b.cy())
}

// dismiss closes a message dialog by its one button: Tab gives it focus
// and Space presses it; the screen must change.
func (s *suite) dismiss(what string) {
	s.t.Helper()
	shown := s.shot(what)
	s.key("Tab", "space")
	s.changed(what+"-closed", shown)
}

func (s *suite) click(x, y int) {
	s.t.Helper()
	s.x("mousemove", strconv.Itoa(x), strconv.Itoa(y))
	time.Sleep(100 * time.Millisecond)
	s.x("click", "1")
	s.pause()
}

// articles and claims read the library through the command line.
type articleJSON struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Claims int    `json:"claims"`
}

func (s *suite) articles() []articleJSON {
	s.t.Helper()
	var out []articleJSON
	if err := json.Unmarshal([]byte(must(s.t, s.db, "articles", "--json")), &out); err != nil {
		s.t.Fatal(err)
	}
	return out
}

func (s *suite) claims(article int64) []claimJSON {
	s.t.Helper()
	var out []claimJSON
	if err := json.Unmarshal([]byte(must(s.t, s.db, "claims", fmt.Sprint(article), "--json")), &out); err != nil {
		s.t.Fatal(err)
	}
	return out
}

// expect waits up to a few seconds for ok, then fails the step.
func (s *suite) expect(what string, ok func() (bool, string)) {
	s.t.Helper()
	var last string
	for end := time.Now().Add(6 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		var good bool
		good, last = ok()
		if good {
			s.shot(what)
			s.win.alive(what)
			return
		}
	}
	s.shot(what + "-FAILED")
	s.win.alive(what)
	s.t.Fatalf("%s: %s (screenshot %03d in %s)", what, last, s.step, s.shots)
}

func (s *suite) expectArticles(what string, n int) []articleJSON {
	s.t.Helper()
	var list []articleJSON
	s.expect(what, func() (bool, string) {
		list = s.articles()
		return len(list) == n, fmt.Sprintf("the library has %d articles, want %d", len(list), n)
	})
	return list
}

func (s *suite) expectClaims(what string, article int64, check func([]claimJSON) (bool, string)) {
	s.t.Helper()
	s.expect(what, func() (bool, string) { return check(s.claims(article)) })
}

func (s *suite) claimCount(what string, article int64, n int) {
	s.t.Helper()
	s.expectClaims(what, article, func(cs []claimJSON) (bool, string) {
		return len(cs) == n, fmt.Sprintf("article %d has %d claims, want %d", article, len(cs), n)
	})
}

// claimField waits until the claim numbered n (1-based, in text order) has
// the value want in a field.
func (s *suite) claimField(what string, article int64, i int, field func(claimJSON) string, want string) {
	s.t.Helper()
	s.expectClaims(what, article, func(cs []claimJSON) (bool, string) {
		if i >= len(cs) {
			return false, fmt.Sprintf("article %d has %d claims, want more than %d", article, len(cs), i)
		}
		got := field(cs[i])
		return got == want, fmt.Sprintf("claim %d (%q): got %q, want %q", cs[i].ID, cs[i].Exact, got, want)
	})
}

func (s *suite) lastArticle() int64 {
	v, _ := s.win.prefs()["article.last"].(float64)
	return int64(v)
}

func (s *suite) expectOpen(what string, id int64) {
	s.t.Helper()
	s.expect(what, func() (bool, string) {
		got := s.lastArticle()
		return got == id, fmt.Sprintf("the open article is %d, want %d", got, id)
	})
}

// same waits until the screen matches before: but for a blinking cursor
// or a focus border (a dialog's dimmed backdrop or a reflowed article
// changes far more than 1% of the window), logged when it is not exact.
func (s *suite) same(what string, before image.Image) {
	s.t.Helper()
	limit := s.w * s.h / 100
	var n int
	for range 8 {
		n = s.differing(before, s.shot(what))
		if n < limit {
			if n >= 400 {
				s.t.Logf("%s: %d pixels differ from before (screenshot %03d): focus or hover not as it was", what, n, s.step)
			}
			s.win.alive(what)
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	s.t.Fatalf("%s: the screen is not as it was before (%d pixels differ; screenshot %03d in %s)", what, n, s.step, s.shots)
}

// differing counts the pixels that differ between two screenshots, less
// the bottom row where the notice bar comes and goes on its own time.
func (s *suite) differing(a, b image.Image) int {
	return s.differingIn(a, b, image.Rect(0, 0, s.w, s.h-56))
}

// differingIn counts the pixels that differ between two screenshots in r.
func (s *suite) differingIn(a, b image.Image, r image.Rectangle) int {
	type sub interface {
		SubImage(image.Rectangle) image.Image
	}
	sa, oka := a.(sub)
	sb, okb := b.(sub)
	if !oka || !okb {
		return differingPixels(a, b)
	}
	return differingPixels(sa.SubImage(r), sb.SubImage(r))
}

// changed waits until the screen differs from before.
func (s *suite) changed(what string, before image.Image) image.Image {
	s.t.Helper()
	var n int
	for range 8 {
		img := s.shot(what)
		if n = s.differing(before, img); n >= 400 {
			s.win.alive(what)
			return img
		}
		time.Sleep(250 * time.Millisecond)
	}
	s.t.Fatalf("%s: the screen did not change (%d pixels differ; screenshot %03d in %s)", what, n, s.step, s.shots)
	return nil
}

// expectTheme checks the window's brightness against the theme.
func (s *suite) expectTheme(what, theme string) {
	s.t.Helper()
	s.expect(what, func() (bool, string) {
		l := luminance(s.win.screenshot(filepath.Join(s.dir, "theme.png")))
		dark := l < 110
		return dark == (theme == "dark"), fmt.Sprintf("mean brightness %.0f, want the %s theme", l, theme)
	})
	s.theme = theme
}

func (s *suite) open() {
	s.t.Helper()
	s.win = openWindow(s.t, windowOptions{display: s.display, db: s.db, config: s.config, crash: s.crash,
		theme: s.theme, width: s.w, height: s.h, home: s.files})
	if w, h := s.win.geometry(); w != s.w || h != s.h {
		s.t.Fatalf("the window is %d×%d, want %d×%d", w, h, s.w, s.h)
	}
}

// selectWords selects n words from the start of the article's body with
// the keyboard, after going down lines from the top.
func (s *suite) selectWords(lines, n int) {
	s.t.Helper()
	s.key("Escape", "ctrl+Home")
	for range lines {
		s.x("key", "Down")
	}
	s.x("key", "Home")
	for range n {
		s.x("key", "ctrl+shift+Right")
	}
	s.pause()
}

func (s *suite) writeFile(name, body string) string {
	s.t.Helper()
	p := filepath.Join(s.files, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return p
}

// chooseFile types a path into the open file chooser, whose Path entry
// has focus, and presses Return.
func (s *suite) chooseFile(path string) {
	s.t.Helper()
	s.shot("file-chooser")
	s.key("ctrl+a")
	s.typeText(path)
	s.key("Return")
}

func (s *suite) run() {
	t := s.t
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "readability", "nytimes-1", "source.html")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("the corpus article is not at %s: %v", corpus, err)
	}
	corpus, _ = filepath.Abs(corpus)
	sample := must(t, s.db, "sample")
	if sample != "1" {
		t.Fatalf("sample article id = %s, want 1", sample)
	}
	defer s.report()
	s.open()
	s.expectTheme("start", s.theme)

	// Import: the corpus article through Ctrl+O, a Markdown file through
	// the menu; the toolbar's button is cancelled.
	s.shortcut("File", "Import file")
	s.chooseFile(corpus)
	list := s.expectArticles("import-ctrl-o", 2)
	nyt := list[len(list)-1].ID
	for _, a := range list {
		if a.ID != 1 {
			nyt = a.ID
		}
	}
	s.expectOpen("import-opens-article", nyt)
	md := s.writeFile("levy.md", "# Library levy passes\n\nThe county library levy passed with 61% of the vote, the clerk said on Wednesday.\n\nTurnout was 38%, the lowest since 2011.\n")
	s.menu("File", "Import file")
	s.chooseFile(md)
	list = s.expectArticles("import-menu", 3)
	levy := list[len(list)-1].ID
	for _, a := range list {
		if strings.Contains(a.Title, "levy") {
			levy = a.ID
		}
	}
	before := s.baseline("before-import-toolbar")
	s.toolbar("folder-open")
	s.cancel("import-toolbar")
	s.same("import-cancelled", before)
	s.expectArticles("import-cancelled-nothing", 3)

	// Library and search.
	s.shortcut("File", "Library")
	s.expectOpen("library-ctrl-shift-l", 0)
	s.shortcut("Edit", "Search library")
	s.typeText("Riverton")
	s.key("Return")
	s.expectOpen("search-ctrl-k-opens", 1)
	s.menu("File", "Library")
	s.expectOpen("library-menu", 0)
	s.menu("Edit", "Search library")
	s.typeText("levy")
	s.key("Return")
	s.expectOpen("search-menu-opens", levy)
	s.toolbar("home")
	s.expectOpen("library-toolbar", 0)
	before = s.baseline("before-search-cancel")
	s.toolbar("search")
	s.typeText("Riverton")
	s.key("Escape")
	s.same("search-cancelled", before)
	s.expectOpen("search-cancelled-stays", 0)
	s.shortcut("Edit", "Search library")
	s.typeText("Riverton")
	s.key("Return")
	s.expectOpen("search-opens-sample", 1)

	// Claims: mark three, by shortcut, menu and toolbar.
	s.selectWords(0, 3)
	s.shortcut("Claim", "Mark claim")
	s.claimCount("mark-ctrl-m", 1, 1)
	s.selectWords(3, 2)
	s.menu("Claim", "Mark claim")
	s.claimCount("mark-menu", 1, 2)
	s.selectWords(6, 2)
	if s.hasTool("content-add") {
		s.toolbar("content-add")
	} else {
		s.shortcut("Claim", "Mark claim")
	}
	s.claimCount("mark-third", 1, 3)
	s.key("Escape")

	verdict := func(c claimJSON) string { return c.Verdict }
	status := func(c claimJSON) string { return c.Status }
	// The third claim is selected; K and J move, a digit sets the verdict.
	s.key("k")
	s.key("1")
	s.claimField("k-then-1-true", 1, 1, verdict, "true")
	s.menu("Claim", "Previous claim")
	s.key("2")
	s.claimField("previous-then-2", 1, 0, verdict, "mostly-true")
	s.menu("Claim", "Next claim")
	s.key("3")
	s.claimField("next-then-3", 1, 1, verdict, "mixed")
	s.key("j")
	for d, v := range []string{"", "true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unverifiable"} {
		if d == 0 {
			continue
		}
		s.key(strconv.Itoa(d))
		s.claimField("verdict-"+strconv.Itoa(d), 1, 2, verdict, v)
	}
	s.key("0")
	s.claimField("verdict-0-clears", 1, 2, verdict, "")

	// S cycles the status (done only with a verdict); T adds a tag;
	// Escape goes back to the article.
	s.key("5")
	s.claimField("verdict-5-again", 1, 2, verdict, "false")
	cycle := []string{"unchecked", "in-progress", "needs-review", "done"}
	cur := slices.Index(cycle, s.claims(1)[2].Status)
	s.key("s")
	s.claimField("s-cycles-status", 1, 2, status, cycle[(cur+1)%4])
	s.menu("Claim", "Cycle status")
	s.claimField("menu-cycles-status", 1, 2, status, cycle[(cur+2)%4])
	tags := func(c claimJSON) string {
		t := slices.Clone(c.Tags)
		slices.Sort(t)
		return strings.Join(t, ",")
	}
	s.key("t")
	s.typeText("transit")
	s.key("Return")
	s.claimField("t-adds-tag", 1, 2, tags, "transit")
	s.menu("Claim", "Add tag")
	s.typeText("budget")
	s.key("Return")
	s.claimField("menu-adds-tag", 1, 2, tags, "budget,transit")
	s.key("Escape")
	s.key("6")
	s.claimField("escape-back-to-article", 1, 2, verdict, "misleading")

	// Delete, undo and redo.
	s.key("Delete")
	s.claimCount("delete-key", 1, 2)
	s.menu("Claim", "Delete claim")
	s.claimCount("delete-menu", 1, 1)
	s.shortcut("Edit", "Undo")
	s.claimCount("undo-ctrl-z", 1, 2)
	s.menu("Edit", "Undo")
	s.claimCount("undo-menu", 1, 3)
	s.claimField("undo-restores-verdict", 1, 2, verdict, "misleading")
	s.shortcut("Edit", "Redo")
	s.claimCount("redo-ctrl-shift-z", 1, 2)
	s.menu("Edit", "Redo")
	s.claimCount("redo-menu", 1, 1)
	s.toolbar("content-undo")
	s.claimCount("undo-toolbar", 1, 2)
	s.toolbar("content-redo")
	s.claimCount("redo-toolbar", 1, 1)
	s.toolbar("content-undo")
	s.claimCount("undo-toolbar-again", 1, 2)
	s.key("Escape")

	// Zoom: each step changes the article; actual size puts it back.
	base := s.baseline("zoom-base")
	s.shortcut("View", "Zoom in")
	s.changed("zoom-in-ctrl-equal", base)
	s.shortcut("View", "Actual size")
	s.same("actual-size-ctrl-0", base)
	s.shortcut("View", "Zoom out")
	s.changed("zoom-out-ctrl-minus", base)
	s.menu("View", "Actual size")
	s.same("actual-size-menu", base)
	s.menu("View", "Zoom in")
	s.changed("zoom-in-menu", base)
	s.toolbar("zoom-out")
	s.same("zoom-out-toolbar-undoes-zoom-in", base)
	s.menu("View", "Zoom out")
	s.changed("zoom-out-menu", base)
	s.toolbar("zoom-in")
	s.same("zoom-in-toolbar-undoes-zoom-out", base)

	// The claims panel hides and shows.
	if e := s.menuEntry("View", "Show or hide"); e.Shortcut != "" {
		s.shortcut("View", "Show or hide")
		s.changed("panel-hidden-shortcut", base)
		s.menu("View", "Show or hide")
		s.same("panel-shown-menu", base)
	}

	// Find in the article: the matches show, Escape puts it back.
	s.shortcut("Edit", "Find in article")
	opened := s.changed("find-ctrl-f", base)
	s.typeText("ridership")
	s.key("Return", "Return", "shift+Return")
	s.changed("find-matches", opened)
	// Escape closes the bar and gives the keys back to the article: a
	// verdict key then sets the selected claim's verdict.
	s.key("Escape", "4")
	s.claimField("find-closed-keys-to-article", 1, 1, verdict, "mostly-false")
	found := s.shot("find-closed")
	s.menu("Edit", "Find in article")
	s.changed("find-menu", found)
	s.key("Escape", "3")
	s.claimField("find-menu-closed-keys-to-article", 1, 1, verdict, "mixed")

	// Themes.
	other := map[string]string{"light": "dark", "dark": "light"}
	start := s.theme
	s.shortcut("View", "Toggle dark theme")
	s.expectTheme("theme-ctrl-shift-t", other[start])
	s.menu("View", "Toggle dark theme")
	s.expectTheme("theme-menu", start)
	s.toolbar("color-palette")
	s.expectTheme("theme-toolbar", other[start])
	s.toolbar("color-palette")
	s.expectTheme("theme-toolbar-back", start)

	// Paste text: confirmed by shortcut, cancelled from the menu and the
	// toolbar.
	// The title is left empty: the text's first line becomes it, and is
	// not repeated in the body. The text field fills the dialog's middle.
	s.shortcut("File", "Paste text")
	s.click(s.w/2, s.h/2)
	s.typeText("Tram line reopens")
	s.key("Return", "Return")
	s.typeText("The tram line reopened on Friday after a repair that cost 3.4 million euros, the operator said.")
	s.confirm("paste-ctrl-shift-v")
	list = s.expectArticles("paste-imported", 4)
	tram := slices.IndexFunc(list, func(a articleJSON) bool { return a.Title == "Tram line reopens" })
	if tram < 0 {
		t.Errorf("no article titled %q after the paste: %+v", "Tram line reopens", list)
	} else if body := must(t, s.db, "text", fmt.Sprint(list[tram].ID)); strings.Count(body, "Tram line reopens") > 1 || !strings.Contains(body, "3.4 million euros") {
		t.Errorf("the pasted article's text repeats its title or lost its body: %q", body)
	}
	before = s.baseline("before-paste-cancel")
	s.menu("File", "Paste text")
	s.typeText("Not imported")
	s.cancel("paste-menu")
	s.same("paste-menu-cancelled", before)
	s.toolbar("content-paste")
	s.cancel("paste-toolbar")
	s.same("paste-toolbar-cancelled", before)
	s.expectArticles("paste-cancelled-nothing", 4)

	// Import from a URL (a local server).
	s.shortcut("File", "Import from URL")
	s.typeText(s.server.URL + "/ferry.html")
	s.key("Return")
	list = s.expectArticles("url-ctrl-l", 5)
	if !slices.ContainsFunc(list, func(a articleJSON) bool { return strings.Contains(a.Title, "ferry") }) {
		t.Errorf("no ferry article after the import from URL: %+v", list)
	}
	before = s.baseline("before-url-cancel")
	s.menu("File", "Import from URL")
	s.typeText(s.server.URL + "/not-imported.html")
	s.cancel("url-menu")
	s.same("url-menu-cancelled", before)
	s.toolbar("download")
	s.cancel("url-toolbar")
	s.same("url-toolbar-cancelled", before)
	s.expectArticles("url-cancelled-nothing", 5)

	// Publishing settings: saved, then a change cancelled.
	s.shortcut("Edit", "Search library")
	s.typeText("Riverton")
	s.key("Return")
	s.expectOpen("back-to-sample", 1)
	s.menu("File", "Publishing settings")
	s.key("Tab")
	s.typeText("Harbour Fact Desk")
	s.confirm("settings-menu")
	s.expect("settings-saved", func() (bool, string) {
		got := must(t, s.db, "config", "get", "org.name")
		return got == "Harbour Fact Desk", fmt.Sprintf("org.name = %q", got)
	})
	s.menu("File", "Publishing settings")
	s.key("Tab", "ctrl+a")
	s.typeText("Not saved")
	s.cancel("settings-cancel")
	if got := must(t, s.db, "config", "get", "org.name"); got != "Harbour Fact Desk" {
		t.Errorf("org.name = %q after Cancel, want it unchanged", got)
	}

	// Export: Ctrl+E, the dialog's Export…, then the file chooser.
	out := filepath.Join(s.files, "riverton-report.html")
	s.shortcut("File", "Export")
	s.confirm("export-ctrl-e")
	s.chooseFile(out)
	s.expect("export-written", func() (bool, string) {
		b, err := os.ReadFile(out)
		return err == nil && strings.Contains(string(b), "Riverton"), fmt.Sprintf("%s: %v, %d bytes", out, err, len(b))
	})
	s.dismiss("export-saved-message")
	before = s.baseline("before-export-cancel")
	s.menu("File", "Export")
	s.cancel("export-menu")
	s.same("export-menu-cancelled", before)
	out2 := filepath.Join(s.files, "toolbar-report.html")
	s.toolbar("document")
	s.confirm("export-toolbar")
	s.chooseFile(out2)
	s.expect("export-toolbar-written", func() (bool, string) {
		_, err := os.Stat(out2)
		return err == nil, fmt.Sprint(err)
	})
	s.dismiss("export-toolbar-saved-message")

	// Update the article from a file, then see the changes.
	text := must(t, s.db, "text", "1")
	changedText := strings.Replace(text, "18%", "19%", 1)
	upd := s.writeFile("riverton-v2.txt", changedText)
	versions := func() int {
		var v []map[string]any
		json.Unmarshal([]byte(must(t, s.db, "versions", "1", "--json")), &v)
		return len(v)
	}
	before = s.baseline("before-update")
	s.menu("Article", "Update article")
	s.changed("update-dialog", before)
	s.key("Tab", "Tab", "space")
	s.chooseFile(upd)
	s.expect("update-menu", func() (bool, string) {
		n := versions()
		return n == 2, fmt.Sprintf("article 1 has %d versions, want 2", n)
	})
	s.dismiss("update-message")
	before = s.baseline("before-show-changes")
	s.menu("Article", "Show changes")
	s.changed("show-changes", before)
	s.key("Tab", "space") // Close, the dialog's one button
	s.same("show-changes-closed", before)
	if s.hasTool("view-refresh") {
		s.toolbar("view-refresh")
	} else {
		s.menu("Article", "Update article")
	}
	s.changed("update-again", before)
	s.key("Tab", "space")
	s.same("update-cancelled", before)
	if n := versions(); n != 2 {
		t.Errorf("article 1 has %d versions after a cancelled update, want 2", n)
	}

	// Article details: a new title saved, another cancelled.
	s.shortcut("Article", "Details")
	s.key("ctrl+a")
	s.typeText("Riverton expands bus service")
	s.confirm("details-ctrl-i")
	title := func() string {
		for _, a := range s.articles() {
			if a.ID == 1 {
				return a.Title
			}
		}
		return ""
	}
	s.expect("details-saved", func() (bool, string) {
		got := title()
		return got == "Riverton expands bus service", fmt.Sprintf("title = %q", got)
	})
	before = s.baseline("before-details-cancel")
	s.menu("Article", "Details")
	s.key("ctrl+a")
	s.typeText("Not saved")
	s.cancel("details-menu")
	s.same("details-cancelled", before)
	if got := title(); got != "Riverton expands bus service" {
		t.Errorf("title = %q after Cancel, want it unchanged", got)
	}

	// Mark as published: the report's URL is stored; a cancelled change is
	// not.
	reportURL := func() string {
		conn, err := sql.Open("sqlite", "file:"+s.db+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var u string
		if err := conn.QueryRow("SELECT report_url FROM articles WHERE id = 1").Scan(&u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	s.menu("Article", "Mark as published")
	s.key("ctrl+a")
	s.typeText("https://factdesk.example/checks/riverton")
	s.confirm("publish-menu")
	s.expect("published", func() (bool, string) {
		got := reportURL()
		return got == "https://factdesk.example/checks/riverton", fmt.Sprintf("report URL = %q", got)
	})
	before = s.baseline("before-publish-cancel")
	s.menu("Article", "Mark as published")
	s.key("ctrl+a")
	s.typeText("https://factdesk.example/not-saved")
	s.cancel("publish-cancel")
	s.same("publish-cancelled", before)
	if got := reportURL(); got != "https://factdesk.example/checks/riverton" {
		t.Errorf("report URL = %q after Cancel, want it unchanged", got)
	}

	// Open the original: the current version's bytes are written, checked
	// against their SHA-256, to the cache, and handed to xdg-open (the
	// window's is one that notes its argument).
	s.menu("Article", "Open the original")
	s.expect("open-original", func() (bool, string) {
		b, _ := os.ReadFile(filepath.Join(s.win.config, "bin", "opened"))
		opened := strings.TrimSpace(string(b))
		path := strings.TrimPrefix(opened, "file://")
		_, err := os.Stat(path)
		return strings.Contains(opened, filepath.Join("factdesk", "originals")) && err == nil,
			fmt.Sprintf("xdg-open was given %q", opened)
	})

	// Suggestions: the tab shows; Enter accepts the first one as a claim.
	n := len(s.claims(1))
	before = s.baseline("before-suggestions")
	s.menu("Article", "Suggestions")
	s.changed("suggestions", before)
	s.key("Return")
	accepted := false
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end) && !accepted; time.Sleep(200 * time.Millisecond) {
		accepted = len(s.claims(1)) == n+1
	}
	if !accepted {
		s.shot("suggestion-enter-FAILED")
		t.Errorf("Article ▸ Suggestions then Enter: no claim made from the first suggestion (screenshot %03d in %s); trying Down, Enter", s.step, s.shots)
		s.key("Down", "Return")
	}
	s.claimCount("suggestion-accepted", 1, n+1)

	// The browser connector's dialogs open and close.
	for _, item := range []string{"Pair a browser", "Forget paired browsers"} {
		if !slices.ContainsFunc(s.dump.Menu, func(e app.MenuEntry) bool { return len(e.Path) == 2 && strings.HasPrefix(e.Path[1], item) }) {
			continue
		}
		before = s.baseline("before-" + item)
		s.menu(s.menuEntry("", item).Path...)
		s.changed(item+"-open", before)
		s.key("Tab", "space")
		s.same(item+"-closed", before)
	}

	// Quit from the menu; the window comes back on the same article; Ctrl+Q
	// quits too.
	s.menu("File", "Quit")
	if err := s.win.waitExit(10 * time.Second); err != nil {
		t.Errorf("quit from the menu: %v\n%s", err, s.win.stderr.String())
	}
	s.win.noCrash("quit-menu")
	s.open()
	s.expectOpen("reopened-on-sample", 1)
	s.shortcut("File", "Quit")
	if err := s.win.waitExit(10 * time.Second); err != nil {
		t.Errorf("quit with ctrl+q: %v\n%s", err, s.win.stderr.String())
	}
	s.win.noCrash("quit-ctrl-q")
}

// report prints how many of the menu's items and shortcuts were driven.
func (s *suite) report() {
	total, done := 0, 0
	var missed []string
	for _, e := range s.dump.Menu {
		total++
		k := "menu:" + strings.Join(e.Path, "/")
		if s.hit[k] {
			done++
		} else {
			missed = append(missed, strings.Join(e.Path, " ▸ "))
		}
		if e.Shortcut != "" {
			total++
			if s.hit["key:"+e.Shortcut] {
				done++
			} else {
				missed = append(missed, e.Shortcut)
			}
		}
	}
	actions := 0
	for _, e := range s.dump.Toolbar {
		if e.Kind == "action" {
			actions++
		}
	}
	buttons := 0
	for i := range actions {
		if s.hit[fmt.Sprintf("toolbar:%d", i)] {
			buttons++
		}
	}
	fmt.Printf("window suite: exercised %d of %d menu items and shortcuts, %d of %d toolbar buttons (%s, %d screenshots in %s, %.0fs)\n",
		done, total, buttons, actions, s.name, s.step, s.shots, time.Since(s.started).Seconds())
	if len(missed) > 0 {
		fmt.Printf("window suite: not exercised (%s): %s\n", s.name, strings.Join(missed, ", "))
	}
}

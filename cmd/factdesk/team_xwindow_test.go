package main

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

// The size of each window of TestTeamTwoWindows, side by side on one
// screen: the end-to-end test's, whose way of finding the article's first
// line on a screenshot works at it.
const teamWinW, teamWinH = 1280, 800

// TestTeamTwoWindows opens Alice's and Bob's desks side by side on one
// screen, each on its own library joined to one team library: a claim
// Alice marks shows in Bob's window, and verdicts both set before either
// desk hears of the other show in both windows as verdicts that disagree.
func TestTeamTwoWindows(t *testing.T) {
	requireX(t)
	server := pgtest.Start(t).NewDatabase(t)
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	// Both windows would want the browser connector's one port.
	t.Setenv("FACTDESK_CONNECTOR", "off")
	shots := os.Getenv("FACTDESK_SHOTS")
	if shots == "" {
		shots = filepath.Join(dir, "shots")
	}
	shots = filepath.Join(shots, "team-two-windows")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	owner, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)

	// The owner sets the team library up; Alice and Bob log in as roles
	// of their own in its members' group.
	alice, bob := filepath.Join(dir, "alice.factdesk"), filepath.Join(dir, "bob.factdesk")
	runShown(t, alice, "team", "init", server)
	var dbname string
	if err := owner.QueryRow(ctx, `SELECT current_database()`).Scan(&dbname); err != nil {
		t.Fatal(err)
	}
	member := func(name string) string {
		// Roles belong to the whole server: named after the database,
		// they are the test's own.
		role := name + "_" + dbname
		_, err := owner.Exec(ctx, "CREATE ROLE "+pgx.Identifier{role}.Sanitize()+" LOGIN IN ROLE "+
			pgx.Identifier{"factdesk_" + dbname + "_members"}.Sanitize())
		if err != nil {
			t.Fatalf("create role %s: %v", role, err)
		}
		return strings.Replace(server, "postgres://postgres@", "postgres://"+role+"@", 1)
	}
	aliceURL, bobURL := member("alice"), member("bob")
	// Alice's desk has the sample article, which joining sends; Bob's
	// receives it when he joins.
	aliceArticle := runShown(t, alice, "sample")
	runShown(t, alice, "team", "join", aliceURL, "--as", "Alice")
	runShown(t, bob, "team", "join", bobURL, "--as", "Bob")
	bobArticle := ""
	var list []articleJSON
	if err := json.Unmarshal([]byte(runShown(t, bob, "articles", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if strings.Contains(a.Title, "Riverton") {
			bobArticle = strconv.FormatInt(a.ID, 10)
		}
	}
	if bobArticle == "" {
		t.Fatalf("Bob's desk after joining lists %+v, want the sample article Alice had", list)
	}

	display := startXvfbSize(t, 2*teamWinW, teamWinH)
	aw := openDesk(t, dir, display, "alice", alice, aliceArticle, 0)
	bw := openDesk(t, dir, display, "bob", bob, bobArticle, teamWinW)
	for _, d := range []*deskWindow{aw, bw} {
		d.waitEvent(t, "first sync", 60*time.Second, syncedRE, 0)
	}

	// Alice drags across the first line of the article and marks it.
	shot := filepath.Join(shots, "1-both-open.png")
	before := screen(t, display, shot)
	aw.focus()
	y, x0, x1 := firstParagraphLine(t, shot)
	aw.x("mousemove", strconv.Itoa(x0), strconv.Itoa(y))
	aw.x("mousedown", "1")
	for _, f := range []float64{0.25, 0.5, 0.75, 1} {
		aw.x("mousemove", strconv.Itoa(x0+int(f*float64(x1+2-x0))), strconv.Itoa(y))
		time.Sleep(50 * time.Millisecond)
	}
	aw.x("mouseup", "1")
	aw.waitChange(t, display, filepath.Join(shots, "2-alice-selected.png"), before)
	aliceFrom, bobFrom := len(aw.stderr.String()), len(bw.stderr.String())
	marked := time.Now()
	aw.x("key", "ctrl+m")
	// When Alice's window shows the claim, when its sync says it sent it,
	// and when Bob's shows it, each read off the windows' trace lines.
	var own, pushed, shown time.Time
	for end := marked.Add(10 * time.Second); time.Now().Before(end) && (own.IsZero() || pushed.IsZero() || shown.IsZero()); time.Sleep(5 * time.Millisecond) {
		now, a, b := time.Now(), aw.stderr.String()[aliceFrom:], bw.stderr.String()[bobFrom:]
		if own.IsZero() && markedRE.MatchString(a) {
			own = now
		}
		if pushed.IsZero() && pushedRE.MatchString(a) {
			pushed = now
		}
		if shown.IsZero() && pulledRE.MatchString(b) {
			shown = now
		}
	}
	if shown.IsZero() {
		screen(t, display, filepath.Join(shots, "3-claim-not-in-bob.png"))
		bw.alive("claim reaches Bob")
		t.Fatalf("the claim Alice marked did not show in Bob's window within 10 s (Alice's window sent it: %v); Bob's output:\n%s",
			!pushed.IsZero(), bw.stderr.String())
	}
	ms := func(at time.Time) string {
		if at.IsZero() {
			return "not within 10 s"
		}
		return fmt.Sprintf("%d ms", at.Sub(marked).Milliseconds())
	}
	drawn := "?"
	if m := markedRE.FindStringSubmatch(aw.stderr.String()[aliceFrom:]); m != nil {
		drawn = m[1]
	}
	t.Logf("after Ctrl+M in Alice's window: her window shows the claim at %s (%s ms from the key's handler to the frame), its sync says it sent it at %s; Bob's window shows it at %s",
		ms(own), drawn, ms(pushed), ms(shown))
	claims := deskClaims(t, bob, bobArticle)
	if len(claims) != 1 || !strings.HasPrefix(claims[0].Exact, "The Riverton city council") {
		t.Fatalf("Bob's claims: %+v, want the one Alice marked on the article's first line", claims)
	}
	// The pull's trace line is written before the frame that draws what
	// it brought: Bob's window is looked at until it shows the claim.
	n := 0
	for end := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		after := screen(t, display, filepath.Join(shots, "3-claim-in-both.png"))
		if n = differingPixels(bw.part(before), bw.part(after)); n >= 2000 || time.Now().After(end) {
			break
		}
	}
	if n < 2000 {
		t.Errorf("Bob's window changed in %d pixels within 3 s of the claim reaching it, want its highlight and row (screenshots in %s)", n, shots)
	}

	// Both pick the claim and set a verdict of their own while the team
	// library is held (a lock on its changes), so that neither desk hears
	// of the other's verdict first, however slow the machine.
	aw.x("key", "Escape") // from the claim's statement back to the article
	bw.focus()
	bobFrom = len(bw.stderr.String())
	bw.x("key", "j")
	bw.waitEvent(t, "Bob picks the claim", 10*time.Second, selectedRE, bobFrom)
	hold, err := owner.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx)
	if _, err := hold.Exec(ctx, `LOCK TABLE changes IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	aliceFrom, bobFrom = len(aw.stderr.String()), len(bw.stderr.String())
	aw.focus()
	aw.x("key", "1") // True
	bw.focus()
	bw.x("key", "5") // False
	for _, d := range []struct {
		lib, article, verdict string
	}{{alice, aliceArticle, "true"}, {bob, bobArticle, "false"}} {
		waitFor(t, 10*time.Second, func() bool {
			cs := deskClaims(t, d.lib, d.article)
			return len(cs) == 1 && cs[0].Verdict == d.verdict
		})
	}
	set := screen(t, display, filepath.Join(shots, "4-verdicts-set.png"))
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*deskWindow{aw, bw} {
		from := aliceFrom
		if d == bw {
			from = bobFrom
		}
		d.waitEvent(t, "verdicts disagree", 30*time.Second, conflictRE, from)
	}
	disagree := screen(t, display, filepath.Join(shots, "5-verdicts-disagree.png"))
	for _, d := range []*deskWindow{aw, bw} {
		if n := differingPixels(d.part(set), d.part(disagree)); n < 2000 {
			t.Errorf("%s's window changed in %d pixels when the verdicts came to disagree, want the box that says so (screenshots in %s)", d.who, n, shots)
		}
	}
	// The desks and the team library hold both verdicts.
	serverArticle := ""
	if err := json.Unmarshal([]byte(runShown(t, server, "articles", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) == 1 {
		serverArticle = strconv.FormatInt(list[0].ID, 10)
	} else {
		t.Fatalf("the team library lists %+v, want the sample article", list)
	}
	for _, d := range []struct {
		who, lib, article string
	}{{"Alice's desk", alice, aliceArticle}, {"Bob's desk", bob, bobArticle}, {"the team library", server, serverArticle}} {
		var got []string
		waitFor(t, 10*time.Second, func() bool {
			got = nil
			if cs := deskClaims(t, d.lib, d.article); len(cs) == 1 {
				for _, ch := range cs[0].Conflict {
					got = append(got, ch.Verdict+" by "+ch.Author.Name)
				}
			}
			return len(got) == 2
		})
		slices.Sort(got)
		if want := []string{"false by Bob", "true by Alice"}; !slices.Equal(got, want) {
			t.Errorf("%s: the claim's verdicts in conflict are %q, want %q", d.who, got, want)
		}
	}
	for _, d := range []*deskWindow{aw, bw} {
		d.noCrash("verdicts disagree")
	}
}

var (
	syncedRE   = regexp.MustCompile(`event team sync pushed=\d+ pulled=\d+ waiting=0\n`)
	pushedRE   = regexp.MustCompile(`event team sync pushed=[1-9]\d* pulled=\d+ waiting=\d+\n`)
	pulledRE   = regexp.MustCompile(`event team sync pushed=\d+ pulled=[1-9]\d* waiting=\d+\n`)
	markedRE   = regexp.MustCompile(`input-to-frame mark-claim ms=([0-9.]+)`)
	selectedRE = regexp.MustCompile(`input-to-frame select-claim `)
	conflictRE = regexp.MustCompile(`event verdict conflict shown claim=1 choices=2\n`)
)

// teamClaimJSON is a claim as claims --json prints it, with its verdicts
// in conflict.
type teamClaimJSON struct {
	Exact    string `json:"exact"`
	Verdict  string `json:"verdict"`
	Conflict []struct {
		Verdict string `json:"verdict"`
		Author  struct {
			Name string `json:"name"`
		} `json:"author"`
	} `json:"conflict"`
}

// deskClaims reads an article's claims from a desk's library while its
// window has it open.
func deskClaims(t *testing.T, lib, article string) []teamClaimJSON {
	t.Helper()
	var out []teamClaimJSON
	if err := json.Unmarshal([]byte(runShown(t, lib, "claims", article, "--json")), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// deskWindow is one person's window in TestTeamTwoWindows.
type deskWindow struct {
	*window
	who string
	id  string // the X window's id
	x0  int    // its left edge on the screen
}

// openDesk opens the window on lib, with the article open, at x0 on the
// screen.
func openDesk(t *testing.T, dir, display, who, lib, article string, x0 int) *deskWindow {
	t.Helper()
	config := filepath.Join(dir, "config-"+who)
	prefs := filepath.Join(config, "fyne", "org.factdesk.FactDesk")
	if err := os.MkdirAll(prefs, 0o700); err != nil {
		t.Fatal(err)
	}
	// The window opens the article it last had open.
	b, _ := json.Marshal(map[string]any{"article.last": mustAtoi(t, article)})
	if err := os.WriteFile(filepath.Join(prefs, "preferences.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, windowOptions{display: display, db: lib, config: config,
		crash: filepath.Join(dir, "crash-"+who), theme: "light", width: teamWinW, height: teamWinH})
	id := strings.Fields(w.x("search", "--sync", "--all", "--pid", strconv.Itoa(w.cmd.Process.Pid), "--name", "^FactDesk"))
	if len(id) != 1 {
		t.Fatalf("%s's window: xdotool found %q", who, id)
	}
	w.x("windowmove", "--sync", id[0], strconv.Itoa(x0), "0")
	return &deskWindow{window: w, who: who, id: id[0], x0: x0}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitEvent waits for the window to write a trace line (FACTDESK_TRACE)
// matching re after the first from bytes of its output.
func (d *deskWindow) waitEvent(t *testing.T, what string, limit time.Duration, re *regexp.Regexp, from int) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if re.MatchString(d.stderr.String()[from:]) {
			return
		}
	}
	d.alive(what)
	t.Fatalf("%s: %s's window wrote no %q within %v; its output:\n%s", what, d.who, re, limit, d.stderr.String())
}

// screen saves a screenshot of the whole screen to path and decodes it.
func screen(t *testing.T, display, path string) image.Image {
	t.Helper()
	return grab(t, display, path)
}

// focus gives the window the keyboard: the screen has no window manager
// to do it on a click.
func (d *deskWindow) focus() {
	d.x("windowfocus", "--sync", d.id)
}

// waitChange waits for the window's part of the screen to differ from
// before: the frame that shows what the last input did.
func (d *deskWindow) waitChange(t *testing.T, display, path string, before image.Image) {
	t.Helper()
	var n int
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if n = differingPixels(d.part(before), d.part(screen(t, display, path))); n >= 200 {
			return
		}
	}
	d.alive("wait for the screen")
	t.Fatalf("%s's window did not change on the screen within 10 s (%d pixels differ; %s)", d.who, n, path)
}

// part is the window's part of a screenshot of the whole screen.
func (d *deskWindow) part(img image.Image) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(d.x0, 0, d.x0+teamWinW, teamWinH))
}

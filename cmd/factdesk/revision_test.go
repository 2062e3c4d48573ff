package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
)

// runBin runs the factdesk binary on the library db and returns its exit
// code, stdout and stderr; it may be called from any goroutine.
func runBin(db string, args ...string) (int, string, string, error) {
	cmd := exec.Command(bin, append(args, "--db", db)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String(), nil
	}
	return 0, out.String(), errb.String(), err
}

// TestConcurrentClaimSetLosesNothing runs two processes that each do 1,000
// read-modify-writes of one claim with `claim set --tag`: each reads the
// claim's tags and writes them back with one more. Every write must either
// land or be refused as a conflict, in one line; none may be lost. A write
// that landed leaves its tag in the claim, one that was refused does not,
// and the claim's revision and history count exactly the writes that landed.
func TestConcurrentClaimSetLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2,000 processes; skipped with -short")
	}
	const perWriter = 1000
	db := library(t, t.TempDir(), 1)

	type tally struct {
		landed, refused []string
		err             error
	}
	tallies := make([]*tally, 2)
	var wg sync.WaitGroup
	for w := range tallies {
		tallies[w] = &tally{}
		wg.Add(1)
		go func(w int, tl *tally) {
			defer wg.Done()
			for i := range perWriter {
				tag := fmt.Sprintf("w%d-%d", w, i)
				code, _, stderr, err := runBin(db, "claim", "set", "1/1", "--tag", tag)
				switch {
				case err != nil:
					tl.err = err
					return
				case code == 0:
					tl.landed = append(tl.landed, tag)
				case code == 1 && strings.Contains(stderr, "was changed by someone else since you read it") && strings.Count(strings.TrimSpace(stderr), "\n") == 0:
					tl.refused = append(tl.refused, tag)
				default:
					tl.err = fmt.Errorf("claim set --tag %s: exit %d: %s", tag, code, stderr)
					return
				}
			}
		}(w, tallies[w])
	}
	wg.Wait()
	var landed, refused []string
	for w, tl := range tallies {
		if tl.err != nil {
			t.Fatalf("writer %d: %v", w, tl.err)
		}
		t.Logf("writer %d: %d writes landed, %d refused as conflicts", w, len(tl.landed), len(tl.refused))
		landed = append(landed, tl.landed...)
		refused = append(refused, tl.refused...)
	}
	if got := len(landed) + len(refused); got != 2*perWriter {
		t.Fatalf("%d writes accounted for, want %d", got, 2*perWriter)
	}

	ctx := context.Background()
	lib, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	c, err := lib.ClaimNumbered(ctx, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, tag := range c.Tags {
		have[tag] = true
	}
	lost := 0
	for _, tag := range landed {
		if !have[tag] {
			lost++
		}
	}
	ghosts := 0
	for _, tag := range refused {
		if have[tag] {
			ghosts++
		}
	}
	t.Logf("claim 1/1 holds %d tags at revision %d: %d acknowledged writes lost, %d refused writes stored anyway", len(c.Tags), c.Rev, lost, ghosts)
	if lost != 0 || ghosts != 0 || len(c.Tags) != len(landed) {
		t.Errorf("%d acknowledged writes lost, %d refused writes stored; %d tags for %d landed writes", lost, ghosts, len(c.Tags), len(landed))
	}
	if c.Rev != int64(1+len(landed)) {
		t.Errorf("claim revision %d, want 1 + %d landed writes", c.Rev, len(landed))
	}
	h, err := lib.History(ctx, annotate.KindClaim, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	updates := 0
	for _, ch := range h {
		if ch.Op == annotate.OpUpdate {
			updates++
		}
	}
	if updates != len(landed) {
		t.Errorf("history holds %d updates of the claim, want one per landed write (%d)", updates, len(landed))
	}
}

// TestUpdateRacingClaimAdd stores new versions of an article, each moving
// the text, while another process keeps marking claims on it. However the
// two meet, no claim may end up pointing at text that is not its quote: a
// claim marked on the old text is re-anchored by the update, or refused
// because its quote is no longer where it was read.
func TestUpdateRacingClaimAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a few hundred processes; skipped with -short")
	}
	const rounds, adds = 20, 100
	dir := t.TempDir()
	db := library(t, dir, 3)
	base := "Trade figures\n\n" + strings.Repeat("The ministry said exports rose 4.5% in March while imports fell. ", 40)
	quotes := []string{"exports rose 4.5% in March", "while imports fell", "The ministry said"}

	var addErr error
	added, refused := 0, 0
	adderDone := make(chan struct{})
	go func() {
		defer close(adderDone)
		for i := 0; i < adds; i++ {
			q := quotes[i%len(quotes)]
			code, _, stderr, err := runBin(db, "claim", "add", "1", "--quote", q, "--occurrence", fmt.Sprint(1+i%7))
			switch {
			case err != nil:
				addErr = err
				return
			case code == 0:
				added++
			case code == 1 && strings.Contains(stderr, "does not match the article text"):
				refused++
			default:
				addErr = fmt.Errorf("claim add %q: exit %d: %s", q, code, stderr)
				return
			}
		}
	}()
	// Versions go in until the marking is done, and at least rounds of them.
	versions, conflicts := 0, 0
	marking := func() bool {
		select {
		case <-adderDone:
			return false
		default:
			return true
		}
	}
	for r := 0; r < rounds || marking(); r++ {
		// Each version puts a new paragraph first, moving every offset.
		text := strings.Repeat(fmt.Sprintf("Update %d moves the text along. ", r), 1+r%3) + "\n\n" + base
		file := filepath.Join(dir, fmt.Sprintf("v%d.txt", r))
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr, err := runBin(db, "update", "1", file)
		switch {
		case err != nil:
			t.Fatal(err)
		case code == 0:
			versions++
		case code == 1 && strings.Contains(stderr, "by someone else"):
			conflicts++
		default:
			t.Fatalf("update: exit %d: %s", code, stderr)
		}
	}
	<-adderDone
	if addErr != nil {
		t.Fatal(addErr)
	}
	t.Logf("%d versions stored (%d refused), %d claims added, %d refused while the text moved", versions, conflicts, added, refused)

	ctx := context.Background()
	lib, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	a, err := lib.Article(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := lib.Claims(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(a.Text)
	wrong := 0
	for _, c := range claims {
		if c.AnchorBy == annotate.AnchorOrphan {
			continue // kept with its old quote, marked for review
		}
		if c.End > len(text) || string(text[c.Start:c.End]) != c.Exact {
			wrong++
			if wrong < 5 {
				t.Errorf("claim %d/%d points at %d–%d, which is not its quote %q", c.ArticleID, c.Number, c.Start, c.End, c.Exact)
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d claims point at text that is not their quote", wrong, len(claims))
	}
	if versions == 0 || added == 0 {
		t.Errorf("the race did not happen: %d versions, %d claims added", versions, added)
	}
}

// TestHistoryShowsAClaimsWholeLife marks a claim, edits it, adds a source,
// undoes the last edit and deletes the claim, all from the command line, and
// checks that `factdesk history` tells all of it, with the author.
func TestHistoryShowsAClaimsWholeLife(t *testing.T) {
	db := library(t, t.TempDir(), 0)
	must(t, db, "config", "set", "user.name", "Ana Lima")
	must(t, db, "claim", "add", "1", "--quote", "exports rose 4.5% in March", "--occurrence", "2")
	must(t, db, "claim", "set", "1/1", "--verdict", "false", "--claimant", "The ministry")
	must(t, db, "source", "add", "1/1", "https://stats.example.org/trade", "--stance", "refutes")
	must(t, db, "claim", "set", "1/1", "--note", "figures disagree")
	undone := must(t, db, "history", "1/1", "--undo")
	if !strings.Contains(undone, "undid an edit of claim 1/1") || !strings.Contains(undone, `notes: "figures disagree" → (none)`) {
		t.Errorf("history --undo printed:\n%s\nwant the undo of the note", undone)
	}
	if got := must(t, db, "config", "get", "user.name"); got != "Ana Lima" {
		t.Errorf("config get user.name = %q, want Ana Lima", got)
	}
	must(t, db, "claim", "rm", "1")

	var changes []annotate.Change
	if err := json.Unmarshal([]byte(must(t, db, "history", "claim", "1", "--json")), &changes); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, ch := range changes {
		ops = append(ops, ch.Kind+" "+ch.Op)
		if ch.Author.Name != "Ana Lima" || ch.Author.UUID == "" {
			t.Errorf("change %s %s by %+v, want Ana Lima", ch.Kind, ch.Op, ch.Author)
		}
	}
	want := []string{"claim create", "claim update", "source create", "claim update", "claim undo", "source delete", "claim delete"}
	if !slices.Equal(ops, want) {
		t.Errorf("history of claim 1 = %q, want %q", ops, want)
	}
	text := must(t, db, "history", "claim", "1")
	for _, line := range []string{"Ana Lima  created claim", `verdict: (none) → "false"`, "undid an edit of claim", "deleted claim", `exact was "exports rose 4.5% in March"`} {
		if !strings.Contains(text, line) {
			t.Errorf("history of claim 1 lacks %q:\n%s", line, text)
		}
	}
	if whole := must(t, db, "history", "1"); !strings.Contains(whole, "created article 1") || !strings.Contains(whole, "deleted claim") {
		t.Errorf("history of article 1 lacks its creation or the claim's deletion:\n%s", whole)
	}
}

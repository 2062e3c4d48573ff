package team

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// newTeam returns a fresh team library and its address; credentials are
// kept in the test's own config directory.
func newTeam(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	url := pgtest.Start(t).NewDatabase(t)
	server, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return server, url
}

// newDesk opens a new local library in the test's directory.
func newDesk(t testing.TB, name string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// canonical is a library's state as JSON that two libraries holding the
// same things print alike: everything known by UUID, nothing by local id.
func canonical(t testing.TB, s annotate.Store) string {
	t.Helper()
	ctx := context.Background()
	type source struct {
		UUID, URL, Title, Stance, Excerpt string
	}
	type claim struct {
		UUID                                  string
		Number, Start, End                    int
		Exact, Statement, Claimant, ClaimDate string
		Status, Verdict, Rationale, Notes     string
		Tags                                  []string
		Sources                               []source
		Conflict                              []string
	}
	type article struct {
		UUID, Title, Byline, Publisher, URL, Text string
		Version                                   int
		Claims                                    []claim
	}
	var out struct {
		Articles []article
		Tags     []annotate.Tag
		OrgName  string
	}
	org, err := s.Setting(ctx, "org.name")
	if err != nil {
		t.Fatal(err)
	}
	out.OrgName = org
	list, err := s.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range list {
		a, err := s.Article(ctx, sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		ca := article{a.UUID, a.Title, a.Byline, a.Publisher, a.URL, a.Text, a.Version, nil}
		claims, err := s.Claims(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range claims {
			tags := slices.Clone(c.Tags)
			sort.Strings(tags)
			cc := claim{c.UUID, c.Number, c.Start, c.End, c.Exact, c.Statement, c.Claimant, c.ClaimDate,
				string(c.Status), string(c.Verdict), c.Rationale, c.Notes, tags, nil, nil}
			for _, src := range c.Sources {
				cc.Sources = append(cc.Sources, source{src.UUID, src.URL, src.Title, string(src.Stance), src.Excerpt})
			}
			sort.Slice(cc.Sources, func(i, j int) bool { return cc.Sources[i].UUID < cc.Sources[j].UUID })
			for _, ch := range c.Conflict {
				cc.Conflict = append(cc.Conflict, fmt.Sprintf("%s by %s at %s: %s", ch.Verdict, ch.Author.Name, ch.Time.UTC().Format(time.RFC3339Nano), ch.Rationale))
			}
			ca.Claims = append(ca.Claims, cc)
		}
		sort.Slice(ca.Claims, func(i, j int) bool { return ca.Claims[i].UUID < ca.Claims[j].UUID })
		out.Articles = append(out.Articles, ca)
	}
	sort.Slice(out.Articles, func(i, j int) bool { return out.Articles[i].UUID < out.Articles[j].UUID })
	if out.Tags, err = s.Tags(ctx); err != nil {
		t.Fatal(err)
	}
	// A tag no claim carries any more may linger in one library's list.
	out.Tags = slices.DeleteFunc(out.Tags, func(tg annotate.Tag) bool { return tg.Count == 0 })
	for i := range out.Tags {
		out.Tags[i].Color = ""
	}
	sort.Slice(out.Tags, func(i, j int) bool { return out.Tags[i].Name < out.Tags[j].Name })
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// assertSame fails when the libraries do not hold the same state.
func assertSame(t testing.TB, stores map[string]annotate.Store) {
	t.Helper()
	var names []string
	for n := range stores {
		names = append(names, n)
	}
	sort.Strings(names)
	want := canonical(t, stores[names[0]])
	for _, n := range names[1:] {
		if got := canonical(t, stores[n]); got != want {
			t.Errorf("%s differs from %s:\n%s", n, names[0], diffLines(want, got))
		}
	}
}

// diffLines shows the first lines where two texts differ.
func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-8)
			return fmt.Sprintf("line %d:\n--- want\n%s\n--- got\n%s", i+1,
				strings.Join(al[lo:min(len(al), i+5)], "\n"), strings.Join(bl[lo:min(len(bl), i+5)], "\n"))
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

func mustSync(t testing.TB, desk *storage.DB, server *postgres.DB) Result {
	t.Helper()
	res, err := Sync(context.Background(), desk, server)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return res
}

var words = strings.Fields("the council said rents rose by ten percent last year while wages stayed flat and the mayor promised new homes before the election")

func sentence(r *rand.Rand, n int) string {
	var w []string
	for range n {
		w = append(w, words[r.IntN(len(words))])
	}
	return strings.Join(w, " ") + "."
}

// desk is one simulated desk of the convergence test.
type desk struct {
	name string
	db   *storage.DB
	// articles, when above 0, is how many articles the desk works on, as a
	// team does on the day's stories: it makes one only while it holds
	// fewer, and deletes none.
	articles int
}

// step makes one random edit on the desk.
func (d *desk) step(t testing.TB, r *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	list, err := d.db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	create := len(list) == 0 || r.IntN(12) == 0
	if d.articles > 0 {
		create = len(list) < d.articles
	}
	if create {
		a := &annotate.Article{Title: sentence(r, 3), Publisher: "Ledger", Text: sentence(r, 30) + "\n\n" + sentence(r, 30)}
		if err := d.db.CreateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		return
	}
	a, err := d.db.Article(ctx, list[r.IntN(len(list))].ID)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := d.db.Claims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	op := r.IntN(100)
	switch {
	case op < 25 || len(claims) == 0:
		runes := []rune(a.Text)
		start := r.IntN(len(runes) - 10)
		for start > 0 && runes[start-1] != ' ' {
			start--
		}
		end := start + 5 + r.IntN(20)
		if end > len(runes) {
			end = len(runes)
		}
		c, err := annotate.NewClaim(a, start, end)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(c.Exact) == "" {
			return
		}
		if err := d.db.CreateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	case op < 80:
		c := claims[r.IntN(len(claims))]
		switch r.IntN(6) {
		case 0:
			c.Notes = d.name + ": " + sentence(r, 4)
		case 1:
			c.Statement = sentence(r, 5)
		case 2:
			if err := c.AddTag([]string{"economy", "housing", "health", "crime"}[r.IntN(4)]); err != nil {
				t.Fatal(err)
			}
		case 3:
			if len(c.Tags) > 0 {
				c.RemoveTag(c.Tags[r.IntN(len(c.Tags))])
			}
		case 4:
			if err := c.SetVerdict(annotate.DefaultScale[r.IntN(len(annotate.DefaultScale))].Verdict); err != nil {
				t.Fatal(err)
			}
			c.Rationale = d.name + " " + sentence(r, 3)
		case 5:
			c.Claimant = []string{"Mayor", "Council", "Minister"}[r.IntN(3)]
		}
		if err := d.db.UpdateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	case op < 88:
		c := claims[r.IntN(len(claims))]
		if err := d.db.AddSource(ctx, &annotate.Source{ClaimID: c.ID, URL: fmt.Sprintf("https://example.org/%s/%d", d.name, r.IntN(1000)), Title: sentence(r, 2)}); err != nil {
			t.Fatal(err)
		}
	case op < 91:
		// Undo the claim's latest edit, when it still holds.
		if _, err := d.db.UndoClaim(ctx, claims[r.IntN(len(claims))].ID); err != nil && !errors.Is(err, annotate.ErrConflict) && annotate.ErrorCode(err) != annotate.EINVALID {
			t.Fatal(err)
		}
	case op < 94:
		c := claims[r.IntN(len(claims))]
		if err := d.db.DeleteClaim(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if r.IntN(3) == 0 {
			// Undo the delete.
			if err := d.db.RestoreClaim(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	case op < 96:
		a.Title = sentence(r, 3)
		if err := d.db.UpdateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	case op < 98:
		// The new text moves the claims after where it changes: a
		// sentence opens the text, a paragraph goes between two, or one
		// is added at the end.
		paras := strings.Split(a.Text, "\n\n")
		switch at := r.IntN(3); at {
		case 0:
			paras[0] = sentence(r, 6) + " " + paras[0]
		case 1:
			i := 1 + r.IntN(len(paras))
			paras = slices.Insert(paras, min(i, len(paras)), sentence(r, 10))
		default:
			paras = append(paras, sentence(r, 10))
		}
		v := &annotate.ArticleVersion{Text: strings.Join(paras, "\n\n"), Base: a.Version}
		if err := d.db.AddVersion(ctx, a.ID, v, nil); err != nil {
			t.Fatal(err)
		}
	case op == 98:
		if err := d.db.SetSetting(ctx, "org.name", d.name+" "+sentence(r, 2)); err != nil {
			t.Fatal(err)
		}
	case op == 99 && len(list) > 3 && d.articles == 0:
		if err := d.db.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConvergence has three desks edit at random, each syncing now and then
// and going offline for a while, and checks that after a final round of
// syncs all three and the server hold the same state.
func TestConvergence(t *testing.T) {
	ctx := context.Background()
	server, url := newTeam(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("FACTDESK_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (FACTDESK_SEED)", seed)
	r := rand.New(rand.NewPCG(seed, 16))
	var desks []*desk
	for _, name := range []string{"ana", "ben", "cho"} {
		d := &desk{name: name, db: newDesk(t, name)}
		// Some work before joining: it uploads under the team member.
		for range 5 {
			d.step(t, r)
		}
		// Each desk is a person of its own, so that verdicts set at once
		// by different people mark conflicts, which must come out the
		// same on every library whatever order the changes arrive in.
		if _, err := Join(ctx, d.db, roleURL(t, url, name), name); err != nil {
			t.Fatal(err)
		}
		desks = append(desks, d)
	}
	offline := make([]int, len(desks))
	for range 600 {
		i := r.IntN(len(desks))
		d := desks[i]
		switch {
		case offline[i] > 0:
			offline[i]--
			d.step(t, r)
		case r.IntN(15) == 0:
			mustSync(t, d.db, server)
		case r.IntN(60) == 0:
			offline[i] = 20 + r.IntN(40)
		default:
			d.step(t, r)
		}
	}
	for range 2 {
		for _, d := range desks {
			mustSync(t, d.db, server)
		}
	}
	stores := map[string]annotate.Store{"server": server}
	for _, d := range desks {
		stores[d.name] = d.db
		st, err := Status(ctx, d.db)
		if err != nil {
			t.Fatal(err)
		}
		if st.Waiting != 0 || st.Error != "" {
			t.Errorf("%s status after the final sync = %+v, want nothing waiting and no error", d.name, st)
		}
	}
	assertSame(t, stores)
	for name, s := range stores {
		assertAnchored(t, name, s)
	}
}

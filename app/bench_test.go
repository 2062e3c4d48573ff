package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/annotate"
)

// seedLibrary fills the fixture's library with articles×claims claims, the
// claims spread over each article's sentences.
func seedLibrary(b *testing.B, f *fixture, articles, claims int) []int64 {
	b.Helper()
	ctx := context.Background()
	perArticle := claims / articles
	var ids []int64
	for i := range articles {
		var paras []string
		for p := range perArticle {
			paras = append(paras, fmt.Sprintf("Paragraph %d of article %d says that spending rose by %d percent in %d, according to the ministry. Critics said the figure left out inflation and the cost of the new hospital wing.", p, i, p%40+1, 2000+p%25))
		}
		text := strings.Join(paras, "\n\n")
		id := f.addArticle(fmt.Sprintf("Article %03d on public spending", i), text)
		a, err := f.db.Article(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		var cs []*annotate.Claim
		for p := range perArticle {
			start, end, err := annotate.FindQuote(a.Text, fmt.Sprintf("Paragraph %d of article %d says", p, i), 1)
			if err != nil {
				b.Fatal(err)
			}
			c, err := annotate.NewClaim(a, start, end)
			if err != nil {
				b.Fatal(err)
			}
			if p%3 == 0 {
				c.SetVerdict(annotate.DefaultScale[p%7].Verdict)
				c.SetStatus(annotate.StatusDone)
			}
			cs = append(cs, c)
		}
		if err := f.db.CreateClaims(ctx, cs); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// BenchmarkWorkspaceOpen builds the whole window on a library of 200
// articles and 10,000 claims, as at start-up.
func BenchmarkWorkspaceOpen(b *testing.B) {
	f := newFixture(b)
	seedLibrary(b, f, 200, 10_000)
	win := test.NewTempWindow(b, nil)
	b.ResetTimer()
	for b.Loop() {
		ws := NewWorkspace(f.app, win, f.db, Options{})
		if ws.library.all != 200 {
			b.Fatalf("library has %d articles, want 200", ws.library.all)
		}
		win.Canvas().Content().Resize(fyne.NewSize(1280, 800))
	}
}

// BenchmarkArticleSwitch opens one article after another (50 claims each),
// with the reader, highlights, claims list and filters rebuilt.
func BenchmarkArticleSwitch(b *testing.B) {
	f := newFixture(b)
	ids := seedLibrary(b, f, 200, 10_000)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		v := f.openArticle(ids[i%len(ids)])
		if len(v.claims) != 50 {
			b.Fatalf("article has %d claims, want 50", len(v.claims))
		}
		f.ws.win.Canvas().Content().Refresh()
	}
}

// BenchmarkArticleSwitchUIGoroutine is BenchmarkArticleSwitch counting only
// the work on the UI goroutine: the suggestion scoring and the lookups
// that run off it in the window are left out.
func BenchmarkArticleSwitchUIGoroutine(b *testing.B) {
	f := newFixture(b)
	ids := seedLibrary(b, f, 200, 10_000)
	f.ws.background = func(work, done func()) {}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		v := f.openArticle(ids[i%len(ids)])
		if len(v.claims) != 50 {
			b.Fatalf("article has %d claims, want 50", len(v.claims))
		}
		f.ws.win.Canvas().Content().Refresh()
	}
}

// BenchmarkSuggestionsLoad scores an article of 50 paragraphs (100
// sentences) for the Suggestions panel and filters out its claims: the work
// done off the UI goroutine when an article opens.
func BenchmarkSuggestionsLoad(b *testing.B) {
	f := newFixture(b)
	ids := seedLibrary(b, f, 1, 50)
	v := f.openArticle(ids[0])
	b.ResetTimer()
	for b.Loop() {
		v.suggest.load(v.article)
		if len(v.suggest.all) == 0 {
			b.Fatal("no sentence scored")
		}
	}
}

// BenchmarkSelectClaim steps through an article's 50 claims with J, as the
// window does on the UI goroutine: reader, list and editor.
func BenchmarkSelectClaim(b *testing.B) {
	f := newFixture(b)
	ids := seedLibrary(b, f, 20, 1_000)
	f.ws.background = func(work, done func()) {}
	v := f.openArticle(ids[0])
	b.ResetTimer()
	for b.Loop() {
		v.step(1)
		if v.selected == 0 {
			b.Fatal("no claim selected")
		}
		if v.index(v.selected) == len(v.claims)-1 {
			v.selectClaim(0, fromCode)
		}
	}
}

// BenchmarkTypeStatement types into the statement of a claim, one key a
// step, as the editor takes it on the UI goroutine.
func BenchmarkTypeStatement(b *testing.B) {
	f := newFixture(b)
	ids := seedLibrary(b, f, 20, 1_000)
	f.ws.background = func(work, done func()) {}
	v := f.openArticle(ids[0])
	v.step(1)
	f.ws.win.Canvas().Focus(v.editor.statement)
	b.ResetTimer()
	for b.Loop() {
		v.editor.statement.TypedRune('x')
	}
}

// BenchmarkMarkClaim marks a passage of a 50-claim article as a claim, as
// Ctrl+M does on the UI goroutine: the claimant guess, the store's write,
// the list, the highlights and the editor. Each step marks a new passage
// of the article's text, round and round.
func BenchmarkMarkClaim(b *testing.B) {
	f := newFixture(b)
	ids := seedLibrary(b, f, 20, 1_000)
	f.ws.background = func(work, done func()) {}
	v := f.openArticle(ids[0])
	text := []rune(v.article.Text)
	n := len(v.claims)
	at := 0
	b.ResetTimer()
	for b.Loop() {
		// Words 10 to 14 of a sentence: never a span already marked.
		start := at
		for start < len(text)-80 && text[start] != ',' {
			start++
		}
		if start >= len(text)-80 {
			at, start = 0, 0
			continue
		}
		v.reader.SetSelection(start+2, start+40)
		v.markClaim()
		f.ws.writes.wait()
		at = start + 1
	}
	b.StopTimer()
	if len(v.claims) <= n {
		b.Fatalf("the article has %d claims after marking, as before", len(v.claims))
	}
}

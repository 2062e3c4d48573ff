package anchor

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate/anchor/internal/benchgen"
)

// sides rebuilds the old and new texts from edits.
func sides(edits []Edit) (old, new string) {
	var o, n strings.Builder
	for _, e := range edits {
		switch e.Op {
		case '=':
			o.WriteString(e.Text)
			n.WriteString(e.Text)
		case '-':
			o.WriteString(e.Text)
		case '+':
			n.WriteString(e.Text)
		}
	}
	return o.String(), n.String()
}

func TestDiff(t *testing.T) {
	tests := []struct {
		old, new string
		want     []Edit
	}{
		{"", "", nil},
		{"same text", "same text", []Edit{{'=', "same text"}}},
		{"", "new", []Edit{{'+', "new"}}},
		{"old", "", []Edit{{'-', "old"}}},
		{"The rate rose 5% in May.", "The rate rose 7% in May.",
			[]Edit{{'=', "The rate rose "}, {'-', "5"}, {'+', "7"}, {'=', "% in May."}}},
		{"He said it was false.", "He said on Monday it was false.",
			[]Edit{{'=', "He said "}, {'+', "on Monday "}, {'=', "it was false."}}},
		{"One. Two. Three.", "One. Three.",
			[]Edit{{'=', "One. "}, {'-', "Two. "}, {'=', "Three."}}},
		{"a b c", "c b a", nil}, // only checked for rebuilding
	}
	for _, tt := range tests {
		got := Diff(tt.old, tt.new)
		if o, n := sides(got); o != tt.old || n != tt.new {
			t.Errorf("Diff(%q, %q) rebuilds %q and %q", tt.old, tt.new, o, n)
		}
		if tt.want != nil && !slices.Equal(got, tt.want) {
			t.Errorf("Diff(%q, %q) = %q, want %q", tt.old, tt.new, got, tt.want)
		}
	}
}

// TestDiffEditedArticle checks a diff of long edited texts rebuilds both
// and marks about as much as was edited.
func TestDiffEditedArticle(t *testing.T) {
	s := benchSet()
	edits := Diff(s.Text, s.Edited)
	if o, n := sides(edits); o != s.Text || n != s.Edited {
		t.Fatal("the diff does not rebuild the two texts")
	}
	changed := 0
	for _, e := range edits {
		if e.Op != '=' {
			changed += len(e.Text)
		}
	}
	// About 2,000 characters were edited, each touching one word of some
	// eight bytes on both sides.
	if changed > len(s.Text)/5 {
		t.Errorf("the diff marks %d of %d bytes as changed, want far fewer", changed, len(s.Text))
	}
	// Completely different texts give one deletion and one insertion.
	other := benchgen.Generate(99, 150_000, 1, 0).Text
	if o, n := sides(Diff(s.Text, other)); o != s.Text || n != other {
		t.Fatal("the diff of unrelated texts does not rebuild them")
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("The rate rose 5% in May.", "The rate rose 7% in June.")
	f.Add("a a a b", "b a a a")
	f.Fuzz(func(t *testing.T, old, new string) {
		if o, n := sides(Diff(old, new)); o != old || n != new {
			t.Fatalf("Diff(%q, %q) rebuilds %q and %q", old, new, o, n)
		}
	})
}

func BenchmarkDiff(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	s := benchgen.Generate(4, 130_000, 1, 0) // about 20,000 words
	words := strings.SplitAfter(s.Text, " ")
	edited := slices.Clone(words)
	for range 300 {
		switch i := rng.IntN(len(edited)); rng.IntN(3) {
		case 0:
			edited[i] = "changed "
		case 1:
			edited = slices.Insert(edited, i, "inserted ", "words ")
		default:
			edited = slices.Delete(edited, i, i+1)
		}
	}
	newText := strings.Join(edited, "")
	b.Logf("%d words", len(words))
	for b.Loop() {
		Diff(s.Text, newText)
	}
}

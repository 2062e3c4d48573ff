package anchor

import (
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// FuzzLocate places arbitrary anchors on arbitrary texts: Locate must not
// panic, must return a span inside the text (or the old span for an
// orphan), and a placed span must not be empty.
func FuzzLocate(f *testing.F) {
	text := "The mayor said unemployment fell to 3.5 percent, the lowest in a decade. Critics dispute the figure."
	f.Add(text, "unemployment fell to 3.5 percent", "The mayor said ", ", the lowest", 15, 47)
	f.Add(text, "unemployment fell to 3.4 percent", "", "", 0, 0)
	f.Add("", "x", "", "", -5, 1<<30)
	f.Add("ééé\u0301 e\u0301", "é", "é", "\u0301", 2, 1)
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaa", "aaa", "aaa", 3, 7)
	f.Add("\xff\xfe abc", "\xffab", "", "c", 1, 3)
	f.Fuzz(func(t *testing.T, text, exact, prefix, suffix string, start, end int) {
		a := annotate.Anchor{Start: start, End: end, Exact: exact, Prefix: prefix, Suffix: suffix}
		runes := []rune(text)
		r := Locate(runes, a)
		if r.Method == annotate.AnchorOrphan {
			if r.Start != start || r.End != end {
				t.Errorf("orphan span %d–%d, want the old %d–%d", r.Start, r.End, start, end)
			}
			return
		}
		if r.Start < 0 || r.End > len(runes) || r.Start >= r.End {
			t.Fatalf("Locate(%q, %+v) = %d–%d (%s) on a text of %d code points", text, a, r.Start, r.End, r.Method, len(runes))
		}
		if r.Score < 0 || r.Score > 1.000001 {
			t.Errorf("score %v out of [0, 1]", r.Score)
		}
		if r.Method == annotate.AnchorExact || r.Method == annotate.AnchorPosition {
			if got := string(runes[r.Start:r.End]); got != exact && utf8.ValidString(exact) {
				t.Errorf("%s match %q, want %q", r.Method, got, exact)
			}
		}
		if got := LocateString(text, a); got != r {
			t.Errorf("LocateString = %+v, Locate = %+v", got, r)
		}
	})
}

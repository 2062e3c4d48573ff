package anchor

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func TestReadSelectors(t *testing.T) {
	got, err := ReadSelectors(strings.NewReader(`[
		{"type": "TextQuoteSelector", "exact": "rose 5%", "prefix": "The rate ", "suffix": " in May"},
		{"exact": "in May", "start": 15, "end": 21}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []annotate.Anchor{
		{Start: -1, End: -1, Exact: "rose 5%", Prefix: "The rate ", Suffix: " in May"},
		{Start: 15, End: 21, Exact: "in May"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("ReadSelectors = %+v, want %+v", got, want)
	}
}

func TestReadSelectorsErrors(t *testing.T) {
	tests := []struct {
		in, code, message string
	}{
		{``, annotate.EINVALID, "must hold a JSON array"},
		{`{"exact": "x"}`, annotate.EINVALID, "must hold a JSON array"},
		{`[{"exact": "x"},`, annotate.EINVALID, "not valid JSON"},
		{"[\n{\"exact\": \"x\"}\n{}]", annotate.EINVALID, "line 3"},
		{`["x"]`, annotate.EINVALID, `selector 1: want an object, got "x"`},
		{`[{"exact": "a"}, {"prefix": "a"}]`, annotate.EINVALID, `selector 2: "exact" is missing`},
		{`[{"exact": "  "}]`, annotate.EINVALID, `"exact" "  " is empty`},
		{`[{"exact": 5}]`, annotate.EINVALID, `field "exact" must be a string, not a JSON number`},
		{`[{"exact": "a", "start": "3", "end": 4}]`, annotate.EINVALID, `field "start" must be a whole number`},
		{`[{"exact": "a", "start": 3}]`, annotate.EINVALID, `both "start" and "end"`},
		{`[{"exact": "a", "start": 4, "end": 3}]`, annotate.EINVALID, `"start" 4 must be before "end" 3`},
		{`[{"exact": "a", "start": -1, "end": 3}]`, annotate.EINVALID, `must not be negative`},
		{"[{\"exact\": \"\xff\"}]", annotate.EINVALID, "not valid UTF-8"},
		{"[" + strings.Repeat(`{"exact":"a"},`, annotate.MaxClaims) + `{"exact":"a"}]`, annotate.ETOOLARGE, "more than the limit"},
		{`[{"exact": "` + strings.Repeat("a", annotate.MaxInputBytes) + `"}]`, annotate.ETOOLARGE, "larger than"},
	}
	for _, tt := range tests {
		got, err := ReadSelectors(strings.NewReader(tt.in))
		if err == nil {
			t.Errorf("ReadSelectors(%.40q) = %v, want an error", tt.in, got)
			continue
		}
		if code := annotate.ErrorCode(err); code != tt.code || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("ReadSelectors(%.40q) error = %s %q, want %s containing %q", tt.in, code, err, tt.code, tt.message)
		}
	}
}

func FuzzReadSelectors(f *testing.F) {
	f.Add(`[{"exact": "a", "prefix": "b", "suffix": "c", "start": 1, "end": 2}]`)
	f.Add(`[{"exact": 1}]`)
	f.Fuzz(func(t *testing.T, in string) {
		anchors, err := ReadSelectors(strings.NewReader(in))
		if err != nil {
			if _, ok := err.(*annotate.Error); !ok {
				t.Fatalf("error %v is not an *annotate.Error", err)
			}
			return
		}
		for _, a := range anchors {
			if strings.TrimSpace(a.Exact) == "" || (a.Start >= 0) != (a.End >= 0) || (a.Start >= 0 && a.Start >= a.End) {
				t.Fatalf("accepted a bad selector %+v", a)
			}
			Locate([]rune("some text to place it on"), a)
		}
	})
}

func TestResultMarshalJSON(t *testing.T) {
	tests := []struct {
		r    Result
		want string
	}{
		{Result{Start: 3, End: 9, Method: annotate.AnchorFuzzy, Score: 0.8125}, `{"start":3,"end":9,"method":"fuzzy","score":0.8125}`},
		{Result{Start: 0, End: 4, Method: annotate.AnchorPosition, Score: 1}, `{"start":0,"end":4,"method":"position","score":1}`},
		{Result{Start: 3, End: 9, Method: annotate.AnchorOrphan, Score: 0.4}, `{"method":"orphan"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.r)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("Marshal(%+v) = %s, want %s", tt.r, b, tt.want)
		}
	}
}

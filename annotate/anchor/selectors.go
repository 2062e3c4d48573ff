package anchor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// selector is one object of a selectors file.
type selector struct {
	Exact  *string `json:"exact"`
	Prefix string  `json:"prefix"`
	Suffix string  `json:"suffix"`
	Start  *int    `json:"start"`
	End    *int    `json:"end"`
}

// ReadSelectors reads a JSON array of quote selectors, each an object with
// "exact" and optional "prefix", "suffix", "start" and "end" (code points;
// other fields such as "type" are ignored). A selector without both start
// and end gets -1 for each: position unknown. The input may hold at most
// annotate.MaxInputBytes and annotate.MaxClaims selectors.
func ReadSelectors(r io.Reader) ([]annotate.Anchor, error) {
	b, err := io.ReadAll(io.LimitReader(r, annotate.MaxInputBytes+1))
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot read the selectors: %v", err)
	}
	if len(b) > annotate.MaxInputBytes {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the selectors file is larger than %d bytes", annotate.MaxInputBytes)
	}
	if !utf8.Valid(b) {
		return nil, annotate.Errorf(annotate.EINVALID, "the selectors file is not valid UTF-8")
	}
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '[' {
		return nil, annotate.Errorf(annotate.EINVALID, "the selectors file must hold a JSON array of objects like {\"exact\": \"…\", \"prefix\": \"…\", \"suffix\": \"…\"}")
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "the selectors file is not valid JSON: %s", jsonProblem(b, err))
	}
	if len(raw) > annotate.MaxClaims {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the selectors file holds %d selectors, more than the limit of %d", len(raw), annotate.MaxClaims)
	}
	out := make([]annotate.Anchor, 0, len(raw))
	for i, m := range raw {
		a, err := parseSelector(m)
		if err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "selector %d: %s", i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func parseSelector(m json.RawMessage) (annotate.Anchor, error) {
	if t := bytes.TrimSpace(m); len(t) == 0 || t[0] != '{' {
		return annotate.Anchor{}, fmt.Errorf("want an object, got %s", clipBytes(t, 40))
	}
	var s selector
	if err := json.Unmarshal(m, &s); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return annotate.Anchor{}, fmt.Errorf("field %q must be a %s, not a JSON %s", te.Field, wantType(te.Field), te.Value)
		}
		return annotate.Anchor{}, err
	}
	switch {
	case s.Exact == nil:
		return annotate.Anchor{}, fmt.Errorf("\"exact\" is missing")
	case strings.TrimSpace(*s.Exact) == "":
		return annotate.Anchor{}, fmt.Errorf("\"exact\" %q is empty or only white space", *s.Exact)
	case len(*s.Exact) > annotate.MaxNoteBytes:
		return annotate.Anchor{}, fmt.Errorf("\"exact\" is longer than %d bytes", annotate.MaxNoteBytes)
	case len(s.Prefix) > annotate.MaxFieldBytes || len(s.Suffix) > annotate.MaxFieldBytes:
		return annotate.Anchor{}, fmt.Errorf("\"prefix\" or \"suffix\" is longer than %d bytes", annotate.MaxFieldBytes)
	case (s.Start == nil) != (s.End == nil):
		return annotate.Anchor{}, fmt.Errorf("give both \"start\" and \"end\" or neither")
	}
	a := annotate.Anchor{Start: -1, End: -1, Exact: *s.Exact, Prefix: s.Prefix, Suffix: s.Suffix}
	if s.Start != nil {
		switch {
		case *s.Start < 0 || *s.End < 0:
			return annotate.Anchor{}, fmt.Errorf("\"start\" %d and \"end\" %d must not be negative", *s.Start, *s.End)
		case *s.Start >= *s.End:
			return annotate.Anchor{}, fmt.Errorf("\"start\" %d must be before \"end\" %d", *s.Start, *s.End)
		}
		a.Start, a.End = *s.Start, *s.End
	}
	return a, nil
}

func wantType(field string) string {
	if field == "start" || field == "end" {
		return "whole number"
	}
	return "string"
}

// jsonProblem says where a JSON syntax error is, by line and column.
func jsonProblem(b []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	off := int(min(se.Offset, int64(len(b))))
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(b[:off], '\n')
	return fmt.Sprintf("%v at line %d, column %d", se, line, col)
}

func clipBytes(b []byte, n int) string {
	if len(b) == 0 {
		return "nothing"
	}
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// MarshalJSON writes {"start","end","method","score"}, or {"method":"orphan"}
// for an orphan, whose old offsets say nothing about the new text.
func (r Result) MarshalJSON() ([]byte, error) {
	if r.Method == annotate.AnchorOrphan {
		return []byte(`{"method":"orphan"}`), nil
	}
	return json.Marshal(struct {
		Start  int                   `json:"start"`
		End    int                   `json:"end"`
		Method annotate.AnchorMethod `json:"method"`
		Score  float64               `json:"score"`
	}{r.Start, r.End, r.Method, r.Score})
}

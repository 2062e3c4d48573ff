package annotate

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
)

// Field is one named value of a thing as its history records it. Every
// store lists a thing's fields with the functions below, so that a change
// made in one library reads the same in another it is synced with.
type Field struct {
	Name  string
	Value any
}

// ClaimFields are the claim's recorded fields, in a fixed order.
func ClaimFields(c *Claim) []Field {
	tags := c.Tags
	if tags == nil {
		tags = []string{}
	}
	return []Field{
		{"number", int64(c.Number)},
		{"start", int64(c.Start)}, {"end", int64(c.End)},
		{"exact", c.Exact}, {"prefix", c.Prefix}, {"suffix", c.Suffix},
		{"anchor_method", string(c.AnchorBy)}, {"anchor_score", c.AnchorScore},
		{"statement", c.Statement}, {"claimant", c.Claimant}, {"claim_date", c.ClaimDate},
		{"tags", tags}, {"status", string(c.Status)}, {"verdict", string(c.Verdict)},
		{"rationale", c.Rationale}, {"notes", c.Notes},
		{"assignee", c.Assignee}, {"checked_by", c.CheckedBy}, {"reviewed_by", c.ReviewedBy},
	}
}

// SourceFields are the source's recorded fields.
func SourceFields(s *Source) []Field {
	return []Field{
		{"url", s.URL}, {"title", s.Title}, {"publisher", s.Publisher},
		{"accessed", fieldTime(s.Accessed)}, {"archive_url", s.ArchiveURL},
		{"stance", string(s.Stance)}, {"excerpt", s.Excerpt},
	}
}

// ArticleFields are an article's metadata; its text is recorded by its
// versions.
func ArticleFields(a *Article) []Field {
	return []Field{
		{"title", a.Title}, {"byline", a.Byline}, {"publisher", a.Publisher},
		{"url", a.URL}, {"language", a.Language}, {"published", fieldTime(a.Published)},
		{"report_url", a.ReportURL}, {"report_published", fieldTime(a.ReportPublished)},
	}
}

// VersionFields are a version's recorded fields.
func VersionFields(v *ArticleVersion) []Field {
	return []Field{{"number", int64(v.Number)}, {"format", v.Format}, {"sha256", v.SHA256}}
}

// fieldTime is a time as a change records it: RFC 3339 with nanoseconds,
// the zero time as "".
func fieldTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// isEmpty reports whether v is a zero value, left out of creates and
// tombstones.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case int64:
		return x == 0
	case int:
		return x == 0
	case float64:
		return x == 0
	case []string:
		return len(x) == 0
	}
	return v == nil
}

func sameValue(a, b any) bool {
	if as, ok := a.([]string); ok {
		bs, ok := b.([]string)
		return ok && strings.Join(as, "\x00") == strings.Join(bs, "\x00") && len(as) == len(bs)
	}
	return a == b
}

// CreatedFields is the field changes of a new thing: every value that is set.
func CreatedFields(fs []Field) []FieldChange {
	out := []FieldChange{}
	for _, f := range fs {
		if !isEmpty(f.Value) {
			out = append(out, FieldChange{Field: f.Name, New: f.Value})
		}
	}
	return out
}

// DeletedFields is the tombstone of a thing: every value it had.
func DeletedFields(fs []Field) []FieldChange {
	out := []FieldChange{}
	for _, f := range fs {
		if !isEmpty(f.Value) {
			out = append(out, FieldChange{Field: f.Name, Old: f.Value})
		}
	}
	return out
}

// ChangedFields is the field changes from old to new, which list the same
// fields in the same order.
func ChangedFields(old, new []Field) []FieldChange {
	out := []FieldChange{}
	for i := range old {
		if !sameValue(old[i].Value, new[i].Value) {
			if fc, ok := setChange(old[i].Name, old[i].Value, new[i].Value); ok {
				out = append(out, fc)
				continue
			}
			fc := FieldChange{Field: old[i].Name}
			if !isEmpty(old[i].Value) {
				fc.Old = old[i].Value
			}
			if !isEmpty(new[i].Value) {
				fc.New = new[i].Value
			}
			out = append(out, fc)
		}
	}
	return out
}

// anchorFields are the claim's fields that make its anchor.
var anchorFields = map[string]bool{
	"start": true, "end": true, "exact": true, "prefix": true, "suffix": true,
	"anchor_method": true, "anchor_score": true,
}

// IsAnchorField reports whether the claim field name is part of its anchor.
func IsAnchorField(name string) bool { return anchorFields[name] }

// ChangedClaimFields is ChangedFields for a claim, except that an anchor
// that changes at all is recorded whole, its unchanged parts with the same
// old and new value. Fields merge one by one by last writer: an anchor
// recorded in part would take its other parts from an older anchor,
// perhaps placed on another text, and sync places each claim from its
// anchor as last recorded (merge.Anchors), which is not always the one a
// library stores.
func ChangedClaimFields(old, new *Claim) []FieldChange {
	of, nf := ClaimFields(old), ClaimFields(new)
	out := ChangedFields(of, nf)
	moved := false
	for _, f := range out {
		moved = moved || anchorFields[f.Field]
	}
	if !moved {
		return out
	}
	whole := make([]FieldChange, 0, len(out)+len(anchorFields))
	j := 0
	for i := range of {
		if j < len(out) && out[j].Field == of[i].Name {
			whole = append(whole, out[j])
			j++
			continue
		}
		if anchorFields[of[i].Name] {
			fc := FieldChange{Field: of[i].Name}
			if !isEmpty(of[i].Value) {
				fc.Old, fc.New = of[i].Value, nf[i].Value
			}
			whole = append(whole, fc)
		}
	}
	return whole
}

// setChange is the change of a list field from old to new as the members
// added and removed, when that says all of it (the order of the members
// that stay is unchanged).
func setChange(name string, old, new any) (FieldChange, bool) {
	was, ok1 := old.([]string)
	is, ok2 := new.([]string)
	if !ok1 || !ok2 {
		return FieldChange{}, false
	}
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	fc := FieldChange{Field: name}
	var keptOld, keptNew []string
	for _, s := range was {
		if in(is, s) {
			keptOld = append(keptOld, s)
		} else {
			fc.Removed = append(fc.Removed, s)
		}
	}
	for _, s := range is {
		if in(was, s) {
			keptNew = append(keptNew, s)
		} else {
			fc.Added = append(fc.Added, s)
		}
	}
	if !sameValue(keptOld, keptNew) {
		return FieldChange{}, false // reordered: record both lists
	}
	return fc, true
}

// SameFieldValue reports whether a and b are the same value once in JSON,
// as the history keeps them (a score of 1 reads back as the integer 1).
func SameFieldValue(a, b any) bool {
	if isEmpty(a) && isEmpty(b) {
		return true
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// DecodeFields reads the field changes of a change stored as JSON, each
// value as it was recorded: int64 or float64 for numbers, []string for
// lists.
func DecodeFields(data []byte) ([]FieldChange, error) {
	var out []FieldChange
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Old = plainValue(out[i].Old)
		out[i].New = plainValue(out[i].New)
	}
	return out, nil
}

// plainValue turns a decoded JSON value into what a change was recorded
// with.
func plainValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, _ := e.(string)
			out = append(out, s)
		}
		return out
	}
	return v
}

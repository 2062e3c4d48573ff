package report

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// W3CAnnotation is one annotation read from W3C Web Annotation JSON: where it
// points and the claim its bodies describe.
type W3CAnnotation struct {
	// Anchor is the target's quote and position; Start and End are -1 when
	// the target has no TextPositionSelector, and Exact is empty when it
	// has no TextQuoteSelector (a note on the whole page, which cannot be
	// placed in the text: the caller decides what to do with it).
	Anchor annotate.Anchor
	// Claim holds what the bodies say: statement, tags, verdict, notes and
	// sources. Its Anchor is the same as above; it has no ID or article yet.
	Claim *annotate.Claim
	// Source is the IRI of the annotated document.
	Source string
}

// MaxW3CDepth is how deeply a W3C document may nest.
const MaxW3CDepth = 64

// ReadW3C reads W3C Web Annotations: a single Annotation, an array of them,
// an AnnotationPage or an AnnotationCollection with embedded pages, as
// FactDesk writes them and as other tools (such as Hypothesis) do, with
// TextQuoteSelector and TextPositionSelector found in a selector array,
// a single selector, or a refinedBy chain. Bodies are mapped to the claim:
// describing to the statement, tagging to tags, assessing to the verdict
// when its value is a verdict of the scale, commenting (or no purpose) to
// notes, and linked http(s) resources to sources. Each annotation must have
// a target.
func ReadW3C(r io.Reader) ([]W3CAnnotation, error) {
	data, err := readLimited(r, annotate.MaxInputBytes, "annotation file")
	if err != nil {
		return nil, err
	}
	if err := checkJSONShape(data, MaxW3CDepth); err != nil {
		return nil, err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError("annotation file", data, err)
	}
	var items []map[string]any
	if err := collectAnnotations(doc, &items, 0); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "the file holds no annotations")
	}
	if len(items) > annotate.MaxClaims {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the file holds %d annotations, more than the limit of %d", len(items), annotate.MaxClaims)
	}
	out := make([]W3CAnnotation, 0, len(items))
	for i, it := range items {
		an, err := readAnnotation(it)
		if err != nil {
			id, _ := it["id"].(string)
			if id == "" {
				id, _ = it["@id"].(string)
			}
			if id != "" {
				return nil, annotate.Errorf(annotate.ErrorCode(err), "annotation %d (%s): %s", i+1, clipRunes(id, 80), annotate.ErrorMessage(err))
			}
			return nil, annotate.Errorf(annotate.ErrorCode(err), "annotation %d: %s", i+1, annotate.ErrorMessage(err))
		}
		out = append(out, an)
	}
	return out, nil
}

// collectAnnotations finds the annotations in a document, page, collection
// or array.
func collectAnnotations(v any, out *[]map[string]any, depth int) error {
	if depth > 8 {
		return annotate.Errorf(annotate.EINVALID, "the annotation pages are nested too deeply")
	}
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if err := collectAnnotations(x, out, depth+1); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		switch {
		case hasType(v, "Annotation", "oa:Annotation"):
			*out = append(*out, v)
			return nil
		case hasType(v, "AnnotationPage", "as:OrderedCollectionPage"):
			if items, ok := v["items"]; ok {
				if err := collectAnnotations(items, out, depth+1); err != nil {
					return err
				}
			}
			if next, ok := v["next"].(map[string]any); ok {
				return collectAnnotations(next, out, depth+1)
			}
			return nil
		case hasType(v, "AnnotationCollection", "as:OrderedCollection"):
			if first, ok := v["first"].(map[string]any); ok {
				return collectAnnotations(first, out, depth+1)
			}
			if _, ok := v["first"].(string); ok {
				return annotate.Errorf(annotate.EINVALID, "the collection's pages are not in the file (its first page is only a link)")
			}
			return nil
		case v["rows"] != nil:
			// The Hypothesis search API wraps its results in "rows".
			return collectAnnotations(v["rows"], out, depth+1)
		case v["target"] != nil:
			// An annotation that does not say its type.
			*out = append(*out, v)
			return nil
		}
		return annotate.Errorf(annotate.EINVALID, "the file is not a W3C annotation, annotation page or collection (type %v)", v["type"])
	}
	return annotate.Errorf(annotate.EINVALID, "the file is not a W3C annotation, annotation page or collection")
}

// hasType reports whether node's type (or @type) is one of names.
func hasType(node map[string]any, names ...string) bool {
	for _, key := range []string{"type", "@type"} {
		for _, t := range list(node[key]) {
			if s, ok := t.(string); ok {
				for _, n := range names {
					if s == n {
						return true
					}
				}
			}
		}
	}
	return false
}

// list returns v as a list: itself if it is one, else a list of v.
func list(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// iri returns the IRI v names: a string, or an object's id.
func iri(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if s := str(v, "id"); s != "" {
			return s
		}
		return str(v, "@id")
	}
	return ""
}

func readAnnotation(m map[string]any) (W3CAnnotation, error) {
	an := W3CAnnotation{Anchor: annotate.Anchor{Start: -1, End: -1}}
	// Hypothesis's own JSON puts the target in a list; the first one with a
	// quote is the one we can anchor.
	for _, t := range list(m["target"]) {
		src, anc, ok := readTarget(t)
		if an.Source == "" {
			an.Source = src
		}
		if ok {
			an.Source, an.Anchor = src, anc
			break
		}
	}
	if m["target"] == nil {
		return an, annotate.Errorf(annotate.EINVALID, "it has no target")
	}
	if err := checkField("quote", an.Anchor.Exact, annotate.MaxNoteBytes); err != nil {
		return an, err
	}
	c := &annotate.Claim{
		Anchor:  an.Anchor,
		Tags:    []string{},
		Sources: []annotate.Source{},
		Status:  annotate.StatusUnchecked,
	}
	c.Created = parseW3CTime(m["created"])
	c.Updated = parseW3CTime(m["modified"])
	motivations := map[string]bool{}
	for _, mo := range list(m["motivation"]) {
		if s, ok := mo.(string); ok {
			motivations[strings.TrimPrefix(s, "oa:")] = true
		}
	}
	var notes []string
	bodies := list(m["body"])
	if bv, ok := m["bodyValue"].(string); ok {
		bodies = append(bodies, map[string]any{"type": "TextualBody", "value": bv})
	}
	// Hypothesis's native JSON keeps the comment in "text" and tags in "tags".
	if t, ok := m["text"].(string); ok && t != "" {
		bodies = append(bodies, map[string]any{"type": "TextualBody", "value": t, "purpose": "commenting"})
	}
	for _, t := range list(m["tags"]) {
		if s, ok := t.(string); ok {
			bodies = append(bodies, map[string]any{"type": "TextualBody", "value": s, "purpose": "tagging"})
		}
	}
	for _, b := range bodies {
		// A Choice offers alternatives; the first is the preferred one.
		if bm, ok := b.(map[string]any); ok && hasType(bm, "Choice") {
			if items := list(bm["items"]); len(items) > 0 {
				b = items[0]
			}
		}
		if err := readBody(b, c, &notes, motivations); err != nil {
			return an, err
		}
	}
	c.Notes = strings.Join(notes, "\n\n")
	if strings.TrimSpace(c.Statement) == "" {
		c.Statement = oneLine(c.Exact)
	}
	if c.Verdict != annotate.VerdictNone {
		c.Status = annotate.StatusInProgress
	}
	for _, f := range []struct{ name, v string }{{"statement", c.Statement}, {"notes", c.Notes}} {
		if err := checkField(f.name, f.v, annotate.MaxNoteBytes); err != nil {
			return an, err
		}
	}
	an.Claim = c
	return an, nil
}

func checkField(name, v string, limit int) error {
	if len(v) > limit {
		return annotate.Errorf(annotate.ETOOLARGE, "its %s is longer than %d bytes", name, limit)
	}
	if strings.ContainsRune(v, 0) {
		return annotate.Errorf(annotate.EINVALID, "its %s contains a NUL character", name)
	}
	return nil
}

// readTarget returns the source and anchor of one target; ok is false when
// it has no quote selector.
func readTarget(t any) (source string, anc annotate.Anchor, ok bool) {
	anc = annotate.Anchor{Start: -1, End: -1}
	tm, isMap := t.(map[string]any)
	if !isMap {
		return iri(t), anc, false
	}
	source = iri(tm["source"])
	if source == "" {
		source = iri(tm)
	}
	var walk func(sel any, depth int)
	walk = func(sel any, depth int) {
		if depth > 8 {
			return
		}
		for _, s := range list(sel) {
			sm, isMap := s.(map[string]any)
			if !isMap {
				continue
			}
			switch {
			case hasType(sm, "TextQuoteSelector", "oa:TextQuoteSelector"):
				if e := str(sm, "exact"); e != "" && !ok {
					anc.Exact, anc.Prefix, anc.Suffix, ok = e, str(sm, "prefix"), str(sm, "suffix"), true
				}
			case hasType(sm, "TextPositionSelector", "oa:TextPositionSelector"):
				start, ok1 := intValue(sm["start"])
				end, ok2 := intValue(sm["end"])
				if ok1 && ok2 && start >= 0 && end > start && anc.Start < 0 {
					anc.Start, anc.End = start, end
				}
			}
			walk(sm["refinedBy"], depth+1)
		}
	}
	walk(tm["selector"], 0)
	return source, anc, ok
}

// intValue returns a JSON number as an int when it is a whole number in range.
func intValue(v any) (int, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || f < 0 || f > float64(annotate.MaxArticleRunes) {
		return 0, false
	}
	return int(f), true
}

func parseW3CTime(v any) time.Time {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// readBody maps one body onto the claim.
func readBody(b any, c *annotate.Claim, notes *[]string, motivations map[string]bool) error {
	var bm map[string]any
	switch b := b.(type) {
	case string:
		bm = map[string]any{"id": b}
	case map[string]any:
		bm = b
	default:
		return nil
	}
	purposes := map[string]bool{}
	for _, p := range list(bm["purpose"]) {
		if s, ok := p.(string); ok {
			purposes[strings.TrimPrefix(s, "oa:")] = true
		}
	}
	if len(purposes) == 0 {
		purposes = motivations
	}
	value, hasValue := bm["value"].(string)
	if !hasValue {
		if s, ok := bm["chars"].(string); ok { // the pre-W3C Open Annotation name
			value, hasValue = s, true
		}
	}
	if hasValue || hasType(bm, "TextualBody") {
		switch {
		case purposes["tagging"]:
			if t, err := annotate.NormalizeTag(value); err == nil {
				c.AddTag(t)
			}
		case purposes["assessing"] && verdictOf(value) != annotate.VerdictNone:
			c.Verdict = verdictOf(value)
		case purposes["assessing"] && bm["format"] != nil && c.Rationale == "" && strings.TrimSpace(value) != "":
			// The explanation of the verdict, written as text beside its
			// label; a bare label off our scale stays a note below.
			c.Rationale = value
		case purposes["describing"] && c.Statement == "":
			c.Statement = value
		default:
			if strings.TrimSpace(value) != "" {
				*notes = append(*notes, value)
			}
		}
		return nil
	}
	// A linked resource: a SpecificResource's source, or the body's own IRI.
	u := iri(bm["source"])
	if u == "" {
		u = iri(bm)
	}
	if !annotate.SafeURL(u) {
		// Not a web page that a source can point to; keep it in the notes
		// rather than drop it.
		if u != "" {
			*notes = append(*notes, "Linked: "+u)
		}
		return nil
	}
	s := annotate.Source{URL: u, Stance: annotate.StanceContext}
	for _, st := range list(bm["state"]) {
		if sm, ok := st.(map[string]any); ok {
			if cached := iri(sm["cached"]); annotate.SafeURL(cached) && s.ArchiveURL == "" {
				s.ArchiveURL = cached
			}
			if t := parseW3CTime(sm["sourceDate"]); !t.IsZero() {
				s.Accessed = t
			}
		}
	}
	if err := s.Validate(); err != nil {
		return err
	}
	c.Sources = append(c.Sources, s)
	return nil
}

// verdictOf returns the verdict a label or name stands for, or none.
func verdictOf(s string) annotate.Verdict {
	s = strings.TrimSpace(s)
	for _, r := range annotate.DefaultScale {
		if strings.EqualFold(s, r.Label) || strings.EqualFold(s, string(r.Verdict)) {
			return r.Verdict
		}
	}
	return annotate.VerdictNone
}

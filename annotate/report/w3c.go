package report

import (
	"bufio"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// annoContext is the JSON-LD context of the W3C Web Annotation model.
const annoContext = "http://www.w3.org/ns/anno.jsonld"

// uuidNamespace is the namespace of FactDesk's name-based (version 5) UUIDs,
// so that an annotation keeps its id from one export to the next.
var uuidNamespace = [16]byte{0x6f, 0x1c, 0x2a, 0x9e, 0x4b, 0x57, 0x4d, 0x1a, 0x9c, 0x0e, 0x53, 0x7a, 0x2f, 0x64, 0x8b, 0x11}

// uuid5 returns the version 5 UUID of name in FactDesk's namespace as a URN.
func uuid5(name string) string {
	h := sha1.New()
	h.Write(uuidNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

type w3cAgent struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Homepage string `json:"homepage,omitempty"`
}

type w3cSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
	// A FragmentSelector's: the page of a PDF, "page=12" (RFC 3778).
	ConformsTo string `json:"conformsTo,omitempty"`
	Value      string `json:"value,omitempty"`
}

type w3cTarget struct {
	Type     string        `json:"type"`
	Source   string        `json:"source"`
	Selector []w3cSelector `json:"selector"`
}

type w3cState struct {
	Type       string `json:"type"`
	Cached     string `json:"cached,omitempty"`
	SourceDate string `json:"sourceDate,omitempty"`
}

// w3cBody is a TextualBody or, for a source, a SpecificResource whose
// state records the archived copy and the date it was consulted.
type w3cBody struct {
	Type     string    `json:"type"`
	Purpose  string    `json:"purpose"`
	Value    string    `json:"value,omitempty"`
	Format   string    `json:"format,omitempty"`
	Language string    `json:"language,omitempty"`
	Source   string    `json:"source,omitempty"`
	State    *w3cState `json:"state,omitempty"`
}

type w3cAnnotation struct {
	Context    string    `json:"@context,omitempty"`
	ID         string    `json:"id"`
	Type       string    `json:"type"`
	Motivation string    `json:"motivation"`
	Created    string    `json:"created,omitempty"`
	Modified   string    `json:"modified,omitempty"`
	Creator    w3cAgent  `json:"creator"`
	Generator  w3cAgent  `json:"generator"`
	Generated  string    `json:"generated,omitempty"`
	Body       []w3cBody `json:"body"`
	Target     w3cTarget `json:"target"`
}

// w3cPage is an AnnotationPage without its items, which are written one
// per line after it.
type w3cPage struct {
	Context    string `json:"@context,omitempty"`
	ID         string `json:"id"`
	Type       string `json:"type"`
	Label      string `json:"label,omitempty"`
	StartIndex int    `json:"startIndex"`
}

// w3cCollection is an AnnotationCollection without its first page.
type w3cCollection struct {
	Context string   `json:"@context"`
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Label   string   `json:"label"`
	Total   int      `json:"total"`
	Creator w3cAgent `json:"creator"`
	Created string   `json:"created"`
	Last    string   `json:"last"`
}

var generator = w3cAgent{Type: "Software", Name: "FactDesk"}

// w3cTime formats t as the model requires: xsd:dateTime in UTC with a Z.
func w3cTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// articleIRI is what annotations of the article target: its URL, or a URN
// naming it when it has none, by its UUID when it has one.
func articleIRI(a *annotate.Article) string {
	if annotate.SafeURL(a.URL) {
		return a.URL
	}
	if a.UUID != "" {
		return "urn:uuid:" + a.UUID
	}
	return "urn:factdesk:article:" + strconv.FormatInt(a.ID, 10)
}

// claimIRI is the id of a claim's annotation: its UUID as a URN, the same
// in every library the claim is in; a claim without one (an export read
// from an older file) gets a name-based UUID of its article and claim ids.
func claimIRI(articleID, claimID int64, uuid string) string {
	if uuid != "" {
		return "urn:uuid:" + uuid
	}
	return uuid5("article:" + strconv.FormatInt(articleID, 10) + ":claim:" + strconv.FormatInt(claimID, 10))
}

// pageIRI is the id of the page of an article's annotations, named after
// the article's UUID when it has one.
func pageIRI(a *annotate.Article) string {
	if a.UUID != "" {
		return uuid5("article:" + a.UUID + ":page")
	}
	return uuid5("article:" + strconv.FormatInt(a.ID, 10) + ":page")
}

// annotations returns one Annotation per claim of in.
func annotations(in Input, withContext bool) []w3cAnnotation {
	a := in.article()
	creator := generator
	if in.Org.Name != "" {
		creator = w3cAgent{Type: "Organization", Name: in.Org.Name}
		if annotate.SafeURL(in.Org.URL) {
			creator.Homepage = in.Org.URL
		}
	}
	generated := w3cTime(in.checkedDate())
	source := articleIRI(a)
	lang := a.Language
	out := make([]w3cAnnotation, 0, len(in.Claims))
	for _, c := range in.Claims {
		if c == nil {
			continue
		}
		an := w3cAnnotation{
			ID:         claimIRI(a.ID, c.ID, c.UUID),
			Type:       "Annotation",
			Motivation: "assessing",
			Created:    w3cTime(c.Created),
			Modified:   w3cTime(c.Updated),
			Creator:    creator,
			Generator:  generator,
			Generated:  generated,
		}
		if withContext {
			an.Context = annoContext
		}
		an.Body = append(an.Body, w3cBody{Type: "TextualBody", Purpose: "describing", Value: c.Statement, Format: "text/plain", Language: lang})
		for _, t := range tagsOf(c) {
			an.Body = append(an.Body, w3cBody{Type: "TextualBody", Purpose: "tagging", Value: t})
		}
		if c.Verdict != annotate.VerdictNone {
			an.Body = append(an.Body, w3cBody{Type: "TextualBody", Purpose: "assessing", Value: c.Verdict.Label(), Language: "en"})
		}
		if c.Rationale != "" {
			an.Body = append(an.Body, w3cBody{Type: "TextualBody", Purpose: "assessing", Value: c.Rationale, Format: "text/plain", Language: lang})
		}
		if c.Notes != "" {
			an.Body = append(an.Body, w3cBody{Type: "TextualBody", Purpose: "commenting", Value: c.Notes, Format: "text/plain", Language: lang})
		}
		for _, s := range c.Sources {
			if !annotate.SafeURL(s.URL) {
				continue
			}
			b := w3cBody{Type: "SpecificResource", Purpose: "linking", Source: s.URL}
			if annotate.SafeURL(s.ArchiveURL) || !s.Accessed.IsZero() {
				b.State = &w3cState{Type: "TimeState", SourceDate: w3cTime(s.Accessed)}
				if annotate.SafeURL(s.ArchiveURL) {
					b.State.Cached = s.ArchiveURL
				}
			}
			an.Body = append(an.Body, b)
		}
		// The same claim seen in another article: a link to its annotation.
		for _, l := range in.Links[c.ID] {
			an.Body = append(an.Body, w3cBody{Type: "SpecificResource", Purpose: "linking",
				Source: claimIRI(l.OtherArticleID, l.OtherID, l.OtherUUID)})
		}
		an.Target = w3cTarget{Type: "SpecificResource", Source: source}
		an.Target.Selector = append(an.Target.Selector, w3cSelector{Type: "TextQuoteSelector", Exact: c.Exact, Prefix: c.Prefix, Suffix: c.Suffix})
		// An orphaned claim's position no longer points at its quote.
		if c.AnchorBy != annotate.AnchorOrphan && c.Start >= 0 && c.End > c.Start {
			start, end := c.Start, c.End
			an.Target.Selector = append(an.Target.Selector, w3cSelector{Type: "TextPositionSelector", Start: &start, End: &end})
		}
		if page, _ := ClaimPages(in, c); page > 0 {
			an.Target.Selector = append(an.Target.Selector, pageFragment(page))
		}
		out = append(out, an)
	}
	return out
}

// pageOf returns the AnnotationPage of one article's claims.
func pageOf(in Input, withContext bool) w3cPage {
	a := in.article()
	p := w3cPage{
		ID:    pageIRI(a),
		Type:  "AnnotationPage",
		Label: a.Title,
	}
	if withContext {
		p.Context = annoContext
	}
	return p
}

// W3C writes the claims of an article as a W3C Web Annotation
// AnnotationPage: one Annotation per claim, motivated by assessing, whose
// target is the quote in the article (TextQuoteSelector and
// TextPositionSelector in code points) and whose bodies are the statement
// (describing), tags (tagging), verdict label (assessing), notes
// (commenting) and sources (linking, with the archived copy as the cached
// copy of a TimeState).
func W3C(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := writePage(bw, pageOf(in, true), annotations(in, false)); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// openObject writes v, a JSON object, without its closing brace, so that
// more members can follow.
func openObject(w *bufio.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Write(b[:len(b)-1])
	return nil
}

// writePage writes the page with its items one per line: compact enough
// for thousands of claims, and still readable line by line.
func writePage(w *bufio.Writer, p w3cPage, items []w3cAnnotation) error {
	if err := openObject(w, p); err != nil {
		return err
	}
	w.WriteString(`,"items":[`)
	for i := range items {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n")
		b, err := json.Marshal(&items[i])
		if err != nil {
			return err
		}
		w.Write(b)
	}
	w.WriteString("\n]}")
	return nil
}

// W3CCollection writes the claims of many articles as one
// AnnotationCollection whose first and only page holds every annotation.
func W3CCollection(w io.Writer, ins []Input) error {
	var items []w3cAnnotation
	var checked time.Time
	org := Org{}
	for _, in := range ins {
		items = append(items, annotations(in, false)...)
		if in.checkedDate().After(checked) {
			checked = in.checkedDate()
		}
		if org.Name == "" {
			org = in.Org
		}
	}
	if checked.IsZero() {
		checked = time.Now()
	}
	creator := generator
	if org.Name != "" {
		creator = w3cAgent{Type: "Organization", Name: org.Name}
		if annotate.SafeURL(org.URL) {
			creator.Homepage = org.URL
		}
	}
	name := "collection:" + w3cTime(checked)
	for _, in := range ins {
		name += ":" + strconv.FormatInt(in.article().ID, 10)
	}
	pageID := uuid5(name + ":page")
	c := w3cCollection{
		Context: annoContext,
		ID:      uuid5(name),
		Type:    "AnnotationCollection",
		Label:   fmt.Sprintf("Fact checks of %d articles", len(ins)),
		Total:   len(items),
		Creator: creator,
		Created: w3cTime(checked),
		Last:    pageID,
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := openObject(bw, c); err != nil {
		return err
	}
	bw.WriteString(`,"first":`)
	if err := writePage(bw, w3cPage{ID: pageID, Type: "AnnotationPage", StartIndex: 0}, items); err != nil {
		return err
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// FormatVersion is the version of the native JSON document; ReadJSON refuses
// documents of a newer version.
const FormatVersion = 1

// Limits on a native JSON document. A document is larger than other inputs
// because it carries the raw source of every article version, base64-encoded.
const (
	MaxJSONBytes = 5 * annotate.MaxInputBytes
	MaxJSONDepth = 32
)

// document is the native JSON file: every article with its versions and
// claims, complete enough to be imported again without loss.
type document struct {
	FactDesk int           `json:"factdesk"`
	Articles []articleJSON `json:"articles"`
}

type articleJSON struct {
	Article  *annotate.Article         `json:"article"`
	Versions []annotate.ArticleVersion `json:"versions"`
	Claims   []*annotate.Claim         `json:"claims"`
	Org      *Org                      `json:"org,omitempty"`
	Checked  time.Time                 `json:"checked,omitzero"`
}

// JSON writes the native document of the inputs: articles, versions with
// their raw source (base64) and its SHA-256, and claims with tags, sources,
// notes, anchors, status, verdict, anchor method and score, and times.
func JSON(w io.Writer, ins []Input) error {
	doc := document{FactDesk: FormatVersion, Articles: make([]articleJSON, 0, len(ins))}
	for _, in := range ins {
		if in.Article == nil {
			return annotate.Errorf(annotate.EINVALID, "an export entry has no article")
		}
		a := articleJSON{Article: in.Article, Versions: in.Versions, Claims: in.Claims, Checked: in.Checked}
		if in.Org != (Org{}) {
			org := in.Org
			a.Org = &org
		}
		// Versions are copied so that filling in a missing SHA-256 does not
		// change the caller's values.
		a.Versions = append([]annotate.ArticleVersion{}, in.Versions...)
		for i := range a.Versions {
			if v := &a.Versions[i]; v.SHA256 == "" && v.Source != nil {
				v.SHA256 = sha256Hex(v.Source)
			}
		}
		a.Claims = make([]*annotate.Claim, len(in.Claims))
		for i, c := range in.Claims {
			if c == nil {
				return annotate.Errorf(annotate.EINVALID, "article %d: claim %d is missing", in.Article.ID, i+1)
			}
			// Empty lists are written as [] rather than null so that
			// readers need not tell the two apart.
			if c.Tags == nil || c.Sources == nil {
				cp := *c
				if cp.Tags == nil {
					cp.Tags = []string{}
				}
				if cp.Sources == nil {
					cp.Sources = []annotate.Source{}
				}
				c = &cp
			}
			a.Claims[i] = c
		}
		doc.Articles = append(doc.Articles, a)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ReadJSON reads a native JSON document. It refuses, with a clear
// *annotate.Error, a document that is too large or too deeply nested, is not
// JSON, is of a newer version, holds more claims than annotate.MaxClaims,
// or breaks a rule of the domain (an article, version or claim that does
// not validate, a source whose SHA-256 does not match its bytes).
func ReadJSON(r io.Reader) ([]Input, error) {
	data, err := readLimited(r, MaxJSONBytes, "native JSON")
	if err != nil {
		return nil, err
	}
	if err := checkJSONShape(data, MaxJSONDepth); err != nil {
		return nil, err
	}
	var probe struct {
		FactDesk *int `json:"factdesk"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, jsonError("native JSON", data, err)
	}
	switch {
	case probe.FactDesk == nil:
		return nil, annotate.Errorf(annotate.EINVALID, "this is not a FactDesk export: it has no \"factdesk\" version field")
	case *probe.FactDesk > FormatVersion:
		return nil, annotate.Errorf(annotate.EINVALID, "this export is of format version %d, newer than this FactDesk reads (%d)", *probe.FactDesk, FormatVersion)
	case *probe.FactDesk < 1:
		return nil, annotate.Errorf(annotate.EINVALID, "format version %d is not valid", *probe.FactDesk)
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError("native JSON", data, err)
	}
	total := 0
	for _, a := range doc.Articles {
		total += len(a.Claims)
	}
	if total > annotate.MaxClaims {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the export holds %d claims, more than the limit of %d", total, annotate.MaxClaims)
	}
	ins := make([]Input, 0, len(doc.Articles))
	for i, a := range doc.Articles {
		in, err := a.input()
		if err != nil {
			return nil, annotate.Errorf(annotate.ErrorCode(err), "article %d of the export: %s", i+1, annotate.ErrorMessage(err))
		}
		ins = append(ins, in)
	}
	return ins, nil
}

// input checks one article entry of a document and returns it as an Input.
func (a articleJSON) input() (Input, error) {
	if a.Article == nil {
		return Input{}, annotate.Errorf(annotate.EINVALID, "the entry has no \"article\"")
	}
	if err := a.Article.Validate(); err != nil {
		return Input{}, err
	}
	for i, v := range a.Versions {
		if v.Number < 1 {
			return Input{}, annotate.Errorf(annotate.EINVALID, "version %d has number %d; numbers start at 1", i+1, v.Number)
		}
		if !utf8.ValidString(v.Text) {
			return Input{}, annotate.Errorf(annotate.EINVALID, "version %d: the text is not valid UTF-8", v.Number)
		}
		if v.Source != nil && v.SHA256 != "" && !strings.EqualFold(sha256Hex(v.Source), v.SHA256) {
			return Input{}, annotate.Errorf(annotate.EINVALID, "version %d: the source bytes do not match their SHA-256 %q", v.Number, v.SHA256)
		}
	}
	n := utf8.RuneCountInString(a.Article.Text)
	for i, c := range a.Claims {
		if c == nil {
			return Input{}, annotate.Errorf(annotate.EINVALID, "claim %d is null", i+1)
		}
		if err := c.Validate(); err != nil {
			return Input{}, annotate.Errorf(annotate.ErrorCode(err), "claim %d (id %d): %s", i+1, c.ID, annotate.ErrorMessage(err))
		}
		if c.ArticleID != 0 && a.Article.ID != 0 && c.ArticleID != a.Article.ID {
			return Input{}, annotate.Errorf(annotate.EINVALID, "claim %d (id %d) belongs to article %d, not %d", i+1, c.ID, c.ArticleID, a.Article.ID)
		}
		// An orphaned claim keeps its old span, which may lie outside the
		// current text; any other claim must point into it.
		if c.AnchorBy != annotate.AnchorOrphan && c.End > n {
			return Input{}, annotate.Errorf(annotate.EINVALID, "claim %d (id %d): span %d–%d is past the end of the article text (%d characters)", i+1, c.ID, c.Start, c.End, n)
		}
	}
	in := Input{Article: a.Article, Versions: a.Versions, Claims: a.Claims, Checked: a.Checked}
	if a.Org != nil {
		in.Org = *a.Org
	}
	return in, nil
}

// readLimited reads all of r, refusing more than limit bytes.
func readLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "reading the %s: %v", what, err)
	}
	if int64(len(data)) > limit {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the %s is larger than %d MB", what, limit>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "the %s is empty", what)
	}
	if !utf8.Valid(data) {
		return nil, annotate.Errorf(annotate.EINVALID, "the %s is not valid UTF-8 text", what)
	}
	return data, nil
}

// checkJSONShape refuses nesting deeper than maxDepth before the document
// is decoded, so that a hostile file cannot make the decoder recurse deeply.
func checkJSONShape(data []byte, maxDepth int) error {
	depth := 0
	inString, escaped := false, false
	for _, b := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			depth++
			if depth > maxDepth {
				return annotate.Errorf(annotate.EINVALID, "the JSON is nested more than %d levels deep", maxDepth)
			}
		case b == '}' || b == ']':
			depth--
		}
	}
	return nil
}

// jsonError turns a decoding error into a message with a line and column.
func jsonError(what string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return annotate.Errorf(annotate.EINVALID, "the %s is not valid JSON: it ends before the document is complete", what)
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return annotate.Errorf(annotate.EINVALID, "the %s is not valid JSON at line %d, column %d: %v", what, line, col, syn)
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return annotate.Errorf(annotate.EINVALID, "the %s has a %s where %s should be a %s (line %d, column %d)", what, typ.Value, field, typ.Type, line, col)
	}
	return annotate.Errorf(annotate.EINVALID, "the %s cannot be read: %v", what, err)
}

func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col = 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Package prepare is what every library store checks and fills in before it
// writes: an article's, version's, claim's and source's rules as a library
// keeps them, defaults, normalised tags, a claim's quote against its
// article's text, and the claims a new version re-anchors. The SQLite and
// PostgreSQL stores both call it, so that a thing one accepts the other
// does too.
package prepare

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// maxFormatBytes bounds a version's format name (text, markdown, html, ...).
const maxFormatBytes = 32

// Article checks a's rules; with text false the text is not checked, for
// a change of metadata only.
func Article(a *annotate.Article, text bool) error {
	check := *a
	if !text {
		check.Text = "-"
	}
	if err := check.Validate(); err != nil {
		return err
	}
	if len(a.Language) > 64 {
		return annotate.Errorf(annotate.EINVALID, "article language %q is longer than 64 bytes", Clip(a.Language, 40))
	}
	for _, s := range []string{a.Title, a.Byline, a.Publisher, a.Language} {
		if !utf8.ValidString(s) {
			return annotate.Errorf(annotate.EINVALID, "article metadata %q is not valid UTF-8", Clip(s, 40))
		}
	}
	return nil
}

// Version checks v against the text it is to hold and returns a copy
// with its defaults and SHA-256 filled in: the sum of v.Source or,
// without raw bytes, of the text.
func Version(v *annotate.ArticleVersion, text string) (annotate.ArticleVersion, error) {
	ver := *v
	switch {
	case ver.Text == "":
		ver.Text = text
	case ver.Text != text:
		return ver, annotate.Errorf(annotate.EINVALID, "the version text differs from the article text")
	}
	if ver.Format == "" {
		ver.Format = "text"
	}
	if len(ver.Format) > maxFormatBytes || !utf8.ValidString(ver.Format) {
		return ver, annotate.Errorf(annotate.EINVALID, "version format %q is not a format name", Clip(ver.Format, 40))
	}
	if len(ver.Source) > annotate.MaxInputBytes {
		return ver, annotate.Errorf(annotate.ETOOLARGE, "the version source has %d bytes, more than the limit of %d", len(ver.Source), annotate.MaxInputBytes)
	}
	var sum [sha256.Size]byte
	if len(ver.Source) > 0 {
		sum = sha256.Sum256(ver.Source)
	} else {
		sum = sha256.Sum256([]byte(ver.Text))
	}
	ver.SHA256 = hex.EncodeToString(sum[:])
	return ver, nil
}

// Claim returns a copy of c with defaults filled in and its tags
// normalised, or the first rule it breaks.
func Claim(c *annotate.Claim) (annotate.Claim, error) {
	if c == nil {
		return annotate.Claim{}, annotate.Errorf(annotate.EINVALID, "no claim given")
	}
	p := *c
	if p.Status == "" {
		p.Status = annotate.StatusUnchecked
	}
	if p.AnchorBy == "" {
		p.AnchorBy = annotate.AnchorMarked
		if p.AnchorScore == 0 {
			p.AnchorScore = 1
		}
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	if err := Anchor(&p); err != nil {
		return p, err
	}
	if len(p.Exact) > annotate.MaxNoteBytes || len(p.Prefix) > annotate.MaxFieldBytes || len(p.Suffix) > annotate.MaxFieldBytes {
		return p, annotate.Errorf(annotate.ETOOLARGE, "claim quote or its context is too long")
	}
	tags := make([]string, 0, len(p.Tags))
	seen := map[string]bool{}
	for _, t := range p.Tags {
		n, err := annotate.NormalizeTag(t)
		if err != nil {
			return p, err
		}
		if !seen[n] {
			seen[n] = true
			tags = append(tags, n)
		}
	}
	p.Tags = tags
	sources := make([]annotate.Source, len(p.Sources))
	for i := range p.Sources {
		s, err := Source(&p.Sources[i])
		if err != nil {
			return p, err
		}
		sources[i] = s
	}
	p.Sources = sources
	return p, nil
}

var anchorMethods = []annotate.AnchorMethod{annotate.AnchorMarked, annotate.AnchorPosition, annotate.AnchorExact, annotate.AnchorFuzzy, annotate.AnchorOrphan}

// Anchor checks the anchor and status fields that a new version stores,
// without the article text.
func Anchor(c *annotate.Claim) error {
	if c.Start < 0 || c.End <= c.Start {
		return annotate.Errorf(annotate.EINVALID, "claim span %d–%d is empty or negative", c.Start, c.End)
	}
	if c.Exact == "" || !utf8.ValidString(c.Exact) || !utf8.ValidString(c.Prefix) || !utf8.ValidString(c.Suffix) {
		return annotate.Errorf(annotate.EINVALID, "claim %d has no quote or a quote that is not valid UTF-8", c.ID)
	}
	known := false
	for _, m := range anchorMethods {
		known = known || c.AnchorBy == m
	}
	if !known {
		return annotate.Errorf(annotate.EINVALID, "unknown anchor method %q (want marked, position, exact, fuzzy or orphan)", c.AnchorBy)
	}
	if math.IsNaN(c.AnchorScore) || c.AnchorScore < 0 || c.AnchorScore > 1 {
		return annotate.Errorf(annotate.EINVALID, "anchor score %v is not between 0 and 1", c.AnchorScore)
	}
	if _, err := annotate.ParseStatus(string(c.Status)); err != nil {
		return err
	}
	return nil
}

// Quote checks that c's span lies inside the text and quotes it. An
// orphaned claim keeps its old quote and position and is not checked.
func Quote(c *annotate.Claim, t *Text) error {
	if c.AnchorBy == annotate.AnchorOrphan {
		return nil
	}
	if c.End > t.n {
		return QuoteAt(c, t.n, "")
	}
	return QuoteAt(c, t.n, t.Slice(c.Start, c.End))
}

// QuoteAt is Quote for a store that reads the text's length n and the text
// got at c's span itself.
func QuoteAt(c *annotate.Claim, n int, got string) error {
	if c.End > n {
		return annotate.Errorf(annotate.EINVALID, "claim span %d–%d is past the end of the article text (%d characters)", c.Start, c.End, n)
	}
	if got != c.Exact {
		return annotate.Errorf(annotate.EINVALID, "claim quote %q does not match the article text at %d–%d, which reads %q", Clip(c.Exact, 60), c.Start, c.End, Clip(got, 60))
	}
	return nil
}

// Source returns a copy of s with its defaults (stance context, accessed
// today) filled in, or the first rule it breaks.
func Source(s *annotate.Source) (annotate.Source, error) {
	if s == nil {
		return annotate.Source{}, annotate.Errorf(annotate.EINVALID, "no source given")
	}
	p := *s
	if p.Stance == "" {
		p.Stance = annotate.StanceContext
	}
	if p.Accessed.IsZero() {
		p.Accessed = today()
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

// today is the current local date at midnight UTC, the default date a
// source was accessed.
func today() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Revision checks the revision read that a change to what (of kind, as
// "claim 3/7" is a claim) names against the one stored: none is an
// EINVALID error, another an ECONFLICT.
func Revision(kind, what string, read, stored int64) error {
	if read <= 0 {
		return annotate.Errorf(annotate.EINVALID, "the change to %s names no revision; read the %s first", what, kind)
	}
	if read != stored {
		return annotate.ConflictError(what, read, stored)
	}
	return nil
}

// Setting checks a setting's name and value. Settings under "user."
// belong to one desk and are not written through SetSetting.
func Setting(key, value string) error {
	switch {
	case strings.TrimSpace(key) == "":
		return annotate.Errorf(annotate.EINVALID, "setting name is empty")
	case len(key) > 256 || !utf8.ValidString(key):
		return annotate.Errorf(annotate.EINVALID, "setting name %q is not a name", Clip(key, 40))
	case len(value) > annotate.MaxNoteBytes:
		return annotate.Errorf(annotate.ETOOLARGE, "setting %s is longer than %d bytes", key, annotate.MaxNoteBytes)
	case !utf8.ValidString(value) || strings.ContainsRune(value, 0):
		return annotate.Errorf(annotate.EINVALID, "setting %s is not valid UTF-8 or contains a NUL character", key)
	case strings.HasPrefix(key, "user."):
		return annotate.Errorf(annotate.EINVALID, "setting %s belongs to this desk's user; set the name with SetAuthorName", key)
	}
	return nil
}

// AuthorName returns the name a person is renamed to, trimmed, or the rule
// it breaks.
func AuthorName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", annotate.Errorf(annotate.EINVALID, "the user name is empty")
	case len(name) > annotate.MaxFieldBytes:
		return "", annotate.Errorf(annotate.ETOOLARGE, "the user name is longer than %d bytes", annotate.MaxFieldBytes)
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\n\r"):
		return "", annotate.Errorf(annotate.EINVALID, "the user name %q is not one line of text", Clip(name, 40))
	}
	return name, nil
}

// SHA256 is sum, a SHA-256 sum as the user gave it, in lower-case hex, or
// the rule it breaks.
func SHA256(sum string) (string, error) {
	sum = strings.ToLower(strings.TrimSpace(sum))
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return "", annotate.Errorf(annotate.EINVALID, "%q is not a SHA-256 sum (64 hex digits)", sum)
	}
	return sum, nil
}

// ValidUUID reports whether s is a UUID in canonical lower-case form.
func ValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
		default:
			return false
		}
	}
	return true
}

// Clip shortens s to at most n bytes on a rune boundary for a message.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n]) + "…"
}

package annotate

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Stance says how a source bears on a claim.
type Stance string

const (
	StanceSupports Stance = "supports"
	StanceRefutes  Stance = "refutes"
	StanceContext  Stance = "context"
)

// Stances lists every stance.
var Stances = []Stance{StanceSupports, StanceRefutes, StanceContext}

// ParseStance returns the stance named s; "" means context.
func ParseStance(s string) (Stance, error) {
	if s == "" {
		return StanceContext, nil
	}
	for _, st := range Stances {
		if string(st) == s {
			return st, nil
		}
	}
	return "", Errorf(EINVALID, "unknown stance %q (want supports, refutes or context)", s)
}

// Source is a piece of evidence linked to a claim.
type Source struct {
	ID int64 `json:"id"`
	// UUID and Rev are as a claim's.
	UUID       string    `json:"uuid,omitempty"`
	Rev        int64     `json:"-"`
	ClaimID    int64     `json:"claim_id"`
	URL        string    `json:"url"`
	Title      string    `json:"title,omitempty"`
	Publisher  string    `json:"publisher,omitempty"`
	Accessed   time.Time `json:"accessed"`
	ArchiveURL string    `json:"archive_url,omitempty"`
	Stance     Stance    `json:"stance"`
	Excerpt    string    `json:"excerpt,omitempty"`
}

// Validate checks the source's rules: an http or https URL, an optional
// archive URL of the same kind, a known stance.
func (s *Source) Validate() error {
	if err := ValidateURL("source URL", s.URL); err != nil {
		return err
	}
	if s.ArchiveURL != "" {
		if err := ValidateURL("archive URL", s.ArchiveURL); err != nil {
			return err
		}
	}
	if _, err := ParseStance(string(s.Stance)); err != nil {
		return err
	}
	for _, f := range []string{s.Title, s.Publisher, s.Excerpt} {
		if !utf8.ValidString(f) || strings.ContainsRune(f, 0) {
			return Errorf(EINVALID, "source title, publisher or excerpt is not valid UTF-8 or contains a NUL character")
		}
	}
	if len(s.Title) > MaxFieldBytes || len(s.Publisher) > MaxFieldBytes || len(s.Excerpt) > MaxNoteBytes {
		return Errorf(ETOOLARGE, "source field is too long")
	}
	return nil
}

// ValidateURL checks that raw is an absolute http or https URL with a host;
// what names the field in the message.
func ValidateURL(what, raw string) error {
	if raw == "" {
		return Errorf(EINVALID, "%s is empty", what)
	}
	if len(raw) > 8192 {
		return Errorf(ETOOLARGE, "%s is longer than 8192 bytes", what)
	}
	if strings.ContainsAny(raw, " \t\r\n") {
		return Errorf(EINVALID, "%s %q contains white space", what, clip(raw, 80))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Errorf(EINVALID, "%s %q is not a valid URL", what, clip(raw, 80))
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return Errorf(EINVALID, "%s %q must start with http:// or https://", what, clip(raw, 80))
	}
	if u.Host == "" {
		return Errorf(EINVALID, "%s %q has no host", what, clip(raw, 80))
	}
	return nil
}

// SafeURL reports whether raw may be turned into a live link.
func SafeURL(raw string) bool { return ValidateURL("URL", raw) == nil }

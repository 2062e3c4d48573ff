package annotate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what comes in. Anything larger is refused with ETOOLARGE.
const (
	MaxInputBytes   = 20 << 20 // a file, paste or download
	MaxArticleRunes = 5 << 20  // canonical text of one article
	MaxFieldBytes   = 4096     // a title, name, claimant or tag
	MaxNoteBytes    = 1 << 20  // notes, statements, excerpts
	MaxClaims       = 100_000  // claims in one article or one import
)

// Article is a text under check, with the metadata of where it came from.
// Text is the canonical text of its current version; every claim's anchor
// points into it.
type Article struct {
	ID int64 `json:"id"`
	// UUID names the article everywhere, beside its short number; Rev is
	// its revision in this library, which an update must name (see Claim).
	UUID      string    `json:"uuid,omitempty"`
	Rev       int64     `json:"-"`
	Title     string    `json:"title"`
	Byline    string    `json:"byline,omitempty"`
	Publisher string    `json:"publisher,omitempty"`
	URL       string    `json:"url,omitempty"`
	Language  string    `json:"language,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Retrieved time.Time `json:"retrieved,omitzero"`
	Text      string    `json:"text"`
	// ReportURL is the public page where the fact-check of this article is
	// published, and ReportPublished when it was marked as published; both
	// are unset until then. ClaimReview points each review at ReportURL.
	ReportURL       string    `json:"report_url,omitempty"`
	ReportPublished time.Time `json:"report_published,omitzero"`
	// Version is the number of the current version, from 1.
	Version int `json:"version"`
}

// ArticleVersion is one stored text of an article with the raw bytes it was
// made from, kept as evidence.
type ArticleVersion struct {
	ID        int64     `json:"id"`
	UUID      string    `json:"uuid,omitempty"`
	ArticleID int64     `json:"article_id"`
	Number    int       `json:"number"`
	Text      string    `json:"text"`
	Format    string    `json:"format"` // text, markdown, html
	Source    []byte    `json:"source,omitempty"`
	SHA256    string    `json:"sha256"`
	Created   time.Time `json:"created"`
	// Base is the number of the version this one replaces, as the caller
	// read it: a store refuses the new version with ECONFLICT when the
	// article has moved on since. 0 names no version.
	Base int `json:"-"`
	// Blocks say what each paragraph of Text is; none means every
	// paragraph is a body block (see ParagraphBlocks). Removed is the page
	// furniture left out of Text on import.
	Blocks  []Block        `json:"blocks,omitempty"`
	Removed []RemovedBlock `json:"removed,omitempty"`
}

// ArticleSummary is an article as the library lists it.
type ArticleSummary struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Publisher string    `json:"publisher,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Retrieved time.Time `json:"retrieved,omitzero"`
	Claims    int       `json:"claims"`
	Checked   int       `json:"checked"` // claims whose status is done
}

// Validate checks the article's rules.
func (a *Article) Validate() error {
	if strings.TrimSpace(a.Title) == "" {
		return Errorf(EINVALID, "the article has no title")
	}
	if len(a.Title) > MaxFieldBytes || len(a.Byline) > MaxFieldBytes || len(a.Publisher) > MaxFieldBytes {
		return Errorf(ETOOLARGE, "article title, byline or publisher is longer than %d bytes", MaxFieldBytes)
	}
	if a.URL != "" {
		if err := ValidateURL("article URL", a.URL); err != nil {
			return err
		}
	}
	if a.ReportURL != "" {
		if err := ValidateURL("report URL", a.ReportURL); err != nil {
			return err
		}
	}
	if !utf8.ValidString(a.Text) {
		return Errorf(EINVALID, "the article text is not valid UTF-8")
	}
	if strings.TrimSpace(a.Text) == "" {
		return Errorf(EINVALID, "the article has no text")
	}
	if strings.ContainsRune(a.Text, 0) {
		return Errorf(EINVALID, "the article text contains a NUL character")
	}
	if n := utf8.RuneCountInString(a.Text); n > MaxArticleRunes {
		return Errorf(ETOOLARGE, "the article text has %d characters, more than the limit of %d", n, MaxArticleRunes)
	}
	return nil
}

// MarkPublished records that the fact-check of the article now lives at the
// public page url, published at the time at.
func (a *Article) MarkPublished(url string, at time.Time) error {
	if err := ValidateURL("report URL", url); err != nil {
		return err
	}
	a.ReportURL, a.ReportPublished = url, at.UTC().Truncate(time.Second)
	return nil
}

package annotate

import (
	"strings"
	"time"
)

// ArticleDetails are the fields of an article's metadata that people edit,
// in the order forms show them.
var ArticleDetails = []string{"title", "byline", "publisher", "url", "published", "language"}

// Detail returns an article's metadata field as text; published is a date
// like 2025-09-05, or "" when unknown.
func (a *Article) Detail(field string) string {
	switch field {
	case "title":
		return a.Title
	case "byline":
		return a.Byline
	case "publisher":
		return a.Publisher
	case "url":
		return a.URL
	case "published":
		if a.Published.IsZero() {
			return ""
		}
		return a.Published.Format(time.DateOnly)
	case "language":
		return a.Language
	}
	return ""
}

// SetDetail changes one metadata field from text, as a form or the command
// line gives it. Surrounding white space is dropped; the published date is
// YYYY-MM-DD or RFC 3339, and "" clears it. The whole article is checked
// afterwards by Validate.
func (a *Article) SetDetail(field, value string) error {
	value = strings.TrimSpace(value)
	if len(value) > MaxFieldBytes {
		return Errorf(ETOOLARGE, "article %s is longer than %d bytes", field, MaxFieldBytes)
	}
	switch field {
	case "title":
		if value == "" {
			return Errorf(EINVALID, "the article title cannot be empty")
		}
		a.Title = value
	case "byline":
		a.Byline = value
	case "publisher":
		a.Publisher = value
	case "url":
		if value != "" {
			if err := ValidateURL("article URL", value); err != nil {
				return err
			}
		}
		a.URL = value
	case "published":
		if value == "" {
			a.Published = time.Time{}
			return nil
		}
		t, err := time.Parse(time.DateOnly, value)
		if err != nil {
			t, err = time.Parse(time.RFC3339, value)
		}
		if err != nil {
			return Errorf(EINVALID, "published date %q is not a date like 2025-09-05", value)
		}
		a.Published = t
	case "language":
		if len(value) > 64 || strings.ContainsAny(value, " \t\n") {
			return Errorf(EINVALID, "language %q is not a language tag like en or pt-BR", value)
		}
		a.Language = value
	default:
		return Errorf(EINVALID, "an article has no detail %q; use one of %s", field, strings.Join(ArticleDetails, ", "))
	}
	return nil
}

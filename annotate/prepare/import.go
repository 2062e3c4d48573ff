package prepare

import (
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Import is one article of an import, checked and with its defaults
// filled in.
type Import struct {
	Article  annotate.Article
	Versions []annotate.ArticleVersion
	Claims   []annotate.Claim
}

// Imports checks the articles of an import and fills in their defaults,
// stamp being the time of the import. The last version of each must hold
// the article's text; with no versions, one is made of the text. Claims
// must quote the text; their revisions are cleared, as an import creates
// them anew. The store keeps the ids and UUIDs it does not use yet.
func Imports(items []annotate.ArticleImport, stamp time.Time) ([]Import, error) {
	total := 0
	for _, it := range items {
		total += len(it.Claims)
	}
	if total > annotate.MaxClaims {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the import has %d claims, more than the limit of %d", total, annotate.MaxClaims)
	}
	out := make([]Import, len(items))
	for i, it := range items {
		p, err := importOne(it, stamp)
		if err != nil {
			if len(items) > 1 {
				return nil, annotate.Wrapf(err, annotate.ErrorCode(err), "article %d of the import: %s", i+1, annotate.ErrorMessage(err))
			}
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func importOne(it annotate.ArticleImport, stamp time.Time) (Import, error) {
	var p Import
	a := it.Article
	if a == nil {
		return p, annotate.Errorf(annotate.EINVALID, "no article given")
	}
	if err := Article(a, true); err != nil {
		return p, err
	}
	if len(it.Claims) > annotate.MaxClaims {
		return p, annotate.Errorf(annotate.ETOOLARGE, "the article has %d claims, more than the limit of %d", len(it.Claims), annotate.MaxClaims)
	}
	versions := it.Versions
	if len(versions) == 0 {
		versions = []annotate.ArticleVersion{{Number: 1, Text: a.Text, Format: "text"}}
	}
	p.Versions = make([]annotate.ArticleVersion, len(versions))
	for i := range versions {
		text := versions[i].Text
		if i == len(versions)-1 {
			text = a.Text
		}
		if text == "" {
			return p, annotate.Errorf(annotate.EINVALID, "version %d of %q has no text", i+1, Clip(a.Title, 40))
		}
		v, err := Version(&versions[i], text)
		if err != nil {
			return p, annotate.Wrapf(err, annotate.ErrorCode(err), "version %d: %s", i+1, annotate.ErrorMessage(err))
		}
		v.Number = i + 1
		if v.Created.IsZero() {
			v.Created = stamp
		}
		p.Versions[i] = v
	}
	idx := NewText(a.Text)
	p.Claims = make([]annotate.Claim, len(it.Claims))
	for i, c := range it.Claims {
		pc, err := Claim(c)
		if err == nil {
			err = Quote(&pc, idx)
		}
		if err != nil {
			return p, annotate.Wrapf(err, annotate.ErrorCode(err), "claim %d: %s", i+1, annotate.ErrorMessage(err))
		}
		if pc.Created.IsZero() {
			pc.Created = stamp
		}
		if pc.Updated.IsZero() {
			pc.Updated = pc.Created
		}
		pc.Rev = 0
		// Two sources of one claim with the same id or UUID (a
		// hand-edited export) are both kept: the second gets a new one.
		seen, seenUUID := map[int64]bool{}, map[string]bool{}
		for j := range pc.Sources {
			s := &pc.Sources[j]
			s.Rev = 0
			if seen[s.ID] {
				s.ID = 0
			}
			if seenUUID[s.UUID] {
				s.UUID = ""
			}
			if s.ID != 0 {
				seen[s.ID] = true
			}
			if s.UUID != "" {
				seenUUID[s.UUID] = true
			}
		}
		p.Claims[i] = pc
	}
	p.Article = *a
	if p.Article.Retrieved.IsZero() {
		p.Article.Retrieved = stamp
	}
	return p, nil
}

// Imported sets what the store gave the articles of an import (ids,
// UUIDs, revisions, versions) on the items they were prepared from.
func Imported(items []annotate.ArticleImport, prepared []Import) {
	for i, it := range items {
		p := &prepared[i]
		it.Article.ID, it.Article.UUID, it.Article.Rev, it.Article.Version, it.Article.Retrieved = p.Article.ID, p.Article.UUID, 1, len(p.Versions), p.Article.Retrieved
		for j := range it.Claims {
			*it.Claims[j] = p.Claims[j]
		}
	}
}

package app

import (
	"context"

	"github.com/factdesk/factdesk/annotate"
)

// Store is what the workspace needs from the library file. *storage.DB
// satisfies it; the GUI names only the calls it makes so that it can be read
// (and wired) without the storage package.
type Store interface {
	Articles(ctx context.Context) ([]annotate.ArticleSummary, error)
	Article(ctx context.Context, id int64) (*annotate.Article, error)
	CreateArticle(ctx context.Context, a *annotate.Article, v *annotate.ArticleVersion) error
	DeleteArticle(ctx context.Context, id int64) error

	Claims(ctx context.Context, articleID int64) ([]*annotate.Claim, error)
	Claim(ctx context.Context, id int64) (*annotate.Claim, error)
	CreateClaim(ctx context.Context, c *annotate.Claim) error
	UpdateClaim(ctx context.Context, c *annotate.Claim) error
	DeleteClaim(ctx context.Context, id int64) error
	RestoreClaim(ctx context.Context, c *annotate.Claim) error

	AddSource(ctx context.Context, s *annotate.Source) error
	UpdateSource(ctx context.Context, s *annotate.Source) error
	DeleteSource(ctx context.Context, id int64) error
	RestoreSource(ctx context.Context, s *annotate.Source) error

	Tags(ctx context.Context) ([]annotate.Tag, error)
	Claimants(ctx context.Context) ([]string, error)
}

// SearchHit is one result of the global search. Its fields are those of
// storage.Hit, so a hit converts with SearchHit(h).
type SearchHit struct {
	Kind      string // "article", "claim", "note", "source"
	ArticleID int64
	ClaimID   int64
	SourceID  int64
	Title     string
	Snippet   string // the match is marked by [ and ]
	Start     int    // code-point offset of the match or of the claim
	Rank      float64
}

// SearchFunc runs a full-text query over the library. Store.Search returns
// storage's own hit type, which this package cannot name without importing
// storage, so the caller passes the search in as a function.
type SearchFunc func(ctx context.Context, query string, limit int) ([]SearchHit, error)

package app

import (
	"context"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Store is what the workspace needs from the library file. *storage.DB
// satisfies it; the GUI names only the calls it makes so that it can be read
// (and wired) without the storage package.
type Store interface {
	Articles(ctx context.Context) ([]annotate.ArticleSummary, error)
	// LibraryCount and LibraryPage give the library list a page at a time:
	// the articles whose title, publisher or URL has words starting with
	// each word of filter, in order ("newest", "title", "publisher",
	// "progress" or "claims").
	LibraryCount(ctx context.Context, filter string) (int, error)
	LibraryPage(ctx context.Context, filter, order string, offset, limit int) ([]annotate.ArticleSummary, error)
	Article(ctx context.Context, id int64) (*annotate.Article, error)
	CreateArticle(ctx context.Context, a *annotate.Article, v *annotate.ArticleVersion) error
	DeleteArticle(ctx context.Context, id int64) error
	UpdateArticle(ctx context.Context, a *annotate.Article) error
	// Blocks says what each paragraph of the article's text is, and lists
	// the page furniture its import left out.
	Blocks(ctx context.Context, articleID int64) ([]annotate.Block, []annotate.RemovedBlock, error)
	// MarkPublished records where the article's fact-check was published;
	// an empty url takes it back.
	MarkPublished(ctx context.Context, id int64, url string, at time.Time) error

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

	// Versions and AddVersion keep the texts an article has had; a new
	// version stores the claims re-anchored on it in the same transaction.
	Versions(ctx context.Context, articleID int64) ([]annotate.ArticleVersion, error)
	AddVersion(ctx context.Context, articleID int64, v *annotate.ArticleVersion, claims []*annotate.Claim) error

	// Setting and SetSetting hold the publishing organisation's settings
	// (keys "org.name", "org.url", "corrections.url", "methodology").
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// Settings and SetSettings read and write several settings at once,
	// with their revisions; SetSettings stores all or none.
	Settings(ctx context.Context, keys ...string) (map[string]annotate.Setting, error)
	SetSettings(ctx context.Context, set map[string]annotate.Setting) error

	// DismissSuggestion remembers a claim-assistant suggestion the user
	// turned down, so that it is not offered again.
	DismissSuggestion(ctx context.Context, articleID int64, start, end int) error
	DismissedSuggestions(ctx context.Context, articleID int64) ([][2]int, error)

	// SimilarClaims finds candidates for "previously checked" in other
	// articles, best first by full-text rank.
	SimilarClaims(ctx context.Context, text string, excludeArticle int64, limit int) ([]*annotate.Claim, error)

	// Link records that two claims are the same claim seen in two places;
	// Unlink takes it back and RestoreLink puts it back as it was, for undo.
	// Links lists a claim's, with what is shown of the other claim.
	Link(ctx context.Context, a, b int64) (annotate.ClaimLink, error)
	Unlink(ctx context.Context, a, b int64) (annotate.ClaimLink, error)
	RestoreLink(ctx context.Context, l annotate.ClaimLink) (annotate.ClaimLink, error)
	Links(ctx context.Context, claimID int64) ([]annotate.ClaimLink, error)

	// History lists the recorded changes of an article or claim, oldest
	// first, with their authors and times.
	History(ctx context.Context, kind string, id int64) ([]annotate.Change, error)
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
	// Candidates > 0: ranked among the newest Candidates matches only.
	Candidates int
}

// SearchFunc runs a full-text query over the library. Store.Search returns
// storage's own hit type, which this package cannot name without importing
// storage, so the caller passes the search in as a function.
type SearchFunc func(ctx context.Context, query string, limit int) ([]SearchHit, error)

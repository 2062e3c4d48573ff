package annotate

import (
	"context"
	"time"
)

// Store is what a library store must do, whatever keeps the library: the
// SQLite file on a desk today, the team's server later. The window and the
// command line use a library through it, and every implementation passes
// the behaviour tests of package annotate/storetest.
//
// Writes are versioned: an update names the revision it read (the Rev of
// the Article, Claim or Source, the Rev of a Setting), and a store that
// holds a newer revision writes nothing and returns an ECONFLICT *Error
// (errors.Is(err, ErrConflict)). Each write records its Change, with its
// author, in the same transaction.
type Store interface {
	Articles(ctx context.Context) ([]ArticleSummary, error)
	Article(ctx context.Context, id int64) (*Article, error)
	CreateArticle(ctx context.Context, a *Article, v *ArticleVersion) error
	// FindBySHA256 finds the articles whose versions were made from the
	// bytes with this SHA-256 (hex), newest first.
	FindBySHA256(ctx context.Context, sum string) ([]StoredCopy, error)
	UpdateArticle(ctx context.Context, a *Article) error
	DeleteArticle(ctx context.Context, id int64) error
	// MarkPublished records where and when the article's fact-check was
	// published; an empty url unmarks it.
	MarkPublished(ctx context.Context, id int64, url string, at time.Time) error

	// Versions and AddVersion keep the texts an article has had. AddVersion
	// stores the claims re-anchored on the new text in the same
	// transaction; claims created or changed since they were read are
	// re-anchored there too. v.Base names the version the caller read.
	Versions(ctx context.Context, articleID int64) ([]ArticleVersion, error)
	AddVersion(ctx context.Context, articleID int64, v *ArticleVersion, claims []*Claim) error
	// Blocks says what each paragraph of the current text is, and lists
	// the page furniture its import left out.
	Blocks(ctx context.Context, articleID int64) ([]Block, []RemovedBlock, error)

	// LibraryCount and LibraryPage list the library a page at a time,
	// filtered by title, publisher and URL, in an order
	// ("newest", "title", "progress", ...), without loading it whole.
	LibraryCount(ctx context.Context, filter string) (int, error)
	LibraryPage(ctx context.Context, filter, order string, offset, limit int) ([]ArticleSummary, error)

	Claims(ctx context.Context, articleID int64) ([]*Claim, error)
	Claim(ctx context.Context, id int64) (*Claim, error)
	ClaimNumbered(ctx context.Context, articleID int64, n int) (*Claim, error)
	CreateClaim(ctx context.Context, c *Claim) error
	CreateClaims(ctx context.Context, claims []*Claim) error
	UpdateClaim(ctx context.Context, c *Claim) error
	DeleteClaim(ctx context.Context, id int64) error
	RestoreClaim(ctx context.Context, c *Claim) error

	AddSource(ctx context.Context, s *Source) error
	UpdateSource(ctx context.Context, s *Source) error
	DeleteSource(ctx context.Context, id int64) error
	RestoreSource(ctx context.Context, s *Source) error

	Link(ctx context.Context, a, b int64) (ClaimLink, error)
	Unlink(ctx context.Context, a, b int64) (ClaimLink, error)
	RestoreLink(ctx context.Context, l ClaimLink) (ClaimLink, error)
	Links(ctx context.Context, claimID int64) ([]ClaimLink, error)
	ArticleLinks(ctx context.Context, articleID int64) (map[int64][]ClaimLink, error)

	Tags(ctx context.Context) ([]Tag, error)
	Claimants(ctx context.Context) ([]string, error)
	// People are the people the library knows: who made its changes, and
	// on a team library its members; a claim is assigned to one of them.
	People(ctx context.Context) ([]Person, error)

	// Setting and SetSetting read and write one setting without a
	// revision check; Settings and SetSettings read several with their
	// revisions and write them in one transaction, refusing them all if
	// any has moved on.
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	Settings(ctx context.Context, keys ...string) (map[string]Setting, error)
	SetSettings(ctx context.Context, values map[string]Setting) error

	DismissSuggestion(ctx context.Context, articleID int64, start, end int) error
	DismissedSuggestions(ctx context.Context, articleID int64) ([][2]int, error)

	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	SimilarClaims(ctx context.Context, text string, excludeArticle int64, limit int) ([]*Claim, error)

	// ImportArticles stores articles read from an export, each with its
	// versions and claims, in one transaction: all of them or none.
	ImportArticles(ctx context.Context, items []ArticleImport) error

	// History returns the changes to the article or claim id (kind is
	// KindArticle or KindClaim), oldest first: an article's include its
	// versions', claims' and sources', a claim's its sources'. A deleted
	// claim's history is still there, ending in its tombstone.
	History(ctx context.Context, kind string, id int64) ([]Change, error)
	// Author is who the changes made through this store are recorded as;
	// SetAuthorName renames that person.
	Author(ctx context.Context) (Person, error)
	SetAuthorName(ctx context.Context, name string) error
}

// The orders LibraryPage lists the library in, each newest first among
// equals.
const (
	LibraryNewest    = "newest"    // most recently added first
	LibraryTitle     = "title"     // by title, A to Z
	LibraryPublisher = "publisher" // by publisher, A to Z
	LibraryProgress  = "progress"  // least checked first: done claims over claims
	LibraryClaims    = "claims"    // most claims first
)

// Setting is one stored setting's value and revision. A setting never
// stored has revision 0; writing it names 0.
type Setting struct {
	Value string `json:"value"`
	Rev   int64  `json:"rev"`
}

// StoredCopy is where bytes being imported already are in the library: an
// article and the version that holds them.
type StoredCopy struct {
	ArticleID int64  `json:"article_id"`
	Title     string `json:"title"`
	Version   int    `json:"version"` // the version that holds the bytes
	Current   bool   `json:"current"` // that version is the article's current one
}

// ArticleImport is one article of an export to be imported with its
// versions and claims.
type ArticleImport struct {
	Article  *Article
	Versions []ArticleVersion
	Claims   []*Claim
}

// SearchHit is one result of a full-text search.
type SearchHit struct {
	Kind      string // SearchArticle, SearchClaim, SearchNote, SearchSource
	ArticleID int64
	ClaimID   int64   // 0 for an article hit
	SourceID  int64   // for a source hit
	Title     string  // article title
	Snippet   string  // matching text with the match marked by [ and ]
	Start     int     // code-point offset in the article text: of the first match for article hits, the claim's start otherwise
	Rank      float64 // lower is better
	// Candidates, when above 0, says that the query matched more of this
	// kind than a search ranks, and the hit was ranked among the newest
	// Candidates matches only.
	Candidates int
}

// The kinds of SearchHit.
const (
	SearchArticle = "article"
	SearchClaim   = "claim"
	SearchNote    = "note"
	SearchSource  = "source"
)

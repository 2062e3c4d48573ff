// Package desk is what a fact-checking desk does with its library: read an
// article in, store a new version and re-anchor its claims, gather what a
// report needs, keep the publishing settings, name the export formats. The
// window and the command line both call it, so that each workflow is
// written once and behaves the same from either.
package desk

import (
	"context"

	"github.com/factdesk/factdesk/annotate"
)

// Progress hears how far a long step has gone: done of total (total 0 when
// unknown) and what is being done.
type Progress func(done, total int, what string)

func noProgress(int, int, string) {}

// Reader is what gathering a report needs of a library.
type Reader interface {
	Article(ctx context.Context, id int64) (*annotate.Article, error)
	Versions(ctx context.Context, articleID int64) ([]annotate.ArticleVersion, error)
	Claims(ctx context.Context, articleID int64) ([]*annotate.Claim, error)
	Setting(ctx context.Context, key string) (string, error)
}

// Updater is what storing a new version needs of a library.
type Updater interface {
	Claims(ctx context.Context, articleID int64) ([]*annotate.Claim, error)
	AddVersion(ctx context.Context, articleID int64, v *annotate.ArticleVersion, claims []*annotate.Claim) error
}

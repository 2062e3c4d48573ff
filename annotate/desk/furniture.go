package desk

import (
	"context"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// Furnisher is what putting removed page furniture back needs of a library.
type Furnisher interface {
	Updater
	Article(ctx context.Context, id int64) (*annotate.Article, error)
	Versions(ctx context.Context, articleID int64) ([]annotate.ArticleVersion, error)
	Blocks(ctx context.Context, articleID int64) ([]annotate.Block, []annotate.RemovedBlock, error)
}

// PutBack puts the removed blocks numbered which (from 0, as Blocks lists
// them) back into the article's text as a new version made from the same
// source bytes, with the claims re-anchored as for any new version.
func PutBack(ctx context.Context, st Furnisher, articleID int64, which []int, progress Progress) (UpdateResult, error) {
	a, err := st.Article(ctx, articleID)
	if err != nil {
		return UpdateResult{}, err
	}
	blocks, removed, err := st.Blocks(ctx, articleID)
	if err != nil {
		return UpdateResult{}, err
	}
	if len(which) == 0 {
		return UpdateResult{}, annotate.Errorf(annotate.EINVALID, "say which removed block to put back")
	}
	for _, i := range which {
		if i < 0 || i >= len(removed) {
			return UpdateResult{}, annotate.Errorf(annotate.ENOTFOUND, "article %d has no removed block %d (it has %d)", articleID, i+1, len(removed))
		}
	}
	versions, err := st.Versions(ctx, articleID)
	if err != nil {
		return UpdateResult{}, err
	}
	doc := &ingest.Document{Format: ingest.FormatText}
	for _, v := range versions {
		if v.Number == a.Version {
			doc.Format, doc.Source, doc.SHA256 = v.Format, v.Source, v.SHA256
		}
	}
	doc.Text, doc.Blocks, doc.Removed = ingest.RestoreRemoved(a.Text, blocks, removed, which...)
	return Update(ctx, st, a, doc, progress)
}

package app

import (
	"context"

	"github.com/factdesk/factdesk/annotate"
)

// Store is the library as the window uses it: the domain's store, which
// *storage.DB implements, so that the window and the command line work on
// one interface.
type Store interface {
	annotate.Store
}

// SearchHit is one result of the global search.
type SearchHit = annotate.SearchHit

// SearchFunc runs a full-text query over the library: Store.Search, unless
// Options.Search puts another in its place.
type SearchFunc func(ctx context.Context, query string, limit int) ([]SearchHit, error)

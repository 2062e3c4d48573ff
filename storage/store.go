package storage

import "github.com/factdesk/factdesk/annotate"

// DB is the SQLite library store.
var _ annotate.Store = (*DB)(nil)

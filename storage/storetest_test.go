package storage

import (
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/storetest"
)

// TestStore holds the SQLite library to the behaviour every store must show.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Store { return openTemp(t) })
}

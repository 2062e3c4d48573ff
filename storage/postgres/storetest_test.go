package postgres

import (
	"context"
	"os"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/storetest"
	"github.com/factdesk/factdesk/storage/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// openTemp opens a library in a new database of the test server.
func openTemp(t *testing.T) *DB {
	t.Helper()
	url := pgtest.Start(t).NewDatabase(t)
	db, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStore holds the PostgreSQL library to the behaviour every store must
// show.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) annotate.Store { return openTemp(t) })
}

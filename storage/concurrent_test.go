package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

func TestTwoHandlesWriteConcurrently(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.factdesk")
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	text := strings.Repeat(sampleText+"\n\n", 20)
	a := newArticle(t, dbs[0], "Shared", text)

	const perWriter = 200
	var wg sync.WaitGroup
	errs := make(chan error, 2*perWriter)
	for w, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				start := (w*perWriter + i) % 150
				c, err := annotate.NewClaim(a, start, start+20)
				if err != nil {
					errs <- err
					return
				}
				c.Tags = []string{fmt.Sprintf("writer %d", w)}
				c.Notes = fmt.Sprintf("writer %d claim %d", w, i)
				if err := db.CreateClaim(ctx, c); err != nil {
					errs <- fmt.Errorf("writer %d claim %d: %w", w, i, err)
					return
				}
				// Reads interleave with the other handle's writes.
				if i%50 == 0 {
					if _, err := db.Claims(ctx, a.ID); err != nil {
						errs <- fmt.Errorf("writer %d read: %w", w, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, db := range dbs {
		claims, err := db.Claims(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) != 2*perWriter {
			t.Errorf("handle %d sees %d claims, want %d", i, len(claims), 2*perWriter)
		}
	}
	tags, err := dbs[1].Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 2 || tags[0].Count != perWriter || tags[1].Count != perWriter {
		t.Errorf("Tags = %+v, want 2 tags of %d claims each", tags, perWriter)
	}
	checkIndexes(t, dbs[0])
}

func TestWriteWaitsForAnotherWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.factdesk")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	// Another program holds the write lock for a while.
	tx, err := b.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings(key, value) VALUES ('held', 'yes')`); err != nil {
		t.Fatal(err)
	}
	const hold = 300 * time.Millisecond
	go func() {
		time.Sleep(hold)
		tx.Commit()
	}()
	t0 := time.Now()
	art := &annotate.Article{Title: "Waited", Text: sampleText}
	if err := a.CreateArticle(ctx, art, nil); err != nil {
		t.Fatalf("CreateArticle while another handle writes: %v", err)
	}
	if waited := time.Since(t0); waited < hold/2 {
		t.Errorf("CreateArticle took %v, want it to wait for the other writer (%v)", waited, hold)
	}
	if v, _ := a.Setting(ctx, "held"); v != "yes" {
		t.Errorf("the other writer's change = %q, want it committed", v)
	}
}

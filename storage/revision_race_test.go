package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestTwoHandlesReadModifyWrite has two handles on one file, as two
// programs would be, each adding tags to one claim from what it read, 300
// times. Each write lands or is refused as a conflict; the claim ends with
// exactly the tags of the writes that landed, at the revision they made.
func TestTwoHandlesReadModifyWrite(t *testing.T) {
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
	a := newArticle(t, dbs[0], "Shared", sampleText)
	c := newClaim(t, dbs[0], a, "unemployment fell to 3.5 percent")

	const perWriter = 300
	landed := [2][]string{}
	refused := [2]int{}
	errs := [2]error{}
	var wg sync.WaitGroup
	for w, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				read, err := db.Claim(ctx, c.ID)
				if err != nil {
					errs[w] = err
					return
				}
				tag := fmt.Sprintf("w%d-%d", w, i)
				if err := read.AddTag(tag); err != nil {
					errs[w] = err
					return
				}
				switch err := db.UpdateClaim(ctx, read); {
				case err == nil:
					landed[w] = append(landed[w], tag)
				case annotate.ErrorCode(err) == annotate.ECONFLICT:
					refused[w]++
				default:
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for w := range dbs {
		if errs[w] != nil {
			t.Fatalf("handle %d: %v", w, errs[w])
		}
		t.Logf("handle %d: %d writes landed, %d refused as conflicts", w, len(landed[w]), refused[w])
	}
	got, err := dbs[0].Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, tag := range got.Tags {
		have[tag] = true
	}
	n := 0
	for w := range dbs {
		for _, tag := range landed[w] {
			n++
			if !have[tag] {
				t.Errorf("tag %s was acknowledged and is lost", tag)
			}
		}
	}
	if len(got.Tags) != n || got.Rev != int64(1+n) {
		t.Errorf("claim has %d tags at revision %d, want %d at %d", len(got.Tags), got.Rev, n, 1+n)
	}
}

// Command benchscale times what a large library costs in the store: the
// library list's queries (a filter typed key by key, a change of order, a
// page scrolled to), the global search for a common and a rare word,
// reading the article with the most claims, a backup and the integrity
// check. It prints one "name value" line a figure (milliseconds, the median
// of -runs runs), which scripts/bench-scale.sh puts in its tables.
//
//	go run ./scripts/benchscale -db LIBRARY
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/factdesk/factdesk/storage"
)

func main() {
	path := flag.String("db", "", "library to measure (it is migrated, not otherwise changed)")
	runs := flag.Int("runs", 5, "runs of each measurement; the median is printed")
	common := flag.String("common", "said", "a word found in most articles")
	rare := flag.String("rare", "fd271a2", "a word found in one article")
	filter := flag.String("filter", "council", "filter text, typed one key at a time")
	whole := flag.Bool("whole", true, "also time a backup and the integrity check, which read the whole file")
	keep := flag.Bool("keep-backup", false, "keep the backup as the library's daily one, where the window looks for it")
	flag.Parse()
	if err := run(*path, *runs, *common, *rare, *filter, *whole, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "benchscale:", err)
		os.Exit(1)
	}
}

// median runs fn runs times and returns the median time in milliseconds.
func median(runs int, fn func() error) (float64, error) {
	var ts []float64
	for range runs {
		t0 := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ts = append(ts, float64(time.Since(t0).Microseconds())/1000)
	}
	slices.Sort(ts)
	return ts[len(ts)/2], nil
}

func run(path string, runs int, common, rare, filter string, whole, keep bool) error {
	ctx := context.Background()
	t0 := time.Now()
	db, err := storage.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Printf("open %.1f\n", float64(time.Since(t0).Microseconds())/1000)
	articles, claims, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("articles %d\nclaims %d\n", articles, claims)

	show := func(name string, fn func() error) error {
		ms, err := median(runs, fn)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Printf("%s %.2f\n", name, ms)
		return nil
	}
	// What the list does as the library is shown: count, first page.
	if err := show("list-first-page", func() error {
		if _, err := db.LibraryCount(ctx, ""); err != nil {
			return err
		}
		_, err := db.LibraryPage(ctx, "", storage.LibraryNewest, 0, 64)
		return err
	}); err != nil {
		return err
	}
	// Each key of the filter: both counts and the first page, the worst key.
	worst := 0.0
	for i := 1; i <= len(filter); i++ {
		prefix := filter[:i]
		ms, err := median(runs, func() error {
			if _, err := db.LibraryCount(ctx, ""); err != nil {
				return err
			}
			if _, err := db.LibraryCount(ctx, prefix); err != nil {
				return err
			}
			_, err := db.LibraryPage(ctx, prefix, storage.LibraryNewest, 0, 64)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Printf("filter-key-%s %.2f\n", prefix, ms)
		worst = max(worst, ms)
	}
	fmt.Printf("filter-key-worst %.2f\n", worst)
	// A change of order: the first page in each, the worst order.
	worst = 0
	for _, order := range []string{storage.LibraryTitle, storage.LibraryPublisher, storage.LibraryProgress, storage.LibraryClaims, storage.LibraryNewest} {
		ms, err := median(runs, func() error {
			if _, err := db.LibraryCount(ctx, ""); err != nil {
				return err
			}
			_, err := db.LibraryPage(ctx, "", order, 0, 64)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Printf("sort-%s %.2f\n", order, ms)
		worst = max(worst, ms)
	}
	fmt.Printf("sort-worst %.2f\n", worst)
	// A page read as the list scrolls to the middle and to the end of
	// the library, in the slowest orders to skip through.
	worst = 0
	for _, order := range []string{storage.LibraryNewest, storage.LibraryTitle, storage.LibraryProgress} {
		for _, at := range []int{articles / 2, max(articles-64, 0)} {
			ms, err := median(runs, func() error {
				_, err := db.LibraryPage(ctx, "", order, at, 64)
				return err
			})
			if err != nil {
				return err
			}
			worst = max(worst, ms)
		}
	}
	fmt.Printf("scroll-page-worst %.2f\n", worst)
	// The global search's first page.
	for _, w := range []struct{ name, word string }{{"common", common}, {"rare", rare}} {
		n := 0
		if err := show("search-"+w.name, func() error {
			hits, err := db.Search(ctx, w.word, 50)
			n = len(hits)
			return err
		}); err != nil {
			return err
		}
		fmt.Printf("search-%s-hits %d\n", w.name, n)
	}
	// The article with the most claims, as the window reads it to open it.
	page, err := db.LibraryPage(ctx, "", storage.LibraryClaims, 0, 1)
	if err != nil || len(page) == 0 {
		return fmt.Errorf("no article to open: %v", err)
	}
	big := page[0]
	fmt.Printf("largest-article %d\nlargest-claims %d\n", big.ID, big.Claims)
	if err := show("open-largest", func() error {
		if _, err := db.Article(ctx, big.ID); err != nil {
			return err
		}
		_, err := db.Claims(ctx, big.ID)
		return err
	}); err != nil {
		return err
	}
	if !whole {
		return nil
	}
	// A backup and the integrity check, once each: they read the whole file.
	dir, err := os.MkdirTemp("", "benchscale")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	backup := filepath.Join(dir, "backup.factdesk")
	if keep {
		if err := os.MkdirAll(storage.BackupDir(db.Path()), 0o755); err != nil {
			return err
		}
		backup = filepath.Join(storage.BackupDir(db.Path()), storage.BackupName(time.Now()))
	}
	t0 = time.Now()
	if err := db.Backup(ctx, backup); err != nil {
		return err
	}
	fmt.Printf("backup %.0f\n", float64(time.Since(t0).Microseconds())/1000)
	t0 = time.Now()
	if err := db.QuickCheck(ctx); err != nil {
		return err
	}
	fmt.Printf("quick-check %.0f\n", float64(time.Since(t0).Microseconds())/1000)
	if st, err := os.Stat(path); err == nil {
		fmt.Printf("file-mb %.0f\n", float64(st.Size())/(1<<20))
	}
	return nil
}

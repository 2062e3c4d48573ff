// Command benchanchor writes the re-anchoring benchmark's material to a
// folder and times this package's anchoring on it, for
// scripts/bench-anchor.sh to compare with approx-string-match under Node.js.
//
//	benchanchor gen DIR   writes text.txt, edited.txt and quotes.json
//	benchanchor run DIR   re-anchors the quotes on edited.txt and reports
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/anchor"
	"github.com/factdesk/factdesk/annotate/anchor/internal/benchgen"
)

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "gen" && os.Args[1] != "run") {
		fmt.Fprintln(os.Stderr, "usage: benchanchor gen|run DIR")
		os.Exit(2)
	}
	var err error
	if os.Args[1] == "gen" {
		err = gen(os.Args[2])
	} else {
		err = run(os.Args[2])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchanchor:", err)
		os.Exit(1)
	}
}

// gen writes the same material as the package's benchmarks use.
func gen(dir string) error {
	s := benchgen.Generate(1, 200_000, 1000, 0.01)
	q, err := json.Marshal(s.Quotes)
	if err != nil {
		return err
	}
	for name, b := range map[string][]byte{"text.txt": []byte(s.Text), "edited.txt": []byte(s.Edited), "quotes.json": q} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run(dir string) error {
	edited, err := os.ReadFile(filepath.Join(dir, "edited.txt"))
	if err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(dir, "quotes.json"))
	if err != nil {
		return err
	}
	var quotes []benchgen.Quote
	if err := json.Unmarshal(b, &quotes); err != nil {
		return err
	}
	anchors := make([]annotate.Anchor, len(quotes))
	for i, q := range quotes {
		anchors[i] = q.Anchor
	}
	text := []rune(string(edited))

	var results []anchor.Result
	locate := best(5, func() { results = anchor.LocateAll(text, anchors) })
	correct := 0
	for i, r := range results {
		q := quotes[i]
		if r.Method != annotate.AnchorOrphan && abs(r.Start-q.WantStart) <= 3 && abs(r.End-q.WantEnd) <= 3 {
			correct++
		}
	}
	// Exact search alone, as indexOf: every quote in the text it came from,
	// its position unknown, so that each is searched for.
	original, err := os.ReadFile(filepath.Join(dir, "text.txt"))
	if err != nil {
		return err
	}
	orig := []rune(string(original))
	unplaced := make([]annotate.Anchor, len(anchors))
	for i, a := range anchors {
		unplaced[i] = annotate.Anchor{Start: -1, End: -1, Exact: a.Exact}
	}
	found := 0
	exact := best(5, func() {
		found = 0
		for _, r := range anchor.LocateAll(orig, unplaced) {
			if r.Method == annotate.AnchorExact {
				found++
			}
		}
	})
	fmt.Printf("go locate_ms=%.1f correct=%d total=%d exact_ms=%.1f exact_found=%d\n",
		ms(locate), correct, len(quotes), ms(exact), found)
	return nil
}

// best runs f n times and returns the shortest time.
func best(n int, f func()) time.Duration {
	var times []time.Duration
	for range n {
		t := time.Now()
		f()
		times = append(times, time.Since(t))
	}
	return slices.Min(times)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

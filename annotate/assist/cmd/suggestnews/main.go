// Command suggestnews counts the suggestions the assistant makes on news
// pages at a threshold, and prints the best ones of chosen pages, to judge
// the suggestions as a reader would.
//
//	go run ./annotate/assist/cmd/suggestnews -pages ../shared/corpus/readability -extra ../shared/corpus/seed/000_df394b687b0d4f5e.txt -top 5 -show nytimes-3,wapo-1
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/factdesk/factdesk/annotate/assist"
	"github.com/factdesk/factdesk/annotate/ingest"
)

func main() {
	pages := flag.String("pages", "../shared/corpus/readability", "folder of pages, each a folder with source.html")
	extra := flag.String("extra", "", "comma-separated article files to count as well")
	minScore := flag.Float64("min", assist.DefaultThreshold, "threshold")
	top := flag.Int("top", 5, "how many suggestions to print for each page of -show")
	show := flag.String("show", "", "comma-separated page names whose best suggestions to print")
	quotes := flag.String("quotes", "", "comma-separated page names whose sentences with a quotation or a speech verb to print, to be labelled with their claimant")
	flag.Parse()

	kind := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(*pages, "_classification.json")); err == nil {
		var c map[string][]string
		if json.Unmarshal(b, &c) == nil {
			for k, names := range c {
				for _, n := range names {
					kind[n] = k
				}
			}
		}
	}
	type page struct{ name, path string }
	var list []page
	entries, err := os.ReadDir(*pages)
	if err != nil {
		fail(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			list = append(list, page{e.Name(), filepath.Join(*pages, e.Name(), "source.html")})
		}
	}
	if *extra != "" {
		for _, p := range strings.Split(*extra, ",") {
			list = append(list, page{filepath.Base(p), p})
		}
	}
	counts := map[string][]int{}
	shown := strings.Split(*show, ",")
	fmt.Printf("%-45s %-22s %6s %6s\n", "page", "kind", "sents", "suggested")
	for _, p := range list {
		b, err := os.ReadFile(p.path)
		if err != nil {
			fail(err)
		}
		d, err := ingest.Parse(b, ingest.FormatAuto, filepath.Base(p.path), "")
		if err != nil {
			fmt.Printf("%-45s %-22s %s\n", p.name, kind[p.name], "not imported: "+err.Error())
			continue
		}
		if slices.Contains(strings.Split(*quotes, ","), p.name) {
			r := []rune(d.Text)
			for _, sp := range assist.Sentences(d.Text) {
				s := string(r[sp.Start:sp.End])
				if quoteOrSpeech.MatchString(s) {
					fmt.Printf("%s\t%s\n", p.name, s)
				}
			}
			continue
		}
		sugs := assist.Suggest(d.Text, *minScore)
		k := kind[p.name]
		if k == "" {
			k = "article"
		}
		counts[k] = append(counts[k], len(sugs))
		fmt.Printf("%-45s %-22s %6d %6d\n", p.name, k, len(assist.Sentences(d.Text)), len(sugs))
		if slices.Contains(shown, p.name) {
			r := []rune(d.Text)
			for i, s := range sugs[:min(*top, len(sugs))] {
				who := s.Claimant
				if who == "" {
					who = "-"
				}
				fmt.Printf("    %d. %.2f [%s] %s\n", i+1, s.Score, who, string(r[s.Start:s.End]))
			}
		}
	}
	var kinds []string
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		c := slices.Clone(counts[k])
		slices.Sort(c)
		in := 0
		for _, n := range c {
			if n >= 3 && n <= 10 {
				in++
			}
		}
		fmt.Printf("%s: %d pages, median %d suggestions (min %d, max %d), %d with 3 to 10\n", k, len(c), c[len(c)/2], c[0], c[len(c)-1], in)
	}
}

var quoteOrSpeech = regexp.MustCompile(`["“”]|\b(said|says|told|according to|wrote|added|argued|claimed|explained|noted|stated|announced|warned)\b`)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "suggestnews:", err)
	os.Exit(1)
}

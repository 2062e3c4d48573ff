package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/factdesk/factdesk/annotate/assist"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// targetSuggestions is how many suggestions a typical news article should
// get at the default threshold.
const targetSuggestions = 6

// calibrate returns the shift that gives the median article of the news
// pages targetSuggestions suggestions at the default threshold: the median
// of each article's log-odds at that rank.
func calibrate(m *assist.Model, paths string) float64 {
	var kth []float64
	for _, text := range newsTexts(paths) {
		_, scores := m.ArticleScores(text)
		if len(scores) < targetSuggestions {
			continue
		}
		z := make([]float64, len(scores))
		for i, s := range scores {
			s = min(max(s, 1e-12), 1-1e-12)
			z[i] = math.Log(s/(1-s)) + float64(m.Shift)
		}
		slices.Sort(z)
		kth = append(kth, z[len(z)-targetSuggestions])
	}
	if len(kth) == 0 {
		fail(os.ErrNotExist)
	}
	slices.Sort(kth)
	// A shift just below the median k-th score keeps k at the default.
	return kth[len(kth)/2] - 1e-3 - math.Log(assist.DefaultThreshold/(1-assist.DefaultThreshold))
}

// newsTexts reads the articles named by a comma-separated list of paths:
// text or HTML files, or a folder of pages (each a folder with
// source.html), limited to the English news pages when the folder has a
// _classification.json.
func newsTexts(paths string) []string {
	var texts []string
	for _, p := range strings.Split(paths, ",") {
		st, err := os.Stat(p)
		if err != nil {
			fail(err)
		}
		if !st.IsDir() {
			texts = append(texts, parseFile(p))
			continue
		}
		var pages []string
		if b, err := os.ReadFile(filepath.Join(p, "_classification.json")); err == nil {
			var c map[string][]string
			if err := json.Unmarshal(b, &c); err != nil {
				fail(err)
			}
			pages = c["news_english"]
		} else {
			entries, _ := os.ReadDir(p)
			for _, e := range entries {
				if e.IsDir() {
					pages = append(pages, e.Name())
				}
			}
		}
		for _, page := range pages {
			texts = append(texts, parseFile(filepath.Join(p, page, "source.html")))
		}
	}
	return texts
}

func parseFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	d, err := ingest.Parse(b, ingest.FormatAuto, filepath.Base(path), "")
	if err != nil {
		fail(err)
	}
	return d.Text
}

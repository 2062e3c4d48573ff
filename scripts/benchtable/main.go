// Command benchtable turns the output of `go test -bench` into Markdown
// tables for BENCHMARKS.md: one row per benchmark with its time in
// milliseconds, memory, allocations, the custom metrics it reports, and the
// target it is held to when there is one.
//
// Usage:
//
//	go test -run '^$' -bench . -benchmem ./... | go run ./scripts/benchtable > bench.md
//
// When a benchmark appears several times (-count N) its row shows the median
// of each metric.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// target is what a benchmark should stay under, in milliseconds per
// operation, and why.
type target struct {
	ms  float64
	why string
}

// Targets are the ones the issues set where they set one; the rest are
// drawn from what the user sees: a frame at 60 Hz (16 ms), a response that
// feels instant (100 ms), one that does not break the flow of work (1 s).
// Keys are the benchmark names without the "Benchmark" prefix and the
// GOMAXPROCS suffix.
var targets = map[string]target{
	// annotate/anchor: re-anchoring runs on every re-import.
	"LocateUnchanged":           {20, "an unchanged article with 2,000 claims anchors in under 20 ms"},
	"LocateUnchangedFromString": {20, "the same, text decoding included"},
	"LocateEdited":              {500, "1,000 quotes on an edited 200 KB text: 10 times faster than approx-string-match (5 s)"},
	"Diff":                      {100, "diff of a 20,000-word article shown on demand"},
	// annotate/report: exports of a 10,000-claim article.
	"HTML10k":        {400, "HTML export of a 10,000-claim article"},
	"PDF10k":         {3000, "PDF of a 10,000-claim article"},
	"Markdown10k":    {100, "Markdown export of a 10,000-claim article"},
	"W3C10k":         {200, "W3C JSON-LD export of a 10,000-claim article"},
	"ClaimReview10k": {200, "ClaimReview JSON-LD export of a 10,000-claim article"},
	"CSV10k":         {1000, "CSV export of a 10,000-claim article"},
	"JSON10k":        {1000, "native JSON export of a 10,000-claim article"},
	// annotate/assist
	"Score":   {0.1, "10,000 sentences a second"},
	"Suggest": {1000, "suggestions for a 1,000-sentence article"},
	// annotate/ingest
	"ParseHTML": {500, "import of the largest corpus page (1.6 MB)"},
	// app
	"WorkspaceOpen":            {200, "half the 400 ms start-up budget for building the window"},
	"ArticleSwitch":            {100, "switching articles takes under 100 ms"},
	"ArticleSwitchUIGoroutine": {100, "the part of a switch that holds the window"},
	"SuggestionsLoad":          {1000, "suggestions appear while the article is read (off the UI goroutine)"},
	"ReaderOpen":               {150, "a 50,000-word article with 2,000 highlights, first frame"},
	"ReaderScroll":             {8, "scroll by one screen"},
	"ReaderRewrap":             {50, "re-wrap after a width change"},
	// storage
	"ClaimEdit":  {1, "a claim edit committed to disk, median"},
	"LoadClaims": {150, "loading 10,000 claims"},
	"Search":     {10, "a full-text query over 1,000 articles"},
	"Articles":   {100, "library list of 200 articles"},
}

// result is one benchmark's figures: metric unit to value.
type result struct {
	pkg, name string
	metrics   map[string]float64
	units     []string // in the order first seen
}

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)

// parse reads `go test -bench` output and returns the results in the order
// first seen, repeated runs folded into their median.
func parse(r io.Reader) ([]*result, error) {
	var (
		pkg     string
		order   []*result
		samples = map[string]map[string][]float64{}
		byKey   = map[string]*result{}
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		fields := strings.Fields(m[3])
		if len(fields)%2 != 0 {
			continue // a benchmark's log line that happens to look like one
		}
		key := pkg + " " + m[1]
		res, ok := byKey[key]
		if !ok {
			res = &result{pkg: pkg, name: m[1], metrics: map[string]float64{}}
			byKey[key] = res
			samples[key] = map[string][]float64{}
			order = append(order, res)
		}
		for i := 0; i < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchmark %s: value %q is not a number", m[1], fields[i])
			}
			unit := fields[i+1]
			if _, seen := samples[key][unit]; !seen {
				res.units = append(res.units, unit)
			}
			samples[key][unit] = append(samples[key][unit], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for key, res := range byKey {
		for unit, vs := range samples[key] {
			res.metrics[unit] = median(vs)
		}
	}
	return order, nil
}

func median(vs []float64) float64 {
	s := slices.Clone(vs)
	sort.Float64s(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// shortPkg drops the module path so that the table stays narrow.
func shortPkg(p string) string {
	const module = "github.com/factdesk/factdesk/"
	if s, ok := strings.CutPrefix(p, module); ok {
		return s
	}
	return p
}

// ms formats a duration in milliseconds with three significant digits.
func ms(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// bytes formats a byte count in binary units.
func bytes(v float64) string {
	switch {
	case v >= 1<<30:
		return fmt.Sprintf("%.1f GiB", v/(1<<30))
	case v >= 1<<20:
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	}
	return fmt.Sprintf("%.0f B", v)
}

// count formats a count with thousands separators.
func count(v float64) string {
	if v < 1 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// other lists the custom metrics: everything but time, memory and
// allocations. Metrics in ns are shown in ms too.
func other(r *result) string {
	var parts []string
	for _, u := range r.units {
		v := r.metrics[u]
		switch u {
		case "ns/op", "B/op", "allocs/op":
			continue
		}
		if rest, ok := strings.CutSuffix(u, "-ns/op"); ok {
			parts = append(parts, fmt.Sprintf("%s %s-ms/op", ms(v/1e6), rest))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", strconv.FormatFloat(v, 'g', 4, 64), u))
	}
	return strings.Join(parts, ", ")
}

// lookup finds the target of a benchmark; a sub-benchmark has its parent's
// target unless it has its own.
func lookup(name string) (target, bool) {
	if t, ok := targets[name]; ok {
		return t, true
	}
	parent, _, _ := strings.Cut(name, "/")
	t, ok := targets[parent]
	return t, ok
}

// write prints the results as one Markdown table and a line that counts the
// targets met.
func write(w io.Writer, results []*result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "Each target is judged on the median when a benchmark reports one, else on its CPU time per operation when it reports that, else on ms/op.")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "| package | benchmark | ms/op | B/op | allocs/op | other metrics | target | |")
	fmt.Fprintln(bw, "|---|---|--:|--:|--:|---|--:|---|")
	var withTarget, met int
	var missed []string
	for _, r := range results {
		t, ok := lookup(r.name)
		tgt, mark := "", ""
		if ok {
			withTarget++
			tgt = "< " + count(t.ms) + " ms"
			if measured(r)/1e6 < t.ms {
				met++
				mark = "met"
			} else {
				mark = "**missed**"
				missed = append(missed, r.name)
			}
		}
		mem, allocs := "", ""
		if v, ok := r.metrics["B/op"]; ok {
			mem = bytes(v)
		}
		if v, ok := r.metrics["allocs/op"]; ok {
			allocs = count(v)
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			shortPkg(r.pkg), r.name, ms(r.metrics["ns/op"]/1e6), mem, allocs, other(r), tgt, mark)
	}
	fmt.Fprintf(bw, "\n%d benchmarks; %d have a target, %d meet it.", len(results), withTarget, met)
	if len(missed) > 0 {
		fmt.Fprintf(bw, " Missed: %s.", strings.Join(missed, ", "))
	}
	fmt.Fprintln(bw)

	fmt.Fprintln(bw, "\n| target | why |")
	fmt.Fprintln(bw, "|---|---|")
	seen := map[string]bool{}
	for _, r := range results {
		name, _, _ := strings.Cut(r.name, "/")
		if t, ok := targets[name]; ok && !seen[name] {
			seen[name] = true
			fmt.Fprintf(bw, "| %s < %s ms | %s |\n", name, count(t.ms), t.why)
		}
	}
	return bw.Flush()
}

func main() {
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtable [bench.txt] > bench.md")
		os.Exit(2)
	}
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "benchtable: %v\n", err)
		os.Exit(1)
	}
}

// run reads the named file, or stdin when none is given, and writes the
// tables to stdout.
func run(args []string, stdin io.Reader, stdout io.Writer) error {
	in := stdin
	if len(args) == 1 {
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	results, err := parse(in)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("no benchmark results in the input")
	}
	return write(stdout, results)
}

// measured is the figure a target is judged on, in ns: the median when the
// benchmark reports one (a target "median under" means it); else the CPU
// time per operation when it reports that, since on a shared machine the
// wall clock of a benchmark run once or twice is mostly time spent waiting
// for a core; else ns/op.
func measured(r *result) float64 {
	if v, ok := r.metrics["median-ns/op"]; ok {
		return v
	}
	if v, ok := r.metrics["cpu-ns/op"]; ok {
		return v
	}
	if v, ok := r.metrics["cpu-ms/op"]; ok {
		return v * 1e6
	}
	return r.metrics["ns/op"]
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/factdesk/factdesk/storage
cpu: AMD EPYC
BenchmarkClaimEdit-2   	     500	   2400000 ns/op	   2100000 median-ns/op	   12345 B/op	     210 allocs/op
BenchmarkClaimEdit-2   	     500	   2600000 ns/op	   2300000 median-ns/op	   12345 B/op	     210 allocs/op
BenchmarkClaimEdit-2   	     500	   9000000 ns/op	   2200000 median-ns/op	   12345 B/op	     210 allocs/op
BenchmarkSearch-2      	      10	 150000000 ns/op	 3000000 B/op	   41000 allocs/op
PASS
ok  	github.com/factdesk/factdesk/storage	12.3s
pkg: github.com/factdesk/factdesk/annotate/anchor
BenchmarkExactSearch/runes-2 	      52	  22000000 ns/op	       0 B/op	       0 allocs/op
BenchmarkDiff-2        	       3	  41000000 ns/op	 5.50 MB/s
    bench_test.go:12: 21000 words
BenchmarkNoTarget-2    	     100	     12000 ns/op
ok  	github.com/factdesk/factdesk/annotate/anchor	3.1s
`

func TestParse(t *testing.T) {
	results, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pkg, name, unit string
		want            float64
	}{
		{"github.com/factdesk/factdesk/storage", "ClaimEdit", "ns/op", 2600000}, // median of three runs
		{"github.com/factdesk/factdesk/storage", "ClaimEdit", "median-ns/op", 2200000},
		{"github.com/factdesk/factdesk/storage", "Search", "allocs/op", 41000},
		{"github.com/factdesk/factdesk/annotate/anchor", "ExactSearch/runes", "ns/op", 22000000},
		{"github.com/factdesk/factdesk/annotate/anchor", "Diff", "MB/s", 5.5},
		{"github.com/factdesk/factdesk/annotate/anchor", "NoTarget", "ns/op", 12000},
	}
	if got, want := len(results), 5; got != want {
		t.Fatalf("len(results) = %d, want %d", got, want)
	}
	for _, tt := range tests {
		var found bool
		for _, r := range results {
			if r.pkg == tt.pkg && r.name == tt.name {
				found = true
				if got := r.metrics[tt.unit]; got != tt.want {
					t.Errorf("%s %s = %v, want %v", tt.name, tt.unit, got, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%s %s not parsed", tt.pkg, tt.name)
		}
	}
}

func TestWrite(t *testing.T) {
	results, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := write(&b, results); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| storage | ClaimEdit | 2.60 | 12.1 KiB | 210 | 2.20 median-ms/op | < 1 ms | **missed** |",
		"| storage | Search | 150 | 2.9 MiB | 41,000 |  | < 10 ms | **missed** |",
		"| annotate/anchor | ExactSearch/runes | 22.0 | 0 B | 0 |  |  |  |",
		"| annotate/anchor | Diff | 41.0 |  |  | 5.5 MB/s | < 100 ms | met |",
		"| annotate/anchor | NoTarget | 0.012 |  |  |  |  |  |",
		"5 benchmarks; 3 have a target, 1 meet it. Missed: ClaimEdit, Search.",
		"| ClaimEdit < 1 ms |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; got:\n%s", want, out)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, input, wantErr string
	}{
		{"results", sample, ""},
		{"no benchmarks", "PASS\nok  \tgithub.com/factdesk/factdesk/app\t1.0s\n", "no benchmark results in the input"},
		{"bad number", "BenchmarkX-2 10 1e ns/op\n", `benchmark X: value "1e" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".txt")
			if err := os.WriteFile(path, []byte(tt.input), 0o644); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			err := run([]string{path}, nil, &b)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("run = %v, want no error", err)
			case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr):
				t.Fatalf("run = %v, want %q", err, tt.wantErr)
			case tt.wantErr == "" && !strings.Contains(b.String(), "| package | benchmark |"):
				t.Errorf("run wrote %q, want a table", b.String())
			}
		})
	}
}

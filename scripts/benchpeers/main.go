// Command benchpeers is the Go half of scripts/bench-peers.sh and the
// material maker of scripts/bench-startup.sh. It runs SQL through
// modernc.org/sqlite exactly as written to the files that the sqlite3
// command-line tool runs, and makes articles and claims from the news corpus.
//
//	benchpeers writes -dir D [-n 10000]      claim-like INSERTs, each in its own transaction and all in one
//	benchpeers fts -dir D [-corpus C]        FTS5 queries over 1,000 articles
//	benchpeers article [-corpus C] [-words N] [-seed S] [-n N -dir D]   article texts
//	benchpeers claims [-n N]                 claim batch lines (JSON) for the canonical text on stdin
//
// The timed commands print one line of name=value pairs.
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchpeers writes|fts|article|claims [flags]")
		os.Exit(2)
	}
	ctx := context.Background()
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "writes":
		err = cmdWrites(ctx, args)
	case "fts":
		err = cmdFTS(ctx, args)
	case "article":
		err = cmdArticle(args, os.Stdout)
	case "claims":
		err = cmdClaims(args, os.Stdin, os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q (want writes, fts, article or claims)", cmd)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchpeers: %v\n", err)
		os.Exit(1)
	}
}

// pragmas are set by both sides before the timed statements; they are the
// library's own settings (storage/db.go).
var pragmas = []string{
	"PRAGMA journal_mode=WAL;",
	"PRAGMA synchronous=NORMAL;",
	"PRAGMA foreign_keys=ON;",
}

// claimsTable is the claims table of storage/migrations/001_init.sql, with
// its indexes, without the foreign key to articles.
const claimsTable = `CREATE TABLE claims (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id    INTEGER NOT NULL,
	start         INTEGER NOT NULL,
	"end"         INTEGER NOT NULL,
	status        TEXT NOT NULL DEFAULT 'unchecked',
	verdict       TEXT NOT NULL DEFAULT '',
	claimant      TEXT NOT NULL DEFAULT '',
	claim_date    TEXT NOT NULL DEFAULT '',
	anchor_method TEXT NOT NULL DEFAULT 'marked',
	anchor_score  REAL NOT NULL DEFAULT 1,
	created       TEXT NOT NULL,
	updated       TEXT NOT NULL,
	exact         TEXT NOT NULL,
	prefix        TEXT NOT NULL DEFAULT '',
	suffix        TEXT NOT NULL DEFAULT '',
	statement     TEXT NOT NULL,
	notes         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claims_article_start ON claims(article_id, start, "end");
CREATE INDEX claims_article_status ON claims(article_id, status);
CREATE INDEX claims_claimant ON claims(claimant);`

// insertSQL is the i-th claim-like row as one INSERT statement.
func insertSQL(i int) string {
	verdicts := []string{"", "true", "mostly-false", "false", "misleading"}
	statuses := []string{"unchecked", "in-progress", "done"}
	exact := fmt.Sprintf("The council said that spending on roads rose by %d percent in %d, the highest rise in a decade.", i%97, 1990+i%35)
	return fmt.Sprintf(`INSERT INTO claims (article_id, start, "end", status, verdict, claimant, claim_date, created, updated, exact, prefix, suffix, statement, notes) `+
		`VALUES (%d, %d, %d, '%s', '%s', 'Council member %d', '2024-12-01', '2025-02-01T10:00:00Z', '2025-02-01T10:00:00Z', '%s', 'of the meeting on Tuesday evening, ', ' Critics said the figure left out', '%s', 'The budget documents show a different figure.');`,
		1+i/50, i*120, i*120+len(exact), statuses[i%len(statuses)], verdicts[i%len(verdicts)], i%40, exact, exact)
}

// writesScripts are the statements of the two write runs: each INSERT in
// its own transaction, and all of them in one.
func writesScripts(n int) (each, one []string) {
	each = append(append(each, pragmas...), claimsTable)
	one = append(append(one, pragmas...), claimsTable)
	one = append(one, "BEGIN;")
	for i := range n {
		ins := insertSQL(i)
		each = append(each, "BEGIN;", ins, "COMMIT;")
		one = append(one, ins)
	}
	one = append(one, "COMMIT;")
	return each, one
}

// setupCount is how many statements open every script (pragmas and the
// table); they are run before the clock starts.
var setupCount = len(pragmas) + 1

func cmdWrites(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("writes", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory for the scripts and databases")
	n := fs.Int("n", 10_000, "rows")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("writes: give -dir")
	}
	each, one := writesScripts(*n)
	var out []string
	for _, run := range []struct {
		name  string
		stmts []string
	}{{"each", each}, {"one", one}} {
		// The script for sqlite3 opens with the same setup; the shell times
		// the whole file and subtracts a run of the setup alone.
		if err := writeScript(filepath.Join(*dir, run.name+".sql"), run.stmts); err != nil {
			return err
		}
		if err := writeScript(filepath.Join(*dir, run.name+"-setup.sql"), run.stmts[:setupCount]); err != nil {
			return err
		}
		ms, err := execTimed(ctx, filepath.Join(*dir, "go-"+run.name+".db"), run.stmts)
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s_ms=%.1f", run.name, ms))
	}
	fmt.Printf("modernc rows=%d %s\n", *n, strings.Join(out, " "))
	return nil
}

func writeScript(path string, stmts []string) error {
	return os.WriteFile(path, []byte(strings.Join(stmts, "\n")+"\n"), 0o644)
}

// execTimed creates the database at path, runs the setup statements, then
// times the rest, one Exec each on one connection as the CLI runs them.
func execTimed(ctx context.Context, path string, stmts []string) (float64, error) {
	os.Remove(path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	for _, s := range stmts[:setupCount] {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("%s: %w", s, err)
		}
	}
	t := time.Now()
	for _, s := range stmts[setupCount:] {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("%.60s: %w", s, err)
		}
	}
	return float64(time.Since(t).Microseconds()) / 1000, nil
}

// ftsQueries are the searches run by both sides: a common word, a rarer
// one, two words, a phrase, a prefix, an alternative and a NEAR group, each
// ranked with a snippet for the first 20 hits as the search panel shows.
var ftsQueries = []string{
	"said", "minister", "government police", `"prime minister"`, "econom*",
	"court OR judge", "NEAR(water energy, 10)", "president election", "climate", "hospital",
}

func ftsSelect(q string) string {
	return fmt.Sprintf(`SELECT rowid, title, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts WHERE articles_fts MATCH '%s' ORDER BY rank LIMIT 20;`,
		strings.ReplaceAll(q, "'", "''"))
}

func cmdFTS(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("fts", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory for the database and the queries")
	corpus := fs.String("corpus", filepath.Join("..", "shared", "corpus"), "the shared corpus")
	articles := fs.Int("articles", 1000, "articles")
	words := fs.Int("words", 1000, "words per article")
	reps := fs.Int("reps", 20, "times each query is run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("fts: give -dir")
	}
	pool, err := sentences(*corpus)
	if err != nil {
		return err
	}
	path := filepath.Join(*dir, "fts.db")
	os.Remove(path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range append(pragmas, "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text);") {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rng := rand.New(rand.NewPCG(7, 7))
	var size int
	for i := range *articles {
		text := makeArticle(rng, pool, *words)
		size += len(text)
		if _, err := tx.ExecContext(ctx, "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", i+1, fmt.Sprintf("Article %d", i+1), text); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE);"); err != nil {
		return err
	}

	var stmts []string
	for range *reps {
		for _, q := range ftsQueries {
			stmts = append(stmts, ftsSelect(q))
		}
	}
	if err := writeScript(filepath.Join(*dir, "queries.sql"), stmts); err != nil {
		return err
	}
	// Warm the page cache and count the hits once, untimed.
	hits := 0
	for _, q := range ftsQueries {
		n, err := query(ctx, db, ftsSelect(q))
		if err != nil {
			return fmt.Errorf("query %s: %w", q, err)
		}
		hits += n
	}
	t := time.Now()
	for _, s := range stmts {
		if _, err := query(ctx, db, s); err != nil {
			return err
		}
	}
	ms := float64(time.Since(t).Microseconds()) / 1000
	fmt.Printf("modernc articles=%d text_mb=%.1f queries=%d hits_per_round=%d fts_ms=%.1f\n", *articles, float64(size)/(1<<20), len(stmts), hits, ms)
	return nil
}

// query runs a SELECT and reads every column of every row.
func query(ctx context.Context, db *sql.DB, q string) (int, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var title, snip string
		if err := rows.Scan(&id, &title, &snip); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// sentenceEnd splits paragraphs into sentences, roughly.
var sentenceEnd = regexp.MustCompile(`[.!?]["”’]?\s+`)

// sentences are the sentences of the readability corpus's expected
// extractions, in a fixed order: paragraphs of at least a dozen words,
// sentences of 6 to 60 words.
func sentences(corpus string) ([]string, error) {
	pages, err := filepath.Glob(filepath.Join(corpus, "readability", "*", "expected.html"))
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no corpus pages under %s (want readability/*/expected.html)", corpus)
	}
	sort.Strings(pages)
	var out []string
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		for _, para := range paragraphs(data) {
			if len(strings.Fields(para)) < 12 {
				continue
			}
			for _, s := range splitSentences(para) {
				if n := len(strings.Fields(s)); n >= 6 && n <= 60 && utf8.ValidString(s) {
					out = append(out, s)
				}
			}
		}
	}
	if len(out) < 1000 {
		return nil, fmt.Errorf("only %d sentences in the corpus under %s", len(out), corpus)
	}
	return out, nil
}

func splitSentences(para string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(para, -1) {
		out = append(out, strings.TrimSpace(para[last:m[1]]))
		last = m[1]
	}
	if rest := strings.TrimSpace(para[last:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// paragraphs returns the text of each <p> of an HTML page, white space
// folded.
func paragraphs(page []byte) []string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	var out []string
	var text func(n *html.Node, b *strings.Builder)
	text = func(n *html.Node, b *strings.Builder) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c, b)
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "p" {
			var b strings.Builder
			text(n, &b)
			out = append(out, strings.Join(strings.Fields(b.String()), " "))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// makeArticle draws sentences from the pool until the article has about
// words words, five sentences to a paragraph.
func makeArticle(rng *rand.Rand, pool []string, words int) string {
	var b strings.Builder
	for n, i := 0, 0; n < words; i++ {
		s := pool[rng.IntN(len(pool))]
		if i > 0 {
			if i%5 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
		n += len(strings.Fields(s))
	}
	return b.String()
}

func cmdArticle(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("article", flag.ContinueOnError)
	corpus := fs.String("corpus", filepath.Join("..", "shared", "corpus"), "the shared corpus")
	words := fs.Int("words", 2000, "words in the article")
	seed := fs.Uint64("seed", 1, "which article (the first, with -n)")
	n := fs.Int("n", 0, "write this many articles to -dir as article-NNN.txt instead of one to stdout")
	dir := fs.String("dir", "", "directory for -n")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pool, err := sentences(*corpus)
	if err != nil {
		return err
	}
	if *n == 0 {
		_, err = io.WriteString(w, makeArticle(rand.New(rand.NewPCG(*seed, 11)), pool, *words)+"\n")
		return err
	}
	if *dir == "" {
		return errors.New("article: -n needs -dir")
	}
	for i := range *n {
		s := *seed + uint64(i)
		text := makeArticle(rand.New(rand.NewPCG(s, 11)), pool, *words) + "\n"
		if err := os.WriteFile(filepath.Join(*dir, fmt.Sprintf("article-%03d.txt", s)), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// claimLine is one line of `factdesk claim batch`.
type claimLine struct {
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Claimant string   `json:"claimant,omitempty"`
	Status   string   `json:"status,omitempty"`
	Verdict  string   `json:"verdict,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// cmdClaims marks n sentences spread evenly over the canonical text on
// stdin, one claim batch line each, with offsets in code points; every
// third claim is done with a verdict.
func cmdClaims(args []string, r io.Reader, w io.Writer) error {
	fs := flag.NewFlagSet("claims", flag.ContinueOnError)
	n := fs.Int("n", 50, "claims")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	text := []rune(strings.TrimRight(string(data), "\n"))
	var spans [][2]int
	start := 0
	for i, c := range text {
		end := i + 1
		if (c == '.' || c == '?' || c == '!') && (end == len(text) || text[end] == ' ' || text[end] == '\n') {
			if s := trimStart(text, start); end-s >= 20 {
				spans = append(spans, [2]int{s, end})
			}
			start = end
		}
	}
	if len(spans) < *n {
		return fmt.Errorf("claims: the text has %d sentences, fewer than %d", len(spans), *n)
	}
	verdicts := []string{"true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unverifiable"}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range *n {
		sp := spans[i*len(spans)/(*n)]
		c := claimLine{Start: sp[0], End: sp[1], Claimant: fmt.Sprintf("Speaker %d", i%12), Tags: []string{[]string{"economy", "health", "crime", "climate"}[i%4]}}
		if i%3 == 0 {
			c.Status, c.Verdict, c.Note = "done", verdicts[i%len(verdicts)], "Checked against the published figures."
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func trimStart(text []rune, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\n') {
		i++
	}
	return i
}

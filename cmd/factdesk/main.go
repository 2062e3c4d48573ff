// Command factdesk is the FactDesk workbench: with no arguments it opens the
// window; with a sub-command it works on the library from the command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// start is when the process began, for the first-frame trace: the time a
// benchmark gives in FACTDESK_EXEC_NS, read just before it ran the program,
// so that the start-up before main (every package's init) counts too.
var start = execTime()

func execTime() time.Time {
	if ns, err := strconv.ParseInt(os.Getenv("FACTDESK_EXEC_NS"), 10, 64); err == nil {
		return time.Unix(0, ns)
	}
	return time.Now()
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what a command reads and writes.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one sub-command of the command line.
type command struct {
	name    string
	args    string // synopsis of the arguments
	summary string
	run     func(e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"import", "FILE|URL|- [--title T] [--url U] [--format auto|text|markdown|html|pdf|vtt|srt|transcript] [--password P]", "import an article; prints its id", cmdImport},
		{"sample", "", "add the sample article to the library unless it is there", cmdSample},
		{"articles", "", "list the articles: id, title, claims, checked", cmdArticles},
		{"text", "ARTICLE", "print an article's canonical text", cmdText},
		{"article", "set ARTICLE [--title T] [--byline B] [--publisher P] [--url U] [--published YYYY-MM-DD] [--language L]", "change an article's details", cmdArticle},
		{"rm", "ARTICLE", "delete an article with its claims", cmdRemoveArticle},
		{"claim", "add|set|rm ...", "add, change or remove a claim", cmdClaim},
		{"claims", "ARTICLE", "list an article's claims in text order", cmdClaims},
		{"source", "add|set|rm ...", "add, change or remove a claim's source", cmdSource},
		{"search", "QUERY", "full-text search over articles, claims, notes and sources", cmdSearch},
		{"update", "ARTICLE [FILE|URL] [--password P]", "store a new version of an article and re-anchor its claims", cmdUpdate},
		{"versions", "ARTICLE", "list an article's stored versions", cmdVersions},
		{"diff", "ARTICLE [FROM TO]", "show what changed between two versions", cmdDiff},
		{"anchor", "--text FILE --selectors FILE.json", "place W3C selectors on a text, one JSON line each", cmdAnchor},
		{"export", "ARTICLE|--all --format html|pdf|md|csv|json|w3c|claimreview [-o FILE] [--include-notes] [--full-text]", "export a report or data", cmdExport},
		{"import-annotations", "FILE [--article ID]", "import a FactDesk JSON export, or W3C annotations onto an article", cmdImportAnnotations},
		{"check", "ARTICLE", "list what a report still lacks before it is published", cmdCheck},
		{"publish", "ARTICLE URL [--at TIME] | ARTICLE --undo", "mark an article's fact-check as published at its public URL", cmdPublish},
		{"history", "ARTICLE | ARTICLE/N | claim ID [--undo] [--json]", "the recorded changes of an article or a claim, with who made them and when; --undo undoes a claim's latest edit", cmdHistory},
		{"config", "set KEY VALUE | get KEY | list", "settings: org.name, org.url, corrections.url, methodology, and user.name (the author of your changes)", cmdConfig},
		{"suggest", "ARTICLE [--min S]", "sentences worth checking, with score and claimant", cmdSuggest},
		{"score", "", "score sentences from stdin, one a line, for evaluation", cmdScore},
		{"backup", "[FILE]", "copy the library to FILE or a dated file in the backup folder; prints its path", cmdBackup},
		{"restore", "FILE", "replace the library with a backup, keeping the old one as LIBRARY.before-restore", cmdRestore},
		{"serve", "[--port N] [--claim CLAIM]", "run the browser connector on 127.0.0.1 without the window; prints its address first", cmdServe},
		{"connector", "--dir DIR | pair | revoke | devices", "write out the browser extension, or pair, unpair and list browsers", cmdConnector},
		{"team", "init postgres://... | join postgres://... [--as NAME] | status", "set up a team library on PostgreSQL, link this library to one, or show where its sync stands", cmdTeam},
		{"sync", "", "send this desk's changes to its team library and receive the others'", cmdSync},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	i := commandIndex(args)
	if i < 0 {
		return exit(e, runGUI(e, args))
	}
	// Global flags may come before the command (factdesk --db F claim add
	// 1 ...): they move to the end, after any sub-command.
	args = append(append([]string{args[i]}, args[i+1:]...), args[:i]...)
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return 0
	case "-v", "--version", "version":
		fmt.Fprintf(stdout, "factdesk %s\n", version)
		return 0
	}
	if err := checkArgs(args[1:]); err != nil {
		return exit(e, err)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return exit(e, c.run(e, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "factdesk: unknown command %q (run 'factdesk help' for the list)\n", args[0])
	return 2
}

// exit writes err as one line to stderr and returns the exit code: 0 on
// success, 2 on bad usage, 1 on a failed operation.
func exit(e *env, err error) int {
	if err == nil {
		return 0
	}
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintf(e.stderr, "factdesk: %s\n", oneLine(u.msg))
		return 2
	}
	fmt.Fprintf(e.stderr, "factdesk: %s\n", oneLine(annotate.ErrorMessage(err)))
	return 1
}

// commandIndex is the index of the sub-command in args, skipping the flags
// (and their values) that may come before it, or -1 when there is none.
func commandIndex(args []string) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--db" || a == "-db" || a == "--demo" || a == "-demo":
			i++ // its value
		case strings.HasPrefix(a, "-") && a != "-" && a != "-h" && a != "--help" && a != "-v" && a != "--version":
		default:
			return i
		}
	}
	return -1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "FactDesk %s: mark, check and report the claims in articles.\n\n", version)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  factdesk [--db PATH]              open the window")
	for _, c := range commands {
		fmt.Fprintf(w, "  factdesk %-8s %s\n", c.name, c.args)
		fmt.Fprintf(w, "           %s\n", c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --db PATH (default: factdesk.db in $XDG_DATA_HOME/factdesk")
	fmt.Fprintln(w, "or ~/.local/share/factdesk; FACTDESK_DB overrides) and --json for JSON output.")
	fmt.Fprintln(w, "--db postgres://USER@HOST/DATABASE opens the team library on a PostgreSQL server.")
	fmt.Fprintln(w, "Exit status: 0 success, 1 the operation failed, 2 bad usage.")
}

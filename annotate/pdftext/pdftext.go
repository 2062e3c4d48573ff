// Package pdftext reads the text of PDF documents with PDFium, compiled to
// WebAssembly and run in a worker process of its own, so that a hostile or
// huge PDF can neither crash the program nor take its memory: the worker is
// killed when it passes its limits of time and memory.
package pdftext

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Document is the text of a PDF as PDFium lays it out: the runs of text of
// each page with where they stand.
type Document struct {
	Title  string `json:"title,omitempty"` // from the document's information
	Author string `json:"author,omitempty"`
	Pages  []Page `json:"pages"`
}

// Page is one page: its size in points and its runs of text.
type Page struct {
	Number int     `json:"n"`
	Width  float64 `json:"w"`
	Height float64 `json:"h"`
	Spans  []Span  `json:"spans"`
}

// Span is a run of text on one line in one font. X0, X1 are from the
// page's left edge; Top and Bottom from its bottom edge, as PDF measures,
// so Top > Bottom.
type Span struct {
	Text   string  `json:"t"`
	X0     float64 `json:"x0"`
	X1     float64 `json:"x1"`
	Top    float64 `json:"top"`
	Bottom float64 `json:"bot"`
	Size   float64 `json:"size,omitempty"`
	Bold   bool    `json:"b,omitempty"`
}

// Errors a caller branches on, inside the *annotate.Error that says what
// happened.
var (
	// ErrPassword: the PDF needs a password to be opened, or the one given
	// is wrong.
	ErrPassword = errors.New("pdf needs a password")
	// ErrCorrupt: the data is not a PDF that PDFium can read.
	ErrCorrupt = errors.New("pdf damaged")
	// ErrLimit: the worker passed its time or memory limit and was killed.
	ErrLimit = errors.New("pdf worker over its limits")
)

// Options are the limits of one extraction and who hears its progress.
type Options struct {
	Password string
	// Timeout bounds the whole extraction, PDFium's start included;
	// MaxRSS the worker's resident memory in bytes. Zero takes the
	// defaults.
	Timeout time.Duration
	MaxRSS  int64
	// Progress, if not nil, hears the pages read so far and their total;
	// (0, 0) first, once PDFium has started (which takes seconds the first
	// time, while it is compiled, and a fraction of one after).
	Progress func(done, total int)
}

// Defaults. A cold start of PDFium compiles it to machine code and peaks
// near 350 MB; warm, it takes about 60 MB before the document.
const (
	DefaultTimeout = 120 * time.Second
	DefaultMaxRSS  = 1 << 30
)

// Stats are what one run of the worker measured.
type Stats struct {
	Start   time.Duration // until PDFium was ready
	Total   time.Duration // the whole run, the process's start included
	PeakRSS int64         // bytes
}

// WorkerArg is the sub-command that makes the program a PDF worker;
// WorkerEnv marks the process as one, so that a test binary can serve too.
const (
	WorkerArg = "pdf-worker"
	WorkerEnv = "FACTDESK_PDF_WORKER"
)

// IsWorker reports whether this process was started as a PDF worker.
func IsWorker() bool { return os.Getenv(WorkerEnv) == "1" }

// Executable is the program started as the worker; tests may change it.
var Executable = os.Executable

// Extract reads the text of the PDF in data in a worker process.
func Extract(ctx context.Context, data []byte, opt Options) (*Document, Stats, error) {
	var st Stats
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxRSS <= 0 {
		opt.MaxRSS = DefaultMaxRSS
	}
	if IsWorker() {
		// A test binary without the worker hook in its TestMain would
		// run its tests again as the worker: never more than once.
		return nil, st, annotate.Errorf(annotate.EINTERNAL, "cannot start the PDF reader from a PDF reader (a test binary's TestMain must serve pdftext.ServeWorker when pdftext.IsWorker())")
	}
	exe, err := Executable()
	if err != nil {
		return nil, st, annotate.Wrapf(err, annotate.EINTERNAL, "cannot start the PDF reader: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	began := time.Now()
	cmd := exec.Command(exe, WorkerArg)
	cmd.Env = append(os.Environ(), WorkerEnv+"=1", "GOMEMLIMIT="+strconv.FormatInt(opt.MaxRSS*3/4, 10))
	header, _ := json.Marshal(request{Password: opt.Password})
	cmd.Stdin = io.MultiReader(bytes.NewReader(append(header, '\n')), bytes.NewReader(data))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, st, annotate.Wrapf(err, annotate.EINTERNAL, "cannot start the PDF reader: %v", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, st, annotate.Wrapf(err, annotate.EINTERNAL, "cannot start the PDF reader: %v", err)
	}

	// The watchdog kills the worker when it passes its limits.
	var mu sync.Mutex
	over := ""
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				mu.Lock()
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					over = fmt.Sprintf("took more than %s", opt.Timeout)
				} else {
					over = "was cancelled"
				}
				mu.Unlock()
				cmd.Process.Kill()
				return
			case <-tick.C:
				if rss := residentBytes(cmd.Process.Pid); rss > opt.MaxRSS {
					mu.Lock()
					over = fmt.Sprintf("took more than %d MB of memory", opt.MaxRSS>>20)
					mu.Unlock()
					cmd.Process.Kill()
					return
				}
			}
		}
	}()

	var other strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "ready":
			st.Start = time.Since(began)
			if opt.Progress != nil {
				opt.Progress(0, 0)
			}
		case strings.HasPrefix(line, "page "):
			var d, n int
			if _, err := fmt.Sscanf(line, "page %d %d", &d, &n); err == nil && opt.Progress != nil {
				opt.Progress(d, n)
			}
		default:
			if other.Len() < 4096 {
				other.WriteString(line + "\n")
			}
		}
	}
	werr := cmd.Wait()
	close(done)
	st.Total = time.Since(began)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		st.PeakRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	mu.Lock()
	killed := over
	mu.Unlock()
	if killed != "" {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, st, ctx.Err()
		}
		return nil, st, annotate.Wrapf(ErrLimit, annotate.ETOOLARGE, "the PDF reader %s and was stopped", killed)
	}
	var resp response
	if err := json.Unmarshal(stdout.Bytes(), &resp); err != nil {
		msg := strings.TrimSpace(other.String())
		if msg == "" && werr != nil {
			msg = werr.Error()
		}
		return nil, st, annotate.Errorf(annotate.EINTERNAL, "the PDF reader failed: %s", clip(msg))
	}
	if resp.Error != nil {
		return nil, st, resp.Error.err()
	}
	if resp.Document == nil {
		return nil, st, annotate.Errorf(annotate.EINTERNAL, "the PDF reader gave no answer")
	}
	return resp.Document, st, nil
}

// residentBytes is the resident memory of process pid, or 0 when unknown.
func residentBytes(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// request is what the worker reads on its standard input before the PDF.
type request struct {
	Password string `json:"password,omitempty"`
}

// response is what the worker writes on its standard output.
type response struct {
	Document *Document    `json:"document,omitempty"`
	Error    *workerError `json:"error,omitempty"`
}

// Kinds of worker error.
const (
	kindPassword = "password"
	kindCorrupt  = "corrupt"
	kindInternal = "internal"
)

// workerError is a failure the worker reports.
type workerError struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func (e *workerError) Error() string { return e.Message }

func (e *workerError) err() error {
	switch e.Kind {
	case kindPassword:
		return annotate.Wrapf(ErrPassword, annotate.EINVALID, "%s", e.Message)
	case kindCorrupt:
		return annotate.Wrapf(ErrCorrupt, annotate.EINVALID, "%s", e.Message)
	}
	return annotate.Errorf(annotate.EINTERNAL, "the PDF reader failed: %s", e.Message)
}

// ServeWorker is the worker: it reads a request line and a PDF on stdin,
// writes the document or the error as JSON on stdout, and "ready" and its
// progress on stderr. It returns the exit code.
func ServeWorker(stdin io.Reader, stdout, stderr io.Writer) int {
	in := bufio.NewReader(stdin)
	line, err := in.ReadBytes('\n')
	if err != nil {
		return writeResponse(stdout, response{Error: &workerError{Kind: kindInternal, Message: "no request"}})
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return writeResponse(stdout, response{Error: &workerError{Kind: kindInternal, Message: "bad request"}})
	}
	data, err := io.ReadAll(io.LimitReader(in, annotate.MaxInputBytes+1))
	if err != nil || len(data) > annotate.MaxInputBytes {
		return writeResponse(stdout, response{Error: &workerError{Kind: kindInternal, Message: "cannot read the PDF"}})
	}
	ctx := context.Background()
	e, err := newEngine(ctx)
	if err != nil {
		return writeResponse(stdout, response{Error: &workerError{Kind: kindInternal, Message: "cannot start PDFium: " + err.Error()}})
	}
	defer e.close()
	fmt.Fprintln(stderr, "ready")
	doc, err := e.extract(data, req.Password, func(done, total int) {
		fmt.Fprintf(stderr, "page %d %d\n", done, total)
	})
	if err != nil {
		var we *workerError
		if !errors.As(err, &we) {
			we = &workerError{Kind: kindInternal, Message: err.Error()}
		}
		return writeResponse(stdout, response{Error: we})
	}
	return writeResponse(stdout, response{Document: doc})
}

func writeResponse(w io.Writer, r response) int {
	if err := json.NewEncoder(w).Encode(r); err != nil {
		return 1
	}
	if r.Error != nil {
		return 1
	}
	return 0
}

func itoa(n int) string { return strconv.Itoa(n) }

// blankPDF is the smallest PDF: one empty page.
const blankPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// Warm starts the worker once on an empty page, so that PDFium is
// compiled into the cache before the first PDF is imported: the window
// may call it in the background after it has opened.
func Warm(ctx context.Context) (Stats, error) {
	_, st, err := Extract(ctx, []byte(blankPDF), Options{})
	return st, err
}

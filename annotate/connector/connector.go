// Package connector is the desktop end of the browser connector: a small
// HTTP server on the loopback interface through which a paired browser
// extension saves the page the fact-checker sees (as rendered, behind a
// paywall or built by scripts) into the library, marks a selection as a
// claim, adds the page as a source of the claim selected in the window, and
// reads the desk's claims on that one page for its overlay.
//
// No web page can drive it: every call needs a token obtained by pairing
// with a one-time code the desk shows; the Host header must name the
// loopback address and port (which defeats DNS rebinding); calls from
// http(s) origins are refused and get no CORS headers; bodies are limited
// as imports are.
package connector

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// DefaultPort is the port the connector listens on unless told otherwise.
const DefaultPort = 23129

// Store is what the connector needs from the library. *storage.DB
// satisfies it.
type Store interface {
	Articles(ctx context.Context) ([]annotate.ArticleSummary, error)
	Article(ctx context.Context, id int64) (*annotate.Article, error)
	CreateArticle(ctx context.Context, a *annotate.Article, v *annotate.ArticleVersion) error
	Claims(ctx context.Context, articleID int64) ([]*annotate.Claim, error)
	Claim(ctx context.Context, id int64) (*annotate.Claim, error)
	CreateClaim(ctx context.Context, c *annotate.Claim) error
	AddSource(ctx context.Context, s *annotate.Source) error
}

// Desk is the window the connector serves, or nothing for a headless desk.
// Its methods are called on the server's goroutines: an implementation
// hands the work to the UI goroutine (fyne.Do) and must not block.
type Desk interface {
	// SelectedClaim is the claim selected in the window, for "add as
	// source"; ok is false when none is.
	SelectedClaim() (id int64, ok bool)
	// Changed tells the window what a call has just committed, so that
	// it shows it at once and records it in its history.
	Changed(e Event)
}

// EventKind says what a call did.
type EventKind string

const (
	PageSaved   EventKind = "page-saved"   // an article was imported from the browser
	ClaimAdded  EventKind = "claim-added"  // a selection became a claim
	SourceAdded EventKind = "source-added" // the page became a source of a claim
)

// Event is one change made through the connector, committed before it is
// reported.
type Event struct {
	Kind      EventKind
	ArticleID int64
	ClaimID   int64 // ClaimAdded, SourceAdded
	SourceID  int64 // SourceAdded
	Title     string
	URL       string
	// Selection is where the page's selection lies in the saved article
	// (code points), for PageSaved with a selection that was found.
	Selection *Span
	// Snapshot is the file of the page's sanitised copy kept for a
	// source (SourceAdded), "" when none was kept.
	Snapshot string
}

// Span is a range [Start, End) of code points in an article's text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Config says how to run the connector.
type Config struct {
	// Port is the TCP port on 127.0.0.1 and ::1; 0 picks a free one.
	Port int
	// Pairing holds the paired browsers and the pairing codes.
	Pairing *Pairing
	// Store is the open library; nil until one is open (see SetStore).
	Store Store
	// Desk is the window; nil for a headless desk.
	Desk Desk
	// Snapshots is the folder where a source's sanitised page is kept
	// (see SnapshotDir); "" keeps none.
	Snapshots string
	// Version is FactDesk's version, answered by ping.
	Version string
}

// Server is a running connector.
type Server struct {
	cfg       Config
	port      int
	listeners []net.Listener
	http      *http.Server
	done      chan struct{}

	mu    sync.Mutex
	store Store
	// write serialises the calls that import: each holds a page of up to
	// 20 MB in memory several times over while it is parsed.
	write sync.Mutex
	now   func() time.Time
}

// ErrPortTaken is returned by Start when another program listens on the
// port.
var ErrPortTaken = errors.New("port taken")

// Start listens on 127.0.0.1 and, where the system has it, on ::1, and
// serves until Close.
func Start(cfg Config) (*Server, error) {
	s, err := newServer(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.Port)))
	if err != nil {
		return nil, listenError("127.0.0.1", cfg.Port, err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	s.listeners = append(s.listeners, ln)
	ln6, err := net.Listen("tcp6", net.JoinHostPort("::1", strconv.Itoa(s.port)))
	switch {
	case err == nil:
		s.listeners = append(s.listeners, ln6)
	case errors.Is(err, syscall.EADDRINUSE):
		ln.Close()
		return nil, listenError("::1", s.port, err)
	default:
		// No IPv6 loopback on this system: 127.0.0.1 is enough.
	}
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	var wg sync.WaitGroup
	for _, l := range s.listeners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.http.Serve(l)
		}()
	}
	go func() {
		wg.Wait()
		close(s.done)
	}()
	return s, nil
}

func newServer(cfg Config) (*Server, error) {
	if cfg.Pairing == nil {
		return nil, annotate.Errorf(annotate.EINVALID, "the connector needs a pairing file")
	}
	if cfg.Port < 0 || cfg.Port > 65535 {
		return nil, annotate.Errorf(annotate.EINVALID, "port %d is not between 1 and 65535", cfg.Port)
	}
	return &Server{cfg: cfg, port: cfg.Port, store: cfg.Store, done: make(chan struct{}), now: time.Now}, nil
}

// portTaken is the error of a port another program listens on; it is
// ErrPortTaken to errors.Is.
type portTaken struct{ msg string }

func (e *portTaken) Error() string        { return e.msg }
func (e *portTaken) Is(target error) bool { return target == ErrPortTaken }

func listenError(host string, port int, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return &portTaken{fmt.Sprintf("port %d on %s is taken by another program (is FactDesk already running? choose another port with --port)", port, host)}
	}
	if errors.Is(err, syscall.EACCES) {
		return annotate.Errorf(annotate.EINVALID, "cannot listen on port %d of %s: permission denied (choose a port above 1023)", port, host)
	}
	return annotate.Errorf(annotate.EINTERNAL, "cannot listen on port %d of %s: %v", port, host, err)
}

// Port is the port the connector listens on.
func (s *Server) Port() int { return s.port }

// Addr is the connector's address, http://127.0.0.1:PORT.
func (s *Server) Addr() string { return "http://127.0.0.1:" + strconv.Itoa(s.port) }

// SetStore changes the library the connector works on; nil means none is
// open, and calls other than ping say so.
func (s *Server) SetStore(st Store) {
	s.mu.Lock()
	s.store = st
	s.mu.Unlock()
}

func (s *Server) currentStore() Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store
}

// Close stops listening and waits up to five seconds for calls in
// progress.
func (s *Server) Close() error {
	if s.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	<-s.done
	return err
}

// Done is closed when the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.done }

// Package pgtest starts a throwaway PostgreSQL 15 server for tests: one per
// test binary, listening on 127.0.0.1 only, with an empty database for
// each test, and a server of its own for a test that stops and restarts
// it (StartOwn), or that logs in over TLS (StartOwnTLS). A test package
// that uses it stops the server at the end with
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
//
// and the server also goes when the test binary dies (a timeout, say).
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// BinDir is where the PostgreSQL 15 programs are looked for.
const BinDir = "/usr/lib/postgresql/15/bin"

// Server is a running throwaway server.
type Server struct {
	dir     string // holds the data directory, the socket and the log
	port    int
	durable bool       // commits wait for their log to be written (StartOwn)
	tls     *authority // the server's certificate authority (StartOwnTLS), or nil
	proc    *exec.Cmd
	exit    chan error // the server process's end
	running bool
	dbs     atomic.Int64
}

var (
	once    sync.Once
	started *Server
	failed  error
	skip    string // why there is no server to start, when there is none
)

// Start returns the test binary's server, starting it on first use. When
// PostgreSQL is not installed the test is skipped, unless CI=true, where it
// fails: CI must run these tests.
func Start(tb testing.TB) *Server {
	tb.Helper()
	once.Do(func() {
		if skip = missing(); skip == "" {
			started, failed = start(false, false)
		}
	})
	skipUnless(tb, skip)
	if failed != nil {
		tb.Fatalf("pgtest: %v", failed)
	}
	return started
}

// StartOwn starts a server for tb alone, which tb may stop and start again
// (Stop, Restart) without disturbing the other tests, and which goes with
// its files when tb ends. Unlike Start's, it waits for a commit's log to
// be written before acknowledging it, as a server in use does, so that an
// immediate stop loses no commit a client was told of.
func StartOwn(tb testing.TB) *Server {
	tb.Helper()
	return startOwn(tb, false)
}

func startOwn(tb testing.TB, tls bool) *Server {
	tb.Helper()
	skipUnless(tb, missing())
	s, err := start(true, tls)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.stop(); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	return s
}

// skipUnless skips tb when there is a reason why no server can start, or
// fails it under CI=true: CI must run these tests.
func skipUnless(tb testing.TB, why string) {
	tb.Helper()
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("pgtest: %s; CI must run the PostgreSQL tests", why)
	}
	tb.Skipf("pgtest: %s", why)
}

// missing says which PostgreSQL program is not installed, or is "".
func missing() string {
	for _, prog := range []string{"initdb", "postgres", "pg_ctl"} {
		if _, err := os.Stat(filepath.Join(BinDir, prog)); err != nil {
			return fmt.Sprintf("PostgreSQL 15 is not installed (no %s in %s; apt-get install postgresql-15)", prog, BinDir)
		}
	}
	return ""
}

// Stop stops the server at once, as a crash would: its clients' connections
// break and nothing is written back. Restart starts it again.
func (s *Server) Stop(tb testing.TB) {
	tb.Helper()
	if err := s.halt(); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
}

// Restart starts a server that Stop stopped, on the same data and port,
// and returns when it takes connections again (after its crash recovery).
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	if s.running {
		tb.Fatalf("pgtest: the server on 127.0.0.1:%d is running; Stop it first", s.port)
	}
	owner, err := serverUser()
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	if err := s.launch(owner); err != nil {
		tb.Fatalf("pgtest: restart: %v", err)
	}
}

// Run runs m's tests and then stops the server, if one was started, and
// removes its files. It returns m.Run's exit code.
func Run(m *testing.M) int {
	code := m.Run()
	if started != nil {
		if err := started.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		}
	}
	return code
}

// NewDatabase creates an empty database for tb on the server and returns
// its URL.
func (s *Server) NewDatabase(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t_%d", s.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := s.connect(ctx, "postgres")
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	defer conn.Close(ctx)
	// FILE_COPY copies template1's few files, quicker than logging each
	// page as PostgreSQL 15's default does; the server keeps nothing.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" STRATEGY FILE_COPY"); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	return s.URL(name)
}

// URL is the address of the database name on the server.
func (s *Server) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, name)
}

// connect opens a connection to the database name, having checked that
// nothing in the environment (PGHOST, a service file) points it elsewhere.
func (s *Server) connect(ctx context.Context, name string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(s.URL(name))
	if err != nil {
		return nil, err
	}
	if cfg.Host != "127.0.0.1" || int(cfg.Port) != s.port || len(cfg.Fallbacks) > 0 {
		return nil, fmt.Errorf("the connection to the test server would go to %s:%d, not 127.0.0.1:%d", cfg.Host, cfg.Port, s.port)
	}
	return pgx.ConnectConfig(ctx, cfg)
}

func start(durable, tls bool) (*Server, error) {
	owner, err := serverUser()
	if err != nil {
		return nil, err
	}
	// Under /tmp and open to all for reading: the server's user must reach
	// its data directory, which t.TempDir's parents may not allow.
	dir, err := os.MkdirTemp("/tmp", "factdesk-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, durable: durable}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	if owner != nil {
		if err := os.Chown(dir, owner.uid, owner.gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := []string{"-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"}
	// C.UTF-8 lower-cases and splits words beyond ASCII as the text search
	// needs; a system without that locale gets C.
	if out, err := s.command(owner, "initdb", append(initdb, "--locale=C.UTF-8")...).CombinedOutput(); err != nil {
		os.RemoveAll(data)
		if out2, err2 := s.command(owner, "initdb", append(initdb, "--locale=C")...).CombinedOutput(); err2 != nil {
			return nil, fmt.Errorf("initdb: %v\n%s\n%s", err2, out, out2)
		}
	}
	if s.port, err = freePort(); err != nil {
		return nil, err
	}
	if tls {
		if s.tls, err = s.writeTLSFiles(owner); err != nil {
			return nil, fmt.Errorf("server certificate: %v", err)
		}
	}
	if err := s.launch(owner); err != nil {
		return nil, err
	}
	if tls {
		if err := s.createCertGroup(); err != nil {
			s.halt()
			return nil, err
		}
	}
	ok = true
	return s, nil
}

// launch starts the server process on the data directory and waits until
// it takes connections.
func (s *Server) launch(owner *account) error {
	// A commit waits for its log only where a test stops the server under
	// its clients; with the machine itself never crashing, fsync can stay
	// off.
	syncCommit := "off"
	if s.durable {
		syncCommit = "on"
	}
	// The server is this process's child rather than pg_ctl's daemon, so
	// that it is told to stop when the test binary dies.
	args := []string{"-D", filepath.Join(s.dir, "data"),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port=" + strconv.Itoa(s.port),
		"-c", "unix_socket_directories=" + s.dir,
		"-c", "fsync=off",
		"-c", "synchronous_commit=" + syncCommit,
		"-c", "full_page_writes=off",
		"-c", "timezone=UTC",
	}
	if s.tls != nil {
		args = append(args, s.tlsSettings()...)
	}
	s.proc = s.command(owner, "postgres", args...)
	// Appended to, so that a restarted server's log follows the first's.
	log, err := os.OpenFile(filepath.Join(s.dir, "log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	s.proc.Stdout, s.proc.Stderr = log, log
	s.proc.SysProcAttr = dieWithParent()
	if err := s.proc.Start(); err != nil {
		return fmt.Errorf("start postgres: %v", err)
	}
	s.exit = make(chan error, 1)
	go func() { s.exit <- s.proc.Wait() }()
	if err := s.ready(); err != nil {
		s.proc.Process.Kill()
		<-s.exit
		b, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("%v\n%s", err, b)
	}
	s.running = true
	return nil
}

// ready waits until the server takes connections.
func (s *Server) ready() error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := s.connect(ctx, "postgres")
		if err == nil {
			conn.Close(ctx)
			cancel()
			return nil
		}
		cancel()
		select {
		case werr := <-s.exit:
			return fmt.Errorf("postgres on 127.0.0.1:%d ended at start: %v", s.port, werr)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres on 127.0.0.1:%d does not take connections after 30 s: %v", s.port, err)
		}
	}
}

// stop stops the server at once (nothing in it is kept) and removes its
// files.
func (s *Server) stop() error {
	err := s.halt()
	if rerr := os.RemoveAll(s.dir); rerr != nil {
		return rerr
	}
	return err
}

// halt stops the server process in immediate mode and waits for its end;
// a server already stopped is left as it is.
func (s *Server) halt() error {
	if !s.running {
		return nil
	}
	s.running = false
	owner, _ := serverUser()
	out, err := s.command(owner, "pg_ctl", "stop", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w").CombinedOutput()
	if err != nil {
		s.proc.Process.Kill()
	}
	select {
	case <-s.exit:
	case <-time.After(30 * time.Second):
		s.proc.Process.Kill()
		<-s.exit
	}
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// account is the user the server runs as.
type account struct {
	name     string
	uid, gid int
}

// serverUser is the postgres account when running as root, which initdb
// and pg_ctl refuse, and nil (this process's user) otherwise.
func serverUser() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, and there is no postgres user to run the server as")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &account{name: u.Username, uid: uid, gid: gid}, nil
}

// command runs the PostgreSQL program prog as owner, through runuser, or
// as this process's user when owner is nil.
func (s *Server) command(owner *account, prog string, args ...string) *exec.Cmd {
	path := filepath.Join(BinDir, prog)
	var cmd *exec.Cmd
	if owner == nil {
		cmd = exec.Command(path, args...)
	} else {
		cmd = exec.Command("runuser", append([]string{"-u", owner.name, "--", path}, args...)...)
	}
	cmd.Dir = s.dir
	return cmd
}

// freePort is a TCP port on 127.0.0.1 that the kernel says is free.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

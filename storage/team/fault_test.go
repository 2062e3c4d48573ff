package team

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/factdesk/factdesk/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // to read a desk's library while another process syncs it
)

// The fault tests stop syncs the hard way: a desk's sync program killed
// with SIGKILL part-way through a push or a pull, and the team's server
// stopped under a sync. The next sync completes the work: the server holds
// each change once, no desk loses what it committed or applies a change
// twice, and the desks converge.

// backlogSize is how many changes a desk makes offline before the sync
// that is interrupted: seven batches, so that a push or a pull is still
// going when the test has interrupted it three times, the first after two
// batches and the others within two batches of their run's start.
const backlogSize = 3500

// syncLibraryEnv names the library TestSyncProcess syncs.
const syncLibraryEnv = "FACTDESK_TEST_SYNC_LIBRARY"

// TestSyncProcess is a desk's sync program, as `factdesk sync` runs it,
// when startSync starts the test binary again with syncLibraryEnv set;
// otherwise it does nothing.
func TestSyncProcess(t *testing.T) {
	path := os.Getenv(syncLibraryEnv)
	if path == "" {
		return
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	server, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	if _, err := Sync(ctx, db, server); err != nil {
		t.Fatal(err)
	}
}

// syncProcess is a running sync program.
type syncProcess struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	done chan struct{}
}

// startSync starts a program that syncs the library at path with the team
// library it is joined to; the team password is found through the
// environment's config directory, as newTeam set it.
func startSync(t *testing.T, path string) *syncProcess {
	t.Helper()
	p := &syncProcess{done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "-test.run=^TestSyncProcess$", "-test.count=1")
	p.cmd.Env = append(os.Environ(), syncLibraryEnv+"="+path)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// exited reports whether the program has ended.
func (p *syncProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill kills the program with SIGKILL, as the out-of-memory killer or a
// forced quit does, and fails the test if it had ended before.
func (p *syncProcess) kill(t *testing.T) {
	t.Helper()
	p.cmd.Process.Kill()
	<-p.done
	if p.cmd.ProcessState.Exited() {
		t.Fatalf("the sync ended (%v) before it was killed:\n%s", p.cmd.ProcessState, p.out.String())
	}
}

// seeded is a random source whose seed is logged, or taken from
// FACTDESK_SEED to repeat a run.
func seeded(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("FACTDESK_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (FACTDESK_SEED)", seed)
	return rand.New(rand.NewPCG(seed, 17))
}

// backlog has the desk make at least n changes: random edits of every
// kind, then edits of the claims' notes and tags, which are quicker to
// make and to sync.
func backlog(t *testing.T, d *desk, r *rand.Rand, n int) {
	t.Helper()
	ctx := context.Background()
	first, err := d.db.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range min(n/10, 300) {
		d.step(t, r)
	}
	var claims []*annotate.Claim
	list, err := d.db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		cs, err := d.db.Claims(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		claims = append(claims, cs...)
	}
	if len(claims) == 0 {
		t.Fatal("the random edits left no claim to edit")
	}
	for {
		last, err := d.db.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if last-first >= int64(n) {
			return
		}
		for range 50 {
			c := claims[r.IntN(len(claims))]
			tag := []string{"economy", "housing", "health", "crime"}[r.IntN(4)]
			switch {
			case r.IntN(4) > 0:
				c.Notes = d.name + ": " + sentence(r, 4)
			case slices.Contains(c.Tags, tag):
				c.RemoveTag(tag)
			default:
				if err := c.AddTag(tag); err != nil {
					t.Fatal(err)
				}
			}
			if err := d.db.UpdateClaim(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// openLibrary opens the library at path, for the test to close.
func openLibrary(t *testing.T, path string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// reopenKilled opens the library at path that a killed program had open,
// as the desk's next program does, and checks that it is whole: its log
// intact, a check due because of the kill, and the check passing. It is
// closed when the test ends.
func reopenKilled(t *testing.T, path string) *storage.DB {
	t.Helper()
	db := openLibrary(t, path)
	t.Cleanup(func() { db.Close() })
	if w := db.Warning(); w != "" {
		t.Errorf("reopening %s after the kill warns: %s", filepath.Base(path), w)
	}
	if !db.QuickCheckDue() {
		t.Errorf("reopening %s after the kill: no check due, want one", filepath.Base(path))
	}
	if err := db.QuickCheck(context.Background()); err != nil {
		t.Errorf("%s after the kill: %v", filepath.Base(path), err)
	}
	return db
}

// peek opens the library at path read-only, beside the program syncing it.
func peek(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// deskSeq reads a sequence number a desk keeps in its settings, 0 if unset.
func deskSeq(t *testing.T, db *sql.DB, key string) int64 {
	t.Helper()
	var n int64
	err := db.QueryRow(`SELECT coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0)`, key).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// connect opens a connection of the test's own to the team library.
func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// logged is how many changes the team library's log holds.
func logged(t *testing.T, conn *pgx.Conn) int {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM changes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// serverLog is the UUIDs of the changes in the team library's log; the
// test fails if one is there twice.
func serverLog(t *testing.T, conn *pgx.Conn) map[string]bool {
	t.Helper()
	ctx := context.Background()
	rows, err := conn.Query(ctx, `SELECT uuid::text FROM changes`)
	if err != nil {
		t.Fatal(err)
	}
	uuids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return uniqueUUIDs(t, "the team library", uuids)
}

// deskLog is the UUIDs of the changes in a desk's history; the test fails
// if one is there twice.
func deskLog(t *testing.T, name string, db *storage.DB) map[string]bool {
	t.Helper()
	changes, err := db.ChangesSince(context.Background(), 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var uuids []string
	for _, ch := range changes {
		uuids = append(uuids, ch.UUID)
	}
	return uniqueUUIDs(t, name, uuids)
}

func uniqueUUIDs(t *testing.T, where string, uuids []string) map[string]bool {
	t.Helper()
	set := make(map[string]bool, len(uuids))
	for _, u := range uuids {
		if set[u] {
			t.Errorf("%s holds change %s twice", where, u)
		}
		set[u] = true
	}
	return set
}

// assertLogs fails unless each log holds the changes of want, and only
// those.
func assertLogs(t *testing.T, want map[string]bool, wantName string, logs map[string]map[string]bool) {
	t.Helper()
	for name, got := range logs {
		missing, extra := 0, 0
		for u := range want {
			if !got[u] {
				missing++
			}
		}
		for u := range got {
			if !want[u] {
				extra++
			}
		}
		if missing > 0 || extra > 0 {
			t.Errorf("%s holds %d changes: %d of %s's %d are missing, %d others are there", name, len(got), missing, wantName, len(want), extra)
		}
	}
}

// skipUnderRace skips a fault test under the race detector (see
// raceDetector).
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("a fault test: make test runs it without the race detector")
	}
}

// TestKillMidPush kills a desk's sync program again and again while it
// pushes thousands of changes, then syncs to the end.
func TestKillMidPush(t *testing.T) {
	skipUnderRace(t)
	ctx := context.Background()
	server, url := newTeam(t)
	r := seeded(t)
	pathA := filepath.Join(t.TempDir(), "a.db")
	a := openLibrary(t, pathA)
	b := newDesk(t, "b")
	for _, d := range []*storage.DB{a, b} {
		if _, err := Join(ctx, d, url, ""); err != nil {
			t.Fatal(err)
		}
	}
	backlog(t, &desk{name: "a", db: a}, r, backlogSize)
	st, err := Status(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	want := canonical(t, a)
	made := deskLog(t, "a", a)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	conn := connect(t, url)
	total := logged(t, conn) + st.Waiting
	// A connection of the test's own that can hold the library's write
	// lock, left open until the library is open again here: closed last,
	// it would fold the log into the file behind the kill.
	writer, err := sql.Open("sqlite", "file:"+pathA+"?_txlock=immediate&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	waitPushed := func(p *syncProcess, past int) {
		for logged(t, conn) == past && !p.exited() {
			time.Sleep(time.Millisecond)
		}
	}
	var batchTime time.Duration
	for round := range 3 {
		p := startSync(t, pathA)
		if round == 0 {
			// The first kill comes between the server's acknowledgement of
			// a batch and the desk's mark of it as sent: once the first
			// batch is marked, the test holds the library's write lock,
			// which the next mark waits for.
			lib := peek(t, pathA)
			mark := deskSeq(t, lib, storage.TeamPushedKey)
			for deskSeq(t, lib, storage.TeamPushedKey) == mark && !p.exited() {
				time.Sleep(time.Millisecond)
			}
			lib.Close()
			lock, err := writer.Begin()
			if err != nil {
				t.Fatal(err)
			}
			marked := time.Now()
			waitPushed(p, logged(t, conn))
			batchTime = time.Since(marked)
			p.kill(t)
			lock.Rollback()
		} else {
			// The others a random while, up to a batch's time, after this
			// run's first new batch: at or between its transactions.
			waitPushed(p, logged(t, conn))
			time.Sleep(time.Duration(r.Int64N(int64(batchTime))))
			p.kill(t)
		}
		on := logged(t, conn)
		if on >= total {
			t.Fatalf("kill %d came after the push ended (%d changes on the server)", round+1, on)
		}
		// What the server acknowledged and the desk had not marked as
		// sent when it died goes again; the server must skip it.
		lib := peek(t, pathA)
		var unmarked int
		if err := lib.QueryRow(`SELECT count(*) FROM changes WHERE seq > ?`, deskSeq(t, lib, storage.TeamPushedKey)).Scan(&unmarked); err != nil {
			t.Fatal(err)
		}
		lib.Close()
		t.Logf("kill %d: the server holds %d of %d changes, the desk has %d to send", round+1, on, total, unmarked)
		if on+unmarked < total {
			t.Errorf("after kill %d the server holds %d changes and the desk has %d to send; %d would be lost", round+1, on, unmarked, total-on-unmarked)
		}
		if round == 0 && on+unmarked == total {
			t.Errorf("kill 1 did not come between the server's acknowledgement and the desk's mark: the server holds %d, the desk has %d of %d to send", on, unmarked, total)
		}
	}

	a = reopenKilled(t, pathA)
	writer.Close()
	if got := canonical(t, a); got != want {
		t.Errorf("desk a after the kills differs from before:\n%s", diffLines(want, got))
	}
	assertLogs(t, made, "a", map[string]map[string]bool{"a after the kills": deskLog(t, "a", a)})
	on := logged(t, conn)
	if res := mustSync(t, a, server); res.Pushed != total-on {
		t.Errorf("the last sync pushed %d changes new to the server, which held %d of %d; want %d", res.Pushed, on, total, total-on)
	}
	mustSync(t, b, server)
	mustSync(t, a, server)
	assertLogs(t, made, "a", map[string]map[string]bool{
		"the team library": serverLog(t, conn),
		"a":                deskLog(t, "a", a),
		"b":                deskLog(t, "b", b),
	})
	assertSame(t, map[string]annotate.Store{"a": a, "b": b, "server": server})
}

// TestKillMidPull kills a desk's sync program again and again while it
// pulls thousands of changes, then syncs to the end.
func TestKillMidPull(t *testing.T) {
	skipUnderRace(t)
	ctx := context.Background()
	server, url := newTeam(t)
	r := seeded(t)
	a := newDesk(t, "a")
	pathB := filepath.Join(t.TempDir(), "b.db")
	b := openLibrary(t, pathB)
	for _, d := range []*storage.DB{a, b} {
		if _, err := Join(ctx, d, url, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	backlog(t, &desk{name: "a", db: a}, r, backlogSize)
	mustSync(t, a, server)
	conn := connect(t, url)
	last, err := server.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var cursor int64
	var batchTime time.Duration
	for round := range 3 {
		lib := peek(t, pathB)
		from := deskSeq(t, lib, storage.TeamCursorKey)
		p := startSync(t, pathB)
		waitApplied := func(past int64) {
			for deskSeq(t, lib, storage.TeamCursorKey) == past && !p.exited() {
				time.Sleep(time.Millisecond)
			}
		}
		waitApplied(from)
		if round == 0 {
			// The first kill comes right after the second batch, whose
			// time the others go by.
			applied := time.Now()
			waitApplied(deskSeq(t, lib, storage.TeamCursorKey))
			batchTime = time.Since(applied)
		} else {
			// The others a random while, up to a batch's time, after this
			// run's first batch: while it reads the server's log or
			// applies what it read.
			time.Sleep(time.Duration(r.Int64N(int64(batchTime))))
		}
		// Closed first, so that the last connection to go is not this
		// one, which would fold the log into the file behind the kill.
		lib.Close()
		p.kill(t)

		// The cursor moved with the changes applied, and only with them.
		lib = peek(t, pathB)
		cursor = deskSeq(t, lib, storage.TeamCursorKey)
		var held, placed int
		if err := lib.QueryRow(`SELECT count(*), count(server_seq) FROM changes`).Scan(&held, &placed); err != nil {
			t.Fatal(err)
		}
		lib.Close()
		var upTo int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM changes WHERE seq <= $1`, cursor).Scan(&upTo); err != nil {
			t.Fatal(err)
		}
		t.Logf("kill %d: cursor %d of %d, %d changes held", round+1, cursor, last, held)
		if cursor <= from || cursor >= last {
			t.Fatalf("kill %d: cursor %d, want it past %d and short of %d", round+1, cursor, from, last)
		}
		if held != upTo || placed != upTo {
			t.Errorf("kill %d: the desk holds %d changes, %d with their server seq, and its cursor %d stands after %d", round+1, held, placed, cursor, upTo)
		}
	}

	b = reopenKilled(t, pathB)
	before, err := b.ChangesAfter(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	res := mustSync(t, b, server)
	logs := map[string]map[string]bool{"a": deskLog(t, "a", a), "b": deskLog(t, "b", b)}
	log := serverLog(t, conn)
	if res.Pulled != len(log)-before {
		t.Errorf("the last sync pulled %d changes onto a desk that held %d of %d, want %d", res.Pulled, before, len(log), len(log)-before)
	}
	assertLogs(t, log, "the team library", logs)
	assertSame(t, map[string]annotate.Store{"a": a, "b": b, "server": server})
}

// syncResult is what a sync run in the background returned.
type syncResult struct {
	res Result
	err error
}

// syncStopped starts syncing the desk, stops the team's server once stop
// says the sync is part-way, and returns the sync's error. The sync must
// end soon after, well within the window's timeout.
func syncStopped(t *testing.T, srv *pgtest.Server, local *storage.DB, server *postgres.DB, stop func() bool) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	done := make(chan syncResult, 1)
	go func() {
		res, err := Sync(ctx, local, server)
		done <- syncResult{res, err}
	}()
	for !stop() {
		select {
		case got := <-done:
			t.Fatalf("the sync ended (%+v, %v) before the server was stopped", got.res, got.err)
		case <-time.After(time.Millisecond):
		}
	}
	srv.Stop(t)
	stopped := time.Now()
	select {
	case got := <-done:
		t.Logf("the sync ended %v after the server stopped: %v", time.Since(stopped).Round(time.Millisecond), got.err)
		if got.err == nil {
			t.Fatalf("the sync interrupted by the server's stop succeeded (%+v)", got.res)
		}
		return got.err
	case <-time.After(15 * time.Second):
		t.Fatal("the sync has not ended 15 s after the server stopped")
	}
	return nil
}

// assertLost fails unless err says that the server was lost, as the
// window and team status show it, rather than passing on the driver's.
func assertLost(t *testing.T, err error) {
	t.Helper()
	var ae *annotate.Error
	if !errors.As(err, &ae) || ae.Code != annotate.EINTERNAL || !strings.HasPrefix(ae.Message, "postgres: ") {
		t.Errorf("the error of the sync the server's stop interrupted is %#v, want an %s *annotate.Error about the server", err, annotate.EINTERNAL)
	}
}

// TestServerStopped stops the team's server in the middle of a desk's push
// and of another's pull, and starts it again.
func TestServerStopped(t *testing.T) {
	skipUnderRace(t)
	ctx := context.Background()
	srv := pgtest.StartOwn(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	url := srv.NewDatabase(t)
	// One connection pool throughout, as the window keeps: it must get
	// over the server's restart.
	server, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	r := seeded(t)
	a, b := newDesk(t, "a"), newDesk(t, "b")
	for _, d := range []*storage.DB{a, b} {
		if _, err := Join(ctx, d, url, ""); err != nil {
			t.Fatal(err)
		}
	}
	backlog(t, &desk{name: "b", db: b}, r, 100)
	backlog(t, &desk{name: "a", db: a}, r, backlogSize)
	want := canonical(t, a)

	// Stopped in the middle of a's push.
	conn := connect(t, url)
	before := logged(t, conn)
	err = syncStopped(t, srv, a, server, func() bool { return logged(t, conn) > before })
	assertLost(t, err)
	if st, err := Status(ctx, a); err != nil || st.Error == "" || st.Waiting == 0 {
		t.Errorf("status after the stopped sync = %+v (%v), want its error and changes waiting", st, err)
	}
	if _, err := Sync(ctx, a, server); err == nil {
		t.Error("a sync with the server stopped succeeded")
	}
	srv.Restart(t)
	mustSync(t, a, server)
	if got := canonical(t, a); got != want {
		t.Errorf("desk a after the server's restart differs from before:\n%s", diffLines(want, got))
	}
	conn = connect(t, url)
	assertLogs(t, deskLog(t, "a", a), "a", map[string]map[string]bool{"the team library": serverLog(t, conn)})

	// Stopped in the middle of b's pull, after it pushed its own.
	from, err := b.Setting(ctx, storage.TeamCursorKey)
	if err != nil {
		t.Fatal(err)
	}
	err = syncStopped(t, srv, b, server, func() bool {
		cursor, err := b.Setting(ctx, storage.TeamCursorKey)
		if err != nil {
			t.Error(err)
			return true
		}
		return cursor != from
	})
	assertLost(t, err)
	srv.Restart(t)
	mustSync(t, b, server)
	mustSync(t, a, server)
	for name, d := range map[string]*storage.DB{"a": a, "b": b} {
		if st, err := Status(ctx, d); err != nil || st.Error != "" || st.Waiting != 0 {
			t.Errorf("%s status after the last sync = %+v (%v), want no error and nothing waiting", name, st, err)
		}
	}
	conn = connect(t, url)
	log := serverLog(t, conn)
	assertLogs(t, log, "the team library", map[string]map[string]bool{"a": deskLog(t, "a", a), "b": deskLog(t, "b", b)})
	assertSame(t, map[string]annotate.Store{"a": a, "b": b, "server": server})
}

package team

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/storage"
	"github.com/factdesk/factdesk/storage/postgres"
	"github.com/jackc/pgx/v5"
)

// BenchmarkConverge20Desks has 20 desks, each a person of its own, make
// 500 edits each on a dozen shared articles, all at once, each syncing
// now and then, and measures the time until every desk and the server hold
// the same state. On one machine the desks share its cores: every desk
// applies every other desk's changes, which 20 machines would do side by
// side. The server's own share is reported apart, as the CPU time of its
// processes.
func BenchmarkConverge20Desks(b *testing.B) {
	if os.Getenv("FACTDESK_BENCH_CONVERGE") == "" {
		b.Skip("20 desks take 4 to 17 minutes on two cores; make bench-team runs them (FACTDESK_BENCH_CONVERGE=1)")
	}
	var total convergence
	for range b.N {
		c := converge(b, 20, 500)
		total.wall += c.wall
		total.final += c.final
		total.changes += c.changes
		total.serverCPU += c.serverCPU
		total.desksCPU += c.desksCPU
	}
	n := float64(b.N)
	b.ReportMetric(total.wall.Seconds()/n, "s/converge")
	b.ReportMetric(total.final.Seconds()/n, "final-sync-s")
	b.ReportMetric(float64(total.changes)/total.wall.Seconds(), "changes/s")
	if total.serverCPU > 0 {
		b.ReportMetric(total.serverCPU.Seconds()/n, "server-cpu-s")
		b.ReportMetric(float64(total.changes)/total.serverCPU.Seconds(), "changes/server-cpu-s")
	}
	if total.desksCPU > 0 {
		b.ReportMetric(total.desksCPU.Seconds()/n, "desks-cpu-s")
	}
}

// convergence is what one run of converge measured.
type convergence struct {
	wall, final time.Duration // the whole run; the syncs after the last edit
	changes     int64         // in the server's log
	serverCPU   time.Duration // of the PostgreSQL processes, 0 when unknown
	desksCPU    time.Duration // of this process, where the desks run; 0 when unknown
}

// teamDesk is a desk of the convergence benchmark, with its own connection
// to the server as its own database role.
type teamDesk struct {
	*desk
	server *postgres.DB
}

// converge runs the scenario once: desks desks of steps edits each.
func converge(b *testing.B, desks, steps int) convergence {
	b.StopTimer()
	ctx := context.Background()
	_, url := newTeam(b)
	var team []teamDesk
	for i := range desks {
		d := &desk{name: fmt.Sprintf("desk%02d", i+1), articles: 12}
		d.db = newDesk(b, d.name)
		if i == 0 {
			// The day's stories, which every desk pulls when it joins.
			r := rand.New(rand.NewPCG(0, 0))
			for range d.articles {
				d.step(b, r)
			}
		}
		as := roleURL(b, url, d.name)
		if _, err := Join(ctx, d.db, as, fmt.Sprintf("Desk %d", i+1)); err != nil {
			b.Fatal(err)
		}
		team = append(team, teamDesk{d, mustOpen(b, as)})
	}
	cpu := serverCPU(b, url)
	_, self, selfOK := procStat(os.Getpid())

	b.StartTimer()
	start := time.Now()
	each(b, team, func(t testing.TB, i int, d teamDesk) {
		r := rand.New(rand.NewPCG(uint64(i), 500))
		for range steps {
			d.step(t, r)
			if r.IntN(15) == 0 {
				mustSync(t, d.db, d.server)
			}
		}
		mustSync(t, d.db, d.server)
	})
	last := time.Now()
	// A desk may pull while another still pushes: rounds go on until
	// one pushes nothing.
	for pushed := true; pushed && !b.Failed(); {
		var n atomic.Int64
		each(b, team, func(t testing.TB, _ int, d teamDesk) {
			n.Add(int64(mustSync(t, d.db, d.server).Pushed))
		})
		pushed = n.Load() > 0
	}
	end := time.Now()
	b.StopTimer()
	if b.Failed() {
		b.FailNow()
	}

	out := convergence{wall: end.Sub(start), final: end.Sub(last)}
	if after := serverCPU(b, url); cpu >= 0 && after >= 0 {
		out.serverCPU = after - cpu
	}
	if _, now, ok := procStat(os.Getpid()); ok && selfOK {
		out.desksCPU = now - self
	}
	changes, largest := tableSizes(b, url)
	out.changes = changes
	// Logged as well as reported: a benchmark that fails shows no metrics.
	b.Logf("%d desks, %d changes: %.1f s to converge, %.1f s of it after the last edit; CPU: server %.1f s, desks %.1f s\n%s",
		desks, changes, out.wall.Seconds(), out.final.Seconds(), out.serverCPU.Seconds(), out.desksCPU.Seconds(), largest)
	stores := map[string]annotate.Store{"server": team[0].server}
	for _, d := range team {
		stores[d.name] = d.db
		st, err := Status(ctx, d.db)
		if err != nil {
			b.Fatal(err)
		}
		if st.Waiting != 0 || st.Error != "" {
			b.Errorf("%s status after the final syncs = %+v, want nothing waiting and no error", d.name, st)
		}
	}
	assertSame(b, stores)
	b.StartTimer()
	return out
}

// each runs work for every desk at once, each on its own goroutine, and
// waits for all.
func each(b *testing.B, team []teamDesk, work func(t testing.TB, i int, d teamDesk)) {
	done := make(chan struct{})
	for i, d := range team {
		go func() {
			defer func() { done <- struct{}{} }()
			work(deskTB{b}, i, d)
		}()
	}
	for range team {
		<-done
	}
}

// deskTB lets a desk's goroutine use the helpers that take testing.TB: a
// fatal failure marks the benchmark failed and ends that goroutine only,
// since FailNow may end only the benchmark's own.
type deskTB struct{ testing.TB }

func (t deskTB) FailNow() {
	t.Fail()
	runtime.Goexit()
}

func (t deskTB) Fatal(args ...any) {
	t.Error(args...)
	runtime.Goexit()
}

func (t deskTB) Fatalf(format string, args ...any) {
	t.Errorf(format, args...)
	runtime.Goexit()
}

// tableSizes reports the size of the team library's change log and of
// the whole database, and describes its largest tables on disk with their
// indexes and TOAST; it returns the number of changes in the log.
func tableSizes(b *testing.B, url string) (changes int64, largest string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var database int64
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM changes), pg_database_size(current_database())`).Scan(&changes, &database); err != nil {
		b.Fatal(err)
	}
	rows, err := conn.Query(ctx, `SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), coalesce(s.n_live_tup, 0)
		FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
		WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 6`)
	if err != nil {
		b.Fatal(err)
	}
	type table struct {
		name               string
		total, heap, count int64
	}
	tables, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (table, error) {
		var t table
		err := row.Scan(&t.name, &t.total, &t.heap, &t.count)
		return t, err
	})
	if err != nil {
		b.Fatal(err)
	}
	lines := []string{fmt.Sprintf("database %.2f MB; largest tables with their indexes:", mb(database))}
	for _, t := range tables {
		lines = append(lines, fmt.Sprintf("%-18s %6.2f MB (rows %.2f MB, about %d)", t.name, mb(t.total), mb(t.heap), t.count))
		if t.name == "changes" {
			b.ReportMetric(mb(t.total), "changes-MB")
			b.ReportMetric(float64(t.total)/float64(max(changes, 1)), "B/change")
		}
	}
	b.ReportMetric(mb(database), "database-MB")
	// What the log holds: the renumberings are the server's, when two
	// desks gave one number to different claims of an article.
	rows, err = conn.Query(ctx, `SELECT kind || ' ' || op || CASE WHEN jsonb_array_length(fields) = 1 AND fields->0->>'field' = 'number' THEN ' (renumbering)' ELSE '' END,
			count(*), avg(pg_column_size(fields))::bigint
		FROM changes GROUP BY 1 ORDER BY 2 DESC`)
	if err != nil {
		b.Fatal(err)
	}
	kinds, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (string, error) {
		var what string
		var n, size int64
		err := row.Scan(&what, &n, &size)
		return fmt.Sprintf("%s %d (fields %d B)", what, n, size), err
	})
	if err != nil {
		b.Fatal(err)
	}
	lines = append(lines, "changes: "+strings.Join(kinds, ", "))
	return changes, strings.Join(lines, "\n")
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// serverCPU is the CPU time the PostgreSQL server of url has used so far,
// its ended backends included, or -1 where /proc cannot tell.
func serverCPU(b *testing.B, url string) time.Duration {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	var backend int
	err = conn.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend)
	conn.Close(ctx)
	if err != nil {
		b.Fatal(err)
	}
	postmaster, _, ok := procStat(backend)
	if !ok {
		return -1
	}
	_, total, ok := procStat(postmaster)
	if !ok {
		return -1
	}
	// The backends alive now; the ended ones count in the postmaster's
	// children's time.
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return -1
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if parent, t, ok := procStat(pid); ok && parent == postmaster {
			total += t
		}
	}
	return total
}

// procStat reads a process's parent and its CPU time with its reaped
// children's from /proc/pid/stat (Linux, 100 ticks a second).
func procStat(pid int) (parent int, cpu time.Duration, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// The command name, in parentheses, may hold spaces.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 15 {
		return 0, 0, false
	}
	parent, _ = strconv.Atoi(f[1])
	var ticks int64
	for _, s := range f[11:15] { // utime, stime, cutime, cstime
		n, _ := strconv.ParseInt(s, 10, 64)
		ticks += n
	}
	return parent, time.Duration(ticks) * 10 * time.Millisecond, true
}

// BenchmarkSyncLatency measures how long a change made on one desk takes
// to be in another desk's library: desk A pushes on every commit, as the
// window does, and desk B syncs when the server announces new changes.
// The percentiles are over 150 changes an iteration, one at a time.
func BenchmarkSyncLatency(b *testing.B) {
	var all []time.Duration
	for range b.N {
		all = append(all, latencies(b, 150)...)
	}
	slices.Sort(all)
	at := func(p float64) float64 {
		return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(1), "max-ms")
}

// arrival is what desk B holds after one of its syncs.
type arrival struct {
	round int // the latest of A's changes B holds
	at    time.Time
	err   error
}

func latencies(b *testing.B, n int) []time.Duration {
	b.StopTimer()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, url := newTeam(b)
	deskA, deskB := newDesk(b, "a"), newDesk(b, "b")
	var servers []*postgres.DB
	for i, d := range []*storage.DB{deskA, deskB} {
		as := roleURL(b, url, fmt.Sprintf("latency%c", 'a'+i))
		if _, err := Join(ctx, d, as, fmt.Sprintf("Desk %c", 'A'+i)); err != nil {
			b.Fatal(err)
		}
		server, err := postgres.Open(ctx, as)
		if err != nil {
			b.Fatal(err)
		}
		defer server.Close()
		servers = append(servers, server)
	}

	_, claim := addArticle(b, deskA)
	mustSync(b, deskA, servers[0])
	mustSync(b, deskB, servers[1])
	onB := claimByUUID(b, deskB, claim.UUID).ID

	arrivals := make(chan arrival, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		follow(ctx, deskB, servers[1], onB, arrivals)
	}()
	// B's syncs end before the servers close.
	defer func() {
		cancel()
		<-done
	}()
	round := 0
	// commit makes change number round on A and pushes it; it returns
	// when the change was committed.
	commit := func() time.Time {
		round++
		claim.Notes = fmt.Sprintf("Checked against the council's figures, round %d.", round)
		if err := deskA.UpdateClaim(ctx, claim); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		mustSync(b, deskA, servers[0])
		return committed
	}
	// arrived waits until B holds change round; false after limit.
	arrived := func(limit time.Duration) (time.Time, bool) {
		timeout := time.After(limit)
		for {
			select {
			case a := <-arrivals:
				if a.err != nil {
					b.Fatal(a.err)
				}
				if a.round >= round {
					return a.at, true
				}
			case <-timeout:
				return time.Time{}, false
			}
		}
	}
	// The listening connection may not be up yet: the first change that
	// arrives by announcement starts the measurement.
	for {
		commit()
		if _, ok := arrived(2 * time.Second); ok {
			break
		}
		if round == 10 {
			b.Fatal("desk B heard of none of 10 changes")
		}
	}
	out := make([]time.Duration, 0, n)
	b.StartTimer()
	for range n {
		committed := commit()
		at, ok := arrived(30 * time.Second)
		if !ok {
			b.Fatalf("change %d did not reach desk B in 30 s", round)
		}
		out = append(out, at.Sub(committed))
	}
	b.StopTimer()
	return out
}

// follow syncs desk whenever server announces changes and reports which of
// the claim's rounds it then holds, until ctx ends.
func follow(ctx context.Context, desk *storage.DB, server *postgres.DB, claim int64, out chan<- arrival) {
	announced := server.Listen(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-announced:
		}
		_, err := Sync(ctx, desk, server)
		at := time.Now()
		var round int
		if err == nil {
			var c *annotate.Claim
			if c, err = desk.Claim(ctx, claim); err == nil {
				fmt.Sscanf(c.Notes[strings.LastIndexByte(c.Notes, ' ')+1:], "%d", &round)
			}
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case out <- arrival{round, at, err}:
		case <-ctx.Done():
			return
		}
	}
}

// BenchmarkFirstSync10kClaims measures a new desk joining a team library
// of 10,000 claims (20 articles of 500) and syncing until it holds them
// all. Building the library, outside the timer, also measures how fast the
// server takes a large push.
func BenchmarkFirstSync10kClaims(b *testing.B) {
	const articles, perArticle = 20, 500
	ctx := context.Background()
	_, url := newTeam(b)
	pushed, took := buildTeamLibrary(b, roleURL(b, url, "archivist"), articles, perArticle)
	newcomer := roleURL(b, url, "newcomer")
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		d := newDesk(b, fmt.Sprintf("new%d", i))
		b.StartTimer()
		res, err := Join(ctx, d, newcomer, "New desk")
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got := claimCount(b, d); got != articles*perArticle {
			b.Fatalf("the new desk holds %d claims, want %d", got, articles*perArticle)
		}
		if res.Pulled != pushed {
			b.Errorf("the new desk pulled %d changes, the server's log holds %d", res.Pulled, pushed)
		}
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/first-sync")
	// Reported here: ResetTimer drops metrics reported before it.
	b.ReportMetric(float64(pushed)/took.Seconds(), "push-changes/s")
}

// buildTeamLibrary has one desk make articles of claims each, in batches,
// and push them; it returns how many changes it pushed and in what time.
func buildTeamLibrary(b *testing.B, url string, articles, claims int) (int, time.Duration) {
	ctx := context.Background()
	d := newDesk(b, "archive")
	if _, err := Join(ctx, d, url, "Archivist"); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(10, 10_000))
	for range articles {
		var text strings.Builder
		var spans [][2]int
		for range claims {
			s := sentence(r, 12)
			start := len([]rune(text.String()))
			spans = append(spans, [2]int{start, start + len([]rune(s))})
			text.WriteString(s + " ")
		}
		a := &annotate.Article{Title: sentence(r, 4), Publisher: "Ledger", Text: text.String()}
		if err := d.CreateArticle(ctx, a, nil); err != nil {
			b.Fatal(err)
		}
		batch := make([]*annotate.Claim, 0, claims)
		for _, sp := range spans {
			c, err := annotate.NewClaim(a, sp[0], sp[1])
			if err != nil {
				b.Fatal(err)
			}
			c.Claimant = []string{"Mayor", "Council", "Minister"}[r.IntN(3)]
			batch = append(batch, c)
		}
		if err := d.CreateClaims(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	res, err := Sync(ctx, d, mustOpen(b, url))
	if err != nil {
		b.Fatal(err)
	}
	return res.Pushed, time.Since(start)
}

func mustOpen(b *testing.B, url string) *postgres.DB {
	server, err := postgres.Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { server.Close() })
	return server
}

// claimCount counts the claims of every article in the library.
func claimCount(b *testing.B, d *storage.DB) int {
	list, err := d.Articles(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, a := range list {
		n += a.Claims
	}
	return n
}

package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashSafety kills the binary with SIGKILL while it writes claims and
// checks that the library is intact and holds every claim it acknowledged.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills the binary many times; skipped with -short")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	article := filepath.Join(dir, "a.txt")
	words := strings.Repeat("The ministry said exports rose 4.5% in March while imports fell. ", 200)
	os.WriteFile(article, []byte("Trade figures\n\n"+words), 0o644)
	must(t, db, "import", article)

	rng := rand.New(rand.NewPCG(1, 2))
	const kills = 24
	acked := map[int64]bool{}
	for round := range kills {
		ids := writeUntilKilled(t, db, time.Duration(30+rng.IntN(400))*time.Millisecond, round)
		for _, id := range ids {
			acked[id] = true
		}
	}

	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var check string
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	found := 0
	rows, err := sdb.Query("SELECT id FROM claims")
	if err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		have[id] = true
	}
	rows.Close()
	for id := range acked {
		if have[id] {
			found++
		}
	}
	lost := len(acked) - found
	fmt.Printf("crash safety: %d kills, writes acknowledged %d, found %d, lost %d, integrity %s\n", kills, len(acked), found, lost, check)
	if lost != 0 || len(acked) == 0 {
		t.Errorf("acknowledged %d, found %d, lost %d", len(acked), found, lost)
	}
}

// writeUntilKilled runs `factdesk claim batch`, feeds it claims until the
// deadline, SIGKILLs it and returns the ids it acknowledged.
func writeUntilKilled(t *testing.T, db string, after time.Duration, round int) []int64 {
	t.Helper()
	cmd := exec.Command(bin, "claim", "batch", "1", "--db", db)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := 0; ; i++ {
			start := (i * 7) % 12000
			line := fmt.Sprintf(`{"start":%d,"end":%d,"statement":"round %d claim %d","tags":["t%d"],"verdict":"false","note":"n"}`+"\n", start, start+40, round, i, i%5)
			if _, err := io.WriteString(stdin, line); err != nil {
				return
			}
		}
	}()
	ids := make(chan int64)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if id, err := strconv.ParseInt(sc.Text(), 10, 64); err == nil {
				ids <- id
			}
		}
		close(ids)
	}()
	deadline := time.After(after)
	var got []int64
	for {
		select {
		case id, ok := <-ids:
			if !ok {
				cmd.Wait()
				return got
			}
			got = append(got, id)
		case <-deadline:
			cmd.Process.Signal(syscall.SIGKILL)
			deadline = nil
		}
	}
}

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTwoProcesses runs two `claim batch` writers of 300 claims each on one
// library at once, while a third process keeps changing other claims with
// `claim set`. Every acknowledged claim and every acknowledged change must be
// in the library afterwards, and no process may have met "database is
// locked".
func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three processes for a few seconds; skipped with -short")
	}
	const perWriter, seeded = 300, 10
	dir := t.TempDir()
	db := library(t, dir, seeded)

	type writer struct {
		ids    []int64
		stderr bytes.Buffer
		err    error
	}
	writers := make([]*writer, 2)
	begin := time.Now()
	var wg sync.WaitGroup
	for w := range writers {
		writers[w] = &writer{}
		wg.Add(1)
		go func(w int, wr *writer) {
			defer wg.Done()
			var in strings.Builder
			for i := range perWriter {
				start := (i*13 + w*7) % 2000
				fmt.Fprintf(&in, `{"start":%d,"end":%d,"statement":"writer %d claim %d","tags":["w%d"],"note":"from writer %d"}`+"\n", start, start+25, w, i, w, w)
			}
			cmd := exec.Command(bin, "claim", "batch", "1", "--db", db)
			cmd.Stdin = strings.NewReader(in.String())
			cmd.Stderr = &wr.stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				wr.err = err
				return
			}
			if err := cmd.Start(); err != nil {
				wr.err = err
				return
			}
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				id, err := strconv.ParseInt(sc.Text(), 10, 64)
				if err != nil {
					wr.err = fmt.Errorf("writer %d printed %q", w, sc.Text())
					continue
				}
				wr.ids = append(wr.ids, id)
			}
			if err := cmd.Wait(); err != nil && wr.err == nil {
				wr.err = fmt.Errorf("writer %d: %v", w, err)
			}
		}(w, writers[w])
	}

	// The third process: one `claim set` per change, on the seeded claims,
	// in turn, until both writers are done.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	lastNote := map[int64]string{}
	updates, updateErrs := 0, []string{}
	for round := 0; ; round++ {
		select {
		case <-done:
		default:
			id := int64(round%seeded + 1)
			note := fmt.Sprintf("update %d", round)
			r := factdesk(t, db, nil, "claim", "set", strconv.FormatInt(id, 10), "--note", note, "--tag", fmt.Sprintf("r%d", round))
			if r.code == 0 {
				lastNote[id] = note
				updates++
			} else {
				updateErrs = append(updateErrs, r.stderr)
			}
			continue
		}
		break
	}
	elapsed := time.Since(begin)

	for w, wr := range writers {
		if wr.err != nil {
			t.Errorf("writer %d: %v (stderr %q)", w, wr.err, wr.stderr.String())
		}
		if strings.Contains(wr.stderr.String(), "locked") || strings.Contains(wr.stderr.String(), "busy") {
			t.Errorf("writer %d stderr: %q", w, wr.stderr.String())
		}
		if len(wr.ids) != perWriter {
			t.Errorf("writer %d acknowledged %d claims, want %d", w, len(wr.ids), perWriter)
		}
	}
	for _, e := range updateErrs {
		t.Errorf("claim set failed: %q", e)
	}

	var claims []claimJSON
	if err := json.Unmarshal([]byte(must(t, db, "claims", "1", "--json")), &claims); err != nil {
		t.Fatal(err)
	}
	have := map[int64]claimJSON{}
	for _, c := range claims {
		have[c.ID] = c
	}
	lost := 0
	for w, wr := range writers {
		for _, id := range wr.ids {
			c, ok := have[id]
			if !ok || !strings.HasPrefix(c.Statement, fmt.Sprintf("writer %d claim ", w)) {
				lost++
			}
		}
	}
	lostUpdates := 0
	for id, note := range lastNote {
		if have[id].Notes != note {
			lostUpdates++
			t.Errorf("claim %d note = %q, want the last acknowledged %q", id, have[id].Notes, note)
		}
	}
	if got, want := len(claims), seeded+2*perWriter; got != want {
		t.Errorf("library holds %d claims, want %d", got, want)
	}
	if lost != 0 {
		t.Errorf("%d acknowledged claims are missing", lost)
	}
	if updates == 0 {
		t.Errorf("no update ran while the writers wrote")
	}
	check, _ := integrity(t, db)
	if check != "ok" {
		t.Errorf("integrity_check = %q", check)
	}
	fmt.Fprintf(os.Stdout, "two processes: %d+%d claims acknowledged in %v (%.0f claims/s), %d updates by a third process, lost claims %d, lost updates %d, integrity %s\n",
		len(writers[0].ids), len(writers[1].ids), elapsed.Round(time.Millisecond), float64(len(writers[0].ids)+len(writers[1].ids))/elapsed.Seconds(), updates, lost, lostUpdates, check)
}

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWindowMonkey sends random clicks, drags, keys and typing to the real
// window with a fixed seed, then checks that the process is alive, printed
// no panic, wrote no crash report, and left a library that passes
// PRAGMA integrity_check.
//
// FACTDESK_MONKEY_EVENTS sets the number of events (default 300);
// FACTDESK_MONKEY_DURATION (say 10m) runs for that long instead;
// FACTDESK_MONKEY_SEED changes the seed (default 1).
func TestWindowMonkey(t *testing.T) {
	requireX(t)
	events := 300
	if v := os.Getenv("FACTDESK_MONKEY_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("FACTDESK_MONKEY_EVENTS=%q is not a positive number", v)
		}
		events = n
	}
	var duration time.Duration
	if v := os.Getenv("FACTDESK_MONKEY_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("FACTDESK_MONKEY_DURATION=%q: %v", v, err)
		}
		duration = d
	}
	seed := uint64(1)
	if v := os.Getenv("FACTDESK_MONKEY_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("FACTDESK_MONKEY_SEED=%q: %v", v, err)
		}
		seed = n
	}

	const width, height = 1280, 800
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	crash := filepath.Join(dir, "crash")
	must(t, db, "sample")
	// The file chooser starts in HOME: an empty folder of the test's, so
	// that a random Export writes nothing elsewhere.
	if err := os.MkdirAll(filepath.Join(dir, "home"), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "readability", "nytimes-1", "source.html")); err == nil {
		if _, err := os.Stat(p); err == nil {
			must(t, db, "import", p)
		}
	}
	must(t, db, "claim", "add", "1", "--quote", "ridership rose 18% last year", "--tag", "transit")
	display := startXvfbSize(t, width+100, height+100)
	w := openWindow(t, windowOptions{display: display, db: db, config: filepath.Join(dir, "config"),
		crash: crash, theme: "light", width: width, height: height, home: filepath.Join(dir, "home")})
	menuBar := 28 // the menu bar's height at scale 1; it is left alone, so Quit is never chosen

	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	// Keys that quit, close or paste a clipboard of unknown size are left
	// out; so is Alt, which opens the menu bar and with it Quit.
	keys := []string{"j", "k", "s", "t", "0", "1", "2", "3", "4", "5", "6", "7", "Delete", "Escape",
		"Return", "Tab", "shift+Tab", "Up", "Down", "Left", "Right", "shift+Right", "shift+Left",
		"ctrl+shift+Right", "Home", "End", "Page_Down", "Page_Up", "BackSpace", "space",
		"ctrl+m", "ctrl+z", "ctrl+shift+z", "ctrl+f", "ctrl+k", "ctrl+e", "ctrl+i", "ctrl+b",
		"ctrl+equal", "ctrl+minus", "ctrl+0", "ctrl+shift+t", "ctrl+shift+l", "ctrl+a", "ctrl+c"}
	words := []string{"bus", "Riverton", "18%", "council", "the", "Sudan", "2019", "é", "—", "x"}
	xy := func() (string, string) {
		return strconv.Itoa(rng.IntN(width)), strconv.Itoa(menuBar + rng.IntN(height-menuBar))
	}
	start := time.Now()
	sent := 0
	for sent < events || (duration > 0 && time.Since(start) < duration) {
		if duration > 0 && time.Since(start) >= duration {
			break
		}
		switch r := rng.IntN(100); {
		case r < 35:
			x, y := xy()
			w.x("mousemove", x, y, "click", strconv.Itoa(1+rng.IntN(2)*2)) // left or right
		case r < 42:
			x, y := xy()
			w.x("mousemove", x, y, "click", "--repeat", strconv.Itoa(2+rng.IntN(2)), "--delay", "60", "1")
		case r < 52:
			x, y := xy()
			x2, y2 := xy()
			w.x("mousemove", x, y, "mousedown", "1", "mousemove", x2, y2, "mouseup", "1")
		case r < 57:
			x, y := xy()
			w.x("mousemove", x, y, "click", strconv.Itoa(4+rng.IntN(2))) // wheel
		case r < 85:
			w.x("key", keys[rng.IntN(len(keys))])
		default:
			w.x("type", "--delay", "10", words[rng.IntN(len(words))])
		}
		sent++
		time.Sleep(time.Duration(20+rng.IntN(60)) * time.Millisecond)
		if sent%50 == 0 {
			w.alive(fmt.Sprintf("after %d events", sent))
		}
	}
	time.Sleep(time.Second)
	w.alive(fmt.Sprintf("after %d events", sent))
	var list []struct {
		Claims int `json:"claims"`
	}
	json.Unmarshal([]byte(must(t, db, "articles", "--json")), &list)
	claims := 0
	for _, a := range list {
		claims += a.Claims
	}
	fmt.Printf("monkey: sent %d events in %s (seed %d); the window is alive, no panic, no crash report; the library now has %d articles and %d claims\n",
		sent, time.Since(start).Round(time.Second), seed, len(list), claims)

	// The library is whole while the window still has it open, and after.
	checkIntegrity(t, db)
	shots := os.Getenv("FACTDESK_SHOTS")
	if shots == "" {
		shots = dir
	}
	os.MkdirAll(shots, 0o755)
	shot := filepath.Join(shots, fmt.Sprintf("monkey-seed%d-end.png", seed))
	w.screenshot(shot)
	// An interrupt quits the window as Quit does; if it hangs, SIGQUIT
	// makes Go print where every goroutine is.
	w.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-w.done:
		w.exited, w.exitErr = true, err
		if err != nil {
			t.Errorf("the window exited with %v after an interrupt:\n%s", err, w.stderr.String())
		}
		w.noCrash("after quitting")
	case <-time.After(15 * time.Second):
		w.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-w.done:
			w.exited = true
		case <-time.After(5 * time.Second):
		}
		t.Errorf("the window did not quit within 15s of an interrupt after %d events (screen before: %s); its output and goroutines:\n%s",
			sent, shot, w.stderr.String())
	}
	checkIntegrity(t, db)
}

func checkIntegrity(t *testing.T, db string) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var res []string
	rows, err := conn.QueryContext(context.Background(), "PRAGMA integrity_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		res = append(res, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(res, "\n") != "ok" {
		t.Errorf("PRAGMA integrity_check on the library: %s", strings.Join(res, "\n"))
	}
}

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServe runs factdesk serve, pairs with a code from factdesk connector
// pair, saves a page through it, and reads the article back with factdesk
// text; a second serve on the same port says the port is taken.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	srv := exec.Command(bin, "serve", "--port", "0", "--db", db)
	srv.Env = env
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	addr := lines.Text()
	if !strings.HasPrefix(addr, "http://127.0.0.1:") {
		t.Fatalf("serve's first line is %q, want its address", addr)
	}

	pair := exec.Command(bin, "connector", "pair")
	pair.Env = env
	code, err := pair.Output()
	if err != nil {
		t.Fatal(err)
	}
	post := func(path, token string, body any) map[string]any {
		data, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", addr+path, bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "chrome-extension://abcdefghijklmnopabcdefghijklmnop")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, out)
		}
		return out
	}
	token := post("/v1/pair", "", map[string]string{"code": strings.TrimSpace(string(code))})["token"].(string)
	page := `<html><head><title>Bus routes | Ledger</title></head><body><article><h1>Bus routes</h1><p>The Riverton city council voted on Tuesday to add three new bus routes and to extend evening service on four others across the city.</p><p>The expansion will cost $14.2 million over five years, according to the budget office, and is paid for by a state grant.</p></article><input type="hidden" name="csrf" value="SECRETa1b2c3d4e5f6a7b8"></body></html>`
	saved := post("/v1/page", token, map[string]string{"url": "https://news.example/bus", "html": page})
	id := jsonNumberOf(saved["article"])
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "page saved: article "+id) {
		t.Errorf("serve reported %q", lines.Text())
	}
	text := must(t, db, "text", id)
	if !strings.Contains(text, "three new bus routes") {
		t.Errorf("factdesk text %s: %q", id, text)
	}

	again := exec.Command(bin, "serve", "--port", addr[strings.LastIndexByte(addr, ':')+1:], "--db", filepath.Join(dir, "other.db"))
	again.Env = env
	var errb bytes.Buffer
	again.Stderr = &errb
	done := make(chan error, 1)
	go func() { done <- again.Run() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "is taken by another program") {
			t.Errorf("serve on a taken port: %v, %q", err, errb.String())
		}
	case <-time.After(20 * time.Second):
		again.Process.Kill()
		t.Fatal("serve on a taken port kept running")
	}
}

func jsonNumberOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

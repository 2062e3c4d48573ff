package report

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestHTMLInertInBrowser loads a report full of script, handler and remote
// loading payloads in headless Chromium. Each payload, if it ran, would call
// a local server or change the page; the test asserts that the server saw
// no request and that the page the browser built shows the payloads as
// text.
func TestHTMLInertInBrowser(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium installed (apt-get install chromium)")
	}
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Logf("the report loaded %s", r.URL)
	}))
	defer srv.Close()

	in := hostileInput(t)
	beacon := srv.URL + "/beacon"
	payloads := []string{
		`<script>document.title="PWNED"; fetch("` + beacon + `/fetch")</script>`,
		`"><img src="` + beacon + `/img" onerror="document.title='PWNED'">`,
		`<link rel=stylesheet href="` + beacon + `/css">`,
		`<iframe src="` + beacon + `/frame"></iframe>`,
		`<style>body{background:url(` + beacon + `/bg)}</style>`,
		`<svg onload="document.title='PWNED'"></svg>`,
	}
	all := strings.Join(payloads, " ")
	a := *in.Article
	a.Title = "Report " + payloads[0]
	a.Byline = payloads[1]
	in.Article = &a
	in.Org.Methodology = all
	for _, c := range in.Claims {
		c.Notes = all
		c.Statement = payloads[5] + " " + payloads[2]
		for k := range c.Sources {
			c.Sources[k].URL = beacon + "/source"
			c.Sources[k].Title = payloads[3]
			c.Sources[k].Excerpt = payloads[4]
		}
	}
	var doc bytes.Buffer
	if err := HTML(&doc, in); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, doc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	load := func(page string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
			"--virtual-time-budget=3000", "--dump-dom", "file://"+page)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Skipf("Chromium did not run: %v: %.300s", err, errb.String())
		}
		if !strings.Contains(out.String(), "</html>") {
			t.Fatalf("Chromium printed no page: %.300s", errb.String())
		}
		return out.String()
	}

	// A control page with the same payloads unescaped shows that this
	// harness sees a script run and a request made.
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte("<!doctype html><html><head><title>x</title></head><body>"+all+"</body></html>"), 0o644)
	if dom := load(control); !strings.Contains(dom, "PWNED") || hits.Load() == 0 {
		t.Fatalf("the control page ran no script or made no request (%d requests): the harness cannot see them", hits.Load())
	}
	hits.Store(0)

	dom := load(page)
	if strings.Contains(dom, "<title>PWNED") || strings.Contains(dom, "PWNED</title>") {
		t.Errorf("a script ran: the title was changed")
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the report made %d requests to the network", n)
	}
	// The payloads are on the page as text, escaped.
	if !strings.Contains(dom, "&lt;script&gt;document.title") {
		t.Errorf("the script payload is not shown as text")
	}
	fmt.Fprintf(os.Stdout, "browser: %d payloads in %d bytes of report, %d requests, title untouched\n", len(payloads), doc.Len(), hits.Load())
}

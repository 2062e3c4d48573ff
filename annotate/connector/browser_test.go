package connector

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/assets"
)

// need returns the path of a program the browser test needs, or skips
// the test saying what is missing; under CI=true it fails instead.
func need(t *testing.T, what string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if strings.Contains(p, "/") {
			if _, err := os.Stat(p); err == nil {
				return p
			}
			continue
		}
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	msg := what + " is not installed (make test-deps installs it); the connector's browser test did not run"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// scriptPage builds its article with a script after load, as many news
// sites do: fetched as a stranger it is an empty shell.
const scriptPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Loading…</title></head>
<body><main id="app"></main>
<script>
addEventListener("load", () => {
  document.title = "Riverton hires drivers for its new routes";
  const a = document.createElement("article");
  const h = document.createElement("h1");
  h.textContent = "Riverton hires drivers for its new routes";
  a.appendChild(h);
  for (const text of PARAS) {
    const p = document.createElement("p");
    p.textContent = text;
    a.appendChild(p);
  }
  document.getElementById("app").appendChild(a);
});
</script></body></html>`

// TestExtensionInChromium loads the extension in headless Chromium,
// pairs it, saves a page built by scripts, marks a selection as a claim,
// adds the page as a source, shows the overlay, and has a page on another
// loopback origin try to drive the connector.
func TestExtensionInChromium(t *testing.T) {
	browser := need(t, "Chromium", "chromium", "chromium-browser")
	node := need(t, "Node.js", "node")
	dir := os.Getenv("FACTDESK_AXE_DIR")
	if dir == "" {
		cache, _ := os.UserCacheDir()
		dir = filepath.Join(cache, "factdesk-test", "axe")
	}
	need(t, "the npm package puppeteer-core", filepath.Join(dir, "node_modules", "puppeteer-core", "package.json"))

	r := newRig(t)
	r.desk.selectNew = true
	paras, _ := json.Marshal(riverton)
	pageSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if req.URL.Path == "/article" {
			w.Write([]byte(strings.Replace(scriptPage, "PARAS", string(paras), 1)))
			return
		}
		w.Write([]byte(`<!DOCTYPE html><html><head><title>Another site</title></head><body><p>Nothing to see.</p></body></html>`))
	}))
	defer pageSrv.Close()
	attackSrv := httptest.NewServer(pageSrv.Config.Handler)
	defer attackSrv.Close()

	ext := filepath.Join(t.TempDir(), "extension")
	sub, _ := fs.Sub(assets.Connector, "connector")
	if err := os.CopyFS(ext, sub); err != nil {
		t.Fatal(err)
	}
	code, err := r.pairing.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	articleURL := pageSrv.URL + "/article"
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "e2e.js"), browser, ext, strconv.Itoa(r.srv.Port()), code, articleURL, attackSrv.URL+"/")
	cmd.Env = append(os.Environ(), "AXE_DIR="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the browser run failed: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	steps := map[string]map[string]any{}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("the browser run printed %q", sc.Text())
		}
		steps[m["step"].(string)] = m
		t.Logf("%s", sc.Text())
	}
	for _, s := range []string{"save-page", "save-claim", "add-source", "overlay"} {
		if steps[s]["cls"] != "ok" {
			t.Errorf("%s: the popup says %q", s, steps[s]["text"])
		}
	}
	if !strings.Contains(steps["unpaired"]["status"].(string), "Not paired") {
		t.Errorf("before pairing the popup says %q", steps["unpaired"]["status"])
	}

	ctx2 := context.Background()
	list, _ := r.db.Articles(ctx2)
	if len(list) != 1 {
		t.Fatalf("%d articles, want the one page saved (and nothing from the attacker page)", len(list))
	}
	a, _ := r.db.Article(ctx2, list[0].ID)
	if a.Title != "Riverton hires drivers for its new routes" || a.URL != articleURL || !strings.Contains(a.Text, "hire 35 drivers and buy 12 electric buses") {
		t.Errorf("saved article %q at %q:\n%.200s", a.Title, a.URL, a.Text)
	}
	claims, _ := r.db.Claims(ctx2, a.ID)
	if len(claims) != 1 {
		t.Fatalf("%d claims, want 1", len(claims))
	}
	c := claims[0]
	if got := string([]rune(a.Text)[c.Start:c.End]); got != "hire 35 drivers and buy 12 electric buses" || c.Exact != got {
		t.Errorf("claim at %d–%d is %q", c.Start, c.End, got)
	}
	if len(c.Sources) != 1 || c.Sources[0].URL != articleURL || c.Sources[0].Title != a.Title || c.Sources[0].Accessed.IsZero() {
		t.Errorf("sources %+v", c.Sources)
	}
	marks, _ := steps["marks"]["marks"].([]any)
	var marked string
	for _, m := range marks {
		marked += m.(map[string]any)["text"].(string)
	}
	if marked != "hire 35 drivers and buy 12 electric buses" {
		t.Errorf("the overlay highlights %q", marked)
	}
	t.Logf("the attacker page's tries: %v", steps["attack"])
}

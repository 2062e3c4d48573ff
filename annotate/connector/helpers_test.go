package connector

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"

	"github.com/factdesk/factdesk/storage"
)

// Extension origins used by the tests, in the shapes browsers give them.
const (
	chromeOrigin  = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
	firefoxOrigin = "moz-extension://0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
)

// fakeDesk records what the server tells the window and plays its
// selected claim.
type fakeDesk struct {
	mu       sync.Mutex
	selected int64
	events   []Event
	// selectNew selects each claim the connector adds, as the window
	// does.
	selectNew bool
}

func (d *fakeDesk) SelectedClaim() (int64, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.selected, d.selected != 0
}

func (d *fakeDesk) Changed(e Event) {
	d.mu.Lock()
	d.events = append(d.events, e)
	if d.selectNew && e.Kind == ClaimAdded {
		d.selected = e.ClaimID
	}
	d.mu.Unlock()
}

func (d *fakeDesk) select_(id int64) {
	d.mu.Lock()
	d.selected = id
	d.mu.Unlock()
}

func (d *fakeDesk) seen() []Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Event(nil), d.events...)
}

// rig is a running connector on a real library in a temporary folder,
// with one paired browser.
type rig struct {
	t       *testing.T
	srv     *Server
	db      *storage.DB
	desk    *fakeDesk
	pairing *Pairing
	token   string
	dir     string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	dir := t.TempDir()
	db, err := storage.Open(context.Background(), filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &rig{t: t, db: db, desk: &fakeDesk{}, pairing: OpenPairing(filepath.Join(dir, "config", "connector.json")), dir: dir}
	r.srv, err = Start(Config{Port: 0, Pairing: r.pairing, Store: db, Desk: r.desk, Snapshots: filepath.Join(dir, "snapshots"), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.srv.Close() })
	code, err := r.pairing.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	resp := r.call(PathPair, map[string]string{"code": code, "name": "Chromium"}, callOpts{noToken: true})
	if resp.status != http.StatusOK {
		t.Fatalf("pairing: %d %s", resp.status, resp.body)
	}
	r.token = resp.json["token"].(string)
	return r
}

type callOpts struct {
	noToken     bool
	token       string // instead of the rig's
	origin      string // "" means chromeOrigin; "-" means none
	host        string // the Host header; "" means the server's address
	contentType string
	method      string
	rawBody     []byte
}

type response struct {
	status int
	header http.Header
	body   string
	json   map[string]any
}

func (r *rig) call(path string, body any, o callOpts) response {
	r.t.Helper()
	data := o.rawBody
	if data == nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			r.t.Fatal(err)
		}
	}
	method := o.method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, r.srv.Addr()+path, bytes.NewReader(data))
	if err != nil {
		r.t.Fatal(err)
	}
	ct := o.contentType
	if ct == "" {
		ct = "application/json"
	}
	req.Header.Set("Content-Type", ct)
	switch o.origin {
	case "":
		req.Header.Set("Origin", chromeOrigin)
	case "-":
	default:
		req.Header.Set("Origin", o.origin)
	}
	if o.host != "" {
		req.Host = o.host
	}
	tok := r.token
	if o.token != "" {
		tok = o.token
	}
	if !o.noToken && tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, body: string(b)}
	json.Unmarshal(b, &out.json)
	return out
}

// counts returns how many articles and claims the library holds, and
// how many sources its claims have.
func (r *rig) counts() (articles, claims, sources int) {
	r.t.Helper()
	ctx := context.Background()
	list, err := r.db.Articles(ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, a := range list {
		cs, err := r.db.Claims(ctx, a.ID)
		if err != nil {
			r.t.Fatal(err)
		}
		claims += len(cs)
		for _, c := range cs {
			sources += len(c.Sources)
		}
	}
	return len(list), claims, sources
}

// articlePage is a page as a logged-in subscriber's browser renders it:
// the article, and the subscriber's details in the places pages keep
// them.
func articlePage(title string, paragraphs ...string) string {
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html><html lang="en" data-user-id="u-88213"><head>
<meta charset="utf-8"><title>` + title + ` | The Riverton Ledger</title>
<meta name="csrf-token" content="SECRETcsrf7f9a2c4e1b8d">
<meta property="og:title" content="` + title + `">
<meta property="og:site_name" content="The Riverton Ledger">
<meta name="author" content="Dana Whitfield">
<meta name="user-email" content="jane.subscriber@example.org">
<script>window.__SESSION__ = {token: "SECRETscript9c8b7a6f5e4d"};</script>
<link rel="stylesheet" href="/styles.css?session=SECRETlink4a5b6c7d8e9f">
</head><body class="logged-in" data-session="SECRETattr1a2b3c4d5e6f">
<header><nav><a href="/">Home</a> <a href="/account?token=SECRETquery3c2b1a0f9e8d&amp;ref=nav">My account</a></nav>
<form action="/logout" method="post"><input type="hidden" name="authenticity_token" value="SECRETinput0a9b8c7d6e5f"><button>Log out</button></form></header>
<main><article><h1>` + title + `</h1>
<p class="byline">By Dana Whitfield</p>
<div hidden>Subscriber SECREThidden5e4d3c2b1a0f</div>
<span style="display: none">SECRETstyle6f5e4d3c2b1a</span>
`)
	for _, p := range paragraphs {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(`<img src="https://cdn.example.org/photo.jpg?sig=SECRETimg7a6b5c4d3e2f" alt="Buses at the depot">
<!-- rendered for subscriber SECRETcomment8b7c6d5e4f3a -->
<textarea name="comment">SECRETtextarea9c8d7e6f5a4b</textarea>
</article></main>
<iframe src="https://ads.example/frame?uid=SECRETframe0d9e8f7a6b5c"></iframe>
</body></html>`)
	return b.String()
}

// paragraphs of the test article: long enough for the extractor to see an
// article, with one sentence that occurs twice.
var riverton = []string{
	"The Riverton city council voted 7–2 on Tuesday to add three new bus routes and extend evening service on four others, after a year in which ridership rose 18% last year according to the transit authority.",
	"The expansion will cost $14.2 million over five years, according to the city’s budget office, and will be paid for from the state transport grant and a small rise in parking fees downtown.",
	"Council member Lena Okafor said traffic deaths in the city had fallen by half since 2019, and that better buses would keep the numbers falling. The figure was disputed by the opposition.",
	"The transit authority says it will hire 35 drivers and buy 12 electric buses, which it says will cut the fleet’s emissions by a third. The figure was disputed by the opposition.",
}

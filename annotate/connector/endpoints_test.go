package connector

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
)

func TestPing(t *testing.T) {
	r := newRig(t)
	resp := r.call(PathPing, map[string]any{}, callOpts{})
	if resp.status != http.StatusOK || resp.json["app"] != "FactDesk" || resp.json["version"] != "test" || resp.json["library"] != true {
		t.Errorf("ping: %d %s", resp.status, resp.body)
	}
	if resp.header.Get("Access-Control-Allow-Origin") != chromeOrigin {
		t.Errorf("Allow-Origin %q, want the extension's", resp.header.Get("Access-Control-Allow-Origin"))
	}
	r.srv.SetStore(nil)
	if resp := r.call(PathPing, map[string]any{}, callOpts{}); resp.json["library"] != false {
		t.Errorf("ping with no library: %s", resp.body)
	}
	if resp := r.call(PathPage, savePageBody(), callOpts{}); resp.status != http.StatusServiceUnavailable {
		t.Errorf("save with no library: %d, want 503", resp.status)
	}
}

func TestSavePage(t *testing.T) {
	r := newRig(t)
	body := savePageBody()
	body["url"] = "https://news.example/riverton?utm_source=tw&session=SECRETurl1f2e3d4c5b6a#comments"
	body["selection"] = map[string]string{"exact": "ridership rose 18%\nlast year", "prefix": "in which ", "suffix": " according"}
	resp := r.call(PathPage, body, callOpts{})
	if resp.status != http.StatusOK {
		t.Fatalf("save page: %d %s", resp.status, resp.body)
	}
	id := int64(resp.json["article"].(float64))
	ctx := context.Background()
	a, err := r.db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Riverton council votes to expand bus service" {
		t.Errorf("Title = %q", a.Title)
	}
	if a.URL != "https://news.example/riverton" {
		t.Errorf("URL = %q, want the page's address without its session, tracking and fragment", a.URL)
	}
	for _, p := range riverton {
		if !strings.Contains(a.Text, ingest.Canonical(p)) {
			t.Errorf("the text lost %q", p[:40])
		}
	}
	if a.Retrieved.IsZero() {
		t.Error("no retrieved time")
	}
	vs, err := r.db.Versions(ctx, id)
	if err != nil || len(vs) != 1 {
		t.Fatalf("Versions: %v %v", vs, err)
	}
	v := vs[0]
	src := string(v.Source)
	if got := secretMark.FindAllString(src, -1); len(got) > 0 {
		t.Errorf("the kept source holds %q", got)
	}
	if !strings.Contains(src, "Saved from the browser by the FactDesk connector at "+a.Retrieved.UTC().Format("2006-01-02T15:04:05Z")) {
		t.Errorf("the kept source does not say where and when it came from:\n%.300s", src)
	}
	sum := sha256.Sum256(v.Source)
	if v.SHA256 != hex.EncodeToString(sum[:]) || resp.json["sha256"] != v.SHA256 {
		t.Errorf("SHA-256 %s (answered %v), want %x", v.SHA256, resp.json["sha256"], sum)
	}
	sel, _ := resp.json["selection"].(map[string]any)
	if sel == nil {
		t.Fatalf("the selection was not placed: %s", resp.body)
	}
	start, end := int(sel["start"].(float64)), int(sel["end"].(float64))
	if got := string([]rune(a.Text)[start:end]); got != "ridership rose 18% last year" {
		t.Errorf("selection at %d–%d is %q", start, end, got)
	}
	ev := r.desk.seen()
	if len(ev) != 1 || ev[0].Kind != PageSaved || ev[0].ArticleID != id || ev[0].Selection == nil || ev[0].Selection.Start != start {
		t.Errorf("events %+v, want one PageSaved of article %d with the selection", ev, id)
	}

	// The same page again is the same article.
	again := r.call(PathPage, body, callOpts{})
	if again.status != http.StatusOK || again.json["existing"] != true || int64(again.json["article"].(float64)) != id {
		t.Errorf("saving again: %s, want the existing article %d", again.body, id)
	}
	if n, _, _ := r.counts(); n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
	if len(r.desk.seen()) != 1 {
		t.Error("the window was told of a page that was already saved")
	}

	// Bad input changes nothing.
	for name, b := range map[string]map[string]any{
		"no URL":          {"html": articlePage("x", riverton...)},
		"javascript: URL": {"url": "javascript:alert(1)", "html": articlePage("x", riverton...)},
		"empty page":      {"url": "https://news.example/empty", "html": ""},
		"no article":      {"url": "https://news.example/empty", "html": "<html><body><script>x()</script></body></html>"},
	} {
		if resp := r.call(PathPage, b, callOpts{}); resp.status != http.StatusBadRequest || resp.json["error"] == "" {
			t.Errorf("%s: %d %s, want 400 with a message", name, resp.status, resp.body)
		}
	}
	if resp := r.call(PathPage, nil, callOpts{rawBody: []byte(`{"url":`)}); resp.status != http.StatusBadRequest {
		t.Errorf("truncated JSON: %d, want 400", resp.status)
	}
	if n, _, _ := r.counts(); n != 1 {
		t.Errorf("%d articles after bad input, want 1", n)
	}
}

// TestScriptBuiltPage saves a page whose article exists only in the DOM
// the browser built: what the extension sends is that DOM.
func TestScriptBuiltPage(t *testing.T) {
	r := newRig(t)
	shell := `<html><head><title>Loading…</title></head><body><div id="app"></div><script src="/app.js"></script></body></html>`
	if resp := r.call(PathPage, map[string]any{"url": "https://spa.example/story/1", "html": shell}, callOpts{}); resp.status != http.StatusBadRequest {
		t.Errorf("the empty shell: %d %s, want 400 (no article)", resp.status, resp.body)
	}
	rendered := strings.Replace(shell, `<div id="app"></div>`, `<div id="app"><article><h1>Budget vote delayed</h1><p>`+strings.Join(riverton, "</p><p>")+`</p></article></div>`, 1)
	resp := r.call(PathPage, map[string]any{"url": "https://spa.example/story/1", "title": "Budget vote delayed", "html": rendered}, callOpts{})
	if resp.status != http.StatusOK {
		t.Fatalf("the rendered page: %d %s", resp.status, resp.body)
	}
	a, _ := r.db.Article(context.Background(), int64(resp.json["article"].(float64)))
	if !strings.Contains(a.Text, "hire 35 drivers") || a.URL != "https://spa.example/story/1" {
		t.Errorf("article %q at %q", a.Text[:60], a.URL)
	}
}

func TestSaveClaim(t *testing.T) {
	r := newRig(t)
	// The page is not saved yet: the call saves it, then marks the claim.
	body := savePageBody()
	body["exact"] = "The figure was disputed by the opposition."
	body["prefix"] = "which it says will cut the fleet’s emissions by a third. "
	body["suffix"] = ""
	resp := r.call(PathClaim, body, callOpts{})
	if resp.status != http.StatusOK || resp.json["page_saved"] != true {
		t.Fatalf("claim on an unsaved page: %d %s", resp.status, resp.body)
	}
	ctx := context.Background()
	aid := int64(resp.json["article"].(float64))
	a, _ := r.db.Article(ctx, aid)
	c, err := r.db.Claim(ctx, int64(resp.json["claim"].(float64)))
	if err != nil {
		t.Fatal(err)
	}
	// The sentence occurs twice; the context picks the second.
	wantStart, _, err := annotate.FindQuote(a.Text, "The figure was disputed by the opposition.", 2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Start != wantStart || c.Exact != "The figure was disputed by the opposition." || c.AnchorBy != annotate.AnchorMarked {
		t.Errorf("claim at %d–%d %q (%s), want at %d", c.Start, c.End, c.Exact, c.AnchorBy, wantStart)
	}
	// A selection across two paragraphs, as the browser gives it (one
	// line break), on the page now saved.
	resp = r.call(PathClaim, map[string]any{"url": "https://news.example/riverton#top", "exact": "parking fees downtown.\n\nCouncil member Lena Okafor said", "prefix": "a small rise in "}, callOpts{})
	if resp.status != http.StatusOK || resp.json["page_saved"] != false {
		t.Fatalf("claim across paragraphs: %d %s", resp.status, resp.body)
	}
	c2, _ := r.db.Claim(ctx, int64(resp.json["claim"].(float64)))
	if c2.Exact != "parking fees downtown.\n\nCouncil member Lena Okafor said" {
		t.Errorf("claim across paragraphs is %q", c2.Exact)
	}
	ev := r.desk.seen()
	if len(ev) != 3 || ev[0].Kind != PageSaved || ev[1].Kind != ClaimAdded || ev[2].Kind != ClaimAdded || ev[2].ClaimID != c2.ID {
		t.Errorf("events %+v", ev)
	}
	// A selection not in the text, an empty one, and an unsaved page
	// without its HTML write nothing.
	_, before, _ := r.counts()
	for name, b := range map[string]map[string]any{
		"not in the text": {"url": "https://news.example/riverton", "exact": "The moon is made of cheese and the council knows it."},
		"empty":           {"url": "https://news.example/riverton", "exact": "  "},
		"unsaved page":    {"url": "https://news.example/other", "exact": "ridership rose"},
	} {
		resp := r.call(PathClaim, b, callOpts{})
		if resp.status < 400 || resp.json["error"] == "" {
			t.Errorf("%s: %d %s, want an error", name, resp.status, resp.body)
		}
	}
	if _, after, _ := r.counts(); after != before {
		t.Errorf("%d claims after refused calls, want %d", after, before)
	}
}

func TestAddSource(t *testing.T) {
	r := newRig(t)
	resp := r.call(PathPage, savePageBody(), callOpts{})
	aid := int64(resp.json["article"].(float64))
	ctx := context.Background()
	a, _ := r.db.Article(ctx, aid)
	s, e, _ := annotate.FindQuote(a.Text, "traffic deaths in the city had fallen by half since 2019", 0)
	c, _ := annotate.NewClaim(a, s, e)
	if err := r.db.CreateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	evidence := map[string]any{
		"url":       "https://stats.example.gov/road-deaths-2024?token=SECRETsrc1a2b3c4d5e6f",
		"title":     "Road deaths 2024",
		"html":      articlePage("Road deaths in Riverton, 2019–2024", "State records show 11 road deaths in Riverton in 2019 and 7 in 2024, a fall of 36 percent over five years, not a halving as was claimed by the council.", "The records count every death within 30 days of a collision on a public road inside the city limits, as the national statistics office defines it."),
		"selection": map[string]string{"exact": "11 road deaths in Riverton in 2019 and 7 in 2024"},
	}
	// No claim selected in the window: refused, nothing written.
	if resp := r.call(PathSource, evidence, callOpts{}); resp.status != http.StatusConflict || !strings.Contains(resp.json["error"].(string), "select the claim") {
		t.Errorf("no selected claim: %d %s, want 409 asking to select one", resp.status, resp.body)
	}
	if _, _, n := r.counts(); n != 0 {
		t.Fatalf("%d sources after a refused call", n)
	}
	r.desk.select_(c.ID)
	resp = r.call(PathSource, evidence, callOpts{})
	if resp.status != http.StatusOK {
		t.Fatalf("add source: %d %s", resp.status, resp.body)
	}
	got, _ := r.db.Claim(ctx, c.ID)
	if len(got.Sources) != 1 {
		t.Fatalf("%d sources, want 1", len(got.Sources))
	}
	src := got.Sources[0]
	if src.URL != "https://stats.example.gov/road-deaths-2024" || src.Title != "Road deaths in Riverton, 2019–2024" || src.Publisher != "The Riverton Ledger" ||
		src.Accessed.IsZero() || src.Stance != annotate.StanceContext || src.Excerpt != "11 road deaths in Riverton in 2019 and 7 in 2024" {
		t.Errorf("source %+v", src)
	}
	ev := r.desk.seen()
	last := ev[len(ev)-1]
	if last.Kind != SourceAdded || last.ClaimID != c.ID || last.SourceID != src.ID || last.Snapshot == "" {
		t.Fatalf("event %+v", last)
	}
	// The snapshot: sanitised HTML named by its SHA-256, its text, and
	// where and when it was saved.
	html, err := os.ReadFile(last.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(html)
	if filepath.Base(last.Snapshot) != hex.EncodeToString(sum[:])+".html" || resp.json["sha256"] != hex.EncodeToString(sum[:]) {
		t.Errorf("snapshot %s is not named by its SHA-256 %x", last.Snapshot, sum)
	}
	if got := secretMark.FindAllString(string(html), -1); len(got) > 0 {
		t.Errorf("the snapshot holds %q", got)
	}
	text, _ := os.ReadFile(strings.TrimSuffix(last.Snapshot, ".html") + ".txt")
	if !strings.Contains(string(text), "a fall of 36 percent") {
		t.Errorf("the snapshot's text: %.200s", text)
	}
	meta, _ := os.ReadFile(strings.TrimSuffix(last.Snapshot, ".html") + ".json")
	for _, want := range []string{`"from": "browser"`, `"url": "https://stats.example.gov/road-deaths-2024"`, `"saved": "`, `"sha256": "` + hex.EncodeToString(sum[:])} {
		if !strings.Contains(string(meta), want) {
			t.Errorf("the snapshot's record lacks %s:\n%s", want, meta)
		}
	}
	// A selected claim that was deleted meanwhile.
	r.desk.select_(c.ID + 100)
	if resp := r.call(PathSource, evidence, callOpts{}); resp.status != http.StatusNotFound {
		t.Errorf("a selected claim that is gone: %d %s, want 404", resp.status, resp.body)
	}
}

func TestOverlay(t *testing.T) {
	r := newRig(t)
	resp := r.call(PathPage, savePageBody(), callOpts{})
	ctx := context.Background()
	a, _ := r.db.Article(ctx, int64(resp.json["article"].(float64)))
	s, e, _ := annotate.FindQuote(a.Text, "ridership rose 18% last year", 0)
	c, _ := annotate.NewClaim(a, s, e)
	c.Verdict, c.Status = annotate.VerdictMostlyFalse, annotate.StatusDone
	c.Rationale = "The authority's own figures show 11%."
	c.Notes = "INTERNAL call the press office back"
	c.Claimant = "Riverton transit authority"
	c.Tags = []string{"transit-secret-tag"}
	if err := r.db.CreateClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	resp = r.call(PathOverlay, map[string]string{"url": "https://news.example/riverton/#comments"}, callOpts{})
	if resp.status != http.StatusOK {
		t.Fatalf("overlay: %d %s", resp.status, resp.body)
	}
	for _, leak := range []string{"INTERNAL", "press office", "transit-secret-tag", "Riverton transit authority", "Dana Whitfield", "18% last year according to the transit authority. The expansion"} {
		if strings.Contains(resp.body, leak) {
			t.Errorf("the overlay serves %q: %s", leak, resp.body)
		}
	}
	list := resp.json["annotations"].([]any)
	if len(list) != 1 {
		t.Fatalf("%d annotations, want 1", len(list))
	}
	an := list[0].(map[string]any)
	if an["color"] != "#e16f24" || an["label"] != "Mostly false" || an["type"] != "Annotation" {
		t.Errorf("annotation %v", an)
	}
	if !strings.Contains(resp.body, "The authority's own figures show 11%.") || !strings.Contains(resp.body, `"TextQuoteSelector"`) || !strings.Contains(resp.body, `"exact":"ridership rose 18% last year"`) {
		t.Errorf("the overlay lacks the rationale or the quote selector: %s", resp.body)
	}
	// Another page gets nothing.
	resp = r.call(PathOverlay, map[string]string{"url": "https://news.example/another"}, callOpts{})
	if resp.json["article"] != nil || len(resp.json["annotations"].([]any)) != 0 {
		t.Errorf("another page: %s", resp.body)
	}
}

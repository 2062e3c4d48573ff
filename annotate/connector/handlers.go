package connector

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/ingest"
)

// MaxBodyBytes bounds a call's body: a page as large as an import may be
// (annotate.MaxInputBytes) with room for its JSON escaping and the other
// fields.
const MaxBodyBytes = annotate.MaxInputBytes + annotate.MaxInputBytes/4

// The paths of the calls. Every call is a POST of a JSON object.
const (
	PathPing    = "/v1/ping"
	PathPair    = "/v1/pair"
	PathPage    = "/v1/page"
	PathClaim   = "/v1/claim"
	PathSource  = "/v1/source"
	PathOverlay = "/v1/overlay"
)

// extensionOrigin matches the origins of browser extensions: Chromium's
// 32 letters a to p, Firefox's per-install UUID.
var extensionOrigin = regexp.MustCompile(`^(chrome-extension://[a-p]{32}|moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)

// IsExtensionOrigin reports whether origin is that of a browser extension.
func IsExtensionOrigin(origin string) bool { return extensionOrigin.MatchString(origin) }

// Handler is the connector's HTTP handler, with every check in front of
// the calls.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

type apiError struct {
	status int
	msg    string
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// The Host header names the server the browser meant. A page of a
	// name that an attacker re-points at 127.0.0.1 (DNS rebinding) sends
	// its own name here.
	if !s.loopbackHost(r.Host) {
		writeError(w, http.StatusMisdirectedRequest, "the Host header "+strconv.Quote(clipRunes(r.Host, 80))+" is not this connector's address")
		return
	}
	origin := r.Header.Get("Origin")
	switch {
	case origin == "":
		// Not a browser's cross-origin call (browsers name the origin
		// of every POST): a script on this machine, which still needs
		// the token.
	case IsExtensionOrigin(origin):
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Vary", "Origin")
	default:
		// A web page (or "null", a sandboxed one): refused, and with
		// no CORS headers its script cannot even read why.
		writeError(w, http.StatusForbidden, "calls from web pages are refused; only the FactDesk extension may call the connector")
		return
	}
	if r.Method == http.MethodOptions && origin != "" {
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost {
		h.Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "the connector takes only POST")
		return
	}
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); !strings.EqualFold(strings.TrimSpace(ct), "application/json") {
		// A form or a beacon cannot send JSON without a preflight.
		writeError(w, http.StatusUnsupportedMediaType, "the connector takes only application/json")
		return
	}
	if r.ContentLength > MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, "the call is over the "+strconv.Itoa(annotate.MaxInputBytes>>20)+" MB limit of an import")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	var handle func(ctx context.Context, body []byte, origin string) (any, *apiError)
	switch r.URL.Path {
	case PathPair:
		if origin == "" {
			writeError(w, http.StatusForbidden, "pairing is done from the FactDesk extension")
			return
		}
		handle = s.pair
	case PathPing:
		handle = s.ping
	case PathPage:
		handle = s.savePage
	case PathClaim:
		handle = s.saveClaim
	case PathSource:
		handle = s.addSource
	case PathOverlay:
		handle = s.overlay
	default:
		writeError(w, http.StatusNotFound, "no such call: "+clipRunes(r.URL.Path, 60))
		return
	}
	if r.URL.Path != PathPair {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			token = ""
		}
		if err := s.cfg.Pairing.Check(strings.TrimSpace(token), origin); err != nil {
			status := http.StatusUnauthorized
			if annotate.ErrorCode(err) == annotate.EINTERNAL {
				status = http.StatusInternalServerError
			}
			writeError(w, status, annotate.ErrorMessage(err))
			return
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, "the call is over the "+strconv.Itoa(annotate.MaxInputBytes>>20)+" MB limit of an import")
			return
		}
		writeError(w, http.StatusBadRequest, "cannot read the call: "+err.Error())
		return
	}
	out, aerr := handle(r.Context(), body, origin)
	if aerr != nil {
		writeError(w, aerr.status, aerr.msg)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// loopbackHost reports whether host is this server's loopback address and
// port.
func (s *Server) loopbackHost(host string) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil || port != strconv.Itoa(s.port) {
		return false
	}
	switch strings.ToLower(name) {
	case "127.0.0.1", "::1", "localhost":
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// failed maps a domain error to its HTTP status.
func failed(err error) *apiError {
	status := http.StatusInternalServerError
	switch annotate.ErrorCode(err) {
	case annotate.EINVALID:
		status = http.StatusBadRequest
	case annotate.ENOTFOUND:
		status = http.StatusNotFound
	case annotate.ECONFLICT:
		status = http.StatusConflict
	case annotate.ETOOLARGE:
		status = http.StatusRequestEntityTooLarge
	}
	return &apiError{status, annotate.ErrorMessage(err)}
}

func decode(body []byte, v any) *apiError {
	if err := json.Unmarshal(body, v); err != nil {
		return &apiError{http.StatusBadRequest, "the call is not a valid JSON object: " + err.Error()}
	}
	return nil
}

func (s *Server) library() (Store, *apiError) {
	st := s.currentStore()
	if st == nil {
		return nil, &apiError{http.StatusServiceUnavailable, "no library is open in FactDesk"}
	}
	return st, nil
}

func (s *Server) notify(e Event) {
	if s.cfg.Desk != nil {
		s.cfg.Desk.Changed(e)
	}
}

// pair exchanges a pairing code for a token.
func (s *Server) pair(_ context.Context, body []byte, origin string) (any, *apiError) {
	var req struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	if e := decode(body, &req); e != nil {
		return nil, e
	}
	token, err := s.cfg.Pairing.Pair(req.Code, origin, req.Name)
	if err != nil {
		if annotate.ErrorCode(err) == annotate.EINVALID {
			return nil, &apiError{http.StatusForbidden, annotate.ErrorMessage(err)}
		}
		return nil, failed(err)
	}
	return map[string]string{"token": token}, nil
}

// ping says that FactDesk is running, its version and whether a library
// is open.
func (s *Server) ping(context.Context, []byte, string) (any, *apiError) {
	return map[string]any{"app": "FactDesk", "version": s.cfg.Version, "library": s.currentStore() != nil}, nil
}

// pageRequest is a page as the extension sends it.
type pageRequest struct {
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	HTML      string     `json:"html"`
	Selection *Selection `json:"selection,omitempty"`
}

// savePage imports the page as a new article, or answers the article that
// already holds this page's text.
func (s *Server) savePage(ctx context.Context, body []byte, _ string) (any, *apiError) {
	st, aerr := s.library()
	if aerr != nil {
		return nil, aerr
	}
	var req pageRequest
	if e := decode(body, &req); e != nil {
		return nil, e
	}
	s.write.Lock()
	defer s.write.Unlock()
	a, v, existing, err := s.importPage(ctx, st, req)
	if err != nil {
		return nil, failed(err)
	}
	out := map[string]any{"article": a.ID, "title": a.Title, "url": a.URL, "characters": len([]rune(a.Text)), "existing": existing}
	if v != nil {
		out["sha256"] = v.SHA256
	}
	ev := Event{Kind: PageSaved, ArticleID: a.ID, Title: a.Title, URL: a.URL}
	if req.Selection != nil && strings.TrimSpace(req.Selection.Exact) != "" {
		if sp, err := req.Selection.Locate(a.Text); err == nil {
			out["selection"] = sp
			ev.Selection = &sp
		}
	}
	if !existing {
		s.notify(ev)
	}
	return out, nil
}

// importPage sanitises the page and imports it through the same parser as
// a file, with the page's address as its URL. When an article of this
// address already holds the same text, that article is answered and
// existing is true.
func (s *Server) importPage(ctx context.Context, st Store, req pageRequest) (*annotate.Article, *annotate.ArticleVersion, bool, error) {
	pageURL := CleanURL(req.URL)
	if err := annotate.ValidateURL("page URL", pageURL); err != nil {
		return nil, nil, false, err
	}
	if len(req.HTML) > annotate.MaxInputBytes {
		return nil, nil, false, annotate.Errorf(annotate.ETOOLARGE, "the page is over the %d MB limit of an import", annotate.MaxInputBytes>>20)
	}
	at := s.now().UTC().Truncate(time.Second)
	doc, err := ingest.Parse(Sanitize([]byte(req.HTML), pageURL, at), ingest.FormatHTML, "", pageURL)
	if err != nil {
		return nil, nil, false, err
	}
	// The address the reader is on is the one the overlay will look up.
	doc.URL = pageURL
	if strings.TrimSpace(doc.Title) == "" {
		doc.Title = clipName(req.Title)
	}
	same, err := articlesAt(ctx, st, pageURL)
	if err != nil {
		return nil, nil, false, err
	}
	for _, id := range same {
		a, err := st.Article(ctx, id)
		if err != nil {
			return nil, nil, false, err
		}
		if a.Text == doc.Text {
			return a, nil, true, nil
		}
	}
	a, v := doc.Article(), doc.Version()
	a.Retrieved, v.Created = at, at
	if err := st.CreateArticle(ctx, a, v); err != nil {
		return nil, nil, false, err
	}
	return a, v, false, nil
}

// articlesAt lists the articles whose URL is the page's, newest first.
func articlesAt(ctx context.Context, st Store, pageURL string) ([]int64, error) {
	list, err := st.Articles(ctx)
	if err != nil {
		return nil, err
	}
	want := sameURL(pageURL)
	var ids []int64
	for _, a := range list {
		if a.URL != "" && sameURL(a.URL) == want {
			ids = append(ids, a.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] })
	return ids, nil
}

// claimRequest is a selection to mark as a claim on the page's article.
type claimRequest struct {
	pageRequest
	Selection
}

// saveClaim marks the selection as a claim on the article of the page,
// saving the page first when the library does not have it yet.
func (s *Server) saveClaim(ctx context.Context, body []byte, _ string) (any, *apiError) {
	st, aerr := s.library()
	if aerr != nil {
		return nil, aerr
	}
	var req claimRequest
	if e := decode(body, &req); e != nil {
		return nil, e
	}
	if strings.TrimSpace(req.Exact) == "" {
		return nil, &apiError{http.StatusBadRequest, "nothing is selected on the page: select the passage to mark as a claim"}
	}
	pageURL := CleanURL(req.URL)
	if err := annotate.ValidateURL("page URL", pageURL); err != nil {
		return nil, failed(err)
	}
	s.write.Lock()
	defer s.write.Unlock()
	ids, err := articlesAt(ctx, st, pageURL)
	if err != nil {
		return nil, failed(err)
	}
	var a *annotate.Article
	saved := false
	if len(ids) > 0 {
		if a, err = st.Article(ctx, ids[0]); err != nil {
			return nil, failed(err)
		}
	} else {
		if strings.TrimSpace(req.HTML) == "" {
			return nil, &apiError{http.StatusNotFound, "this page is not in the library: save the page first"}
		}
		var existing bool
		if a, _, existing, err = s.importPage(ctx, st, req.pageRequest); err != nil {
			return nil, failed(err)
		}
		saved = !existing
	}
	sp, err := req.Selection.Locate(a.Text)
	if err != nil {
		return nil, failed(err)
	}
	if saved {
		s.notify(Event{Kind: PageSaved, ArticleID: a.ID, Title: a.Title, URL: a.URL})
	}
	c, err := annotate.NewClaim(a, sp.Start, sp.End)
	if err != nil {
		return nil, failed(err)
	}
	if err := st.CreateClaim(ctx, c); err != nil {
		return nil, failed(err)
	}
	s.notify(Event{Kind: ClaimAdded, ArticleID: a.ID, ClaimID: c.ID, Title: a.Title, URL: a.URL})
	return map[string]any{"article": a.ID, "claim": c.ID, "number": c.Number, "start": c.Start, "end": c.End, "quote": c.Exact, "page_saved": saved}, nil
}

// addSource makes the page a source of the claim selected in the window,
// keeping a sanitised snapshot of it.
func (s *Server) addSource(ctx context.Context, body []byte, _ string) (any, *apiError) {
	st, aerr := s.library()
	if aerr != nil {
		return nil, aerr
	}
	var req pageRequest
	if e := decode(body, &req); e != nil {
		return nil, e
	}
	var claimID int64
	ok := false
	if s.cfg.Desk != nil {
		claimID, ok = s.cfg.Desk.SelectedClaim()
	}
	if !ok {
		return nil, &apiError{http.StatusConflict, "no claim is selected in FactDesk: select the claim this page is a source for, then try again"}
	}
	pageURL := CleanURL(req.URL)
	if err := annotate.ValidateURL("page URL", pageURL); err != nil {
		return nil, failed(err)
	}
	if len(req.HTML) > annotate.MaxInputBytes {
		return nil, failed(annotate.Errorf(annotate.ETOOLARGE, "the page is over the %d MB limit of an import", annotate.MaxInputBytes>>20))
	}
	s.write.Lock()
	defer s.write.Unlock()
	c, err := st.Claim(ctx, claimID)
	if err != nil {
		return nil, failed(err)
	}
	at := s.now().UTC().Truncate(time.Second)
	snap := Snapshot{URL: pageURL, Title: clipName(req.Title), Saved: at, From: "browser", ClaimID: c.ID}
	snap.HTML = Sanitize([]byte(req.HTML), pageURL, at)
	if doc, err := ingest.Parse(snap.HTML, ingest.FormatHTML, "", pageURL); err == nil {
		snap.Text = doc.Text
		if strings.TrimSpace(doc.Title) != "" {
			snap.Title = doc.Title
		}
		snap.Publisher = doc.Publisher
	}
	if snap.Title == "" {
		snap.Title = pageURL
	}
	if snap.Publisher == "" {
		if u, err := url.Parse(pageURL); err == nil {
			snap.Publisher = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	src := &annotate.Source{
		ClaimID:   c.ID,
		URL:       pageURL,
		Title:     snap.Title,
		Publisher: snap.Publisher,
		Accessed:  at,
		Stance:    annotate.StanceContext,
	}
	if req.Selection != nil {
		src.Excerpt = strings.TrimSpace(clipStart(req.Selection.Exact, annotate.MaxNoteBytes))
	}
	if err := src.Validate(); err != nil {
		return nil, failed(err)
	}
	// The snapshot is written before the source: a source is never
	// stored without the copy that makes it evidence.
	file := ""
	if s.cfg.Snapshots != "" {
		if file, err = snap.Write(s.cfg.Snapshots); err != nil {
			return nil, failed(err)
		}
	}
	if err := st.AddSource(ctx, src); err != nil {
		return nil, failed(err)
	}
	s.notify(Event{Kind: SourceAdded, ArticleID: c.ArticleID, ClaimID: c.ID, SourceID: src.ID, Title: src.Title, URL: src.URL, Snapshot: file})
	return map[string]any{"claim": c.ID, "article": c.ArticleID, "source": src.ID, "title": src.Title, "publisher": src.Publisher,
		"accessed": src.Accessed, "sha256": snap.SHA256(), "snapshot": file != ""}, nil
}

// overlayAnnotation is what the overlay shows of one claim: a W3C Web
// Annotation with the claim's statement, verdict and public rationale,
// and nothing else (notes, tags, claimants and sources stay on the desk).
type overlayAnnotation struct {
	Type       string        `json:"type"`
	Motivation string        `json:"motivation"`
	Number     int           `json:"number"`
	Verdict    string        `json:"verdict"`
	Label      string        `json:"label"`
	Color      string        `json:"color"`
	Body       []overlayBody `json:"body"`
	Target     overlayTarget `json:"target"`
}

type overlayBody struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Value   string `json:"value"`
}

type overlayTarget struct {
	Source   string            `json:"source"`
	Selector []overlaySelector `json:"selector"`
}

type overlaySelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

// overlay answers the claims of the article saved from this page's
// address, if any: only for the page the extension is on.
func (s *Server) overlay(ctx context.Context, body []byte, _ string) (any, *apiError) {
	st, aerr := s.library()
	if aerr != nil {
		return nil, aerr
	}
	var req struct {
		URL string `json:"url"`
	}
	if e := decode(body, &req); e != nil {
		return nil, e
	}
	pageURL := CleanURL(req.URL)
	if err := annotate.ValidateURL("page URL", pageURL); err != nil {
		return nil, failed(err)
	}
	ids, err := articlesAt(ctx, st, pageURL)
	if err != nil {
		return nil, failed(err)
	}
	out := map[string]any{"article": nil, "annotations": []overlayAnnotation{}}
	if len(ids) == 0 {
		return out, nil
	}
	a, err := st.Article(ctx, ids[0])
	if err != nil {
		return nil, failed(err)
	}
	claims, err := st.Claims(ctx, a.ID)
	if err != nil {
		return nil, failed(err)
	}
	list := make([]overlayAnnotation, 0, len(claims))
	for _, c := range claims {
		an := overlayAnnotation{
			Type: "Annotation", Motivation: "assessing", Number: c.Number,
			Verdict: string(c.Verdict), Label: c.Verdict.Label(), Color: annotate.ClaimColor(c.Verdict, c.Status),
		}
		an.Body = append(an.Body, overlayBody{"TextualBody", "describing", c.Statement})
		if c.Verdict != annotate.VerdictNone {
			an.Body = append(an.Body, overlayBody{"TextualBody", "assessing", c.Verdict.Label()})
		}
		if c.Rationale != "" {
			an.Body = append(an.Body, overlayBody{"TextualBody", "assessing", c.Rationale})
		}
		an.Target = overlayTarget{Source: pageURL}
		an.Target.Selector = append(an.Target.Selector, overlaySelector{Type: "TextQuoteSelector", Exact: c.Exact, Prefix: c.Prefix, Suffix: c.Suffix})
		if c.AnchorBy != annotate.AnchorOrphan && c.End > c.Start {
			start, end := c.Start, c.End
			an.Target.Selector = append(an.Target.Selector, overlaySelector{Type: "TextPositionSelector", Start: &start, End: &end})
		}
		list = append(list, an)
	}
	out["article"] = map[string]any{"id": a.ID, "title": a.Title}
	out["annotations"] = list
	return out, nil
}

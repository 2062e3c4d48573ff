package connector

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// savePageBody is a valid "save page" call.
func savePageBody() map[string]any {
	return map[string]any{"url": "https://news.example/riverton", "title": "Riverton", "html": articlePage("Riverton council votes to expand bus service", riverton...)}
}

// assertNothingWritten fails if the library holds anything.
func (r *rig) assertNothingWritten() {
	r.t.Helper()
	if a, c, s := r.counts(); a+c+s != 0 {
		r.t.Fatalf("the library holds %d articles, %d claims, %d sources; want nothing written", a, c, s)
	}
	if ev := r.desk.seen(); len(ev) != 0 {
		r.t.Fatalf("the window was told of %v; want nothing", ev)
	}
}

func TestTokenRequired(t *testing.T) {
	r := newRig(t)
	stale := r.token
	for _, tc := range []struct {
		name string
		o    callOpts
	}{
		{"missing token", callOpts{noToken: true}},
		{"wrong token", callOpts{token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
		{"token from another extension", callOpts{origin: firefoxOrigin}},
	} {
		for _, path := range []string{PathPing, PathPage, PathClaim, PathSource, PathOverlay} {
			resp := r.call(path, savePageBody(), tc.o)
			if resp.status != http.StatusUnauthorized {
				t.Errorf("%s on %s: status %d, want 401 (%s)", tc.name, path, resp.status, resp.body)
			}
		}
	}
	r.assertNothingWritten()
	if err := r.pairing.RevokeAll(); err != nil {
		t.Fatal(err)
	}
	resp := r.call(PathPage, savePageBody(), callOpts{token: stale})
	if resp.status != http.StatusUnauthorized || !strings.Contains(resp.json["error"].(string), "revoked") {
		t.Errorf("a revoked token: %d %s, want 401 saying it was revoked", resp.status, resp.body)
	}
	r.assertNothingWritten()
	// A script on this machine, with no Origin, may call with the token.
	r2 := newRig(t)
	if resp := r2.call(PathPing, map[string]any{}, callOpts{origin: "-"}); resp.status != http.StatusOK {
		t.Errorf("a call with the token and no Origin: %d %s, want 200", resp.status, resp.body)
	}
}

func TestHostHeader(t *testing.T) {
	r := newRig(t)
	port := strconv.Itoa(r.srv.Port())
	for _, host := range []string{
		"rebind.attacker.example:" + port, // DNS rebinding: the attacker's name, pointed at 127.0.0.1
		"rebind.attacker.example",
		"127.0.0.1",                                 // no port
		"127.0.0.1:" + strconv.Itoa(r.srv.Port()+1), // another port
		"127.0.0.2:" + port,                         // another loopback address
		"0.0.0.0:" + port,
		"localhost.attacker.example:" + port,
	} {
		resp := r.call(PathPage, savePageBody(), callOpts{host: host})
		if resp.status != http.StatusMisdirectedRequest {
			t.Errorf("Host %q: status %d, want 421 (%s)", host, resp.status, resp.body)
		}
		if resp.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("Host %q: CORS header sent", host)
		}
	}
	r.assertNothingWritten()
	for _, host := range []string{"127.0.0.1:" + port, "[::1]:" + port, "localhost:" + port} {
		if resp := r.call(PathPing, map[string]any{}, callOpts{host: host}); resp.status != http.StatusOK {
			t.Errorf("Host %q: status %d, want 200 (%s)", host, resp.status, resp.body)
		}
	}
}

func TestWebOriginsRefused(t *testing.T) {
	r := newRig(t)
	for _, origin := range []string{"http://127.0.0.1:8000", "https://news.example", "http://localhost:" + strconv.Itoa(r.srv.Port()), "null", "file://", "chrome-extension://short", "moz-extension://not-a-uuid"} {
		for _, method := range []string{http.MethodPost, http.MethodOptions} {
			resp := r.call(PathPage, savePageBody(), callOpts{origin: origin, method: method})
			if resp.status != http.StatusForbidden {
				t.Errorf("%s from %q: status %d, want 403 (%s)", method, origin, resp.status, resp.body)
			}
			for k := range resp.header {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("%s from %q: CORS header %s sent", method, origin, k)
				}
			}
		}
		// Pairing from a web page is refused too, and does not use up
		// the code.
		code, _ := r.pairing.NewCode()
		if resp := r.call(PathPair, map[string]string{"code": code}, callOpts{origin: origin, noToken: true}); resp.status != http.StatusForbidden || resp.json["token"] != nil {
			t.Errorf("pairing from %q: %d %s, want 403", origin, resp.status, resp.body)
		}
		if _, err := r.pairing.Pair(code, chromeOrigin, ""); err != nil {
			t.Errorf("the code tried from %q was used up: %v", origin, err)
		}
	}
	r.assertNothingWritten()
	// The extension's preflight is answered for its own origin only.
	resp := r.call(PathPage, nil, callOpts{method: http.MethodOptions, rawBody: []byte{}})
	if resp.status != http.StatusNoContent || resp.header.Get("Access-Control-Allow-Origin") != chromeOrigin {
		t.Errorf("the extension's preflight: %d, Allow-Origin %q", resp.status, resp.header.Get("Access-Control-Allow-Origin"))
	}
}

// TestFormsAndBeacons refuses what a page can send without a preflight:
// a form (urlencoded, multipart, text/plain) and a beacon, even with the
// token and the extension's origin forged on them.
func TestFormsAndBeacons(t *testing.T) {
	r := newRig(t)
	for _, ct := range []string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain;charset=UTF-8", ""} {
		o := callOpts{contentType: ct, rawBody: []byte(`{"url":"https://news.example/a","html":"<p>x</p>"}`)}
		if ct == "" {
			o.contentType = "application/octet-stream"
		}
		if resp := r.call(PathPage, nil, o); resp.status != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: status %d, want 415", ct, resp.status)
		}
	}
	if resp := r.call(PathPing, nil, callOpts{method: http.MethodGet, rawBody: []byte{}}); resp.status != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.status)
	}
	r.assertNothingWritten()
}

func TestBodyLimit(t *testing.T) {
	r := newRig(t)
	// Over the body limit: refused before it is read.
	big := bytes.Repeat([]byte("a"), MaxBodyBytes+1)
	resp := r.call(PathPage, nil, callOpts{rawBody: big})
	if resp.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a %d-byte body: status %d, want 413", len(big), resp.status)
	}
	// Under the body limit but a page over the import limit.
	page := "<p>" + strings.Repeat("word ", (20<<20)/5) + "</p>"
	resp = r.call(PathPage, map[string]any{"url": "https://news.example/a", "html": page}, callOpts{})
	if resp.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a %d-byte page: status %d, want 413 (%s)", len(page), resp.status, resp.body)
	}
	r.assertNothingWritten()
}

func TestPairing(t *testing.T) {
	r := newRig(t)
	code, err := r.pairing.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	first := r.call(PathPair, map[string]string{"code": strings.ToLower(code)}, callOpts{noToken: true, origin: firefoxOrigin})
	if first.status != http.StatusOK {
		t.Fatalf("pairing with a fresh code typed in lower case: %d %s", first.status, first.body)
	}
	again := r.call(PathPair, map[string]string{"code": code}, callOpts{noToken: true, origin: firefoxOrigin})
	if again.status != http.StatusForbidden || again.json["token"] != nil {
		t.Errorf("a code used twice: %d %s, want 403", again.status, again.body)
	}
	// The token works from the origin it was paired from.
	if resp := r.call(PathPing, map[string]any{}, callOpts{origin: firefoxOrigin, token: first.json["token"].(string)}); resp.status != http.StatusOK {
		t.Errorf("the new token: %d %s", resp.status, resp.body)
	}
	// Without an origin, pairing is refused.
	code2, _ := r.pairing.NewCode()
	if resp := r.call(PathPair, map[string]string{"code": code2}, callOpts{noToken: true, origin: "-"}); resp.status != http.StatusForbidden {
		t.Errorf("pairing with no origin: %d, want 403", resp.status)
	}

	// An expired code.
	p := OpenPairing(r.pairing.Path())
	now := time.Now()
	p.now = func() time.Time { return now }
	old, _ := p.NewCode()
	p.now = func() time.Time { return now.Add(CodeLifetime + time.Second) }
	if _, err := p.Pair(old, chromeOrigin, ""); !errors.Is(err, ErrBadCode) {
		t.Errorf("an expired code: %v, want ErrBadCode", err)
	}

	// Guessing: five wrong codes void the outstanding one.
	good, _ := r.pairing.NewCode()
	for i := 0; i < maxFailures; i++ {
		r.call(PathPair, map[string]string{"code": "AAAA-AAAA"}, callOpts{noToken: true})
	}
	if resp := r.call(PathPair, map[string]string{"code": good}, callOpts{noToken: true}); resp.status != http.StatusForbidden {
		t.Errorf("a good code after %d wrong ones: %d, want 403", maxFailures, resp.status)
	}

	// The file is the user's alone and holds no token in clear.
	st, err := os.Stat(r.pairing.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("pairing file mode %v, want 0600", st.Mode().Perm())
	}
	data, _ := os.ReadFile(r.pairing.Path())
	if bytes.Contains(data, []byte(r.token)) || bytes.Contains(data, []byte(first.json["token"].(string))) {
		t.Error("the pairing file holds a token in clear")
	}
	// And the library holds nothing of the pairing.
	lib, _ := os.ReadFile(r.db.Path())
	if bytes.Contains(lib, []byte(r.token)) {
		t.Error("the library holds the token")
	}
	devs, err := r.pairing.Devices()
	if err != nil || len(devs) != 2 || devs[0].Origin != chromeOrigin || devs[1].Origin != firefoxOrigin {
		t.Errorf("Devices = %+v, %v; want the Chromium and Firefox extensions", devs, err)
	}
	if err := r.pairing.Revoke(firefoxOrigin); err != nil {
		t.Fatal(err)
	}
	if resp := r.call(PathPing, map[string]any{}, callOpts{origin: firefoxOrigin, token: first.json["token"].(string)}); resp.status != http.StatusUnauthorized {
		t.Errorf("a revoked browser: %d, want 401", resp.status)
	}
	if resp := r.call(PathPing, map[string]any{}, callOpts{}); resp.status != http.StatusOK {
		t.Errorf("the other browser after one was revoked: %d, want 200", resp.status)
	}
}

func TestPortTaken(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = Start(Config{Port: port, Pairing: OpenPairing(t.TempDir() + "/c.json")})
	if !errors.Is(err, ErrPortTaken) || !strings.Contains(err.Error(), "port "+strconv.Itoa(port)+" on 127.0.0.1 is taken") {
		t.Errorf("Start on a taken port: %v, want it said plainly", err)
	}
}

// TestListensOnLoopbackOnly checks that the connector is not reachable on
// another address of the machine.
func TestListensOnLoopbackOnly(t *testing.T) {
	r := newRig(t)
	for _, l := range r.srv.listeners {
		ip := l.Addr().(*net.TCPAddr).IP
		if !ip.IsLoopback() {
			t.Errorf("listening on %v", l.Addr())
		}
	}
}

package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"golang.org/x/text/encoding/charmap"
)

// withFetchTimeout shortens the download time limit for one test.
func withFetchTimeout(t *testing.T, d time.Duration) {
	old := fetchTimeout
	fetchTimeout = d
	t.Cleanup(func() { fetchTimeout = old })
}

func TestFetchFailures(t *testing.T) {
	var streamed atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>start"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/to-js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "javascript:alert(1)")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/doc.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n"))
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/untyped-binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no sniffing by the server
		w.Write([]byte("%PDF-1.7\n\x00\x01\x02"))
	})
	mux.HandleFunc("/huge-stream", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: the client must stop at the cap by itself.
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("<p>words words words</p>\n", 4096))
		for streamed.Load() < 60<<20 {
			n, err := w.Write(chunk)
			streamed.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/huge-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(25<<20))
		w.Write([]byte("<p>"))
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name, url string
		code      string
		parts     []string
	}{
		{"file scheme refused", "file:///etc/passwd", annotate.EINVALID, []string{"http:// or https://"}},
		{"javascript refused", "javascript:alert(1)", annotate.EINVALID, []string{"http:// or https://"}},
		{"ftp refused", "ftp://example.org/a", annotate.EINVALID, []string{"http:// or https://"}},
		{"no host", "http://", annotate.EINVALID, []string{"no host"}},
		{"timeout", srv.URL + "/slow", annotate.EINVALID, []string{"/slow", "did not answer in time", "500ms"}},
		{"timeout in the body", srv.URL + "/slow-body", annotate.EINVALID, []string{"/slow", "did not answer in time", "500ms"}},
		{"redirect loop", srv.URL + "/loop/a", annotate.EINVALID, []string{"redirects in a loop"}},
		{"too many redirects", srv.URL + "/hop/0", annotate.EINVALID, []string{"more than 5 times", "/hop/6"}},
		{"redirect to file", srv.URL + "/to-file", annotate.EINVALID, []string{"redirected to", "file:///etc/passwd", "not an http or https"}},
		{"redirect to javascript", srv.URL + "/to-js", annotate.EINVALID, []string{"javascript:alert(1)", "not an http or https"}},
		{"404", srv.URL + "/missing", annotate.ENOTFOUND, []string{"URL returned 404 Not Found"}},
		{"500", srv.URL + "/broken", annotate.EINVALID, []string{"URL returned 500 Internal Server Error"}},
		{"pdf", srv.URL + "/doc.pdf", annotate.EINVALID, []string{"the PDF is damaged"}},
		{"image", srv.URL + "/image", annotate.EINVALID, []string{"URL returned image/png, not a web page"}},
		{"untyped binary", srv.URL + "/untyped-binary", annotate.EINVALID, []string{"the PDF is damaged"}},
		{"huge streamed body", srv.URL + "/huge-stream", annotate.ETOOLARGE, []string{"over the 20 MB limit", "stopped reading"}},
		{"huge declared body", srv.URL + "/huge-declared", annotate.ETOOLARGE, []string{"25.0 MB, over the 20 MB limit"}},
		{"empty page", srv.URL + "/empty", annotate.EINVALID, []string{"URL returned an empty page"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Only the time-out cases get a short limit: on a loaded
			// machine streaming 20 MB can take longer than it.
			timeout := strings.HasPrefix(tt.name, "timeout")
			if timeout {
				withFetchTimeout(t, 500*time.Millisecond)
			}
			start := time.Now()
			d, err := Fetch(context.Background(), tt.url, nil)
			if d != nil {
				t.Errorf("Fetch returned a document %q, want none", d.Title)
			}
			wantError(t, err, tt.code, tt.parts...)
			t.Logf("%s: %v", tt.name, err)
			if took := time.Since(start); timeout && took > 4*time.Second {
				t.Errorf("Fetch took %v, want it stopped by the time limit", took)
			}
		})
	}
	if n := streamed.Load(); n >= 60<<20 {
		t.Errorf("server streamed %d bytes, want the client to stop reading past the cap", n)
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := Fetch(ctx, srv.URL, nil)
	wantError(t, err, annotate.EINVALID, "cancelled")
}

func TestFetchSuccess(t *testing.T) {
	const phrase = "Le ministre a déclaré que les impôts baisseraient l’an prochain — « c’est garanti »."
	page := article("<title>Impôts</title>", "<p>"+phrase+"</p>")
	latin, err := charmap.Windows1252.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var agent atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/article", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		agent.Store(r.UserAgent())
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		w.Write(latin)
	})
	mux.HandleFunc("/notes.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Notes\n\nThe minister spoke."))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var lastRead, lastTotal int64
	calls := 0
	d, err := Fetch(context.Background(), srv.URL+"/old", func(read, total int64) {
		calls++
		lastRead, lastTotal = read, total
	})
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !strings.Contains(d.Text, phrase) {
		t.Errorf("Text = %q, want it to contain %q", d.Text, phrase)
	}
	if d.Title != "Impôts" {
		t.Errorf("Title = %q, want %q", d.Title, "Impôts")
	}
	if d.URL != srv.URL+"/article" {
		t.Errorf("URL = %q, want the final URL %q", d.URL, srv.URL+"/article")
	}
	if string(d.Source) != string(latin) {
		t.Errorf("Source is not the bytes as received")
	}
	if ua, _ := agent.Load().(string); !strings.Contains(ua, "FactDesk") {
		t.Errorf("User-Agent = %q, want it to name FactDesk", ua)
	}
	if calls == 0 || lastRead != int64(len(latin)) || lastTotal != int64(len(latin)) {
		t.Errorf("progress: %d calls, last (%d, %d), want last (%d, %d)", calls, lastRead, lastTotal, len(latin), len(latin))
	}

	d, err = Fetch(context.Background(), srv.URL+"/notes.txt", nil)
	if err != nil {
		t.Fatalf("Fetch text: %v", err)
	}
	if d.Format != FormatText || d.Title != "Notes" || d.Text != "Notes\n\nThe minister spoke." {
		t.Errorf("Fetch text = format %q title %q text %q, want text, Notes, the text", d.Format, d.Title, d.Text)
	}
}

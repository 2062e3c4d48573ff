package ingest

import (
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// Limits on a download.
const maxRedirects = 5

// fetchTimeout bounds a whole download, redirects and body included. Tests
// shorten it.
var fetchTimeout = 20 * time.Second

// userAgent names the program to the sites it reads.
const userAgent = "FactDesk/1.0 (fact-checking workbench; +https://github.com/factdesk/factdesk)"

// Fetch downloads the page at rawURL and parses it. progress, if not nil,
// is called as the body arrives with the bytes read so far and the total
// (-1 when the server does not say).
//
// Only http and https are fetched, redirects included, and at most five
// redirects are followed; the page must be HTML or plain text and at most
// annotate.MaxInputBytes; the whole download must finish within 20 seconds.
// A PDF is read as ParsePDF reads it.
func Fetch(ctx context.Context, rawURL string, progress func(read, total int64)) (*Document, error) {
	rawURL = strings.TrimSpace(rawURL)
	if err := annotate.ValidateURL("URL", rawURL); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "URL %q cannot be requested: %v", rawURL, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1")

	client := &http.Client{CheckRedirect: checkRedirect}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, rawURL, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, annotate.Errorf(statusCode(resp.StatusCode), "URL returned %s", resp.Status)
	}
	final := resp.Request.URL.String()
	contentType := resp.Header.Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(contentType)
	format := ""
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		format = FormatHTML
	case "text/plain":
		format = FormatText
	case "text/markdown", "text/x-markdown":
		format = FormatMarkdown
	case "application/pdf", "application/x-pdf":
		format = FormatPDF
	case "":
		// No type given: sniffed from the body below.
	default:
		return nil, annotate.Errorf(annotate.EINVALID, "URL returned %s, not a web page", mediaType)
	}
	if resp.ContentLength > annotate.MaxInputBytes {
		return nil, annotate.Errorf(annotate.ETOOLARGE, "the page is %s, over the %d MB limit", megabytes(resp.ContentLength), annotate.MaxInputBytes>>20)
	}

	body, err := readCapped(resp.Body, resp.ContentLength, progress)
	if err != nil {
		return nil, fetchError(ctx, rawURL, err)
	}
	if len(body) == 0 {
		return nil, annotate.Errorf(annotate.EINVALID, "URL returned an empty page")
	}
	if format == "" {
		sniffed, _, _ := strings.Cut(http.DetectContentType(body), ";")
		switch sniffed {
		case "text/html":
			format = FormatHTML
		case "text/plain":
			format = FormatAuto
		case "application/pdf":
			format = FormatPDF
		default:
			return nil, annotate.Errorf(annotate.EINVALID, "URL returned %s, not a web page", sniffed)
		}
	}
	if format == FormatPDF {
		return ParsePDF(ctx, body, "", final)
	}
	return parse(body, format, "", final, contentType)
}

// checkRedirect refuses a sixth redirect, a loop, and any redirect away
// from http and https (file:, javascript:, data:...), before it is followed.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return annotate.Errorf(annotate.EINVALID, "URL redirected to %q, which is not an http or https address", clipURL(req.URL.String()))
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return annotate.Errorf(annotate.EINVALID, "URL redirects in a loop (back to %s)", clipURL(req.URL.String()))
		}
	}
	if len(via) > maxRedirects {
		return annotate.Errorf(annotate.EINVALID, "URL redirected more than %d times (last to %s)", maxRedirects, clipURL(req.URL.String()))
	}
	req.Header.Set("User-Agent", userAgent)
	return nil
}

// clipURL shortens a URL for a message.
func clipURL(s string) string {
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// statusCode maps an HTTP status to an error code.
func statusCode(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusGone:
		return annotate.ENOTFOUND
	case http.StatusRequestEntityTooLarge:
		return annotate.ETOOLARGE
	}
	return annotate.EINVALID
}

// errTooLarge is the body going past the limit while it is read.
var errTooLarge = errors.New("page over the size limit")

// readCapped reads body up to annotate.MaxInputBytes, reporting progress,
// and stops with errTooLarge as soon as it is past the limit.
func readCapped(body io.Reader, total int64, progress func(read, total int64)) ([]byte, error) {
	if total < 0 {
		total = -1
	}
	var buf []byte
	if total > 0 {
		buf = make([]byte, 0, total)
	}
	chunk := make([]byte, 64<<10)
	var read int64
	for {
		n, err := body.Read(chunk)
		if n > 0 {
			read += int64(n)
			if read > annotate.MaxInputBytes {
				return nil, errTooLarge
			}
			buf = append(buf, chunk[:n]...)
			if progress != nil {
				progress(read, total)
			}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// fetchError turns a failed request or read into a message naming what
// went wrong.
func fetchError(ctx context.Context, rawURL string, err error) error {
	var ae *annotate.Error
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, errTooLarge):
		return annotate.Errorf(annotate.ETOOLARGE, "the page is over the %d MB limit; stopped reading", annotate.MaxInputBytes>>20)
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		return annotate.Errorf(annotate.EINVALID, "URL %s did not answer in time: the download took longer than %s", clipURL(rawURL), fetchTimeout)
	case errors.Is(ctx.Err(), context.Canceled):
		return annotate.Errorf(annotate.EINVALID, "the download of %s was cancelled", clipURL(rawURL))
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return annotate.Errorf(annotate.ENOTFOUND, "host %q was not found", dnsErr.Name)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return annotate.Errorf(annotate.EINVALID, "URL %s did not answer in time: the download took longer than %s", clipURL(rawURL), fetchTimeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return annotate.Errorf(annotate.EINVALID, "URL %s could not be fetched: %v", clipURL(rawURL), err)
}

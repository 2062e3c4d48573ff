package pdftext

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/factdesk/factdesk/annotate"
	"github.com/go-pdf/fpdf"
)

func onePage(t *testing.T) []byte {
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.CellFormat(0, 14, "The council voted 7-2 on Tuesday.", "", 1, "L", false, 0, "")
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestExtract(t *testing.T) {
	var pages []int
	doc, st, err := Extract(context.Background(), onePage(t), Options{Progress: func(done, total int) { pages = append(pages, done, total) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 1 || len(doc.Pages[0].Spans) != 1 || doc.Pages[0].Spans[0].Text != "The council voted 7-2 on Tuesday." {
		t.Errorf("document = %+v", doc)
	}
	if len(pages) != 4 || pages[0] != 0 || pages[2] != 1 || pages[3] != 1 {
		t.Errorf("progress = %v, want started (0 0), then page 1 of 1", pages)
	}
	if st.PeakRSS <= 0 || st.Start <= 0 || st.Total < st.Start {
		t.Errorf("stats = %+v", st)
	}
}

// TestExtractLimits: a worker over its memory or time limit is killed and
// the caller told so; a cancelled import stops the worker.
func TestExtractLimits(t *testing.T) {
	data := onePage(t)
	for _, tt := range []struct {
		name string
		opt  Options
		want string
	}{
		{"memory", Options{MaxRSS: 24 << 20}, "more than 24 MB of memory"},
		{"time", Options{Timeout: 30 * time.Millisecond}, "took more than 30ms"},
	} {
		_, _, err := Extract(context.Background(), data, tt.opt)
		if !errors.Is(err, ErrLimit) || !strings.Contains(annotate.ErrorMessage(err), tt.want) {
			t.Errorf("%s: error = %v, want ErrLimit saying %q", tt.name, err, tt.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Extract(ctx, data, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error = %v, want context.Canceled", err)
	}
}

func TestWarm(t *testing.T) {
	st, err := Warm(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Start <= 0 {
		t.Errorf("stats = %+v", st)
	}
}

package pdftext

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// engine is PDFium, compiled to WebAssembly and run by wazero inside the
// worker process.
type engine struct {
	pool     pdfium.Pool
	instance pdfium.Pdfium
	cache    wazero.CompilationCache
}

// cacheDir is where wazero keeps PDFium compiled to machine code, so that
// only the first start pays for compiling it: under the user's cache
// directory, or "" when there is none.
func cacheDir() string {
	if d := os.Getenv("FACTDESK_PDF_CACHE"); d != "" {
		return d
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "factdesk", "pdfium")
}

// newEngine starts PDFium. The sandbox mounts no directory: PDFium reads
// the document from memory and has no business with the disk.
func newEngine(ctx context.Context) (*engine, error) {
	e := &engine{}
	// go-pdfium's PDFium needs the exception handling feature beside the
	// core features of WebAssembly 2.0.
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if dir := cacheDir(); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				e.cache = c
				rc = rc.WithCompilationCache(c)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		Context:       ctx,
		MinIdle:       1,
		MaxIdle:       1,
		MaxTotal:      1,
		FSConfig:      wazero.NewFSConfig(),
		RuntimeConfig: rc,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		e.close()
		return nil, err
	}
	e.pool = pool
	if e.instance, err = pool.GetInstance(time.Minute); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

func (e *engine) close() {
	if e.instance != nil {
		e.instance.Close()
	}
	if e.pool != nil {
		e.pool.Close()
	}
	if e.cache != nil {
		e.cache.Close(context.Background())
	}
}

// extract reads the text runs of every page of a PDF, calling progress
// after each page.
func (e *engine) extract(data []byte, password string, progress func(done, total int)) (*Document, error) {
	req := &requests.OpenDocument{File: &data}
	if password != "" {
		req.Password = &password
	}
	doc, err := e.instance.OpenDocument(req)
	if err != nil {
		return nil, openError(err, password != "")
	}
	defer e.instance.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := e.instance.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, &workerError{Kind: kindCorrupt, Message: err.Error()}
	}
	out := &Document{}
	if meta, err := e.instance.GetMetaData(&requests.GetMetaData{Document: doc.Document}); err == nil {
		for _, t := range meta.Tags {
			switch t.Tag {
			case "Title":
				out.Title = strings.TrimSpace(t.Value)
			case "Author":
				out.Author = strings.TrimSpace(t.Value)
			}
		}
	}
	for i := 0; i < count.PageCount; i++ {
		p, err := e.page(doc.Document, i)
		if err != nil {
			return nil, &workerError{Kind: kindCorrupt, Message: "page " + itoa(i+1) + ": " + err.Error()}
		}
		out.Pages = append(out.Pages, *p)
		if progress != nil {
			progress(i+1, count.PageCount)
		}
	}
	return out, nil
}

func (e *engine) page(doc references.FPDF_DOCUMENT, i int) (*Page, error) {
	ref := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}
	size, err := e.instance.GetPageSize(&requests.GetPageSize{Page: ref})
	if err != nil {
		return nil, err
	}
	text, err := e.instance.GetPageTextStructured(&requests.GetPageTextStructured{
		Page: ref,
		Mode: requests.GetPageTextStructuredModeChars,
		// Font information for every character costs four calls into
		// PDFium each, three quarters of the time: a run's font is
		// asked once, below.
		CollectFontInformation: false,
	})
	if err != nil {
		return nil, err
	}
	p := &Page{Number: i + 1, Width: size.Width, Height: size.Height}
	// Characters in the order PDFium reads them are joined into runs on
	// one line; a line break PDFium sees, a jump back or a wide gap ends a
	// run. (Its own runs, "rects", split ligatures and repeat letters.)
	var cur *Span
	var firsts []int // the index of each run's first character
	first := 0
	flush := func() {
		if cur != nil && strings.TrimSpace(cur.Text) != "" {
			cur.Text = strings.TrimRight(cur.Text, " ")
			p.Spans = append(p.Spans, *cur)
			firsts = append(firsts, first)
		}
		cur = nil
	}
	for ci, c := range text.Chars {
		switch c.Text {
		case "\r", "\n", "\r\n":
			flush()
			continue
		case "":
			continue
		case "\x02":
			// PDFium's mark of a hyphen that breaks a word at the end of
			// a line.
			c.Text = "\u00ad"
		}
		b := c.PointPosition
		size := 0.0
		bold := false
		if f := c.FontInformation; f != nil {
			size = f.RenderedSize
			if size == 0 {
				size = f.Size
			}
			bold = f.Weight >= 600 || strings.Contains(strings.ToLower(f.Name), "bold")
		}
		if strings.TrimSpace(c.Text) == "" {
			if cur != nil && !strings.HasSuffix(cur.Text, " ") {
				cur.Text += " "
			}
			continue
		}
		if cur != nil {
			mid := (b.Top + b.Bottom) / 2
			h := max(cur.Top-cur.Bottom, 1)
			sameLine := mid > cur.Bottom-0.2*h && mid < cur.Top+0.2*h
			gap := b.Left - cur.X1
			if !sameLine || gap < -h || gap > 2.5*max(size, h*0.8) {
				flush()
			}
		}
		if cur == nil {
			cur = &Span{X0: b.Left, X1: b.Right, Top: b.Top, Bottom: b.Bottom, Size: size, Bold: bold}
			first = ci
		}
		cur.Text += c.Text
		cur.X1 = max(cur.X1, b.Right)
		cur.Top = max(cur.Top, b.Top)
		cur.Bottom = min(cur.Bottom, b.Bottom)
		cur.Size = max(cur.Size, size)
		cur.Bold = cur.Bold && bold
	}
	flush()
	if len(p.Spans) > 0 {
		e.fonts(ref, p, firsts)
	}
	return p, nil
}

// fonts sets each run's size and weight from the font of its first
// character, the size as rendered (the font's size scaled by the text's
// matrix).
func (e *engine) fonts(ref requests.Page, p *Page, firsts []int) {
	tp, err := e.instance.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return
	}
	defer e.instance.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	for i := range p.Spans {
		s := &p.Spans[i]
		if fs, err := e.instance.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: firsts[i]}); err == nil {
			s.Size = fs.FontSize
			if m, err := e.instance.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp.TextPage, Index: firsts[i]}); err == nil {
				if scale := math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D)); scale > 0 {
					s.Size = fs.FontSize * scale
				}
			}
		}
		if fw, err := e.instance.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: tp.TextPage, Index: firsts[i]}); err == nil {
			s.Bold = fw.FontWeight >= 600
		}
	}
}

// openError names why PDFium could not open a document.
func openError(err error, gavePassword bool) error {
	switch {
	case errors.Is(err, pdferrors.ErrPassword):
		if gavePassword {
			return &workerError{Kind: kindPassword, Message: "the password is wrong"}
		}
		return &workerError{Kind: kindPassword, Message: "the PDF is encrypted and needs a password to open"}
	case errors.Is(err, pdferrors.ErrSecurity):
		return &workerError{Kind: kindCorrupt, Message: "the PDF's encryption is not supported"}
	case errors.Is(err, pdferrors.ErrFormat), errors.Is(err, pdferrors.ErrFile):
		return &workerError{Kind: kindCorrupt, Message: "the PDF is damaged or not a PDF"}
	}
	return &workerError{Kind: kindCorrupt, Message: "the PDF cannot be read: " + err.Error()}
}

package app

import (
	"context"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
	"github.com/factdesk/factdesk/annotate/desk"
)

// editArticle changes an article's details; undo puts the old ones back.
type editArticle struct {
	store         Store
	before, after annotate.Article
	rev           int64 // as editClaim's
}

func (c *editArticle) Do(ctx context.Context) error {
	a := c.after
	if c.rev != 0 {
		a.Rev = c.rev
	}
	if err := c.store.UpdateArticle(ctx, &a); err != nil {
		return err
	}
	c.rev, c.after.Rev = a.Rev, a.Rev
	return nil
}

func (c *editArticle) Undo(ctx context.Context) error {
	a := c.before
	a.Rev = c.rev
	if err := c.store.UpdateArticle(ctx, &a); err != nil {
		return err
	}
	c.rev, c.before.Rev = a.Rev, a.Rev
	return nil
}

func (c *editArticle) Label() string          { return "Edit article details" }
func (c *editArticle) target() (int64, int64) { return c.before.ID, 0 }

// detailLabels name the fields of the details form.
var detailLabels = map[string]string{
	"title": "Title", "byline": "Byline", "publisher": "Publisher",
	"url": "URL", "published": "Published", "language": "Language",
}

var detailHints = map[string]string{
	"url": "https://…", "published": "YYYY-MM-DD", "language": "en, fr, pt-BR…",
	"byline": "Who wrote it", "publisher": "Who published it",
}

// showDetails edits the open article's title, byline, publisher, URL,
// published date and language in one dialog and one undo step.
func (v *articleView) showDetails() {
	if v.article == nil {
		return
	}
	before := *v.article
	before.Text = ""
	entries := map[string]*widget.Entry{}
	var items []*widget.FormItem
	for _, f := range annotate.ArticleDetails {
		en := widget.NewEntry()
		en.SetText(before.Detail(f))
		en.SetPlaceHolder(detailHints[f])
		field := f
		en.Validator = func(s string) error {
			probe := before
			return probe.SetDetail(field, s)
		}
		entries[f] = en
		items = append(items, widget.NewFormItem(detailLabels[f], en))
	}
	d := dialog.NewForm("Article details", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		after := before
		for _, f := range annotate.ArticleDetails {
			if err := after.SetDetail(f, entries[f].Text); err != nil {
				v.ws.showError(err)
				return
			}
		}
		if after == before {
			return
		}
		v.ws.exec(&editArticle{store: v.ws.store, before: before, after: after})
	}, v.ws.win)
	d.Resize(fyne.NewSize(min(620, v.ws.win.Canvas().Size().Width-40), 0))
	d.Show()
	v.ws.win.Canvas().Focus(entries["title"])
}

// detailsChanged shows an article's new details after a change or undo.
func (v *articleView) detailsChanged(a annotate.Article) {
	if v.article == nil || v.article.ID != a.ID {
		return
	}
	text := v.article.Text
	*v.article = a
	v.article.Text = text
	v.reader.SetArticle(a.Title, metaLine(v.article), text)
	v.setHighlights()
	v.banner.update()
	v.relayoutLeft()
}

// publishArticle records, or with an empty url takes back, where the
// article's fact-check was published; undo puts the old record back.
type publishArticle struct {
	store       Store
	articleID   int64
	url, oldURL string
	at, oldAt   time.Time
	rev         int64 // the article's revision after the last write
}

func (c *publishArticle) Do(ctx context.Context) error {
	return c.mark(ctx, c.url, c.at)
}

func (c *publishArticle) Undo(ctx context.Context) error {
	return c.mark(ctx, c.oldURL, c.oldAt)
}

// mark records the publication and reads back the article's revision,
// which the record moves on, so that the next step of the article's undo
// names it.
func (c *publishArticle) mark(ctx context.Context, url string, at time.Time) error {
	if err := c.store.MarkPublished(ctx, c.articleID, url, at); err != nil {
		return err
	}
	a, err := c.store.Article(ctx, c.articleID)
	if err != nil {
		return err
	}
	c.rev = a.Rev
	return nil
}

func (c *publishArticle) revTarget() (string, int64) { return annotate.KindArticle, c.articleID }
func (c *publishArticle) useRev(int64)               {}
func (c *publishArticle) lastRev() int64             { return c.rev }

func (c *publishArticle) Label() string          { return "Mark as published" }
func (c *publishArticle) target() (int64, int64) { return c.articleID, 0 }

// showPublish asks for the public address of the fact-check and records it
// with the time: ClaimReview then points each review at that page.
func (v *articleView) showPublish() {
	if v.article == nil {
		return
	}
	a := v.article
	url := widget.NewEntry()
	url.SetPlaceHolder("https://your-site.example/fact-checks/…")
	url.SetText(a.ReportURL)
	url.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return annotate.ValidateURL("report URL", strings.TrimSpace(s))
	}
	hint := widget.NewLabel("The page where this fact-check is now online. Drafts sent to an editor are not publications.")
	hint.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem("Public URL", url), widget.NewFormItem("", hint)}
	d := dialog.NewForm("Mark as published", "Mark as published", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		u := strings.TrimSpace(url.Text)
		at := time.Now().UTC().Truncate(time.Second)
		if u == "" {
			at = time.Time{}
		}
		if u == a.ReportURL {
			return
		}
		v.ws.exec(&publishArticle{store: v.ws.store, articleID: a.ID, url: u, at: at, oldURL: a.ReportURL, oldAt: a.ReportPublished})
	}, v.ws.win)
	d.Resize(fyne.NewSize(min(620, v.ws.win.Canvas().Size().Width-40), 0))
	d.Show()
	v.ws.win.Canvas().Focus(url)
}

// published shows an article's publication record after a change or undo.
func (v *articleView) published(id int64, url string, at time.Time) {
	if v.article == nil || v.article.ID != id {
		return
	}
	v.article.ReportURL, v.article.ReportPublished = url, at
	v.detailsChanged(*v.article)
}

// openOriginal opens the bytes the open article's current version was made
// from (a PDF, a text file) in the system's viewer. A web page is not
// opened: a browser would run the scripts it was saved with.
func (v *articleView) openOriginal() {
	if v.article == nil {
		return
	}
	v.ws.writes.wait()
	versions, err := v.ws.store.Versions(context.Background(), v.article.ID)
	if err != nil {
		v.ws.showError(err)
		return
	}
	var cur *annotate.ArticleVersion
	for i := range versions {
		if versions[i].Number == v.article.Version {
			cur = &versions[i]
		}
	}
	if cur == nil {
		v.ws.showError(annotate.Errorf(annotate.ENOTFOUND, "article %d keeps no original for version %d", v.article.ID, v.article.Version))
		return
	}
	if cur.Format == "html" {
		dialog.ShowInformation("Open the original", "This article came from a web page. Its original HTML is kept in the library as evidence, "+
			"with its SHA-256, but is not opened in a browser, where its scripts would run.\nOpen its address instead: "+v.article.URL, v.ws.win)
		return
	}
	path, err := desk.OriginalFile(cur)
	if err != nil {
		v.ws.showError(err)
		return
	}
	// The copy is there whether or not a viewer starts; the notice says
	// where, so that it can be opened by hand.
	if err := v.ws.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
		v.ws.notice.show(noticeWarning, "The original is at "+path+" (no viewer could open it: "+err.Error()+")", "", nil)
		return
	}
	v.ws.notice.show(noticeDone, "Opened the original: "+path, "", nil)
}

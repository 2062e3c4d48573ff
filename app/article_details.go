package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/factdesk/factdesk/annotate"
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
}

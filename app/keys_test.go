package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/factdesk/factdesk/annotate"
)

// markThree marks three claims in text order and returns their ids.
func markThree(t *testing.T, f *fixture) []int64 {
	t.Helper()
	v := f.openArticle(f.addArticle("Bus", articleText))
	var ids []int64
	for _, q := range []string{"voted 7–2", "since 2008", "$14.2 million"} {
		f.selectQuote(q)
		f.press(ctrl(fyne.KeyM))
		ids = append(ids, v.selected)
	}
	return ids
}

// TestClaimKeys drives the single-key commands of the claims list.
func TestClaimKeys(t *testing.T) {
	f := newFixture(t)
	ids := markThree(t, f)
	v := f.ws.article
	list := v.panel.list
	f.ws.win.Canvas().Focus(list)

	steps := []struct {
		keys    string
		key     fyne.KeyName
		sel     int64
		verdict annotate.Verdict
		status  annotate.Status
	}{
		{keys: "k", sel: ids[1], status: annotate.StatusUnchecked},
		{keys: "k", sel: ids[0], status: annotate.StatusUnchecked},
		{keys: "k", sel: ids[0], status: annotate.StatusUnchecked}, // stays at the first
		{keys: "j", sel: ids[1], status: annotate.StatusUnchecked},
		{keys: "1", sel: ids[1], verdict: annotate.VerdictTrue, status: annotate.StatusInProgress},
		{keys: "7", sel: ids[1], verdict: annotate.VerdictUnverifiable, status: annotate.StatusInProgress},
		{keys: "s", sel: ids[1], verdict: annotate.VerdictUnverifiable, status: annotate.StatusNeedsReview},
		{keys: "s", sel: ids[1], verdict: annotate.VerdictUnverifiable, status: annotate.StatusDone},
		{keys: "0", sel: ids[1], status: annotate.StatusInProgress},          // no verdict: not done any more
		{keys: "ss", sel: ids[1], status: annotate.StatusUnchecked},          // done is skipped without a verdict
		{keys: "jj", sel: ids[2], status: annotate.StatusUnchecked},          // stays at the last
		{key: fyne.KeyDelete, sel: ids[1], status: annotate.StatusUnchecked}, // the neighbour is selected
	}
	for i, st := range steps {
		if st.keys != "" {
			test.Type(list, st.keys)
		} else {
			list.TypedKey(&fyne.KeyEvent{Name: st.key})
		}
		if v.selected != st.sel {
			t.Fatalf("step %d (%q): selected = %d, want %d", i, st.keys+string(st.key), v.selected, st.sel)
		}
		c := f.stored(st.sel)
		if c.Verdict != st.verdict || c.Status != st.status {
			t.Errorf("step %d (%q): verdict, status = %q, %q; want %q, %q", i, st.keys+string(st.key), c.Verdict, c.Status, st.verdict, st.status)
		}
	}
	if _, err := f.db.Claim(context.Background(), ids[2]); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("claim deleted with the Delete key: err = %v, want not found", err)
	}

	test.Type(list, "t")
	if got := f.ws.win.Canvas().Focused(); got != v.editor.tagEntry {
		t.Errorf("focus after t = %T, want the tag entry", got)
	}
	v.editor.tagEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if got := f.ws.win.Canvas().Focused(); got != v.reader {
		t.Errorf("focus after Escape = %T, want the reader", got)
	}
}

// TestReaderHandsOverKeys checks that j and 1–7 work while the reader has
// focus, which needs the reader to pass on the keys it does not use.
func TestReaderHandsOverKeys(t *testing.T) {
	f := newFixture(t)
	ids := markThree(t, f)
	v := f.ws.article
	if _, ok := any(v.reader).(keyHandover); !ok {
		t.Skip("the reader does not hand over unused keys yet (no SetKeyHandlers)")
	}
	v.focusReader()
	test.Type(v.reader, "kk2")
	if v.selected != ids[0] {
		t.Errorf("selected = %d, want %d", v.selected, ids[0])
	}
	if got := f.stored(ids[0]).Verdict; got != annotate.VerdictMostlyTrue {
		t.Errorf("Verdict = %q, want mostly-true", got)
	}
}

// TestShortcuts checks that the window-wide shortcuts on the main menu do
// what they say.
func TestShortcuts(t *testing.T) {
	f := newFixture(t)
	markThree(t, f)
	v := f.ws.article
	tests := []struct {
		name  string
		sc    fyne.Shortcut
		check func() string // "" when it did its job
	}{
		{"zoom in", ctrl(fyne.KeyEqual), func() string {
			if v.reader.Zoom() <= 1 {
				return "zoom did not grow"
			}
			return ""
		}},
		{"zoom out", ctrl(fyne.KeyMinus), func() string {
			if z := v.reader.Zoom(); z < 0.99 || z > 1.01 {
				return "zoom not back near 1"
			}
			return ""
		}},
		{"zoom out again", ctrl(fyne.KeyMinus), func() string {
			if v.reader.Zoom() >= 1 {
				return "zoom did not shrink"
			}
			return ""
		}},
		{"actual size", ctrl(fyne.Key0), func() string {
			if v.reader.Zoom() != 1 {
				return "zoom not reset"
			}
			return ""
		}},
		{"find", ctrl(fyne.KeyF), func() string {
			if len(v.findBox.Objects) != 1 || !v.find.Visible() {
				return "find bar not shown"
			}
			return ""
		}},
		{"theme", ctrlShift(fyne.KeyT), func() string {
			if f.ws.themeName() != "dark" || f.app.Preferences().String(prefTheme) != "dark" {
				return "theme not dark and remembered"
			}
			return ""
		}},
		{"theme back", ctrlShift(fyne.KeyT), func() string {
			if f.ws.themeName() != "light" {
				return "theme not light again"
			}
			return ""
		}},
		{"search", ctrl(fyne.KeyK), func() string {
			if !strings.Contains(f.overlayText(), "Search library") {
				return "search dialog not shown"
			}
			return ""
		}},
		{"paste", ctrlShift(fyne.KeyV), func() string {
			if !strings.Contains(f.overlayText(), "Paste text") {
				return "paste dialog not shown"
			}
			return ""
		}},
		{"url", ctrl(fyne.KeyL), func() string {
			if !strings.Contains(f.overlayText(), "Address of the article") {
				return "URL dialog not shown"
			}
			return ""
		}},
		{"export", ctrl(fyne.KeyE), func() string {
			if !strings.Contains(f.overlayText(), "Export") {
				return "export notice not shown"
			}
			return ""
		}},
		{"library", ctrlShift(fyne.KeyL), func() string {
			if f.ws.onShow != "library" || f.ws.library.total != 1 {
				return "library not shown with its article"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		f.closeOverlays()
		f.press(tt.sc)
		if msg := tt.check(); msg != "" {
			t.Errorf("%s (%s): %s", tt.name, tt.sc.ShortcutName(), msg)
		}
	}
}

// TestExportHook checks that Export hands the open article to the hook.
func TestExportHook(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus", articleText)
	var got int64 = -1
	f.ws.opts.OnExport = func(_ fyne.Window, articleID int64) { got = articleID }
	f.press(ctrl(fyne.KeyE))
	if got != 0 {
		t.Errorf("export from the library got article %d, want 0", got)
	}
	f.openArticle(id)
	f.press(ctrl(fyne.KeyE))
	if got != id {
		t.Errorf("export got article %d, want %d", got, id)
	}
}

package app

import (
	"fyne.io/fyne/v2/test"
	"strings"
	"testing"
)

// TestClaimNumbersStayPut marks claims out of text order, deletes one and
// undoes it: each claim keeps the number it got when it was marked, in the
// list, the reader, the editor and the notice.
func TestClaimNumbersStayPut(t *testing.T) {
	f := newFixture(t)
	id := f.addArticle("Bus service", articleText)
	v := f.openArticle(id)
	words := strings.Fields(articleText)
	late := strings.Join(words[len(words)-4:], " ")
	early := strings.Join(words[:3], " ")
	f.selectQuote(late)
	v.markClaim()
	f.selectQuote(early)
	v.markClaim()
	if len(v.claims) != 2 {
		t.Fatalf("claims = %d, want 2", len(v.claims))
	}
	// Text order puts the early one first, but it was marked second.
	if v.claims[0].Number != 2 || v.claims[1].Number != 1 {
		t.Fatalf("numbers in text order = %d, %d, want 2, 1", v.claims[0].Number, v.claims[1].Number)
	}
	if got := v.editor.heading.Text; got != "Claim 2" {
		t.Errorf("editor heading = %q, want Claim 2", got)
	}
	if !strings.Contains(f.ws.notice.text.Text, "Claim 2 marked") {
		t.Errorf("notice = %q, want it to say Claim 2 marked", f.ws.notice.text.Text)
	}
	first := v.claims[1].ID
	v.selectClaim(first, fromCode)
	v.deleteSelected()
	if !strings.Contains(f.ws.notice.text.Text, "Claim 1 deleted") || !f.ws.notice.action.Visible() {
		t.Errorf("notice after delete = %q (action shown %v), want Claim 1 deleted with Undo", f.ws.notice.text.Text, f.ws.notice.action.Visible())
	}
	test.Tap(f.ws.notice.action)
	if c := v.claim(first); c == nil || c.Number != 1 {
		t.Fatalf("after Undo from the notice the claim is %+v, want it back as number 1", c)
	}
	// A new claim takes the next number, never a freed or reused one.
	f.selectQuote(strings.Join(words[5:8], " "))
	v.markClaim()
	if v.selected == 0 || v.claim(v.selected).Number != 3 {
		t.Errorf("third claim marked has number %d, want 3", v.claim(v.selected).Number)
	}
}

package storage

import (
	"context"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func TestLinks(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	b := newArticle(t, db, "Rents again", sampleText)
	mark := func(art *annotate.Article) *annotate.Claim {
		start, end, err := annotate.FindQuote(art.Text, "Critics in Zürich", 1)
		if err != nil {
			t.Fatal(err)
		}
		c, err := annotate.NewClaim(art, start, end)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c1, c2 := mark(a), mark(b)
	c2.Verdict = annotate.VerdictFalse
	if err := db.UpdateClaim(ctx, c2); err != nil {
		t.Fatal(err)
	}

	l, err := db.Link(ctx, c2.ID, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.ClaimID != c2.ID || l.OtherID != c1.ID || l.OtherArticleID != a.ID || l.OtherTitle != "Rents" || l.Created.IsZero() {
		t.Errorf("Link = %+v, want claim %d to claim %d of article %d", l, c2.ID, c1.ID, a.ID)
	}
	// Both claims show the link; linking again changes nothing.
	if _, err := db.Link(ctx, c1.ID, c2.ID); err != nil {
		t.Fatal(err)
	}
	from1, err := db.Links(ctx, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(from1) != 1 || from1[0].OtherID != c2.ID || from1[0].OtherVerdict != annotate.VerdictFalse || !from1[0].Created.Equal(l.Created) {
		t.Errorf("Links(%d) = %+v, want one link to %d with its verdict", c1.ID, from1, c2.ID)
	}
	byClaim, err := db.ArticleLinks(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(byClaim) != 1 || len(byClaim[c2.ID]) != 1 || byClaim[c2.ID][0].OtherURL != a.URL {
		t.Errorf("ArticleLinks(%d) = %+v, want the link of claim %d", b.ID, byClaim, c2.ID)
	}

	// Unlink, then undo it.
	gone, err := db.Unlink(ctx, c1.ID, c2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ls, _ := db.Links(ctx, c2.ID); len(ls) != 0 {
		t.Errorf("after Unlink, Links(%d) = %+v, want none", c2.ID, ls)
	}
	if _, err := db.Unlink(ctx, c1.ID, c2.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("Unlink of no link: error %v, want not found", err)
	}
	back, err := db.RestoreLink(ctx, gone)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Created.Equal(l.Created) || back.OtherID != c2.ID {
		t.Errorf("RestoreLink = %+v, want the link created at %v", back, l.Created)
	}

	// Bad input changes nothing.
	for _, pair := range [][2]int64{{c1.ID, c1.ID}, {c1.ID, 999}, {999, c1.ID}} {
		if _, err := db.Link(ctx, pair[0], pair[1]); err == nil {
			t.Errorf("Link(%d, %d) succeeded", pair[0], pair[1])
		}
	}
	// A link goes with either of its claims.
	if err := db.DeleteClaim(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	if ls, _ := db.Links(ctx, c2.ID); len(ls) != 0 {
		t.Errorf("after deleting claim %d, Links(%d) = %+v, want none", c1.ID, c2.ID, ls)
	}
}

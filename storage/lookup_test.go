package storage

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

func TestTags(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	for _, tt := range []struct {
		quote string
		tags  []string
	}{
		{"Café owners", []string{"housing", "economy"}},
		{"unemployment fell", []string{"economy"}},
		{"Critics in Zürich", []string{"economy", "local"}},
	} {
		c := newClaim(t, db, a, tt.quote)
		c.Tags = tt.tags
		if err := db.UpdateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetTagColor(ctx, "Housing", "#ABCDEF"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTagColor(ctx, "unused but coloured", "#000000"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []annotate.Tag{
		{Name: "economy", Color: annotate.TagColor("economy"), Count: 3},
		{Name: "housing", Color: "#abcdef", Count: 1},
		{Name: "local", Color: annotate.TagColor("local"), Count: 1},
		{Name: "unused but coloured", Color: "#000000", Count: 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tags =\n%+v\nwant\n%+v", got, want)
	}
	if err := db.SetTagColor(ctx, "housing", ""); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Tags(ctx)
	if got[1].Color != annotate.TagColor("housing") {
		t.Errorf("colour after reset = %s, want the default %s", got[1].Color, annotate.TagColor("housing"))
	}
	wantCode(t, db.SetTagColor(ctx, "housing", "red"), annotate.EINVALID)
	wantCode(t, db.SetTagColor(ctx, "", "#000000"), annotate.EINVALID)
	wantCode(t, db.SetTagColor(ctx, "a,b", "#000000"), annotate.EINVALID)
}

func TestClaimants(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	for _, tt := range []struct{ quote, claimant string }{
		{"Café owners", "Café owners' union"},
		{"unemployment fell", "The mayor"},
		{"3.5 percent", "The mayor"},
		{"Critics in Zürich", ""},
		{"rising cost", "Critics"},
	} {
		c := newClaim(t, db, a, tt.quote)
		c.Claimant = tt.claimant
		if err := db.UpdateClaim(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Claimants(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"The mayor", "Café owners' union", "Critics"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Claimants = %q, want %q", got, want)
	}
}

func TestSettings(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	if got, err := db.Setting(ctx, "org.name"); err != nil || got != "" {
		t.Errorf("Setting(unset) = %q, %v; want \"\"", got, err)
	}
	for _, v := range []string{"Ledger Fact Check", "Ledger Fact Check — Zürich"} {
		if err := db.SetSetting(ctx, "org.name", v); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Setting(ctx, "org.name"); got != v {
			t.Errorf("Setting = %q, want %q", got, v)
		}
	}
	if err := db.SetSetting(ctx, "org.name", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Setting(ctx, "org.name"); got != "" {
		t.Errorf("Setting after clearing = %q, want \"\"", got)
	}
	wantCode(t, db.SetSetting(ctx, "", "x"), annotate.EINVALID)
	wantCode(t, db.SetSetting(ctx, "k", "bad\xff"), annotate.EINVALID)
	wantCode(t, db.SetSetting(ctx, "k", strings.Repeat("x", annotate.MaxNoteBytes+1)), annotate.ETOOLARGE)
}

func TestDismissedSuggestions(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	a := newArticle(t, db, "Rents", sampleText)
	b := newArticle(t, db, "Other", sampleText)
	for _, s := range [][2]int{{77, 109}, {0, 60}, {77, 109}} {
		if err := db.DismissSuggestion(ctx, a.ID, s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.DismissSuggestion(ctx, b.ID, 5, 9); err != nil {
		t.Fatal(err)
	}
	got, err := db.DismissedSuggestions(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][2]int{{0, 60}, {77, 109}}; !reflect.DeepEqual(got, want) {
		t.Errorf("DismissedSuggestions = %v, want %v", got, want)
	}
	wantCode(t, db.DismissSuggestion(ctx, a.ID, 10, 10), annotate.EINVALID)
	wantCode(t, db.DismissSuggestion(ctx, a.ID, -1, 10), annotate.EINVALID)
	if got, _ := db.DismissedSuggestions(ctx, 999); got == nil || len(got) != 0 {
		t.Errorf("DismissedSuggestions(unknown) = %v, want empty", got)
	}
}

package ingest

import (
	"strings"
	"testing"
)

func TestParseTextParagraphALine(t *testing.T) {
	long := strings.Repeat("The ministry said exports rose in March. ", 4)
	tests := []struct {
		name, in string
		paras    int
	}{
		{"a paragraph a line", "Headline\n" + long + "\n" + long + "\nWhy It Matters\n" + long, 5},
		{"hard-wrapped", "Headline\n\nThe ministry said exports rose\nin March, and imports fell\nin April.\n\nSecond paragraph.", 3},
		{"blank-line paragraphs", "Headline\n\n" + long + "\n\n" + long, 3},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte(tt.in), "text", "0a1b2c3d4e5f6a7b.txt", "")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := len(strings.Split(doc.Text, "\n\n")); got != tt.paras {
			t.Errorf("%s: %d paragraphs, want %d: %q", tt.name, got, tt.paras, doc.Text)
		}
		if doc.Title != "Headline" {
			t.Errorf("%s: title %q, want Headline", tt.name, doc.Title)
		}
		if Canonical(doc.Text) != doc.Text {
			t.Errorf("%s: text is not canonical", tt.name)
		}
	}
	doc, err := Parse([]byte(long+"\n"+long), "text", "000_df394b687b0d4f5e.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(doc.Title, "df394b") || !strings.HasPrefix(doc.Title, "The ministry said") {
		t.Errorf("title of a text under a machine-made name = %q, want the start of its text", doc.Title)
	}
}

func TestBylineLeavesTheText(t *testing.T) {
	tests := []struct {
		format, in                    string
		byline, publisher, date, text string
	}{
		{"markdown", "# Council votes\n\n*By Amira Haddad · The Riverton Ledger · March 14, 2025*\n\nThe council voted.",
			"Amira Haddad", "The Riverton Ledger", "2025-03-14", "The council voted."},
		{"text", "Council votes\n\nBy Jane Doe, Staff Writer\n\nThe council voted.",
			"Jane Doe", "", "", "Council votes\n\nThe council voted."},
		{"text", "Council votes\n\nBy the end of the year the council will have voted twice.",
			"", "", "", "Council votes\n\nBy the end of the year the council will have voted twice."},
	}
	for _, tt := range tests {
		doc, err := Parse([]byte(tt.in), tt.format, "", "")
		if err != nil {
			t.Fatal(err)
		}
		date := ""
		if !doc.Published.IsZero() {
			date = doc.Published.Format("2006-01-02")
		}
		if doc.Byline != tt.byline || doc.Publisher != tt.publisher || date != tt.date || doc.Text != tt.text {
			t.Errorf("Parse(%q) = byline %q, publisher %q, date %q, text %q; want %q, %q, %q, %q",
				tt.in, doc.Byline, doc.Publisher, date, doc.Text, tt.byline, tt.publisher, tt.date, tt.text)
		}
	}
}

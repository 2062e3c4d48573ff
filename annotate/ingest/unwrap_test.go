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

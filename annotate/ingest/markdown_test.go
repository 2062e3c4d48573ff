package ingest

import (
	"testing"
	"time"
)

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name, in    string
		title, text string
	}{
		{
			name:  "leading heading is the title",
			in:    "# The Budget Speech\n\nThe minister said *taxes* will fall.\n",
			title: "The Budget Speech",
			text:  "The minister said taxes will fall.",
		},
		{
			name:  "headings are paragraphs",
			in:    "# Title\n\nIntro.\n\n## Section one\nBody text.\n### Closing ###\nEnd.",
			title: "Title",
			text:  "Intro.\n\nSection one\n\nBody text.\n\nClosing\n\nEnd.",
		},
		{
			name:  "setext headings",
			in:    "Big Title\n=========\n\nSmall\n-----\ntext",
			title: "Big Title",
			text:  "Small\n\ntext",
		},
		{
			name:  "emphasis and strong",
			in:    "# T\n\nThis is **very** _important_ and ***both*** and ~~gone~~ not.",
			title: "T",
			text:  "This is very important and both and gone not.",
		},
		{
			name:  "underscores inside words stay",
			in:    "# T\n\nthe snake_case_name and 2*3*4 or a * b",
			title: "T",
			text:  "the snake_case_name and 234 or a * b",
		},
		{
			name:  "links keep their text",
			in:    "# T\n\nSee [the report](https://example.org/r \"Report\") and [ref link][r] and <https://example.com/x>.\n\n[r]: https://example.org/ref",
			title: "T",
			text:  "See the report and ref link and https://example.com/x.",
		},
		{
			name:  "images are dropped",
			in:    "# T\n\nBefore ![a chart](chart.png) after.\n\n![alone](x.png)\n\nNext.",
			title: "T",
			text:  "Before after.\n\nNext.",
		},
		{
			name:  "lists are paragraphs",
			in:    "# T\n\n- first item\n- second item\n  continued\n* third\n1. numbered\n2) other\n- [x] done task",
			title: "T",
			text:  "first item\n\nsecond item continued\n\nthird\n\nnumbered\n\nother\n\ndone task",
		},
		{
			name:  "nested list",
			in:    "# T\n\n- outer\n    - inner one\n    - inner two\n",
			title: "T",
			text:  "outer\n\ninner one\n\ninner two",
		},
		{
			name:  "blockquote",
			in:    "# T\n\n> She said it\n> twice.\n>\n> > Nested **quote**.\n\nAfter.",
			title: "T",
			text:  "She said it twice.\n\nNested quote.\n\nAfter.",
		},
		{
			name:  "fenced code kept as text",
			in:    "# T\n\n```go\nx := *p\n\ny := [a](b)\n```\n\nText.",
			title: "T",
			text:  "x := *p\n\ny := [a](b)\n\nText.",
		},
		{
			name:  "indented code kept as text",
			in:    "# T\n\nIntro:\n\n    a **b**\n    c\n\nAfter.",
			title: "T",
			text:  "Intro:\n\na **b** c\n\nAfter.",
		},
		{
			name:  "code spans keep their content",
			in:    "# T\n\nRun `rm -rf *` and ``a ` b`` now.",
			title: "T",
			text:  "Run rm -rf * and a ` b now.",
		},
		{
			name:  "escapes and entities",
			in:    "# T\n\n\\*not emphasis\\* and AT&amp;T &copy; 5 \\> 3",
			title: "T",
			text:  "*not emphasis* and AT&T © 5 > 3",
		},
		{
			name:  "html tags and comments dropped",
			in:    "# T\n\n<!-- a comment\nover lines -->\nText with <span class=\"x\">inline</span> html<br/>and a < b > c.",
			title: "T",
			text:  "Text with inline html and a < b > c.",
		},
		{
			name:  "thematic break splits",
			in:    "# T\n\none\n\n***\n\ntwo\n\n- - -\nthree",
			title: "T",
			text:  "one\n\ntwo\n\nthree",
		},
		{
			name:  "table rows are paragraphs",
			in:    "# T\n\n| Name | Claim |\n|------|:-----:|\n| Ann | **Taxes** fell |\n| Bob | a \\| b |\n\nAfter.",
			title: "T",
			text:  "Name Claim\n\nAnn Taxes fell\n\nBob a | b\n\nAfter.",
		},
		{
			name:  "front matter",
			in:    "---\ntitle: \"From Front Matter\"\nauthor: Jane Doe\ndate: 2024-03-05\n---\n# Heading Kept\n\nBody.",
			title: "From Front Matter",
			text:  "Heading Kept\n\nBody.",
		},
		{
			name:  "no heading: short first line is the title, text whole",
			in:    "Minister's speech\nThe minister said taxes will fall.",
			title: "Minister's speech",
			text:  "Minister's speech The minister said taxes will fall.",
		},
		{
			name:  "lone heading stays as text",
			in:    "# Only a heading",
			title: "Only a heading",
			text:  "Only a heading",
		},
		{
			name:  "second-level heading first is the title and kept",
			in:    "## Section\n\nBody.",
			title: "Section",
			text:  "Section\n\nBody.",
		},
		{
			name:  "hard line breaks",
			in:    "# T\n\nline one  \nline two\\\nline three",
			title: "T",
			text:  "line one line two line three",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.in), FormatMarkdown, "", "")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if d.Title != tt.title {
				t.Errorf("Title = %q, want %q", d.Title, tt.title)
			}
			if d.Text != tt.text {
				t.Errorf("Text = %q, want %q", d.Text, tt.text)
			}
			if d.Format != FormatMarkdown {
				t.Errorf("Format = %q, want %q", d.Format, FormatMarkdown)
			}
		})
	}
}

func TestParseBylineLine(t *testing.T) {
	tests := []struct{ format, in, want string }{
		{FormatMarkdown, "# Council votes\n\n*By Amira Haddad · The Riverton Ledger · March 14, 2025*\n\nText.", "Amira Haddad"},
		{FormatText, "Council votes\n\nBy Jane Doe, Staff Writer\n\nText.", "Jane Doe"},
		{FormatText, "Council votes\n\nBy the end of the year the council will have voted twice.", ""},
		{FormatMarkdown, "# T\n\nText first.\n\nBy Someone", ""},
		{FormatText, "Council votes\n\nBy the end of the year, taxes rose.", ""},
	}
	for _, tt := range tests {
		d, err := Parse([]byte(tt.in), tt.format, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if d.Byline != tt.want {
			t.Errorf("Parse(%q).Byline = %q, want %q", tt.in, d.Byline, tt.want)
		}
	}
}

func TestParseMarkdownFrontMatterMetadata(t *testing.T) {
	in := "---\ntitle: T\nauthor: Jane Doe\ndate: 2024-03-05\nlang: fr\n---\nBody."
	d, err := Parse([]byte(in), FormatMarkdown, "speech.md", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Byline != "Jane Doe" {
		t.Errorf("Byline = %q, want %q", d.Byline, "Jane Doe")
	}
	if want := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC); !d.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", d.Published, want)
	}
	if d.Language != "fr" {
		t.Errorf("Language = %q, want %q", d.Language, "fr")
	}
}

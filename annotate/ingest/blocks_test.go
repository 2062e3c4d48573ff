package ingest

import (
	"strings"
	"testing"

	"github.com/factdesk/factdesk/annotate"
)

// TestFurnitureStructure checks the structural rules on small pages: each
// case gives the page's article and what must stay in the text and what
// must be removed, with the kinds of the blocks.
func TestFurnitureStructure(t *testing.T) {
	const body = `<p>The council voted on Tuesday to expand the bus network, adding three routes and extending evening service across the city's northern districts.</p>`
	for _, tc := range []struct {
		name, html string
		keep, gone []string
		kinds      map[string]annotate.BlockKind
		reason     map[string]string
	}{
		{"figure caption and credit",
			`<figure><span class="visually-hidden">Photo</span><img src="x.jpg"><figcaption>Commuters wait for the 42 bus on Main Street. <span class="credit">Credit Jane Roe for The Courier</span></figcaption></figure>` + body,
			[]string{"Commuters wait for the 42 bus on Main Street."}, []string{"Photo", "Credit Jane Roe for The Courier"},
			map[string]annotate.BlockKind{"Commuters wait": annotate.BlockCaption, "The council voted": annotate.BlockBody},
			map[string]string{"Photo": "hidden label", "Credit Jane Roe for The Courier": "credit"}},
		{"credit run onto a caption",
			`<figure><img src="x.jpg"><figcaption>The depot at dawn Benoit Tessier/Reuters</figcaption></figure>` + body,
			[]string{"The depot at dawn"}, []string{"Benoit Tessier/Reuters"}, nil, nil},
		{"newsletter box by its class",
			body + `<div class="newsletter-signup"><p>Get the Morning Briefing every day.</p></div>`,
			nil, []string{"Get the Morning Briefing every day."}, nil, map[string]string{"Get the Morning Briefing every day.": "newsletter"}},
		{"related list and section",
			body + `<h3>Related</h3><ul><li><a href="https://news.example/a">Council approves new cycle lanes on the ring road</a></li><li><a href="https://news.example/b">Bus fares will rise in April, operator says</a></li></ul>`,
			nil, []string{"Related", "Council approves new cycle lanes on the ring road", "Bus fares will rise in April, operator says"}, nil, nil},
		{"promos and newsletter by phrase",
			body + `<p>Continue reading the main story</p><p>[<a href="https://news.example/c">Read: How the city pays for its buses</a>]</p><p>Sign up for our Morning Briefing newsletter.</p><p>Advertisement</p>`,
			nil, []string{"Continue reading the main story", "[Read: How the city pays for its buses]", "Sign up for our Morning Briefing newsletter.", "Advertisement"}, nil, nil},
		{"content that looks short stays",
			`<h2>Why it matters</h2>` + body + `<p>More than 4,000 people ride the routes daily.</p><ul><li>Route 7</li><li>Route 9</li></ul>`,
			[]string{"Why it matters", "More than 4,000 people ride the routes daily.", "Route 7", "Route 9"}, nil,
			map[string]annotate.BlockKind{"Why it matters": annotate.BlockHeading}, nil},
		{"a class name on the whole article is no proof",
			`<div class="comments-enabled">` + strings.Repeat(body, 5) + `</div>`,
			[]string{"The council voted"}, nil, nil, nil},
		{"quotation and table row",
			body + `<blockquote><p>We will run buses every ten minutes.</p></blockquote><table><tr><td>Route 7</td><td>12 minutes</td></tr></table>`,
			[]string{"We will run buses every ten minutes.", "Route 7 12 minutes"}, nil,
			map[string]annotate.BlockKind{"We will run": annotate.BlockQuotation, "Route 7 12": annotate.BlockRow}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := `<!DOCTYPE html><html><head><title>Bus network</title></head><body><article>` + tc.html + `</article></body></html>`
			d, err := Parse([]byte(page), FormatHTML, "", "")
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range tc.keep {
				if !strings.Contains(d.Text, k) {
					t.Errorf("text lacks %q:\n%s", k, d.Text)
				}
			}
			removed := map[string]string{}
			for _, r := range d.Removed {
				removed[r.Text] = r.Reason
			}
			for _, g := range tc.gone {
				if strings.Contains(d.Text, g) {
					t.Errorf("text keeps furniture %q", g)
				}
				if _, ok := removed[g]; !ok {
					t.Errorf("%q is not among the removed blocks %v: it must be kept aside, not lost", g, removed)
				}
			}
			for g, why := range tc.reason {
				if removed[g] != why {
					t.Errorf("%q removed as %q, want %q", g, removed[g], why)
				}
			}
			runes := []rune(d.Text)
			for prefix, kind := range tc.kinds {
				found := false
				for _, b := range d.Blocks {
					if strings.HasPrefix(string(runes[b.Start:b.End]), prefix) {
						found = true
						if b.Kind != kind {
							t.Errorf("block %q is a %s, want %s", prefix, b.Kind, kind)
						}
					}
				}
				if !found {
					t.Errorf("no block starts with %q", prefix)
				}
			}
		})
	}
}

func TestFurnitureInText(t *testing.T) {
	src := "Council votes to expand buses\n\nThe council voted on Tuesday to add three routes.\n\nPhoto: Jane Roe/The Courier\n\nContinue reading\n\nRiders welcomed the plan.\n\nMore"
	d, err := Parse([]byte(src), FormatText, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := "Council votes to expand buses\n\nThe council voted on Tuesday to add three routes.\n\nRiders welcomed the plan."
	if d.Text != want {
		t.Errorf("Text = %q, want %q", d.Text, want)
	}
	if len(d.Removed) != 3 {
		t.Errorf("removed %+v, want the credit, the promo and More", d.Removed)
	}
	if len(d.Blocks) != 3 {
		t.Errorf("blocks = %+v, want 3", d.Blocks)
	}
}

func TestRestoreRemoved(t *testing.T) {
	src := "<article><p>First paragraph of the story, long enough to be the article text here.</p><p>Advertisement</p><p>Second paragraph of the story, long enough to count as the body.</p><p>Share this</p></article>"
	d, err := Parse([]byte("<html><body>"+src+"</body></html>"), FormatHTML, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Removed) != 2 {
		t.Fatalf("removed %+v, want 2", d.Removed)
	}
	text, blocks, removed := RestoreRemoved(d.Text, d.Blocks, d.Removed, 0)
	want := "First paragraph of the story, long enough to be the article text here.\n\nAdvertisement\n\nSecond paragraph of the story, long enough to count as the body."
	if text != want {
		t.Errorf("restored text = %q, want %q", text, want)
	}
	if len(blocks) != 3 || blocks[1].Kind != annotate.BlockBody || string([]rune(text)[blocks[1].Start:blocks[1].End]) != "Advertisement" {
		t.Errorf("blocks = %+v", blocks)
	}
	if len(removed) != 1 || removed[0].Text != "Share this" || removed[0].At != len([]rune(text)) {
		t.Errorf("still removed = %+v, want Share this at the end (%d)", removed, len([]rune(text)))
	}
	// Putting the last one back too gives the page's whole text.
	text, _, removed = RestoreRemoved(text, blocks, removed, 0)
	if !strings.HasSuffix(text, "\n\nShare this") || len(removed) != 0 {
		t.Errorf("text = %q, removed %+v", text, removed)
	}
	if Canonical(text) != text {
		t.Errorf("restored text is not canonical")
	}
}

func TestParagraphBlocks(t *testing.T) {
	text := "One.\n\nTwo two.\n\nThree"
	got := annotate.ParagraphBlocks(text)
	want := []annotate.Block{{Kind: "body", Start: 0, End: 4}, {Kind: "body", Start: 6, End: 14}, {Kind: "body", Start: 16, End: 21}}
	if len(got) != len(want) {
		t.Fatalf("ParagraphBlocks = %+v", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if i := annotate.BlockAt(got, 7); i != 1 {
		t.Errorf("BlockAt(7) = %d, want 1", i)
	}
	if i := annotate.BlockAt(got, 5); i != -1 {
		t.Errorf("BlockAt(5) = %d, want -1 (between paragraphs)", i)
	}
}

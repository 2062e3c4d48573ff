package assist

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(text string, spans []Span) []string {
	r := []rune(text)
	var out []string
	for _, s := range spans {
		out = append(out, string(r[s.Start:s.End]))
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"titles", "Mr. Smith met Mrs. Jones and Dr. Who. They talked.",
			[]string{"Mr. Smith met Mrs. Jones and Dr. Who.", "They talked."}},
		{"U.S. inside", "The U.S. military left. The U.K. stayed.",
			[]string{"The U.S. military left.", "The U.K. stayed."}},
		{"U.S. at the end", "Troops went to the U.S. The president said so.",
			[]string{"Troops went to the U.S.", "The president said so."}},
		{"U.S. before a name", "He met U.S. President Donald Trump.",
			[]string{"He met U.S. President Donald Trump."}},
		{"percent and money", "Inflation was 3.5% in May. Spending rose to $1.2 billion.",
			[]string{"Inflation was 3.5% in May.", "Spending rose to $1.2 billion."}},
		{"time", "The vote is at 10.30 a.m. on Monday. Results follow.",
			[]string{"The vote is at 10.30 a.m. on Monday.", "Results follow."}},
		{"time at the end", "The vote was at 10.30 a.m. The count began later.",
			[]string{"The vote was at 10.30 a.m.", "The count began later."}},
		{"initials", "J. K. Rowling wrote it. George W. Bush read it.",
			[]string{"J. K. Rowling wrote it.", "George W. Bush read it."}},
		{"latin", "Some states, e.g. Texas, agreed, i.e. most. Others did not.",
			[]string{"Some states, e.g. Texas, agreed, i.e. most.", "Others did not."}},
		{"dates and numbers", "It began on Jan. 5 and Sept. 12 at No. 10 Downing St. in London. Then it ended.",
			[]string{"It began on Jan. 5 and Sept. 12 at No. 10 Downing St. in London.", "Then it ended."}},
		{"companies and vs.", "Apple Inc. sued. It was Apple vs. Google.",
			[]string{"Apple Inc. sued.", "It was Apple vs. Google."}},
		{"quotes across sentences", "“He said. Then left,” she wrote. Next.",
			[]string{"“He said.", "Then left,” she wrote.", "Next."}},
		{"closing quote stays", "She said: “We won.” Then she left.",
			[]string{"She said: “We won.”", "Then she left."}},
		{"straight quotes", `He said "We won." Then he left.`,
			[]string{`He said "We won."`, "Then he left."}},
		{"question with attribution", "“Why now?” she asked. Nobody knew.",
			[]string{"“Why now?” she asked.", "Nobody knew."}},
		{"exclamation before comma", "“Stop!”, he shouted. They stopped.",
			[]string{"“Stop!”, he shouted.", "They stopped."}},
		{"?! sequences", "Really?! Yes!! Fine?",
			[]string{"Really?!", "Yes!!", "Fine?"}},
		{"ellipsis character", "He paused… Then he spoke… and spoke.",
			[]string{"He paused…", "Then he spoke… and spoke."}},
		{"three dots", "He paused... Then he spoke... and spoke.",
			[]string{"He paused...", "Then he spoke... and spoke."}},
		{"decimals", "Growth was 2.5 percent, down from 3.1. Prices rose 0.4.",
			[]string{"Growth was 2.5 percent, down from 3.1.", "Prices rose 0.4."}},
		{"paragraphs", "First paragraph without stop\n\nSecond one. Third",
			[]string{"First paragraph without stop", "Second one.", "Third"}},
		{"abbreviation before a paragraph", "He moved to the U.S.\n\nThe end.",
			[]string{"He moved to the U.S.", "The end."}},
		{"white space trimmed", "  One.   Two.  ",
			[]string{"One.", "Two."}},
		{"brackets", "(He left.) She stayed.",
			[]string{"(He left.)", "She stayed."}},
		{"accents and emoji", "Zoë Müller won 🎉. Señor Núñez lost 😞. Fin.",
			[]string{"Zoë Müller won 🎉.", "Señor Núñez lost 😞.", "Fin."}},
		{"no sentence", "  \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(tt.text, Sentences(tt.text))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSentencesCodePoints(t *testing.T) {
	text := "Ça va 😀. Très bien.\n\nÉté 🌞 fini."
	got := Sentences(text)
	want := []Span{{0, 8}, {9, 19}, {21, 32}}
	if !slices.Equal(got, want) {
		t.Fatalf("Sentences = %v, want %v", got, want)
	}
	if n := utf8.RuneCountInString(text); got[len(got)-1].End != n {
		t.Errorf("last span ends at %d, want the text's %d code points", got[len(got)-1].End, n)
	}
}

func TestSentencesNeverCrossParagraphs(t *testing.T) {
	text := "Dr.\n\nSmith said “yes\n\nand no.” Mr. Jones... e.g.\n\nU.S. troops."
	r := []rune(text)
	for _, s := range Sentences(text) {
		if strings.Contains(string(r[s.Start:s.End]), "\n") {
			t.Errorf("sentence %q crosses a line break", string(r[s.Start:s.End]))
		}
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"Mr. A. B. said “x.” y", "3.5%... U.S.\n\n?!", "“”\"'", "a.b.c. D"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := []rune(text)
		prev := 0
		for _, s := range Sentences(text) {
			if s.Start < prev || s.End <= s.Start || s.End > len(r) {
				t.Fatalf("bad span %v after %d in %d code points", s, prev, len(r))
			}
			if strings.TrimSpace(string(r[s.Start:s.End])) != string(r[s.Start:s.End]) {
				t.Fatalf("span %v is not trimmed", s)
			}
			prev = s.End
		}
	})
}

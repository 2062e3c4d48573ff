package assist

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate/ingest"
)

// corpusDir is the shared corpus, reached from the repository root as
// ../shared/corpus.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

func needCorpus(t testing.TB, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{corpusDir}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared corpus file %s is absent under CI: %v", p, err)
		}
		t.Skipf("shared corpus file %s is absent: %v", p, err)
	}
	return p
}

// sameSpeaker compares claimants leniently: case, curly apostrophes, a
// leading "The" and a missing first name ("Putin" for "Vladimir Putin") do
// not count as differences.
func sameSpeaker(got, want string) bool {
	norm := func(s string) []string {
		s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
		return strings.Fields(strings.TrimPrefix(s, "the "))
	}
	g, w := norm(got), norm(want)
	if len(g) == 0 || len(w) == 0 {
		return len(g) == len(w)
	}
	sub := func(a, b []string) bool { // a's words are the last words of b
		return len(a) <= len(b) && strings.Join(b[len(b)-len(a):], " ") == strings.Join(a, " ")
	}
	return sub(g, w) || sub(w, g)
}

type speakerScore struct{ predicted, gold, correct int }

func (s *speakerScore) add(t *testing.T, sentence, got, want string) {
	if got != "" {
		s.predicted++
	}
	if want != "" {
		s.gold++
	}
	if got != "" && want != "" && sameSpeaker(got, want) {
		s.correct++
	} else if got != want {
		t.Logf("claimant %q, want %q: %.90s", got, want, sentence)
	}
}

func (s speakerScore) precision() float64 { return float64(s.correct) / float64(max(1, s.predicted)) }
func (s speakerScore) recall() float64    { return float64(s.correct) / float64(max(1, s.gold)) }

func TestClaimantSeedArticle(t *testing.T) {
	b, err := os.ReadFile(needCorpus(t, "seed", "000_df394b687b0d4f5e.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	// The speaker of every sentence that carries a quotation or an
	// attribution, labelled by hand; every other sentence has none.
	want := map[string]string{
		"Russian President Vladimir Putin said troops": "Vladimir Putin",
		"Some of Ukraine’s European allies":            "Ukraine’s European allies",
		"The United States said it would not.":         "The United States",
		"Putin, speaking at an Eastern":                "Vladimir Putin",
		"“Therefore, if any troops":                    "Vladimir Putin",
		"He also said that after peace":                "Vladimir Putin",
		"Putin added that there should":                "Vladimir Putin",
		"Russia has long said":                         "Russia",
		"In June, senior Russian official":             "Sergei Ryabkov",
		"After meeting with the Russian president":     "Donald Trump",
		"However, Putin said":                          "Vladimir Putin",
		"After his meeting with Putin in August":       "Donald Trump",
		"Putin said it would now be impossible":        "Vladimir Putin",
		"The Russian president also said":              "Vladimir Putin",
		"Russia would give a 100 percent":              "Vladimir Putin",
		"Ukrainian President Volodymyr Zelensky wrote": "Volodymyr Zelensky",
		"Its capabilities":                             "Volodymyr Zelensky",
		"Both in wartime":                              "Volodymyr Zelensky",
		"Yuriy Boyechko, the CEO":                      "Yuriy Boyechko",
		"On the contrary, we see Putin":                "Yuriy Boyechko",
		"Trump said he spoke with Putin":               "Donald Trump",
	}
	r := []rune(text)
	var s speakerScore
	used := 0
	for _, sp := range Sentences(text) {
		sentence := string(r[sp.Start:sp.End])
		w := ""
		for prefix, who := range want {
			if strings.HasPrefix(sentence, prefix) {
				w = who
				used++
			}
		}
		s.add(t, sentence, Claimant(text, sp), w)
	}
	if used != len(want) {
		t.Fatalf("%d of %d labelled sentences found; the splitter or the labels are off", used, len(want))
	}
	t.Logf("seed article: claimant precision %.2f (%d/%d), recall %.2f (%d/%d)",
		s.precision(), s.correct, s.predicted, s.recall(), s.correct, s.gold)
	if s.precision() < 0.85 || s.recall() < 0.75 {
		t.Errorf("precision %.2f, recall %.2f: want at least 0.85 and 0.75", s.precision(), s.recall())
	}
}

func TestClaimantNewsClaims(t *testing.T) {
	needCorpus(t, "news-claims.json") // the sentences come from there
	b, err := os.ReadFile(filepath.Join("testdata", "news-claims-claimants.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels struct {
		Sentences []struct{ Text, Claimant string }
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		t.Fatal(err)
	}
	var s speakerScore
	for _, l := range labels.Sentences {
		got := Claimant(l.Text, Span{0, utf8.RuneCountInString(l.Text)})
		s.add(t, l.Text, got, l.Claimant)
	}
	t.Logf("news-claims (%d sentences): claimant precision %.2f (%d/%d), recall %.2f (%d/%d)",
		len(labels.Sentences), s.precision(), s.correct, s.predicted, s.recall(), s.correct, s.gold)
	if s.precision() < 0.85 || s.recall() < 0.75 {
		t.Errorf("precision %.2f, recall %.2f: want at least 0.85 and 0.75", s.precision(), s.recall())
	}
}

func TestClaimantPatterns(t *testing.T) {
	tests := []struct{ text, want string }{
		{"“Taxes will fall,” said Jane Doe.", "Jane Doe"},
		{"Taxes will fall, Jane Doe says.", "Jane Doe"},
		{"According to the Kremlin, talks failed.", "The Kremlin"},
		{"The Kremlin said talks failed.", "The Kremlin"},
		{"U.S. President Donald Trump said tariffs work.", "Donald Trump"},
		{"Ann Lee, the finance minister, said debt fell.", "Ann Lee"},
		{"In a statement, Acme Corp said sales rose.", "Acme Corp"},
		{"Ann Lee told reporters that debt fell.", "Ann Lee"},
		{"Ann Lee wrote on Twitter that debt fell.", "Ann Lee"},
		{"Ann Lee warned that debt would rise.", "Ann Lee"},
		{"Ann Lee spoke first. She claimed debt fell.", "Ann Lee"},
		{"Ann Lee spoke first, as she often does. She claimed debt fell.", "Ann Lee"}, // "she" also in lower case
		{"All told, debt fell.", ""},
		{"Once Lee arrived, the talks began. Lee said debt fell.", "Lee"},
		{"Ann Lee spoke first. Later, the minister argued debt fell.", "Ann Lee"},
		{"Mr. Reeves said no.", "Reeves"},
		{"Eric Reeves arrived. “No,” said Mr. Reeves.", "Eric Reeves"},
		{"Secretary of State Marco Rubio announced new sanctions.", "Marco Rubio"},
		{"Debt fell last year.", ""},
		{"Officials said debt fell.", ""},
		{"He said debt fell.", ""},
	}
	for _, tt := range tests {
		spans := Sentences(tt.text)
		got := Claimant(tt.text, spans[len(spans)-1])
		if got != tt.want {
			t.Errorf("Claimant(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestClaimantBadSpan(t *testing.T) {
	for _, sp := range []Span{{-1, 3}, {3, 2}, {0, 99}, {2, 2}} {
		if got := Claimant("Ann said so.", sp); got != "" {
			t.Errorf("Claimant(span %v) = %q, want \"\"", sp, got)
		}
	}
}

// TestClaimantFullNameAfterMultibyte would have caught fullName reading the
// byte after a surname as a code point: the curly apostrophe of "Putin’s"
// starts with the byte 0xE2, which as a code point is the letter "â", so
// the full first mention was skipped and the claimant stayed "Putin".
func TestClaimantFullNameAfterMultibyte(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Vladimir Putin’s forces advanced on Monday. Putin said the talks had failed.", "Vladimir Putin"},
		{"Vladimir Putin's forces advanced on Monday. Putin said the talks had failed.", "Vladimir Putin"},
		{"Olaf Scholz’s cabinet met. Scholz said the budget would pass.", "Olaf Scholz"},
		// A long run of multi-byte text before the first name: the window
		// looked back must not cut a code point in two.
		{strings.Repeat("é", 40) + " Ana Lee’s plan. Lee said it works.", "Ana Lee"},
		{"Putinism is a word. Putin said the talks had failed.", "Putin"},
	}
	for _, tt := range tests {
		spans := Sentences(tt.text)
		if got := Claimant(tt.text, spans[len(spans)-1]); got != tt.want {
			t.Errorf("Claimant(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestClaimantFor(t *testing.T) {
	text := "Ann Lee spoke first. “Debt fell by 12 percent,” said Ann Lee. The weather was mild."
	r := []rune(text)
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		a := utf8.RuneCountInString(text[:i])
		return a, a + utf8.RuneCountInString(s)
	}
	a, b := at("Debt fell by 12 percent")
	tests := []struct {
		start, end int
		want       string
	}{
		{a, b, "Ann Lee"},          // part of a quotation, attributed after it
		{a + 3, a + 3, "Ann Lee"},  // a caret inside it
		{b + 5, len(r), "Ann Lee"}, // from inside it to the end
		{len(r) - 5, len(r), ""},   // the weather: nobody
		{-4, 2, ""},                // clamped: "Ann Lee spoke first" names no claim
		{len(r), len(r) + 9, ""},   // past the end
	}
	for _, tt := range tests {
		if got := ClaimantFor(text, tt.start, tt.end); got != tt.want {
			t.Errorf("ClaimantFor(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

// TestClaimantReadabilityQuotes measures the claimant rules on quotations
// of news pages labelled by hand before the rules' output was looked at
// (see the note in each labels file). The six pages of the first file were
// not read while the rules were first written; the rules were then revised
// on their mistakes (a continued quotation, "In X's words", a capital that
// only starts a sentence). The nine pages of the held-out file were read
// only after that, and measure the rules as they are. The floors were
// fixed before the first measurement of each.
func TestClaimantReadabilityQuotes(t *testing.T) {
	for _, tt := range []struct {
		file              string
		precision, recall float64
	}{
		{"readability-quotes-claimants.json", 0.75, 0.6},
		{"readability-heldout-claimants.json", 0.75, 0.6},
	} {
		t.Run(strings.TrimSuffix(tt.file, ".json"), func(t *testing.T) { claimantsOn(t, tt.file, tt.precision, tt.recall) })
	}
}

func claimantsOn(t *testing.T, file string, minPrecision, minRecall float64) {
	dir := needCorpus(t, "readability")
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var labels struct {
		Sentences []struct{ Page, Text, Claimant string }
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	var s speakerScore
	for _, l := range labels.Sentences {
		text, ok := texts[l.Page]
		if !ok {
			src, err := os.ReadFile(filepath.Join(dir, l.Page, "source.html"))
			if err != nil {
				t.Fatal(err)
			}
			d, err := ingest.Parse(src, ingest.FormatHTML, "source.html", "")
			if err != nil {
				t.Fatalf("%s: %v", l.Page, err)
			}
			text = d.Text
			texts[l.Page] = text
		}
		var span Span
		found := false
		r := []rune(text)
		for _, sp := range Sentences(text) {
			if string(r[sp.Start:sp.End]) == l.Text {
				span, found = sp, true
				break
			}
		}
		if !found {
			// Import now leaves it out (page furniture) or splits it
			// otherwise: it is not measured.
			t.Logf("%s: labelled sentence not in the imported text: %.80s", l.Page, l.Text)
			continue
		}
		s.add(t, l.Text, Claimant(text, span), l.Claimant)
	}
	t.Logf("%s (%d sentences, %d with a claimant): precision %.2f (%d/%d), recall %.2f (%d/%d)",
		file, len(labels.Sentences), s.gold, s.precision(), s.correct, s.predicted, s.recall(), s.correct, s.gold)
	if s.precision() < minPrecision || s.recall() < minRecall {
		t.Errorf("precision %.2f, recall %.2f: want at least %.2f and %.2f", s.precision(), s.recall(), minPrecision, minRecall)
	}
}

package ingest

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// clefLine is one sentence of a CLEF-2019 debate.
type clefLine struct {
	speaker, sentence string
	checkWorthy       bool
}

// clefSpeaker normalises a speaker as the corpus spells it: a stage
// direction before the name ("(APPLAUSE) SANDERS") is not part of it, and
// one row of the corpus has a sentence run into the speaker's field ("So
// as I look at ... MADDOW"): its name is the last word.
func clefSpeaker(s string) string {
	s = strings.TrimSpace(stageDirection.ReplaceAllString(s, ""))
	if f := strings.Fields(s); len(f) > 12 {
		s = f[len(f)-1]
	}
	return s
}

// readCLEF reads the debates of the CLEF-2019 check-worthiness training
// split, in file order.
func readCLEF(t testing.TB) ([]string, map[string][]clefLine) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "checkworthy", "clef2019-task1-en-train.tsv")
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the CLEF-2019 corpus is missing: %v", err)
		}
		t.Skipf("the CLEF-2019 corpus is not here (%v)", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	var order []string
	debates := map[string][]clefLine{}
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 || len(rec) < 6 {
			continue
		}
		d := rec[1]
		if _, ok := debates[d]; !ok {
			order = append(order, d)
		}
		debates[d] = append(debates[d], clefLine{clefSpeaker(rec[3]), rec[4], rec[5] == "1"})
	}
	return order, debates
}

// clefTurns groups a debate's sentences into turns: a turn is a run of
// sentences by one speaker.
func clefTurns(lines []clefLine) [][]clefLine {
	var out [][]clefLine
	for i, l := range lines {
		if i == 0 || l.speaker != lines[i-1].speaker {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], l)
	}
	return out
}

// cueTime writes seconds as a WebVTT (sep ".") or SRT (sep ",") time.
func cueTime(s int, sep string) string {
	return fmt.Sprintf("%02d:%02d:%02d%s000", s/3600, s/60%60, s%60, sep)
}

var vttEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// clefCaptions writes a debate as WebVTT (vtt) or SRT captions, each turn
// cut into cues of 6 to 12 words, three seconds each. WebVTT names the
// speaker of every cue with a voice tag; SRT names him at the start of his
// turn ("HOLT: ..."), as broadcast captions do.
func clefCaptions(turns [][]clefLine, vtt bool, rng *rand.Rand) string {
	var b strings.Builder
	if vtt {
		b.WriteString("WEBVTT\n\n")
	}
	sec, n := 0, 0
	for _, tn := range turns {
		var words []string
		for _, l := range tn {
			words = append(words, strings.Fields(l.sentence)...)
		}
		for i := 0; i < len(words); {
			k := min(6+rng.Intn(7), len(words)-i)
			text := strings.Join(words[i:i+k], " ")
			n++
			if vtt {
				fmt.Fprintf(&b, "%d\n%s --> %s\n<v %s>%s</v>\n\n", n, cueTime(sec, "."), cueTime(sec+3, "."), tn[0].speaker, vttEscape.Replace(text))
			} else {
				if i == 0 {
					text = tn[0].speaker + ": " + text
				}
				fmt.Fprintf(&b, "%d\n%s --> %s\n%s\n\n", n, cueTime(sec, ","), cueTime(sec+3, ","), text)
			}
			i += k
			sec += 3
		}
	}
	return b.String()
}

// clefPlain writes a debate as a plain transcript, a turn a line:
// "SPEAKER: text".
func clefPlain(turns [][]clefLine) string {
	var b strings.Builder
	for _, tn := range turns {
		b.WriteString(tn[0].speaker + ":")
		for _, l := range tn {
			b.WriteString(" " + l.sentence)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestTranscriptCLEF turns each CLEF-2019 training debate into WebVTT, SRT
// and a plain transcript, imports them, and checks that the turns are
// those of the debate and that every check-worthy sentence, marked as a
// claim by its quote, gets its speaker.
func TestTranscriptCLEF(t *testing.T) {
	order, debates := readCLEF(t)
	rng := rand.New(rand.NewSource(2019))
	type tally struct{ turnsOK, debates, claims, right int }
	results := map[string]*tally{}
	for _, format := range []string{FormatVTT, FormatSRT, FormatTranscript} {
		res := &tally{}
		results[format] = res
		for _, name := range order {
			turns := clefTurns(debates[name])
			var src string
			switch format {
			case FormatVTT:
				src = clefCaptions(turns, true, rng)
			case FormatSRT:
				src = clefCaptions(turns, false, rng)
			default:
				src = clefPlain(turns)
			}
			// By content: no file name and no format given; a speech
			// of one or two turns is too short to tell a plain
			// transcript by, and is named one with --format.
			given := FormatAuto
			if format == FormatTranscript && len(turns) < 3 {
				given = FormatTranscript
			}
			d, err := Parse([]byte(src), given, "", "")
			if err != nil {
				t.Errorf("%s %s: %v", format, name, err)
				continue
			}
			if d.Format != format {
				t.Errorf("%s %s: read as %s", format, name, d.Format)
			}
			res.debates++
			got := 0
			for _, b := range d.Blocks {
				if b.Kind == annotate.BlockTurn {
					got++
				}
			}
			if got == len(turns) {
				res.turnsOK++
			} else {
				t.Errorf("%s %s: %d turns, want %d", format, name, got, len(turns))
				for i, b := range d.Blocks {
					if i < len(turns) && b.Speaker != turns[i][0].speaker {
						t.Logf("turn %d: speaker %q, want %q: %s", i, b.Speaker, turns[i][0].speaker, clip(string([]rune(d.Text)[b.Start:b.End])))
						break
					}
				}
			}
			var before strings.Builder // the debate's text up to the sentence
			for _, tn := range turns {
				for _, l := range tn {
					quote := foldLine(l.sentence)
					if l.checkWorthy {
						res.claims++
						occ := strings.Count(before.String(), quote)
						start := nthIndex(d.Text, quote, occ)
						if start < 0 {
							t.Errorf("%s %s: quote %q not in the text", format, name, clip(quote))
						} else if sp, _ := annotate.TurnAt(d.Blocks, utf8.RuneCountInString(d.Text[:start])); sp != l.speaker {
							t.Errorf("%s %s: quote %q has speaker %q, want %q", format, name, clip(quote), sp, l.speaker)
						} else {
							res.right++
						}
					}
					before.WriteString(quote + " ")
				}
			}
		}
	}
	for _, format := range []string{FormatVTT, FormatSRT, FormatTranscript} {
		r := results[format]
		t.Logf("%-10s debates %d, turn counts right %d, claims %d, right speaker %d (%.1f%%)",
			format, r.debates, r.turnsOK, r.claims, r.right, 100*float64(r.right)/float64(max(r.claims, 1)))
	}
}

// nthIndex returns the byte offset of occurrence n (from 0) of sub in s, or -1.
func nthIndex(s, sub string, n int) int {
	at := 0
	for {
		i := strings.Index(s[at:], sub)
		if i < 0 {
			return -1
		}
		if n == 0 {
			return at + i
		}
		n--
		at += i + 1
	}
}

var spaceRun = regexp.MustCompile(`\s+`)

func clip(s string) string {
	s = spaceRun.ReplaceAllString(s, " ")
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

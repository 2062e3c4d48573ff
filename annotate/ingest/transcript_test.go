package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// turnsOf returns the turns of a document as "SPEAKER@TIME: text".
func turnsOf(d *Document) []string {
	var out []string
	runes := []rune(d.Text)
	for _, b := range d.Blocks {
		if b.Kind == annotate.BlockTurn {
			out = append(out, b.Speaker+"@"+b.Time+": "+string(runes[b.Start:b.End]))
		}
	}
	return out
}

func TestTranscriptFormats(t *testing.T) {
	tests := []struct {
		name, format, in string
		want             []string
	}{
		{"vtt voices", "auto", "WEBVTT\n\nNOTE made by hand\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Lena Okafor>Traffic deaths fell\n\n00:00:03.000 --> 00:00:05.500\n<v Lena Okafor>by half since 2019.</v>\n\n00:00:05.500 --> 00:00:07.000\n<v.loud Mark Diaz>That is <i>not</i> true &amp; you know it.\n",
			[]string{"Lena Okafor@00:00:01: Traffic deaths fell by half since 2019.", "Mark Diaz@00:00:05: That is not true & you know it."}},
		{"vtt two voices in one cue", "vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hello there.\n<v B>Hi.\n",
			[]string{"A@00:00:01: Hello there.", "B@00:00:01: Hi."}},
		{"vtt rolling captions", "vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nthe budget grew by\n\n00:00:02.000 --> 00:00:03.000\nthe budget grew by\nfour percent last year\n\n00:00:03.000 --> 00:00:04.200\nfour percent last year\nand will grow again\n\n00:00:04.000 --> 00:00:05.000\n<c>will grow again</c><00:00:04.500><c> next year</c>\n",
			[]string{"@00:00:01: the budget grew by four percent last year and will grow again next year"}},
		{"vtt repeated words in cues that follow each other", "vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nyou get a subpoena,\n\n00:00:02.000 --> 00:00:03.000\nyou get a subpoena, and then\n",
			[]string{"@00:00:01: you get a subpoena, you get a subpoena, and then"}},
		{"vtt word overlap", "vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nwe will cut taxes for the middle\n\n00:00:02.000 --> 00:00:03.000\ncut taxes for the middle class\n",
			[]string{"@00:00:01: we will cut taxes for the middle class"}},
		{"srt with names and >>", "auto", "1\n00:00:01,000 --> 00:00:04,000\nHOLT: Good evening from Hofstra\nUniversity.\n\n2\n00:00:04,000 --> 00:00:06,000\n>> TRUMP: Thank you, Lester.\n\n3\n00:00:06,000 --> 00:00:08,000\nOur jobs are fleeing the country.\n",
			[]string{"HOLT@00:00:01: Good evening from Hofstra University.", "TRUMP@00:00:04: Thank you, Lester. Our jobs are fleeing the country."}},
		{"srt gap without speakers", "srt", "1\n00:00:01,000 --> 00:00:02,000\nFirst part.\n\n2\n00:00:09,000 --> 00:00:10,000\nSecond part.\n",
			[]string{"@00:00:01: First part.", "@00:00:09: Second part."}},
		{"plain speaker turns", "auto", "Presidential debate, first part\n\nHOLT: Good evening.\nWelcome to the debate.\n\nCLINTON: Thank you, Lester.\n\nTRUMP: Thank you.\n\nOur jobs are fleeing.\n",
			[]string{"HOLT@: Good evening. Welcome to the debate.", "CLINTON@: Thank you, Lester.", "TRUMP@: Thank you. Our jobs are fleeing."}},
		{"plain with times", "transcript", "Lena Okafor (00:12:03): Deaths fell by half.\nMark Diaz (0:12:09): They did not.\n[01:02:03] Q: And then?\nDonald Trump: (12:20)\nWe will win.\nSpeaker 1  1:02:33\nYes.\n",
			[]string{"Lena Okafor@00:12:03: Deaths fell by half.", "Mark Diaz@00:12:09: They did not.", "Q@01:02:03: And then?", "Donald Trump@00:12:20: We will win.", "Speaker 1@01:02:33: Yes."}},
		{"debate forms", "transcript", "MR. TRUMP: We will build.\nTHE PRESIDENT: No.\nSEN. O'ROURKE: Maybe.\nNote: this line is not a turn.\n",
			[]string{"MR. TRUMP@: We will build.", "THE PRESIDENT@: No.", "SEN. O'ROURKE@: Maybe. Note: this line is not a turn."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "talk.txt"
			switch {
			case strings.Contains(tt.name, "vtt"):
				name = "talk.vtt"
			case strings.Contains(tt.name, "srt"):
				name = ""
			}
			d, err := Parse([]byte(tt.in), tt.format, name, "")
			if err != nil {
				t.Fatal(err)
			}
			got := turnsOf(d)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("turns =\n%s\nwant\n%s\n(format %s)", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), d.Format)
			}
			if Canonical(d.Text) != d.Text {
				t.Errorf("text is not canonical: %q", d.Text)
			}
		})
	}
}

func TestTranscriptSniffing(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", FormatVTT},
		{"", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", FormatSRT},
		{"", "HOLT: a\nTRUMP: b\nHOLT: c\nTRUMP: d\n", FormatTranscript},
		{"x.txt", "HOLT: a\nTRUMP: b\nHOLT: c\nTRUMP: d\n", FormatTranscript},
		{"x.vtt", "00:01.000 --> 00:02.000\nhi\n", FormatVTT},
		// An article that quotes people is not a transcript.
		{"", "The mayor spoke.\n\nNote: the vote is Tuesday.\n\nSmith said: no.\n\nA long paragraph of news follows here.\n", FormatText},
		{"x.txt", "Title\n\nSome text: with a colon.\n\nMore text.\n", FormatText},
	}
	for _, tt := range tests {
		if got := detectFormat([]byte(tt.in), tt.name); got != tt.want {
			t.Errorf("detectFormat(%q, %q) = %q, want %q", tt.in, tt.name, got, tt.want)
		}
	}
}

func TestTurnAt(t *testing.T) {
	d, err := Parse([]byte("HOLT: Good evening.\nCLINTON (00:01:02): Thank you, Lester.\nTRUMP: Our jobs are fleeing.\n"), "transcript", "", "")
	if err != nil {
		t.Fatal(err)
	}
	start, _, err := annotate.FindQuote(d.Text, "Thank you", 0)
	if err != nil {
		t.Fatal(err)
	}
	if sp, tm := annotate.TurnAt(d.Blocks, start); sp != "CLINTON" || tm != "00:01:02" {
		t.Errorf("TurnAt = %q, %q, want CLINTON, 00:01:02", sp, tm)
	}
	if sp, _ := annotate.TurnAt(d.Blocks, utf8.RuneCountInString(d.Text)+5); sp != "" {
		t.Errorf("TurnAt past the end = %q, want none", sp)
	}
}

func FuzzTranscript(f *testing.F) {
	for _, s := range []string{
		"WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>hi <i>there</i>\n",
		"1\n00:00:01,000 --> 00:00:02,000\n>> B: yes\n\n2\n00:00:01,000 --> 00:00:02,000\nyes yes yes\n",
		"A (00:12:03): text\nB: more\n\n[1:02] C: x",
		"Speaker 1  0:03\nhello\n",
	} {
		f.Add(s, "vtt")
		f.Add(s, "srt")
		f.Add(s, "transcript")
	}
	f.Fuzz(func(t *testing.T, in, format string) {
		if !IsTranscriptFormat(format) {
			format = FormatTranscript
		}
		d, err := Parse([]byte(in), format, "", "")
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) || Canonical(d.Text) != d.Text {
			t.Fatalf("text not canonical: %q", d.Text)
		}
		n := utf8.RuneCountInString(d.Text)
		prev := 0
		for _, b := range d.Blocks {
			if b.Start < prev || b.End <= b.Start || b.End > n {
				t.Fatalf("block %+v out of order or out of the text (%d runes)", b, n)
			}
			prev = b.End
		}
	})
}

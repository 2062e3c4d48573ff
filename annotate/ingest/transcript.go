package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factdesk/factdesk/annotate"
)

// Formats of transcripts: WebVTT captions, SRT subtitles, and plain text
// written as speaker turns ("SPEAKER: text").
const (
	FormatVTT        = "vtt"
	FormatSRT        = "srt"
	FormatTranscript = "transcript"
)

// IsTranscriptFormat reports whether format names a transcript.
func IsTranscriptFormat(format string) bool {
	return format == FormatVTT || format == FormatSRT || format == FormatTranscript
}

// turn is one speaker's turn while a transcript is read: who, from when,
// and the text of its cues or lines so far.
type turn struct {
	speaker, time string
	words         []string
	// lastLines are the lines of the cue read last, to drop the ones a
	// rolling caption repeats.
	lastLines []string
}

// add appends the text of one cue or line to the turn. Lines the previous
// cue already showed are left out; when the cue overlaps the one before in
// time, as rolling captions do, so are the words it carries over from the
// end of the turn. Cues that follow each other keep every word: a speaker
// may well say "you get a subpoena, you get a subpoena".
func (t *turn) add(lines []string, overlapping bool) {
	var fresh []string
	for _, l := range lines {
		if !containsLine(t.lastLines, l) {
			fresh = append(fresh, l)
		}
	}
	t.lastLines = lines
	words := strings.Fields(strings.Join(fresh, " "))
	if k := overlap(t.words, words); k > 0 && overlapping {
		words = words[k:]
	}
	t.words = append(t.words, words...)
}

func containsLine(lines []string, l string) bool {
	key := wordKey(l)
	if key == "" {
		return false
	}
	for _, p := range lines {
		if wordKey(p) == key {
			return true
		}
	}
	return false
}

// minOverlap is the fewest words taken as a caption carried over from the
// cue before; fewer could be a speaker repeating himself.
const minOverlap = 3

// overlap returns the number of words at the start of next that repeat the
// end of prev, when they are at least minOverlap.
func overlap(prev, next []string) int {
	for k := min(len(prev), len(next)); k >= minOverlap; k-- {
		same := true
		for i := 0; i < k; i++ {
			if wordKey(prev[len(prev)-k+i]) != wordKey(next[i]) {
				same = false
				break
			}
		}
		if same {
			return k
		}
	}
	return 0
}

// wordKey is a word or line compared without case and punctuation.
func wordKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// transcript gathers the turns of a transcript as they are read.
type transcript struct {
	preamble []string // paragraphs before the first turn
	turns    []*turn
}

// cue hands the transcript one cue or line said by speaker ("" when the
// source does not say) at time; a new speaker starts a new turn, and so
// does newTurn (a ">>" in captions, a gap in the speech).
func (tr *transcript) cue(speaker, time string, lines []string, newTurn, overlapping bool) {
	var cur *turn
	if n := len(tr.turns); n > 0 {
		cur = tr.turns[n-1]
	}
	if cur == nil || newTurn || (speaker != "" && speaker != cur.speaker) {
		if speaker == "" && cur != nil && !newTurn {
			speaker = cur.speaker
		}
		cur = &turn{speaker: speaker, time: time}
		tr.turns = append(tr.turns, cur)
	}
	cur.add(lines, overlapping)
}

// document makes the article: the preamble as body paragraphs, then one
// turn block a turn, with its speaker and time, the speaker's name left
// out of the text.
func (tr *transcript) document() *Document {
	d := &Document{}
	var b strings.Builder
	pos := 0
	add := func(text string, blk annotate.Block) {
		text = foldLine(text)
		if text == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
			pos += 2
		}
		n := utf8.RuneCountInString(text)
		blk.Start, blk.End = pos, pos+n
		b.WriteString(text)
		pos += n
		d.Blocks = append(d.Blocks, blk)
	}
	for _, p := range tr.preamble {
		add(p, annotate.Block{Kind: annotate.BlockBody})
	}
	for _, t := range tr.turns {
		add(strings.Join(t.words, " "), annotate.Block{Kind: annotate.BlockTurn, Speaker: t.speaker, Time: t.time})
	}
	d.Text = b.String()
	return d
}

// parseTranscript reads a transcript in format vtt, srt or transcript.
func parseTranscript(text, format string) *Document {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	var tr transcript
	switch format {
	case FormatVTT, FormatSRT:
		readCues(&tr, text, format == FormatVTT)
	default:
		readTurns(&tr, text)
	}
	d := tr.document()
	if format == FormatTranscript && len(tr.preamble) > 0 {
		d.Title = firstLineTitle(tr.preamble[0])
	}
	return d
}

// cueTiming matches a cue's timing line: "00:01:02.500 --> 00:01:04.000"
// (WebVTT; hours optional) or "00:01:02,500 --> 00:01:04,000" (SRT).
var cueTiming = regexp.MustCompile(`^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)`)

// voiceTag matches a WebVTT voice span's start: <v Speaker> or <v.class Speaker>.
var voiceTag = regexp.MustCompile(`<v(?:\.[^\s>]*)?\s+([^>]*)>`)

// captionTag matches the other markup of a cue: <i>, <c.yellow>, </v>,
// <00:00:01.000> karaoke times, and SRT's {\an8} positions.
var captionTag = regexp.MustCompile(`</?[a-zA-Z][^>]*>|</[a-z]*>|<\d[\d:.]*>|\{\\[^}]*\}`)

// captionEntities are the character references WebVTT allows.
var captionEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", "\u00a0", "&lrm;", "", "&rlm;", "")

// gapTurn is the silence, in seconds, after which captions that name no
// speaker start a new paragraph.
const gapTurn = 4.0

// readCues reads WebVTT (vtt true) or SRT cues into turns.
func readCues(tr *transcript, text string, vtt bool) {
	blocks := strings.Split(text, "\n\n")
	lastEnd := -1.0
	for _, blk := range blocks {
		lines := strings.Split(strings.Trim(blk, "\n"), "\n")
		timing := -1
		for i, l := range lines {
			if i > 1 {
				break
			}
			if cueTiming.MatchString(l) {
				timing = i
				break
			}
		}
		if timing < 0 {
			continue // the WEBVTT header, NOTE, STYLE and REGION blocks, or stray text
		}
		m := cueTiming.FindStringSubmatch(lines[timing])
		start, end := seconds(m[1]), seconds(m[2])
		speaker := ""
		newTurn := lastEnd >= 0 && start-lastEnd >= gapTurn
		var body []string
		voiced := false // a voice tag names the speaker: "NAME:" in the text is quoted
		// A cue may hold two speakers, a line each: each part goes to
		// its own turn.
		flush := func() {
			if len(body) > 0 {
				tr.cue(speaker, clockTime(m[1]), body, newTurn, lastEnd > start)
				body, newTurn = nil, false
			}
		}
		for _, l := range lines[timing+1:] {
			if vtt {
				if v := voiceTag.FindStringSubmatch(l); v != nil {
					voiced = true
					if name := foldLine(v[1]); name != speaker {
						flush()
						speaker = name
					}
				}
				l = captionEntities.Replace(captionTag.ReplaceAllString(l, ""))
			} else {
				l = captionTag.ReplaceAllString(l, "")
			}
			l = strings.TrimSpace(l)
			// ">>" marks a change of speaker in captions; a leading
			// "NAME:" names him.
			marked := false
			if rest, ok := strings.CutPrefix(l, ">>"); ok {
				flush()
				l, newTurn, marked = strings.TrimSpace(rest), true, true
			}
			if name, rest, ok := speakerLabel(l, marked); ok && !voiced {
				if name != speaker {
					flush()
				}
				speaker, l = name, rest
			}
			if l != "" {
				body = append(body, l)
			}
		}
		flush()
		lastEnd = end
	}
}

// seconds reads a cue time as seconds.
func seconds(s string) float64 {
	s = strings.Replace(s, ",", ".", 1)
	total := 0.0
	for _, part := range strings.Split(s, ":") {
		v, _ := strconv.ParseFloat(part, 64)
		total = total*60 + v
	}
	return total
}

// clockTime writes a cue or transcript time as hh:mm:ss, without its
// fraction of a second.
func clockTime(s string) string {
	s, _, _ = strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	parts := strings.Split(s, ":")
	for len(parts) < 3 {
		parts = append([]string{"0"}, parts...)
	}
	for i, p := range parts {
		if len(p) < 2 {
			parts[i] = strings.Repeat("0", 2-len(p)) + p
		}
	}
	return strings.Join(parts, ":")
}

// timePattern is a time as transcripts print it: 12:03, 00:12:03, 1:02:03.45.
const timePattern = `\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`

// turnLine matches a line that starts a turn in a plain transcript:
// "SPEAKER: text", "Speaker Name (00:12:03): text", "[00:12:03] Speaker:
// text", "Speaker Name: (12:03)" with the text on the lines after it, and
// "Speaker Name  00:12" (a name and a time alone on a line).
var (
	turnLine      = regexp.MustCompile(`^\s*(?:\[(` + timePattern + `)\]\s*|(` + timePattern + `)\s+)?([^:\[\]]{1,100}?)\s*(?:[\[(](` + timePattern + `)[\])])?\s*:\s*(.*)$`)
	turnNameTime  = regexp.MustCompile(`^\s*([^:\[\]()]{1,100}?)\s+[\[(]?(` + timePattern + `)[\])]?\s*$`)
	leadingTime   = regexp.MustCompile(`^[\[(](` + timePattern + `)[\])]\s*`)
	speakerPrefix = regexp.MustCompile(`^(?:-\s*)?([^:]{1,100}):\s+(.*)$`)
)

// notSpeakers are words that end in a colon at the start of a line without
// naming who speaks.
var notSpeakers = map[string]bool{
	"note": true, "notes": true, "update": true, "source": true, "sources": true, "correction": true,
	"editor's note": true, "warning": true, "transcript": true, "updated": true, "published": true,
	"date": true, "time": true, "location": true, "subject": true, "re": true, "photo": true, "video": true,
	"audio": true, "summary": true, "context": true, "background": true, "disclaimer": true, "topic": true,
	"http": true, "https": true, "example": true, "answer": false, "question": false,
}

// maxName is the longest speaker's name, in characters.
const maxName = 100

// speakerName reports whether s reads as the name of a speaker: at most six
// words, each capitalised (or all in capitals), with no sentence in it.
func speakerName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxName || notSpeakers[strings.ToLower(s)] {
		return false
	}
	most := 6
	if upperName(s) {
		most = 12
		// Debate transcripts name a speaker with a title: "SEN. BERNIE
		// SANDERS (D-VT), PRESIDENTIAL CANDIDATE".
		s = strings.NewReplacer("(", " ", ")", " ", ",", " ", "/", " ").Replace(s)
	}
	words := strings.Fields(s)
	if len(words) > most {
		return false
	}
	lower := 0
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r), unicode.IsDigit(r) && len(words) > 1:
		case unicode.IsLetter(r) && len(words) > 1 && len(w) <= 4:
			// "de", "van", "bin", "of" inside a name or title.
			lower++
		default:
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(".'’-&", c) {
				return false
			}
		}
	}
	return lower < len(words)-lower
}

// upperName reports whether s is written in capitals, as transcripts
// write names.
func upperName(s string) bool {
	return strings.ToUpper(s) == s && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// speakerLabel splits a caption line "NAME: text" (or "- NAME: text") into
// the name and the text when the name reads as a speaker's. Unless marked
// says a new speaker starts here (">>"), the name must be in capitals, as
// captions write it: a sentence such as "The Supreme Court: it is..." is
// not a name.
func speakerLabel(l string, marked bool) (name, rest string, ok bool) {
	m := speakerPrefix.FindStringSubmatch(l)
	if m == nil || !speakerName(m[1]) || !(marked || strings.HasPrefix(l, "-") || upperName(m[1])) {
		return "", l, false
	}
	return foldLine(m[1]), m[2], true
}

// stageDirection is a direction printed before a speaker's name:
// "(APPLAUSE) SANDERS: ...".
var stageDirection = regexp.MustCompile(`^(?:\((?:[A-Z ]+)\)\s*)+`)

// readTurns reads a plain transcript: each line that starts with a
// speaker's name starts a turn; the lines and paragraphs after it, to the
// next name, are that turn's.
func readTurns(tr *transcript, text string) {
	pendingBreak := false
	for _, l := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(l)
		if trimmed == "" {
			pendingBreak = true
			continue
		}
		if name, t, rest, ok := readTurnLine(trimmed); ok {
			tr.turns = append(tr.turns, &turn{speaker: name, time: t})
			if rest != "" {
				tr.turns[len(tr.turns)-1].words = strings.Fields(rest)
			}
			pendingBreak = false
			continue
		}
		if len(tr.turns) == 0 {
			if pendingBreak || len(tr.preamble) == 0 {
				tr.preamble = append(tr.preamble, trimmed)
			} else {
				tr.preamble[len(tr.preamble)-1] += " " + trimmed
			}
			pendingBreak = false
			continue
		}
		cur := tr.turns[len(tr.turns)-1]
		cur.words = append(cur.words, strings.Fields(trimmed)...)
		pendingBreak = false
	}
}

// readTurnLine reads a line that starts a turn: the speaker, the time if
// the line gives one, and the text on the line after the name.
func readTurnLine(l string) (name, t, rest string, ok bool) {
	l = stageDirection.ReplaceAllString(l, "")
	if m := turnNameTime.FindStringSubmatch(l); m != nil && speakerName(m[1]) {
		return foldLine(m[1]), clockTime(m[2]), "", true
	}
	if m := turnLine.FindStringSubmatch(l); m != nil && speakerName(m[3]) {
		t = first(m[1], m[2], m[4])
		rest = strings.TrimSpace(m[5])
		if t == "" {
			if lt := leadingTime.FindStringSubmatch(rest); lt != nil {
				t, rest = lt[1], strings.TrimSpace(rest[len(lt[0]):])
			}
		}
		if t != "" {
			t = clockTime(t)
		}
		return foldLine(m[3]), t, rest, true
	}
	return "", "", "", false
}

// sniffTranscript names the transcript format data looks like, or "" for
// none: a WEBVTT signature, SRT's numbered cues, or a text whose
// paragraphs mostly start with a speaker's name in capitals or with a time.
func sniffTranscript(data []byte) string {
	// Long enough to hold a few turns of a speech a line each.
	head := string(data[:min(len(data), 64<<10)])
	head = strings.TrimPrefix(head, "\ufeff")
	if strings.HasPrefix(head, "WEBVTT") {
		return FormatVTT
	}
	lines := strings.Split(strings.ReplaceAll(head, "\r\n", "\n"), "\n")
	for i := 0; i+1 < len(lines) && i < 8; i++ {
		if strings.TrimSpace(lines[i]) == "" {
			continue
		}
		if _, err := strconv.Atoi(strings.TrimSpace(lines[i])); err == nil && cueTiming.MatchString(lines[i+1]) {
			return FormatSRT
		}
		break
	}
	turns, strong, other := 0, 0, 0
	speakers := map[string]bool{}
	for _, l := range lines[:max(len(lines)-1, 1)] {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if name, t, _, ok := readTurnLine(l); ok {
			turns++
			speakers[name] = true
			if t != "" || strings.ToUpper(name) == name {
				strong++
			}
		} else {
			other++
		}
	}
	if turns >= 3 && len(speakers) >= 2 && strong*2 >= turns && turns*2 >= turns+other {
		return FormatTranscript
	}
	return ""
}

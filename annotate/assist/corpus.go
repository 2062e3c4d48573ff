package assist

import (
	"os"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// ReadCLEF reads the CLEF-2019 CheckThat! task 1 sentences from a
// tab-separated file with the columns split, debate, line_number, speaker,
// sentence and label. Each example's Group is its debate, its Speaker the
// speaker, and its Block counts the speaker turns of the file.
func ReadCLEF(path string) ([]Example, error) {
	ex, err := readTSV(path, []string{"debate", "sentence", "label", "speaker"}, func(get func(string) string) Example {
		return Example{Text: get("sentence"), Label: get("label") == "1", Group: get("debate"), Speaker: get("speaker")}
	})
	for i := 1; i < len(ex); i++ {
		ex[i].Block = ex[i-1].Block
		if ex[i].Speaker != ex[i-1].Speaker || ex[i].Group != ex[i-1].Group {
			ex[i].Block++
		}
	}
	return ex, err
}

// ReadClaimBuster reads the ClaimBuster sentences from a tab-separated file
// with the columns sentence_id, sentence and label. Their Group is
// "claimbuster", and each is Alone: the file has no context.
func ReadClaimBuster(path string) ([]Example, error) {
	return readTSV(path, []string{"sentence", "label"}, func(get func(string) string) Example {
		return Example{Text: get("sentence"), Label: get("label") == "1", Group: "claimbuster", Alone: true}
	})
}

// readTSV reads a tab-separated file line by line. A field wrapped in double
// quotes is unquoted CSV-style; other quotes are kept as they are, because
// sentences are full of them and encoding/csv would join lines at a stray one.
// A line with more fields than the header has tabs inside the sentence.
func readTSV(path string, need []string, row func(get func(string) string) Example) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "cannot open training file %q: %v", path, err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	head := strings.Split(lines[0], "\t")
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, c := range need {
		if _, ok := col[c]; !ok {
			return nil, annotate.Errorf(annotate.EINVALID, "training file %q has no %q column", path, c)
		}
	}
	sentence := col["sentence"]
	var out []Example
	for n, line := range lines[1:] {
		if strings.TrimSpace(line) == "" {
			continue
		}
		rec := strings.Split(line, "\t")
		if extra := len(rec) - len(head); extra > 0 {
			joined := strings.Join(rec[sentence:sentence+extra+1], "\t")
			rec = append(append(rec[:sentence:sentence], joined), rec[sentence+extra+1:]...)
		}
		if len(rec) != len(head) {
			return nil, annotate.Errorf(annotate.EINVALID, "training file %q line %d has %d fields, want %d", path, n+2, len(rec), len(head))
		}
		get := func(c string) string { return unquote(rec[col[c]]) }
		if l := get("label"); l != "0" && l != "1" {
			return nil, annotate.Errorf(annotate.EINVALID, "training file %q line %d: label %q is not 0 or 1", path, n+2, l)
		}
		out = append(out, row(get))
	}
	return out, nil
}

func unquote(f string) string {
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		return strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
	}
	return f
}

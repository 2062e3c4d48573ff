package assist

import (
	"encoding/csv"
	"io"
	"os"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// ReadCLEF reads the CLEF-2019 CheckThat! task 1 sentences from a
// tab-separated file with the columns split, debate, line_number, speaker,
// sentence and label. Each example's Group is its debate.
func ReadCLEF(path string) ([]Example, error) {
	return readTSV(path, []string{"debate", "sentence", "label"}, func(get func(string) string) Example {
		return Example{Text: get("sentence"), Label: get("label") == "1", Group: get("debate")}
	})
}

// ReadClaimBuster reads the ClaimBuster sentences from a tab-separated file
// with the columns sentence_id, sentence and label. Their Group is
// "claimbuster".
func ReadClaimBuster(path string) ([]Example, error) {
	return readTSV(path, []string{"sentence", "label"}, func(get func(string) string) Example {
		return Example{Text: get("sentence"), Label: get("label") == "1", Group: "claimbuster"}
	})
}

func readTSV(path string, need []string, row func(get func(string) string) Example) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "cannot open training file %q: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, annotate.Errorf(annotate.EINVALID, "training file %q has no header: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, c := range need {
		if _, ok := col[c]; !ok {
			return nil, annotate.Errorf(annotate.EINVALID, "training file %q has no %q column", path, c)
		}
	}
	var out []Example
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "training file %q: %v", path, err)
		}
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if l := get("label"); l != "0" && l != "1" {
			return nil, annotate.Errorf(annotate.EINVALID, "training file %q line %d: label %q is not 0 or 1", path, len(out)+2, l)
		}
		out = append(out, row(get))
	}
	return out, nil
}

package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/factdesk/factdesk/annotate"
)

// csvHeader names the columns of the CSV export.
var csvHeader = []string{
	"id", "article_id", "article_title", "article_url", "number", "start", "end",
	"quote", "statement", "claimant", "claim_date", "status", "verdict", "verdict_label",
	"rating_value", "rationale", "tags", "notes", "sources", "archive_urls", "created", "updated",
}

// CSV writes one row per claim of every input, with a header row. Cells that
// a spreadsheet would run as a formula are prefixed with a single quote, and
// a cell with bidi controls is balanced and isolated (FSI … PDI) so that it
// cannot reorder the cells after it. With
// bom, the file starts with a UTF-8 byte order mark, which Excel needs to
// read it as UTF-8.
func CSV(w io.Writer, ins []Input, bom bool) error {
	if bom {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, in := range ins {
		a := in.article()
		for i, c := range in.Claims {
			if c == nil {
				continue
			}
			var sources, archives []string
			for _, s := range c.Sources {
				src := string(s.Stance) + ": " + s.URL
				if s.Stance == "" {
					src = "context: " + s.URL
				}
				if s.Title != "" {
					src += " (" + s.Title + ")"
				}
				sources = append(sources, src)
				if s.ArchiveURL != "" {
					archives = append(archives, s.ArchiveURL)
				}
			}
			rating := ""
			if r, ok := c.Verdict.Rating(); ok && r.Value != 0 {
				rating = strconv.Itoa(r.Value)
			}
			label := ""
			if c.Verdict != annotate.VerdictNone {
				label = c.Verdict.Label()
			}
			row = append(row[:0],
				strconv.FormatInt(c.ID, 10),
				strconv.FormatInt(a.ID, 10),
				a.Title,
				a.URL,
				strconv.Itoa(i+1),
				strconv.Itoa(c.Start),
				strconv.Itoa(c.End),
				c.Exact,
				c.Statement,
				c.Claimant,
				c.ClaimDate,
				string(c.Status),
				string(c.Verdict),
				label,
				rating,
				c.Rationale,
				strings.Join(tagsOf(c), "; "),
				c.Notes,
				strings.Join(sources, " | "),
				strings.Join(archives, " | "),
				csvTime(c.Created),
				csvTime(c.Updated),
			)
			for k, cell := range row {
				row[k] = isolateBidi(neutralize(cell))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// neutralize prefixes a cell that a spreadsheet would read as a formula
// (starting with =, +, -, @, tab or carriage return) with a single quote, as
// OWASP advises against CSV injection.
func neutralize(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

package annotate

import "testing"

func TestTurnAndPage(t *testing.T) {
	blocks := []Block{
		{Kind: BlockHeading, Start: 0, End: 5, Page: 1},
		{Kind: BlockTurn, Start: 7, End: 20, Page: 1, Speaker: "HOLT", Time: "00:00:01"},
		{Kind: BlockBody, Start: 22, End: 40, Page: 2},
	}
	if sp, tm := TurnAt(blocks, 10); sp != "HOLT" || tm != "00:00:01" {
		t.Errorf("TurnAt(10) = %q, %q", sp, tm)
	}
	if sp, _ := TurnAt(blocks, 25); sp != "" {
		t.Errorf("TurnAt in a body block = %q, want none", sp)
	}
	if sp, _ := TurnAt(blocks, 6); sp != "" {
		t.Errorf("TurnAt between blocks = %q, want none", sp)
	}
	tests := []struct {
		start, end, first, last int
		label                   string
	}{
		{0, 3, 1, 1, "p. 1"},
		{10, 30, 1, 2, "pp. 1–2"},
		{25, 40, 2, 2, "p. 2"},
		{50, 60, 0, 0, ""},
	}
	for _, tt := range tests {
		f, l := SpanPages(blocks, tt.start, tt.end)
		if f != tt.first || l != tt.last || PageLabel(f, l) != tt.label {
			t.Errorf("SpanPages(%d, %d) = %d, %d (%q), want %d, %d (%q)", tt.start, tt.end, f, l, PageLabel(f, l), tt.first, tt.last, tt.label)
		}
	}
}

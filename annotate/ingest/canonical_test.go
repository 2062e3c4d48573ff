package ingest

import (
	"testing"
	"unicode/utf8"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only space", " \t\n\n \r\n", ""},
		{"trim", "  hello  ", "hello"},
		{"fold spaces and tabs", "a  b\t\tc", "a b c"},
		{"single newline folds", "one\ntwo\r\nthree\rfour", "one two three four"},
		{"blank line splits", "one\n\ntwo", "one\n\ntwo"},
		{"many blank lines", "one\n\n\n\n  \n\t\ntwo", "one\n\ntwo"},
		{"crlf paragraphs", "one\r\n\r\ntwo", "one\n\ntwo"},
		{"blank line with spaces", "one\n   \ntwo", "one\n\ntwo"},
		{"nbsp is a space", "a\u00a0\u00a0b", "a b"},
		{"other spaces", "a\u2003b\u3000c\u202fd", "a b c d"},
		{"NFC", "cafe\u0301", "caf\u00e9"},
		{"NFC of precomposed", "caf\u00e9", "caf\u00e9"},
		{"NFC across removed zero width", "e\u200b\u0301", "\u00e9"},
		{"soft hyphen", "fact\u00adchecker", "factchecker"},
		{"zero width space", "fact\u200bchecker", "factchecker"},
		{"zero width space, word joiner, BOM", "a\u200bb\u2060d\ufeffe", "abde"},
		{"joiners are kept", "a\u200cb\u200dc", "a\u200cb\u200dc"},
		{"Persian with a non-joiner", "می\u200cخواهم", "می\u200cخواهم"},
		{"emoji sequence", "👩\u200d🔬", "👩\u200d🔬"},
		{"BOM at start", "\ufeffhello", "hello"},
		{"NUL and controls", "a\x00b\x01c\x7fd\x1be", "abcde"},
		{"C1 controls", "a\u0080b\u009fc", "abc"},
		{"NEL is a space", "a\u0085b", "a b"},
		{"form feed is a space", "a\fb\vc", "a b c"},
		{"paragraph separator", "a\u2029b", "a\n\nb"},
		{"line separator", "a\u2028b", "a b"},
		{"invalid UTF-8 replaced", "a\xffb", "a\ufffdb"},
		{"leading blank lines", "\n\n\nfirst\n\nsecond\n\n", "first\n\nsecond"},
		{"paragraph of zero width only", "a\n\n\u200b\n\nb", "a\n\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Canonical(tt.in)
			if got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Canonical(got); again != got {
				t.Errorf("Canonical(%q) = %q, not stable: want %q", got, again, got)
			}
			if !utf8.ValidString(got) {
				t.Errorf("Canonical(%q) = %q, not valid UTF-8", tt.in, got)
			}
		})
	}
}

package redact

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible returns text with every control character a target could use
// against a terminal or a report written visibly: ESC as \x1b, BEL as
// \x07, NUL as \x00, DEL, the C1 controls (U+0080 to U+009F) and bytes
// that are not UTF-8 likewise, and a carriage return not followed by a
// line feed as \r (it would let a line overwrite a FAIL before it).
// Newlines and tabs stay. It is the one function that does this:
// Secrets.String, which every message, body, header and URL passes
// through on its way to the console or a report, calls it.
func Visible(text string) string {
	if !needsEscape(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, text[i])
		case r == '\r' && (i+1 >= len(text) || text[i+1] != '\n'):
			b.WriteString(`\r`)
		case control(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(text[i : i+size])
		}
		i += size
	}
	return b.String()
}

// control reports whether r is escaped by Visible (a lone \r aside).
func control(r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\r':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

func needsEscape(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				continue
			}
			return true
		}
		if c >= 0x80 {
			// Multi-byte: C1 controls (0xC2 0x80–0x9F) and invalid UTF-8
			// are rare; decide rune by rune from here.
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size == 1 || control(r) {
				return true
			}
			i += size - 1
		}
	}
	return false
}

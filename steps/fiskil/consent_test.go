package fiskil

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSnippet(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    string // "" to check only the length and the ellipsis
		wantLen int    // in runes
	}{
		{name: "short page is whole", body: "<p>consent</p>", want: "<p>consent</p>"},
		{name: "empty", body: "", want: ""},
		{name: "exactly the limit", body: strings.Repeat("a", 500), want: strings.Repeat("a", 500)},
		{name: "long page is cut", body: strings.Repeat("b", 501), wantLen: 501},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := snippet([]byte(tc.body))
			if tc.wantLen == 0 {
				if got != tc.want {
					t.Errorf("snippet = %q, want %q", got, tc.want)
				}
				return
			}
			if n := utf8.RuneCountInString(got); n != tc.wantLen || !strings.HasSuffix(got, "…") {
				t.Errorf("snippet of %d bytes = %d runes (%q), want %d ending with an ellipsis", len(tc.body), n, got, tc.wantLen)
			}
		})
	}
}

package redact

import "testing"

func TestVisible(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text stays", "FAIL: expected 200\n\tgot 500", "FAIL: expected 200\n\tgot 500"},
		{"clear screen", "a\x1b[2Jb", `a\x1b[2Jb`},
		{"window title ended by BEL", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"CRLF stays, a lone CR does not", "a\r\nb\rc", "a\r\nb\\rc"},
		{"C1 CSI", "a\u009b2Jb", `a\x9b2Jb`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"unicode stays", "žuželka ✓", "žuželka ✓"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Visible(tc.in); got != tc.want {
				t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
			}
			var nilSecrets *Secrets
			if got := nilSecrets.String(tc.in); got != tc.want {
				t.Errorf("Secrets.String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestFiskilSessionMasked: the auth session id opens a consent page; it is
// masked in bodies and in URLs from the first time it appears.
func TestFiskilSessionMasked(t *testing.T) {
	if got := string(JSON([]byte(`{"auth_url":"x","session_id":"s-123"}`))); got != `{"auth_url":"x","session_id":"`+Mask+`"}` {
		t.Errorf("JSON = %s", got)
	}
	var s *Secrets
	if got := s.Query("https://h/consent?sess_id=s-123&x=1"); got == "https://h/consent?sess_id=s-123&x=1" {
		t.Errorf("Query = %s", got)
	}
}

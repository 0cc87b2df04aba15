package redact

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestSecretsString(t *testing.T) {
	tests := []struct {
		name    string
		secrets []string
		in      string
		want    string
	}{
		{"nothing remembered", nil, "token abcdef", "token abcdef"},
		{"single", []string{"hunter22"}, "pw=hunter22;", "pw=" + Mask + ";"},
		{"every occurrence", []string{"abcd"}, "abcd-abcd", Mask + "-" + Mask},
		{"short values ignored", []string{"abc", "", "    "}, "abc def", "abc def"},
		{"prefix secret does not leak longer one", []string{"abcd", "abcdefgh"}, "x abcdefgh y", "x " + Mask + " y"},
		{"suffix secret does not leak longer one", []string{"efgh", "abcdefgh"}, "x abcdefgh y", "x " + Mask + " y"},
		{"overlapping secrets masked as one stretch", []string{"xxabcd", "abcdyy"}, "[xxabcdyy]", "[" + Mask + "]"},
		{"adjacent secrets masked as one", []string{"aaaa", "bbbb"}, "aaaabbbb", Mask},
		{"url-escaped spelling", []string{"p@ss w0rd"}, "/login?pw=p%40ss+w0rd", "/login?pw=" + Mask},
		{"json-escaped spelling", []string{`qu"ote`}, `{"x":"qu\"ote"}`, `{"x":"` + Mask + `"}`},
		{"mask itself not a secret", []string{Mask}, "a " + Mask, "a " + Mask},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Secrets
			s.Add(tt.secrets...)
			got := s.String(tt.in)
			if got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSecretsNoFragmentLeaks checks, for many secrets and texts, that no
// 4-byte piece of any secret survives masking.
func TestSecretsNoFragmentLeaks(t *testing.T) {
	secrets := []string{"abcdefgh", "cdefghij", "ghijklmn", "defg", "mnopqrst", "zzzz"}
	texts := []string{
		"abcdefghijklmnopqrst",
		"zzabcdefghzz",
		"ghijklmnopqrstabcdefgh",
		"xcdefghijx zzzzz",
	}
	for _, order := range [][]string{secrets, reversed(secrets)} {
		var s Secrets
		s.Add(order...)
		for _, text := range texts {
			got := s.String(text)
			rest := strings.ReplaceAll(got, Mask, "|")
			for _, secret := range secrets {
				for i := 0; i+4 <= len(secret); i++ {
					piece := secret[i : i+4]
					if strings.Contains(text, secret) && strings.Contains(rest, piece) {
						t.Errorf("String(%q) = %q leaks %q of %q", text, got, piece, secret)
					}
				}
			}
		}
	}
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func TestSecretsNil(t *testing.T) {
	var s *Secrets
	if got := s.String("abcdef"); got != "abcdef" {
		t.Errorf("nil String = %q", got)
	}
	if got := s.Query("/x?token=abcdef"); got != "/x?token="+Mask {
		t.Errorf("nil Query = %q", got)
	}
	if c := s.Clone(); c == nil || c.String("abcdef") != "abcdef" {
		t.Errorf("nil Clone = %v", c)
	}
}

func TestSecretsQuery(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no query", "https://api.example/v1/users", "https://api.example/v1/users"},
		{"listed params", "https://x/cb?code=abc&state=s1&otp=123456&token=t&client_secret=cs&api_key=k&access_token=at",
			"https://x/cb?code=" + Mask + "&state=s1&otp=" + Mask + "&token=" + Mask + "&client_secret=" + Mask + "&api_key=" + Mask + "&access_token=" + Mask},
		{"case-insensitive and escaped names", "/x?TOKEN=abcd&access%5Ftoken=efgh", "/x?TOKEN=" + Mask + "&access%5Ftoken=" + Mask},
		{"empty value kept", "/x?token=&a=1", "/x?token=&a=1"},
		{"fragment", "https://x/cb#access_token=abcd&token_type=bearer", "https://x/cb#access_token=" + Mask + "&token_type=bearer"},
		{"order and escaping kept", "/x?b=%20&a=1&otp=99%2099", "/x?b=%20&a=1&otp=" + Mask},
		{"remembered value in path", "/sessions/s3cr3t-id/x", "/sessions/" + Mask + "/x"},
	}
	var s Secrets
	s.Add("s3cr3t-id")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Query(tt.in); got != tt.want {
				t.Errorf("Query(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestForm(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"client credentials", "grant_type=client_credentials&client_id=id1&client_secret=cs%2B1", "grant_type=client_credentials&client_id=id1&client_secret=" + Mask},
		{"password grant", "username=u&password=hunter22", "username=u&password=" + Mask},
		{"nothing secret", "a=1&b=2", "a=1&b=2"},
		{"not a form", "hello world", "hello world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Form(tt.in); got != tt.want {
				t.Errorf("Form(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSecretsLearn(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		header http.Header
		body   string
		text   string
		want   string
	}{
		{"json body", "", nil, `{"accessToken":"tok-12345"}`, "got tok-12345", "got " + Mask},
		{"password object", "", nil, `{"password":{"value":"Pa55word!"}}`, "pw Pa55word!", "pw " + Mask},
		{"bearer credentials", "", http.Header{"Authorization": {"Bearer eyJabc.def"}}, "", "token eyJabc.def expired", "token " + Mask + " expired"},
		{"api key", "", http.Header{"api-key": {"key-98765"}}, "", "key-98765", Mask},
		{"cookie value", "", http.Header{"Set-Cookie": {"sid=cookie-777; Path=/"}}, "", "sid cookie-777", "sid " + Mask},
		{"query value", "/cb?code=c0de-1&x=1", nil, "", "code c0de-1", "code " + Mask},
		{"form body", "", nil, "client_id=a&client_secret=cs-55555", "cs-55555", Mask},
		{"non-secret values not learned", "/x?id=12345", http.Header{"X-Request-Id": {"req-1234"}}, `{"id":"user-1234"}`, "12345 req-1234 user-1234", "12345 req-1234 user-1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Secrets
			s.Learn(tt.url, tt.header, []byte(tt.body))
			if got := s.String(tt.text); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSecretsClone(t *testing.T) {
	var s Secrets
	s.Add("first-secret")
	c := s.Clone()
	c.Add("second-secret")
	if got := c.String("first-secret second-secret"); got != Mask+" "+Mask {
		t.Errorf("clone String = %q", got)
	}
	if got := s.String("second-secret"); got != "second-secret" {
		t.Errorf("Add to clone changed original: %q", got)
	}
}

func TestSecretsConcurrent(t *testing.T) {
	var s Secrets
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			v := fmt.Sprintf("secret-%d", i)
			s.Add(v)
			_ = s.String("x " + v)
			_ = s.Clone()
		})
	}
	wg.Wait()
	for i := range 8 {
		if got := s.String(fmt.Sprintf("secret-%d", i)); got != Mask {
			t.Errorf("secret-%d not masked: %q", i, got)
		}
	}
}

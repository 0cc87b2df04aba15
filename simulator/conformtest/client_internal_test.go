package conformtest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordT is a testing.TB that records the errors reported to it.
type recordT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordT) Helper() {}

func (r *recordT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// answer is a transport that answers every request with one response.
type answer struct {
	status int
	ctype  string
	body   string
}

func (a answer) RoundTrip(req *http.Request) (*http.Response, error) {
	h := http.Header{"Request-Ref": {"ref-1"}}
	if a.ctype != "" {
		h.Set("Content-Type", a.ctype)
	}
	return &http.Response{StatusCode: a.status, Header: h, Request: req, Body: io.NopCloser(strings.NewReader(a.body))}, nil
}

// TestValidatingTransport: the client's transport validates what a
// provider's documented operation answers, passes the rest unchecked, and
// hands the body on whole either way.
func TestValidatingTransport(t *testing.T) {
	s := NewServer(t, "")
	s.Client()
	v := s.Client().Transport.(*validating)
	if _, twice := v.base.(*validating); twice {
		t.Fatal("a second Client validates every response twice")
	}
	specs := v.specs
	tests := []struct {
		name   string
		path   string
		answer answer
		want   string // a word of every expected error; "": none
	}{
		{"documented answer", "/weavr/logout", answer{status: 204}, ""},
		{"undocumented status", "/fiskil/v1/token", answer{status: 418}, "status 418 is not documented"},
		{"bad body", "/fiskil/v1/token", answer{status: 200, ctype: "application/json", body: `{"token": 5}`}, "createToken 200"},
		{"consent page, unchecked", "/fiskil/connect/abc", answer{status: 200, ctype: "text/html", body: "<html>"}, ""},
		{"not a provider, unchecked", "/healthz", answer{status: 418, body: "x"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recordT{}
			c := &http.Client{Transport: &validating{t: rec, base: tc.answer, specs: specs}}
			resp, err := c.Post("http://sim.invalid"+tc.path, "application/json", strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || string(body) != tc.answer.body {
				t.Errorf("body %q (%v), want %q handed on", body, err, tc.answer.body)
			}
			switch {
			case tc.want == "" && len(rec.errors) > 0:
				t.Errorf("errors %q, want none", rec.errors)
			case tc.want != "" && (len(rec.errors) == 0 || !strings.Contains(strings.Join(rec.errors, "|"), tc.want)):
				t.Errorf("errors %q, want some mentioning %q", rec.errors, tc.want)
			case tc.want != "" && !strings.Contains(rec.errors[0], "(the request was sent at client_internal_test.go:"):
				t.Errorf("error %q does not name the line that sent the request", rec.errors[0])
			}
		})
	}
}

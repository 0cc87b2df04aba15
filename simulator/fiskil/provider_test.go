package fiskil

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != Name || p.Pages == nil || p.RateKey != nil {
		t.Errorf("provider = %+v", p)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestNamesFromSpec(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		op     string
		status int
		want   []string
	}{
		{"createToken", 400, []string{"missing_field", "decode_payload", "missing_payload"}},
		{"createToken", 401, []string{"unauthorized"}},
		{"createToken", 415, []string{"unsupported_media_type"}},
		{"createEndUser", 400, []string{"end_user_already_exists", "invalid_format", "invalid_pattern", "decode_payload", "missing_payload"}},
		{"createEndUser", 403, []string{"forbidden"}},
		{"addAuthSession", 400, []string{"invalid_institution_id", "invalid_end_user_id", "missing_field", "invalid_format", "decode_payload", "missing_payload"}},
		{"addAuthSession", 403, []string{"forbidden"}},
		{"addAuthSession", 500, []string{"fault"}},
		{"addAuthSession", 503, []string{"service_unavailable"}},
		{"addAuthSession", 200, nil},
	}
	for _, tc := range cases {
		if got := p.ErrorCodes(tc.op, tc.status); !slices.Equal(got, tc.want) {
			t.Errorf("%s %d: names = %v, want %v", tc.op, tc.status, got, tc.want)
		}
	}
	// A name an operation lacks is never chosen.
	if got := pick(p.ErrorCodes("createToken", 400), "invalid_format", "decode_payload"); got != "decode_payload" {
		t.Errorf("pick = %q", got)
	}
	if got := pick(p.ErrorCodes("createEndUser", 400), "invalid_institution_id"); got != "end_user_already_exists" {
		t.Errorf("pick = %q", got)
	}
}

func TestNotFoundWithoutPages(t *testing.T) {
	e := newEnv(t, string(DefaultFixtures), nil)
	e.p.Pages = nil
	srv := httptest.NewServer(e.p.Serve(e.reg, nil))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v1/nothing")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// not_found is no error of the design: goa sends no goa-error with it.
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("goa-error") != "" || !strings.Contains(string(b), `"name":"not_found"`) {
		t.Errorf("status %d, goa-error %q", resp.StatusCode, resp.Header.Get("goa-error"))
	}
}

func TestExpiredTokensAreForgotten(t *testing.T) {
	e := newEnv(t, string(DefaultFixtures), nil)
	old := e.token("fiskil-demo-client", "fiskil-demo-secret")
	e.advance(tokenTTL)
	fresh := e.token("fiskil-demo-client", "fiskil-demo-secret")
	if e.reg.Lookup(kindToken, old) != nil {
		t.Error("an expired token is still bound after a new one was issued")
	}
	if e.reg.Lookup(kindToken, fresh) != e.sb {
		t.Error("the new token is not bound")
	}
	e.sb.Lock()
	n := len(stateOf(e.sb).tokens)
	e.sb.Unlock()
	if n != 1 {
		t.Errorf("%d tokens kept, want 1", n)
	}
}

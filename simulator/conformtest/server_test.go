package conformtest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// TestNewServerFixtures: good documents give the credentials they name or
// generate; bad ones fail the test with a message naming the problem.
func TestNewServerFixtures(t *testing.T) {
	tests := []struct {
		name     string
		fixtures string
		fatal    []string // words of the expected failure; nil: none
		check    func(t *testing.T, s *conformtest.Server)
	}{
		{name: "generated defaults", check: func(t *testing.T, s *conformtest.Server) {
			if w := s.Weavr(); w.APIKey == "" || len(w.Users) != 1 || w.Users[0].Password == "" {
				t.Errorf("weavr credentials %+v, want a key and one generated user", w.APIKey)
			}
			if f := s.Fliqa(); f.APIKey == "" || f.APISecret == "" || len(f.Inquiries) != 1 || len(f.ConsentOwners) != 1 {
				t.Errorf("fliqa: want a key, a secret, an inquiry and an owner; got %d inquiries, %d owners", len(f.Inquiries), len(f.ConsentOwners))
			}
			if k := s.Fiskil(); k.ClientID == "" || k.ClientSecret == "" || len(k.Institutions) == 0 {
				t.Errorf("fiskil: want a client and institutions, got client %q and %v", k.ClientID, k.Institutions)
			}
		}},
		{name: "given keys, YAML", fixtures: `
weavr: {apiKey: w-key, users: [{email: ada@example.com, password: Secret-Passw0rd, identity: {type: CORPORATE, id: "110000000000000009"}}]}
fliqa: {apiKey: f-key, apiSecret: f-secret}
fiskil: {clients: [{id: k-client, secret: k-secret}]}
`, check: func(t *testing.T, s *conformtest.Server) {
			w, f, k := s.Weavr(), s.Fliqa(), s.Fiskil()
			got := []string{w.APIKey, w.Users[0].Email, w.Users[0].Identity.Type, w.Users[0].Identity.ID, f.APIKey, k.ClientID}
			want := []string{"w-key", "ada@example.com", "CORPORATE", "110000000000000009", "f-key", "k-client"}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("credentials %q, want %q", got, want)
			}
			if w.Users[0].Password != "Secret-Passw0rd" || f.APISecret != "f-secret" || k.ClientSecret != "k-secret" {
				t.Error("a given secret did not come back as given")
			}
		}},
		{name: "JSON", fixtures: `{"fliqa": {"apiKey": "json-key"}}`, check: func(t *testing.T, s *conformtest.Server) {
			if s.Fliqa().APIKey != "json-key" {
				t.Errorf("fliqa key %q, want json-key", s.Fliqa().APIKey)
			}
		}},
		{name: "not YAML", fixtures: "weavr: [", fatal: []string{"NewServer", "not valid", "not YAML"}},
		{name: "unknown section", fixtures: "weaver: {}", fatal: []string{"not valid", `unknown section "weaver"`}},
		{name: "bad provider section", fixtures: "fliqa: {otpLength: 2}", fatal: []string{"not valid", "fliqa"}},
		{name: "not a mapping", fixtures: "- a\n- b", fatal: []string{"not valid", "mapping"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeT{}
			var s *conformtest.Server
			f.run(func(ft testing.TB) { s = conformtest.NewServer(ft, tc.fixtures) })
			got := f.failures()
			if tc.fatal == nil {
				if len(got) > 0 {
					t.Fatalf("NewServer failed: %q", got)
				}
				tc.check(t, s)
				return
			}
			if !mentions(got, tc.fatal...) {
				t.Errorf("failures %q, want one mentioning %q", got, tc.fatal)
			}
		})
	}
}

// TestCleanup: the test's end deletes the sandbox and closes the server,
// so that nothing outlives it.
func TestCleanup(t *testing.T) {
	f := &fakeT{}
	var base string
	f.run(func(ft testing.TB) {
		s := conformtest.NewServer(ft, "")
		base = s.BaseURL()
		resp, err := http.Get(base + "/_control/sandboxes")
		if err != nil {
			t.Errorf("the server does not answer during the test: %v", err)
			return
		}
		resp.Body.Close()
	})
	if got := f.failures(); len(got) > 0 {
		t.Fatalf("unexpected failures %q", got)
	}
	if resp, err := http.Get(base + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after the test's cleanup: %d", resp.StatusCode)
	}
}

// TestURL: each provider has its base URL; an unknown one fails the test
// with the list of known ones.
func TestURL(t *testing.T) {
	s := conformtest.NewServer(t, "")
	for _, p := range []string{"weavr", "fliqa", "fiskil"} {
		if got, want := s.URL(p), s.BaseURL()+"/"+p; got != want {
			t.Errorf("URL(%q) = %q, want %q", p, got, want)
		}
	}
	f := &fakeT{}
	f.run(func(ft testing.TB) {
		conformtest.NewServer(ft, "").URL("weaver")
	})
	if !mentions(f.failures(), `no provider "weaver"`, "weavr") {
		t.Errorf("failures %q, want one naming the unknown and the known providers", f.failures())
	}
}

// TestSeed: the same seed draws the same generated credentials, which
// golden files rely on; no seed draws fresh ones.
func TestSeed(t *testing.T) {
	a := conformtest.NewServer(t, "", conformtest.WithSeed(7)).Fliqa()
	b := conformtest.NewServer(t, "", conformtest.WithSeed(7)).Fliqa()
	c := conformtest.NewServer(t, "").Fliqa()
	if a.APIKey != b.APIKey || a.APISecret != b.APISecret {
		t.Error("the same seed drew different credentials")
	}
	if c.APIKey == a.APIKey {
		t.Error("no seed drew the seeded credentials")
	}
}

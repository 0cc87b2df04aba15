package fiskil

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/simtest"
)

func apply(t *testing.T, sb *core.Sandbox, p *core.Provider, raw string) (Credentials, error) {
	t.Helper()
	sb.Lock()
	defer sb.Unlock()
	out, err := p.Fixtures(sb, json.RawMessage(raw))
	if err != nil {
		return Credentials{}, err
	}
	return out.(Credentials), nil
}

func TestFixturesDefaults(t *testing.T) {
	for _, raw := range []string{`{}`, ``, `null`} {
		t.Run("section "+raw, func(t *testing.T) {
			e := newEnv(t, raw, nil)
			c := e.creds
			if len(c.Clients) != 1 || c.ClientID != c.Clients[0].ID || !strings.HasPrefix(c.ClientID, "cli_") ||
				!strings.HasPrefix(c.ClientSecret, "sec_") || len(c.Clients[0].Scopes) != 1 || c.Clients[0].Scopes[0] != ScopeUserWrite {
				t.Fatalf("credentials = %+v", c)
			}
			if strings.Join(c.Institutions, ",") != "10,11,12" {
				t.Errorf("institutions = %v", c.Institutions)
			}
			tok := e.token(c.ClientID, c.ClientSecret)
			u := e.postJSON("/v1/end-users", tok, `{"email":"new@example.com"}`)
			if u.status != 200 {
				t.Fatalf("end user: %d %s", u.status, u.body)
			}
			s := e.postJSON("/v1/auth/session", tok, `{"end_user_id":"`+u.json(t)["end_user_id"].(string)+`","institution_id":"11"}`)
			if s.status != 200 {
				t.Errorf("session: %d %s", s.status, s.body)
			}
		})
	}
}

func TestFixturesAddAndReject(t *testing.T) {
	cases := []struct {
		name    string
		raw     string
		wantErr string // substring; "" for success
		check   func(t *testing.T, c Credentials)
	}{
		{name: "add a client and an end user", raw: `{"clients":[{"id":"second","secret":"s2","scopes":[]}],"endUsers":[{"email":"bob@example.com"}]}`,
			check: func(t *testing.T, c Credentials) {
				if c.ClientID != "second" || len(c.Clients[0].Scopes) != 0 || len(c.EndUsers) != 1 ||
					c.EndUsers[0].Email != "bob@example.com" || !strings.HasPrefix(c.EndUsers[0].ID, "eu_") || len(c.Institutions) != 0 {
					t.Errorf("credentials = %+v", c)
				}
			}},
		{name: "generated end user", raw: `{"endUsers":[{}]}`, check: func(t *testing.T, c Credentials) {
			if len(c.EndUsers) != 1 || c.EndUsers[0].Email != strings.ToLower(c.EndUsers[0].ID)+"@example.com" || c.ClientID != "" {
				t.Errorf("credentials = %+v", c)
			}
		}},
		{name: "more institutions", raw: `{"institutions":[{"id":"20"}]}`, check: func(t *testing.T, c Credentials) {
			if len(c.Institutions) != 1 || c.Institutions[0] != "20" {
				t.Errorf("credentials = %+v", c)
			}
		}},
		{name: "duplicate client", raw: `{"clients":[{"id":"fiskil-demo-client"}]}`, wantErr: `client id "fiskil-demo-client" already exists`},
		{name: "duplicate client in document", raw: `{"clients":[{"id":"a"},{"id":"a"}]}`, wantErr: `client id "a" already exists`},
		{name: "duplicate end user id", raw: `{"endUsers":[{"id":"eu_demo","email":"other@example.com"}]}`, wantErr: `end user id "eu_demo" already exists`},
		{name: "duplicate email", raw: `{"endUsers":[{"email":"Ada@example.com"}]}`, wantErr: `already exists`},
		{name: "bad email", raw: `{"endUsers":[{"email":"nope"}]}`, wantErr: `not an e-mail address`},
		{name: "bad phone", raw: `{"endUsers":[{"phone":"12"}]}`, wantErr: `not E.164`},
		{name: "bad abn", raw: `{"endUsers":[{"abn":"12"}]}`, wantErr: `not 11 digits`},
		{name: "duplicate institution", raw: `{"institutions":[{"id":"10"}]}`, wantErr: `institution id "10" already exists`},
		{name: "institution without id", raw: `{"institutions":[{"name":"X"}]}`, wantErr: `id is required`},
		{name: "unknown field", raw: `{"client":[{}]}`, wantErr: `fiskil.client is not a fixtures key; did you mean clients: …?`},
		{name: "not an object", raw: `[1]`, wantErr: `cannot unmarshal`},
		{name: "bad section leaves the sandbox as it was", raw: `{"clients":[{"id":"fresh"}],"institutions":[{"id":"10"}]}`, wantErr: `already exists`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, string(DefaultFixtures), nil)
			c, err := apply(t, e.sb, e.p, tc.raw)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error = %v, want %q", err, tc.wantErr)
			}
			if tc.check != nil {
				tc.check(t, c)
			}
			if err != nil {
				// Nothing of a rejected section sticks: its client cannot get a token.
				if e.reg.Lookup(kindClient, "fresh") != nil {
					t.Error("client of a rejected section was bound")
				}
				if r := e.postJSON("/v1/token", "", `{"client_id":"fresh","client_secret":"x"}`); r.status != http.StatusUnauthorized {
					t.Errorf("token for rejected client: %d", r.status)
				}
			}
		})
	}
}

func TestFixturesClientIDTakenByAnotherSandbox(t *testing.T) {
	e := newEnv(t, string(DefaultFixtures), nil)
	other, err := e.reg.Create("")
	if err != nil {
		t.Fatal(err)
	}
	_, err = apply(t, other, e.p, `{"clients":[{"id":"mine"},{"id":"fiskil-demo-client"}]}`)
	if err == nil || !strings.Contains(err.Error(), "another sandbox") {
		t.Fatalf("error = %v", err)
	}
	if e.reg.Lookup(kindClient, "mine") != nil {
		t.Error("a client of the failed section stayed bound")
	}
	if e.reg.Lookup(kindClient, "fiskil-demo-client") != e.sb {
		t.Error("the first sandbox lost its client")
	}
}

func TestDefaultFixturesDocumented(t *testing.T) {
	var fx Fixtures
	if err := json.Unmarshal(DefaultFixtures, &fx); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, string(DefaultFixtures), nil)
	if e.creds.ClientID != "fiskil-demo-client" || e.creds.ClientSecret != "fiskil-demo-secret" {
		t.Errorf("credentials = %+v", e.creds)
	}
	// The walk-through (docs/walkthroughs.md): token, session, approve.
	s := e.session(`,"institution_id":"10","redirect_uri":"https://example.com/ok","cancel_uri":"https://example.com/cancel"`)
	u := location(t, e.visit("POST", s["auth_url"].(string), "approve"))
	if u.Host != "example.com" || u.Path != "/ok" || u.Query().Get("consent_id") == "" {
		t.Errorf("Location = %s", u)
	}
}

// TestProviderDefaultFixtures: the provider carries the defaults the
// simulator's default sandbox is built from, and they apply.
func TestProviderDefaultFixtures(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	simtest.CheckDefaultFixtures(t, p)
}

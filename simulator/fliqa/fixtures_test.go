package fliqa

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/simtest"
)

func TestFixtures(t *testing.T) {
	t.Run("defaults are generated and usable", func(t *testing.T) {
		e := newEnv(t, nil, "")
		cr := e.fixtures(`{}`)
		if !strings.HasPrefix(cr.APIKey, "fliqa_key_") || cr.APISecret == "" || len(cr.Environments) != 1 || cr.Environments[0] != "sandbox" {
			t.Fatalf("credentials %+v", cr)
		}
		if len(cr.Inquiries) != 1 || len(cr.Inquiries[0].ID) != 32 || len(cr.Inquiries[0].Scope) != 1 {
			t.Fatalf("inquiries %+v", cr.Inquiries)
		}
		if len(cr.ConsentOwners) != 1 || cr.ConsentOwners[0].MSISDN == "" || cr.ConsentOwners[0].Email == "" {
			t.Fatalf("owners %+v", cr.ConsentOwners)
		}
		r := e.do("GET", "/account/auth/token/sandbox/api/"+cr.Inquiries[0].ID, "", "Api-Key: "+cr.APIKey, "Api-Secret: "+cr.APISecret)
		if r.Status != 200 {
			t.Fatalf("token: %d %s", r.Status, r.Body)
		}
		tok := r.str("accessToken")
		for _, b := range []string{`{"msisdn":"` + cr.ConsentOwners[0].MSISDN + `"}`, `{"email":"` + cr.ConsentOwners[0].Email + `"}`} {
			if r := e.do("POST", "/account/login", b, "Authorization: Bearer "+tok); r.Status != 200 {
				t.Errorf("login %s: %d %s", b, r.Status, r.Body)
			}
		}
		if b, err := json.Marshal(cr); err != nil || !strings.Contains(string(b), `"apiKey"`) {
			t.Errorf("credentials as JSON: %s %v", b, err)
		}
	})

	t.Run("null and empty documents", func(t *testing.T) {
		for _, raw := range []string{"", "null", " "} {
			e := newEnv(t, nil, "")
			if cr := e.fixtures(raw); cr.APIKey == "" {
				t.Errorf("%q: no key", raw)
			}
		}
	})

	t.Run("later calls add", func(t *testing.T) {
		e := newEnv(t, nil, "default")
		cr := e.fixtures(`{"inquiries":[{"id":"more","scope":["payments","account_owner"]}],"consentOwners":[{"email":"second@example.com"}],"otpLength":4}`)
		if cr.APIKey != "" || len(cr.Inquiries) != 1 || len(cr.ConsentOwners) != 1 {
			t.Fatalf("credentials %+v", cr)
		}
		tok := e.token("more")
		r := e.do("POST", "/account/login", `{"email":"second@example.com"}`, "Authorization: Bearer "+tok)
		if n, _ := r.JSON["otpLength"].(float64); r.Status != 200 || n != 4 {
			t.Errorf("login: %d %s", r.Status, r.Body)
		}
		cr = e.fixtures(`{"apiKey":"prod-key","environments":["production","sandbox"]}`)
		if cr.APIKey != "prod-key" || cr.APISecret == "" || len(cr.Inquiries) != 0 {
			t.Fatalf("credentials %+v", cr)
		}
		if r := e.do("GET", "/account/auth/token/production/api/inq-demo-1", "", "Api-Key: prod-key", "Api-Secret: "+cr.APISecret); r.Status != 200 {
			t.Errorf("production token: %d %s", r.Status, r.Body)
		}
		// The first key still works, and still only for the sandbox.
		if r := e.do("GET", "/account/auth/token/production/api/inq-demo-1", "", demoKey, demoSecret); r.Status != 403 {
			t.Errorf("demo key in production: %d", r.Status)
		}
	})

	errCases := []struct {
		name, raw, want string
	}{
		{"unknown field", `{"apiKy":"x"}`, "fliqa.apiKy is not a fixtures key; did you mean apiKey: …?"},
		{"not an object", `[]`, "fliqa fixtures"},
		{"duplicate key", `{"apiKey":"fliqa-demo-key"}`, "already exists"},
		{"duplicate inquiry", `{"inquiries":[{"id":"inq-demo-1"}]}`, "already exists"},
		{"duplicate inquiry in one document", `{"inquiries":[{"id":"a"},{"id":"a"}]}`, "already exists"},
		{"duplicate phone in another form", `{"consentOwners":[{"msisdn":"+386 40 123 456"}]}`, "already exists"},
		{"duplicate email in capitals", `{"consentOwners":[{"email":"OWNER@example.com"}]}`, "already exists"},
		{"duplicate owner in one document", `{"consentOwners":[{"email":"a@example.com"},{"email":"a@example.com"}]}`, "already exists"},
		{"invalid phone", `{"consentOwners":[{"msisdn":"+4412"}]}`, "phone_number_invalid"},
		{"invalid email", `{"consentOwners":[{"email":"nope"}]}`, "not a valid address"},
		{"unknown scope", `{"inquiries":[{"scope":["everything"]}]}`, "unknown scope"},
		{"unknown consent scope", `{"inquiries":[{"consentScope":"everything"}]}`, "unknown consentScope"},
		{"scope twice", `{"inquiries":[{"scope":["payments","payments"]}]}`, "listed twice"},
		{"unknown environment", `{"apiKey":"k2","environments":["staging"]}`, "unknown environment"},
		{"no environment", `{"apiKey":"k2","environments":[]}`, "environments must list"},
		{"secret without key", `{"apiSecret":"s"}`, "need apiKey"},
		{"token lifetime", `{"tokenLifetime":0}`, "tokenLifetime"},
		{"otp length", `{"otpLength":9}`, "otpLength"},
		{"otp ttl", `{"otpTtl":"soon"}`, "otpTtl"},
		{"otp ttl negative", `{"otpTtl":"-1m"}`, "otpTtl"},
	}
	for _, c := range errCases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, nil, "default")
			e.sb.Lock()
			_, err := e.p.Fixtures(e.sb, json.RawMessage(c.raw))
			st := stateOf(e.sb)
			nInq, nOwn := len(st.inquiries), len(st.owners)
			e.sb.Unlock()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if nInq != 2 || nOwn != 2 {
				t.Errorf("a refused document changed the sandbox: %d inquiries, %d owners", nInq, nOwn)
			}
		})
	}

	t.Run("a key of another sandbox", func(t *testing.T) {
		e := newEnv(t, nil, "default")
		other, err := e.reg.Create("")
		if err != nil {
			t.Fatal(err)
		}
		other.Lock()
		defer other.Unlock()
		if _, err := e.p.Fixtures(other, json.RawMessage(DefaultFixtures)); err == nil || !strings.Contains(err.Error(), "another sandbox") {
			t.Errorf("error %v", err)
		}
	})

	t.Run("default fixtures", func(t *testing.T) {
		e := newEnv(t, nil, "")
		cr := e.fixtures(string(DefaultFixtures))
		if cr.APIKey != "fliqa-demo-key" || cr.APISecret != "fliqa-demo-secret" || len(cr.Inquiries) != 2 || len(cr.ConsentOwners) != 2 {
			t.Errorf("credentials %+v", cr)
		}
	})
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

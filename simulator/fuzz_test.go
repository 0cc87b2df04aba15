package simulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/oas"
)

// FuzzProviders sends arbitrary requests, with the default sandbox's real
// credentials, to every provider: no input may produce a 500, and every
// answer to a documented operation must validate against the spec.
func FuzzProviders(f *testing.F) {
	seeds := []struct{ method, path, body, auth string }{
		{"POST", "/weavr/login_with_password", `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`, ""},
		{"POST", "/weavr/login_with_password", `{"email":5}`, ""},
		{"GET", "/weavr/identities?type=ALIEN", ``, "Bearer x"},
		{"POST", "/weavr/stepup/challenges/otp/sms/verify", `{"verificationCode":"12"}`, "Bearer x"},
		{"POST", "/fliqa/account/login?locale=english", `{"msisdn":"+999"}`, "Bearer x"},
		{"GET", "/fliqa/account/auth/token/sandbox/api/inq-demo-1", ``, ""},
		{"POST", "/fliqa/account/consent", `{"providerId":null,"data":[{"key":1}]}`, "Bearer x"},
		{"POST", "/fiskil/v1/token", `{"client_id":"fiskil-demo-client","client_secret":"fiskil-demo-secret"}`, ""},
		{"POST", "/fiskil/v1/auth/session", `{"end_user_id":[],"cancel_uri":"::"}`, "Bearer x"},
		{"POST", "/fiskil/link", `sess_id=nope&decision=approve&otp=123456`, ""},
		{"GET", "/fiskil/link?sess_id=%zz", ``, ""},
		{"PUT", "/weavr/logout", `]`, ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.auth)
	}
	sim, err := New(Options{Providers: providers(), Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	specs := map[string]*oas.Spec{}
	for _, p := range sim.Providers() {
		specs[p] = sim.providers[p].Spec
	}
	f.Fuzz(func(t *testing.T, method, path, body, auth string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") || !validMethod(method) {
			return
		}
		req, err := http.NewRequest(method, "http://sim.test"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("api-key", "weavr-demo-api-key")
		req.Header.Set("Api-Key", "fliqa-demo-key")
		req.Header.Set("Api-Secret", "fliqa-demo-secret")
		if auth != "" && !strings.ContainsAny(auth, "\r\n") {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: status %d %s", method, path, body, rec.Code, rec.Body)
		}
		provider, rest, _ := strings.Cut(strings.TrimPrefix(req.URL.Path, "/"), "/")
		spec := specs[provider]
		if spec == nil {
			return
		}
		if _, _, err := spec.Match(method, "/"+rest); err != nil {
			return
		}
		_, vs := spec.ValidateResponse(oas.Response{Method: method, Path: "/" + rest, Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
		for _, v := range vs {
			t.Errorf("%s %s %q: %v\n  body: %s", method, path, body, v, rec.Body)
		}
	})
}

func validMethod(m string) bool {
	switch m {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// FuzzFixtures feeds arbitrary fixtures documents to sandbox creation: each
// is either applied or refused with ErrFixtures, never a panic, and a
// refused document leaves no sandbox behind.
func FuzzFixtures(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `weavr: {users: [{email: a@b.co}]}`, `fliqa: {otpLength: 99}`,
		`fiskil: {institutions: [{}]}`, `clock: {start: yesterday}`, `rateLimit: {limit: -1}`,
		`[1, 2]`, `weavr: {apiKey: ""}`, `fliqa: {consentOwners: [{msisdn: "+999"}]}`,
	} {
		f.Add(s)
	}
	sim, err := New(Options{Providers: providers(), NoDefaultSandbox: true, Seed: 3})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		before := len(sim.reg.IDs())
		sb, err := sim.CreateSandbox([]byte(doc))
		if err != nil {
			if len(sim.reg.IDs()) != before {
				t.Fatalf("a refused document left a sandbox: %v", err)
			}
			return
		}
		sim.DeleteSandbox(sb.ID)
	})
}

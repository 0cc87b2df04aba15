package simulator

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/specs/oas"
)

// TestControlAnswersMatchControlSpec drives every control operation, in
// success and in error, and validates each answer against specs/control.yaml,
// so that the documentation of the control API cannot drift from it.
func TestControlAnswersMatchControlSpec(t *testing.T) {
	spec, err := oas.Load("control")
	if err != nil {
		t.Fatal(err)
	}
	s := newSim(t, Options{Seed: 5})
	sb := createSandbox(t, s, `{"weavr": {"users": [{"email": "p@example.com", "password": "Push-Passw0rd", "pushDevices": ["AUTHY"]}]}}`)
	key := cred(t, sb, "weavr", "apiKey")
	base := "/_control/sandboxes/" + sb.ID

	// A push challenge to complete.
	_, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"p@example.com","password":{"value":"Push-Passw0rd"}}`, "api-key", key)
	auth := jsonField(t, body, "token")
	_, _, body = call(t, s, "GET", "/weavr/identities", "", "api-key", key, "Authorization", "Bearer "+auth)
	_, _, body = call(t, s, "POST", "/weavr/access_token", `{"identity":`+gjson.GetBytes(body, "identities.0.id").Raw+`}`, "api-key", key, "Authorization", "Bearer "+auth) // 3.63's page
	access := jsonField(t, body, "token")
	_, _, body = call(t, s, "POST", "/weavr/stepup/challenges/push/AUTHY", "", "api-key", key, "Authorization", "Bearer "+access)
	challenge := jsonField(t, body, "id")

	steps := []struct {
		name, method, path, body string
		want                     int
	}{
		{"healthz", "GET", "/healthz", "", 200},
		{"list sandboxes", "GET", "/_control/sandboxes", "", 200},
		{"create sandbox", "POST", "/_control/sandboxes", `{"fliqa": {"otpLength": 8}}`, 201},
		{"create sandbox with bad fixtures", "POST", "/_control/sandboxes", `{"stripe": {}}`, 400},
		{"add fixtures", "POST", base + "/fixtures", `{"fiskil": {"institutions": [{"id": "99"}]}}`, 200},
		{"add bad fixtures", "POST", base + "/fixtures", `{"fiskil": {"institutions": [{"id": "99"}]}}`, 400},
		{"add fixtures to no sandbox", "POST", "/_control/sandboxes/nope/fixtures", `{}`, 404},
		{"outbox", "GET", base + "/outbox?channel=sms", "", 200},
		{"clear outbox", "DELETE", base + "/outbox", "", 204},
		{"clock", "GET", base + "/clock", "", 200},
		{"advance clock", "POST", base + "/clock", `{"advance": "1m"}`, 200},
		{"advance clock badly", "POST", base + "/clock", `{"advance": "later"}`, 400},
		{"add fault", "POST", base + "/faults", `{"provider": "fiskil", "operation": "createToken", "status": 503}`, 201},
		{"add bad fault", "POST", base + "/faults", `{"provider": "fiskil", "operation": "createToken", "status": 418}`, 400},
		{"list faults", "GET", base + "/faults", "", 200},
		{"clear faults", "DELETE", base + "/faults", "", 204},
		{"challenge", "GET", base + "/weavr/challenges/" + challenge, "", 200},
		{"unknown challenge", "GET", base + "/weavr/challenges/nope", "", 404},
		{"complete challenge", "POST", base + "/weavr/challenges/" + challenge + "/verify_success", "", 204},
		{"complete it again", "POST", base + "/weavr/challenges/" + challenge + "/verify_invalid", "", 409},
		{"delete sandbox", "DELETE", base, "", 204},
		{"delete it again", "DELETE", base, "", 404},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			req := httptest.NewRequest(st.method, st.path, strings.NewReader(st.body))
			if st.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != st.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, st.want, rec.Body)
			}
			_, vs := spec.ValidateResponse(oas.Response{Method: st.method, Path: req.URL.Path, Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
			for _, v := range vs {
				t.Errorf("%v\n  body: %s", v, rec.Body)
			}
		})
	}
}

func jsonField(t *testing.T, body []byte, field string) string {
	t.Helper()
	v := gjson.GetBytes(body, field)
	if v.Type != gjson.String {
		t.Fatalf("no %s in %s", field, body)
	}
	return v.Str
}

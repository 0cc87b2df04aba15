package simulator

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// TestFixturesChooseVersions: a sandbox serves the version its fixtures
// name, from creation or added later, and faults keep to its codes.
func TestFixturesChooseVersions(t *testing.T) {
	tests := []struct {
		name     string
		create   string // the fixtures of the sandbox
		add      string // fixtures added afterwards, if any
		wantPage bool   // identities answered as 3.63's page
	}{
		{name: "no versions section serves the default", create: `{}`, wantPage: false},
		{name: "3.63 at creation", create: "versions:\n  weavr: \"3.63\"\n", wantPage: true},
		{name: "3.32 named", create: `{"versions": {"weavr": "3.32"}}`, wantPage: false},
		{name: "3.63 added later", create: `{}`, add: `{"versions": {"weavr": "3.63"}}`, wantPage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSim(t, Options{NoDefaultSandbox: true})
			sb := createSandbox(t, s, tt.create)
			if tt.add != "" {
				if code, _, body := call(t, s, "POST", "/_control/sandboxes/"+sb.ID+"/fixtures", tt.add); code/100 != 2 {
					t.Fatalf("add fixtures: %d %s", code, body)
				}
			}
			key := cred(t, sb, "weavr", "apiKey")
			users := gjson.Get(string(sb.Credentials["weavr"]), "users.0")
			code, _, body := call(t, s, "POST", "/weavr/login_with_password",
				`{"email":"`+users.Get("email").String()+`","password":{"value":"`+users.Get("password").String()+`"}}`, "api-key", key)
			if code != http.StatusOK {
				t.Fatalf("login: %d %s", code, body)
			}
			token := gjson.GetBytes(body, "token").String()
			code, _, body = call(t, s, "GET", "/weavr/identities", "", "api-key", key, "Authorization", "Bearer "+token)
			if code != http.StatusOK || gjson.GetBytes(body, "count").Exists() != tt.wantPage {
				t.Fatalf("identities: %d %s, want a page: %v", code, body, tt.wantPage)
			}
			// Fault control refuses a code its version does not document:
			// RETRY_IN_15SEC is 3.63's only.
			other := "RETRY_IN_15SEC"
			if tt.wantPage {
				other = "NO_SUCH_CODE"
			}
			code, _, body = call(t, s, "POST", "/_control/sandboxes/"+sb.ID+"/faults",
				`{"provider":"weavr","operation":"stepupSCAChallenge","status":409,"code":"`+other+`"}`)
			if code != http.StatusBadRequest || !strings.Contains(string(body), "has no code") {
				t.Fatalf("fault with code %s: %d %s", other, code, body)
			}
		})
	}
}

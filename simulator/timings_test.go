package simulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// TestSandboxTimings gives a sandbox a staging deployment's short timings
// through its fixtures: tokens, lockouts and sessions end by them, and
// what the answers announce (expires_in, expiresIn) says them.
func TestSandboxTimings(t *testing.T) {
	s := newSim(t, Options{NoDefaultSandbox: true})
	sb := createSandbox(t, s, `{
		"clock": {"start": "2026-01-01T00:00:00Z"},
		"weavr": {"apiKey": "timings-key", "users": [{"email": "t@example.com", "password": "Timing-Passw0rd"}],
		          "timings": {"tokenIdleLifetime": "10s", "lockoutPeriod": "20s"}},
		"fliqa": {"timings": {"accessTokenLifetime": "10s"}},
		"fiskil": {"clients": [{"id": "timings-client", "secret": "timings-secret"}], "timings": {"tokenLifetime": "10s"}}
	}`)
	advance := func(d string) {
		t.Helper()
		if code, _, body := call(t, s, "POST", "/_control/sandboxes/"+sb.ID+"/clock", `{"advance": "`+d+`"}`); code != http.StatusOK {
			t.Fatalf("advance %s: %d %s", d, code, body)
		}
	}
	login := func(password string) (int, []byte) {
		code, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"t@example.com","password":{"value":"`+password+`"}}`, "api-key", "timings-key")
		return code, body
	}

	t.Run("weavr token idle lifetime", func(t *testing.T) {
		code, body := login("Timing-Passw0rd")
		if code != http.StatusOK {
			t.Fatalf("login: %d %s", code, body)
		}
		var tok struct{ Token string }
		_ = json.Unmarshal(body, &tok)
		identities := func() int {
			code, _, _ := call(t, s, "GET", "/weavr/identities", "", "api-key", "timings-key", "Authorization", "Bearer "+tok.Token)
			return code
		}
		advance("9s")
		if got := identities(); got != http.StatusOK {
			t.Fatalf("9s after its last use: %d, want 200", got)
		}
		advance("10s")
		if got := identities(); got != http.StatusUnauthorized {
			t.Fatalf("10s after its last use: %d, want 401", got)
		}
	})
	t.Run("weavr lockout period", func(t *testing.T) {
		for range 5 {
			login("Wrong-Passw0rd")
		}
		advance("19s")
		if code, _ := login("Timing-Passw0rd"); code != http.StatusLocked {
			t.Fatalf("19s into the lockout: %d, want 423", code)
		}
		advance("1s")
		if code, body := login("Timing-Passw0rd"); code != http.StatusOK {
			t.Fatalf("20s after the lockout: %d %s, want 200", code, body)
		}
	})
	t.Run("fiskil announces its token lifetime", func(t *testing.T) {
		code, _, body := call(t, s, "POST", "/fiskil/v1/token", `{"client_id":"timings-client","client_secret":"timings-secret"}`)
		if code != http.StatusOK || !bytes.Contains(body, []byte(`"expires_in":10`)) {
			t.Fatalf("token: %d %s, want expires_in 10", code, body)
		}
	})
	t.Run("fliqa announces its token lifetime", func(t *testing.T) {
		var creds struct {
			APIKey, APISecret string
			Inquiries         []struct{ ID string }
		}
		if err := json.Unmarshal(sb.Credentials["fliqa"], &creds); err != nil || len(creds.Inquiries) == 0 {
			t.Fatalf("fliqa credentials: %v %s", err, sb.Credentials["fliqa"])
		}
		code, _, body := call(t, s, "GET", "/fliqa/account/auth/token/sandbox/api/"+creds.Inquiries[0].ID, "", "Api-Key", creds.APIKey, "Api-Secret", creds.APISecret)
		if code != http.StatusOK || !bytes.Contains(body, []byte(`"expiresIn":10`)) {
			t.Fatalf("token: %d %s, want expiresIn 10", code, body)
		}
	})
}

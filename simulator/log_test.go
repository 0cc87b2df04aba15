package simulator

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// TestRequestLogHoldsNoSecrets walks through the three providers with a
// JSON request log and checks that no password, key, secret, token, OTP or
// consent-page session id reaches it.
// logTimes matches the timestamps slog writes.
var logTimes = regexp.MustCompile(`"time":"[^"]*"`)

func TestRequestLogHoldsNoSecrets(t *testing.T) {
	var logs bytes.Buffer
	s := newSim(t, Options{Seed: 9, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	var secrets []string
	remember := func(body []byte, path string) string {
		v := gjson.GetBytes(body, path).String()
		if v == "" {
			t.Fatalf("no %s in %s", path, body)
		}
		secrets = append(secrets, v)
		return v
	}
	secrets = append(secrets, "Secret-Passw0rd", "weavr-demo-api-key", "fliqa-demo-key", "fliqa-demo-secret", "fiskil-demo-secret")

	_, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`, "api-key", "weavr-demo-api-key")
	auth := remember(body, "token")
	call(t, s, "GET", "/weavr/identities", "", "api-key", "weavr-demo-api-key", "Authorization", "Bearer "+auth)

	_, _, body = call(t, s, "GET", "/fliqa/account/auth/token/sandbox/api/inq-demo-1", "", "Api-Key", "fliqa-demo-key", "Api-Secret", "fliqa-demo-secret")
	ft := remember(body, "accessToken")
	call(t, s, "POST", "/fliqa/account/login", `{"msisdn":"+38640123456"}`, "Authorization", "Bearer "+ft)
	_, _, body = call(t, s, "GET", "/_control/sandboxes/default/outbox", "")
	otp := remember(body, "messages.0.otp")
	call(t, s, "POST", "/fliqa/account/consent", `{"providerId":"p","otp":"`+otp+`"}`, "Authorization", "Bearer "+ft)

	_, _, body = call(t, s, "POST", "/fiskil/v1/token", `{"client_id":"fiskil-demo-client","client_secret":"fiskil-demo-secret"}`)
	kt := remember(body, "token")
	_, _, body = call(t, s, "POST", "/fiskil/v1/auth/session", `{"end_user_id":"eu_demo","redirect_uri":"https://acme.example/ok"}`, "Authorization", "Bearer "+kt)
	session := remember(body, "session_id")
	call(t, s, "GET", "/fiskil/link?sess_id="+session, "")
	call(t, s, "GET", "/fiskil/link/"+session, "")
	call(t, s, "POST", "/fiskil/link", "sess_id="+session+"&decision=approve&otp=123456", "Content-Type", "application/x-www-form-urlencoded")

	if n := strings.Count(logs.String(), `"msg":"request"`); n < 10 {
		t.Fatalf("expected a log line per request, got %d:\n%s", n, logs.String())
	}
	// The logger's own timestamps carry nanoseconds: six of their digits
	// may spell an OTP ("…34.773513256Z" held "773513" once), so they are
	// left out of the search; nothing of a request reaches them.
	logged := logTimes.ReplaceAllString(logs.String(), `"time":""`)
	for _, secret := range secrets {
		if strings.Contains(logged, secret) {
			t.Errorf("the request log holds %q:\n%s", secret, logs.String())
		}
	}
}

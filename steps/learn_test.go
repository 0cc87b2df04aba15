package steps

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/redact"
)

// TestRegression_LearnMasksOnlySecretFields: credentials and fixtures once
// had every string learnt as a secret, so ids, e-mails and scopes read
// [REDACTED] in reports. Only values under secret-looking keys are secrets.
func TestRegression_LearnMasksOnlySecretFields(t *testing.T) {
	w := newWorld(&Env{Secrets: &redact.Secrets{}})
	creds := `{"clientId": "cli_visible", "clientSecret": "sec_hidden_1", "apiKey": "key_hidden_2",
		"clients": [{"id": "cli_other", "secret": "sec_hidden_3", "scopes": ["api:user.write"]}],
		"users": [{"email": "ada@example.com", "password": "Pw-hidden-4"}]}`
	if err := w.SetCredentials("fiskil", json.RawMessage(creds)); err != nil {
		t.Fatal(err)
	}
	text := w.Secrets.String(creds)
	for _, visible := range []string{"cli_visible", "cli_other", "api:user.write", "ada@example.com"} {
		if !strings.Contains(text, visible) {
			t.Errorf("%s was masked: %s", visible, text)
		}
	}
	for _, hidden := range []string{"sec_hidden_1", "key_hidden_2", "sec_hidden_3", "Pw-hidden-4"} {
		if strings.Contains(text, hidden) {
			t.Errorf("%s was not masked: %s", hidden, text)
		}
	}
}

// TestRegression_TokenTypeIsNotASecret: a failing assertion on "tokenType"
// once printed [REDACTED] instead of the value, because every name
// containing "token" counted as secret.
func TestRegression_TokenTypeIsNotASecret(t *testing.T) {
	tests := []struct {
		name   string
		secret bool
	}{
		{"token", true}, {"authToken", true}, {"accessToken", true}, {"apiKey", true},
		{"clientSecret", true}, {"newPassword", true}, {"otp", true}, {"verificationCode", true},
		{"tokenType", false}, {"errorCode", false}, {"errorSubCode", false}, {"expiresIn", false},
		{"keyboard", false}, {"email", false},
	}
	for _, tt := range tests {
		if got := redact.IsSecretName(tt.name); got != tt.secret {
			t.Errorf("%s: secret %v, want %v", tt.name, got, tt.secret)
		}
	}
	if got := lastSegment("identity.token"); got != "token" {
		t.Errorf("lastSegment = %q", got)
	}
}

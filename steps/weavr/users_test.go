package weavr

import (
	"reflect"
	"testing"

	"github.com/conformhq/conform/steps"
)

// TestUserKinds: each kind of user is provisioned with the fixture fields
// that make it that kind in a sandbox, and under the config's fixture kind.
func TestUserKinds(t *testing.T) {
	w := &steps.World{Sandbox: "SB-1"}
	tests := []struct {
		name    string
		kind    userKind
		want    string // the fixture kind
		fixture map[string]any
	}{
		{name: "plain", kind: plainUser("user"), want: "user", fixture: map[string]any{}},
		{name: "sms", kind: smsUser(), want: "smsUser", fixture: map[string]any{"smsEnrolled": true}},
		{name: "expired password", kind: expiredUser("expiredPasswordUser"), want: "expiredPasswordUser", fixture: map[string]any{"passwordExpired": true}},
		{name: "previous password", kind: previousPwUser(), want: "previousPasswordUser", fixture: map[string]any{"previousPasswords": []any{"Old-Passw0rd-2-SB-1"}}},
		{name: "third party", kind: thirdPartyUser(), want: "thirdPartyUser", fixture: map[string]any{"thirdPartyAuthUrl": "https://sso.example.com/logout?session=sb-1-2"}},
		{name: "push device", kind: pushUser("AUTHY"), want: "authyUser", fixture: map[string]any{"pushDevices": []any{"AUTHY"}}},
		{name: "two identities", kind: multiIdentityUser(), want: "multiIdentityUser", fixture: map[string]any{
			"identity":   map[string]any{"type": "CONSUMER"},
			"identities": []any{map[string]any{"type": "CORPORATE", "id": "200000000000000002", "name": "Corporate 2"}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.kind.kind != tc.want {
				t.Errorf("kind = %q, want %q", tc.kind.kind, tc.want)
			}
			if got := tc.kind.fixture(w, 2); !reflect.DeepEqual(got, tc.fixture) {
				t.Errorf("fixture = %v, want %v", got, tc.fixture)
			}
		})
	}
}

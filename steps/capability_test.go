package steps

import (
	"errors"
	"testing"
)

func TestParseCapability(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
		kind     string
		provider string
		arg      string
	}{
		{"a kind alone", "clock", true, KindClock, "", ""},
		{"a kind with a dash", "rate-limit:weavr", true, KindRateLimit, "weavr", ""},
		{"a provider's", "settings:fliqa", true, KindSettings, "fliqa", ""},
		{"a fixture", "fixture:weavr/expiredPasswordUser", true, KindFixture, "weavr", "expiredPasswordUser"},
		{"a credential", "credential:fiskil/clientId", true, KindCredential, "fiskil", "clientId"},
		{"an unknown kind", "teleport", false, "", "", ""},
		{"a provider's kind without one", "otp", false, "", "", ""},
		{"a provider on a kind without", "faults:weavr", false, "", "", ""},
		{"a fixture without its kind", "fixture:weavr", false, "", "", ""},
		{"a fixture with an empty kind", "fixture:weavr/", false, "", "", ""},
		{"an argument where none is taken", "simulate:weavr/push", false, "", "", ""},
		{"the legacy control tag's name", "control", false, "", "", ""},
		{"a browser", "browser", true, KindBrowser, "", ""},
		{"a browser names no provider", "browser:fiskil", false, "", "", ""},
		{"a consent page", "consent-page:fiskil", true, KindConsentPage, "fiskil", ""},
		{"a control of a consent page", "consent-page:fiskil/ineligible", true, KindConsentPage, "fiskil", "ineligible"},
		{"a consent page names its provider", "consent-page", false, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCapability(tt.in)
			if !tt.ok {
				var ce *ErrCapability
				if !errors.As(err, &ce) {
					t.Fatalf("ParseCapability(%q) = %q, %v; want an ErrCapability", tt.in, c, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind() != tt.kind || c.Provider() != tt.provider || c.Arg() != tt.arg {
				t.Errorf("%q: kind %q provider %q arg %q, want %q %q %q", tt.in, c.Kind(), c.Provider(), c.Arg(), tt.kind, tt.provider, tt.arg)
			}
			if string(c) != tt.in {
				t.Errorf("%q read as %q", tt.in, c)
			}
		})
	}
}

// TestCapabilityConstructors: the constructors write what ParseCapability
// reads.
func TestCapabilityConstructors(t *testing.T) {
	for _, c := range []Capability{Clock, Faults, RateLimitOf("weavr"), Outbox, Settings("fliqa"), OTP("weavr"),
		Fixture("weavr", "user"), Simulate("weavr"), State("weavr"), Credential("fiskil", "clientId"),
		Browser, ConsentPage("fiskil"), ConsentPage("fiskil", "cancel")} {
		if got, err := ParseCapability(string(c)); err != nil || got != c {
			t.Errorf("ParseCapability(%q) = %q, %v", c, got, err)
		}
	}
}

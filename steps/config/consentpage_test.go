package config

import (
	"strings"
	"testing"
)

func TestConsentPageIsCheckedBeforeTheRun(t *testing.T) {
	tests := []struct {
		name string
		page string // the YAML under providers.fiskil.consentPage
		want string // "" for a valid description, else a part of the error
	}{
		{name: "a two-step page by labels", page: `
      origins: ["https://auth.vendor.example"]
      otp: {label: "Verification code"}
      sandboxOtp: "246810"
      submitOtp: {label: Continue}
      approve: {label: "Allow access"}
      deny: {label: Decline}
      cancel: {selector: "a.back"}
      timeout: 20s`},
		{name: "a page without one-time password", page: `
      approve: {selector: "#ok"}
      deny: {selector: "#no"}`},
		{name: "no approve", page: `
      deny: {label: Decline}`, want: "providers.fiskil.consentPage.approve: required"},
		{name: "no deny", page: `
      approve: {label: Allow}`, want: "providers.fiskil.consentPage.deny: required"},
		{name: "a control with both", page: `
      approve: {label: Allow, selector: "#ok"}
      deny: {label: Decline}`, want: "providers.fiskil.consentPage.approve: give selector or label, not both"},
		{name: "a control with neither", page: `
      approve: {label: Allow}
      deny: {}`, want: "providers.fiskil.consentPage.deny: give selector or label"},
		{name: "a code without its field", page: `
      sandboxOtp: "123456"
      approve: {label: Allow}
      deny: {label: Decline}`, want: "providers.fiskil.consentPage.otp: required with sandboxOtp"},
		{name: "a field without its code", page: `
      otp: {label: Code}
      approve: {label: Allow}
      deny: {label: Decline}`, want: "providers.fiskil.consentPage.sandboxOtp: required with otp"},
		{name: "a wrong code that is the right one", page: `
      otp: {label: Code}
      sandboxOtp: "1"
      wrongOtp: "1"
      approve: {label: Allow}
      deny: {label: Decline}`, want: "wrongOtp must differ from sandboxOtp"},
		{name: "an origin with a path", page: `
      origins: ["https://auth.vendor.example/consent"]
      approve: {label: Allow}
      deny: {label: Decline}`, want: "providers.fiskil.consentPage.origins[0]: \"https://auth.vendor.example/consent\" is not an origin"},
		{name: "a misspelt key", page: `
      approve: {label: Allow}
      deny: {label: Decline}
      aprove: {label: Allow}`, want: "providers.fiskil.consentPage.aprove is not a config key; did you mean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "target: http://localhost:8080\nproviders:\n  fiskil:\n    consentPage:" + tt.page + "\n"
			c, err := Parse([]byte(src), func(string) (string, bool) { return "", false })
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
				if c.Provider("fiskil").ConsentPage == nil || !c.Provider("fiskil").ConsentPage.Has(ControlApprove) {
					t.Errorf("the description was not read: %+v", c.Provider("fiskil").ConsentPage)
				}
			case err == nil:
				t.Fatalf("accepted, want an error with %q", tt.want)
			case !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q, want one with %q", err, tt.want)
			}
		})
	}
}

func TestWrongOTP(t *testing.T) {
	tests := []struct {
		name, sandbox, wrong, want string
	}{
		{name: "digits move by one", sandbox: "123456", want: "234567"},
		{name: "nine wraps", sandbox: "909", want: "010"},
		{name: "letters stay", sandbox: "AB-12", want: "AB-23"},
		{name: "no digit", sandbox: "abc", want: "abcx"},
		{name: "declared", sandbox: "123456", wrong: "000000", want: "000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &ConsentPage{SandboxOTP: tt.sandbox, WrongOTP: tt.wrong}
			if got := p.Wrong(); got != tt.want || got == tt.sandbox {
				t.Errorf("Wrong() = %q, want %q (never the sandbox code)", got, tt.want)
			}
		})
	}
}

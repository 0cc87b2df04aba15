package steps

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"
)

func TestOffer(t *testing.T) {
	cfg := &config.Config{Providers: map[string]*config.Provider{
		"weavr":  {Fixtures: map[string]config.Pool{"user": {{"email": "a@example.com"}}}, Simulate: true, Limits: map[string]int{"lockoutThreshold": 3}},
		"fiskil": {Credentials: map[string]string{"clientId": "cli"}, OTP: &config.OTP{Command: []string{"./otp.sh"}}},
	}}
	without := &Env{Target: &Target{Config: cfg}}
	waiting := &Env{Target: &Target{Config: cfg}, MaxWait: 35 * time.Minute}
	with := &Env{Target: &Target{Control: "http://sim", Config: &config.Config{}}}
	hooked := &Env{Target: &Target{Config: &config.Config{Faults: &config.FaultHook{URL: "http://chaos.test/arm"}}}}
	page := &config.ConsentPage{Approve: &config.Control{Label: "Allow"}, Deny: &config.Control{Label: "Decline"}}
	described := &Env{Target: &Target{Config: &config.Config{Providers: map[string]*config.Provider{"fiskil": {ConsentPage: page}}}}}
	describedWith := &Env{Target: &Target{Control: "http://sim", Config: described.Target.Config}}
	tests := []struct {
		name    string
		env     *Env
		c       Capability
		offered bool
		text    string // By when offered, Provide when not
	}{
		{"the control API offers the clock", with, Clock, true, "conform's control API"},
		{"the control API offers any fixture", with, Fixture("weavr", "lockoutUser"), true, "conform's control API"},
		{"no clock without it, nor --max-wait", without, Clock, false, "--max-wait D, config maxWait, at least the scenario's total wait from providers.<p>.timings"},
		{"real waits offer the clock", waiting, Clock, true, "real waits up to --max-wait 35m0s (config maxWait)"},
		{"no faults without it, nor a fault hook", without, Faults, false, "config faults.url, the deployment's fault hook"},
		{"a fault hook offers faults", hooked, Faults, true, "config faults.url, the deployment's fault hook"},
		{"no OTP without it, nor a source", without, OTP("fliqa"), false, "config providers.fliqa.otp: sandboxCode, command or inbox"},
		{"an OTP source the config gives", without, OTP("fiskil"), true, "config providers.fiskil.otp (command)"},
		{"no settings without it", without, Settings("fliqa"), false, "only conform's control API offers it"},
		{"a fixture the config gives", without, Fixture("weavr", "user"), true, "config providers.weavr.fixtures.user"},
		{"a fixture it does not", without, Fixture("weavr", "lockoutUser"), false, "config providers.weavr.fixtures.lockoutUser"},
		{"a fixture of a provider without a section", without, Fixture("fliqa", "inquiry"), false, "config providers.fliqa.fixtures.inquiry"},
		{"the simulate API the config declares", without, Simulate("weavr"), true, "config providers.weavr.simulate: true"},
		{"a credential the config gives", without, Credential("fiskil", "clientId"), true, "config providers.fiskil.credentials.clientId"},
		{"one it does not", without, Credential("fiskil", "clientSecret"), false, "config providers.fiskil.credentials.clientSecret"},
		{"a limit the config declares", without, LimitCapability("weavr", "lockoutThreshold"), true, "config providers.weavr.limits.lockoutThreshold"},
		{"one it does not", without, LimitCapability("weavr", "wrongCodeAttempts"), false, "config providers.weavr.limits.wrongCodeAttempts"},
		{"the control API offers any limit", with, LimitCapability("weavr", "wrongCodeAttempts"), true, "conform's control API"},
		{"a kind without a rule", without, Capability("teleport"), false, "only conform's control API offers it"},
		{"no browser on this machine, even with the control API", with, Browser, false, "a Chromium on PATH (apt-get install chromium): none is installed"},
		{"the control API offers its own consent page", with, ConsentPage("fiskil"), true, "conform's control API (the simulator's own page)"},
		{"and every control of it", with, ConsentPage("fiskil", "ineligible"), true, "conform's control API (the simulator's own page)"},
		{"no consent page without it, nor a description", without, ConsentPage("fiskil"), false, "config providers.fiskil.consentPage: a description of the page's controls"},
		{"nor a control of it", without, ConsentPage("fiskil", "cancel"), false, "config providers.fiskil.consentPage: a description of the page's controls, cancel among them"},
		{"a described page", described, ConsentPage("fiskil"), true, "config providers.fiskil.consentPage"},
		{"a control it describes", described, ConsentPage("fiskil", "deny"), true, "config providers.fiskil.consentPage"},
		{"a control it does not", described, ConsentPage("fiskil", "ineligible"), false, "config providers.fiskil.consentPage.ineligible: the page's control (selector or label)"},
		{"a description replaces the control API's page", describedWith, ConsentPage("fiskil", "ineligible"), false, "config providers.fiskil.consentPage.ineligible: the page's control (selector or label)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.env.Offer(Need{Capability: tt.c})
			text := o.Provide
			if o.Offered {
				text = o.By
			}
			if o.Offered != tt.offered || text != tt.text {
				t.Errorf("Offer(%s) = %+v, want offered %v, %q", tt.c, o, tt.offered, tt.text)
			}
		})
	}
}

// TestOfferRulesCoverEveryKind: every kind has its rule in the one table,
// so that a new kind cannot be offered by accident nor forgotten.
func TestOfferRulesCoverEveryKind(t *testing.T) {
	rules := offerRules()
	for _, k := range capabilityKinds() {
		if rules[k.name] == nil {
			t.Errorf("no offer rule for the kind %q", k.name)
		}
	}
	if len(rules) != len(capabilityKinds()) {
		t.Errorf("%d offer rules for %d kinds", len(rules), len(capabilityKinds()))
	}
}

func TestMissingReason(t *testing.T) {
	env := &Env{Target: &Target{Config: &config.Config{}}}
	got := MissingReason(env.Missing([]Need{{Capability: Fixture("weavr", "expiredPasswordUser")}, {Capability: Faults}}))
	want := "needs faults (config faults.url, the deployment's fault hook), fixture:weavr/expiredPasswordUser (config providers.weavr.fixtures.expiredPasswordUser)"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestNotApplicableLacking: a step that finds a capability missing while
// running marks its scenario not applicable with the same words as the
// Before hook, but without Missing (which only the hook sets).
func TestNotApplicableLacking(t *testing.T) {
	w := newWorld(&Env{Target: &Target{Config: &config.Config{}}, Secrets: &redact.Secrets{}})
	err := w.NotApplicableLacking(Fixture("weavr", "user"))
	if !errors.Is(err, ErrNotApplicable) {
		t.Fatalf("got %v, want ErrNotApplicable", err)
	}
	if want := "needs fixture:weavr/user (config providers.weavr.fixtures.user)"; w.NotApplicable != want {
		t.Errorf("reason %q, want %q", w.NotApplicable, want)
	}
	if len(w.Missing) != 0 {
		t.Errorf("Missing %v set by a step", w.Missing)
	}
}

// TestOfferSandboxCode: a body that sends Weavr's sandbox code as it
// stands runs only against a deployment that accepts that very code; an
// OTP source that reads real codes, or another sandbox code, would make it
// fail for a code the deployment never sent.
func TestOfferSandboxCode(t *testing.T) {
	tests := []struct {
		name    string
		otp     *config.OTP
		offered bool
	}{
		{name: "the same sandbox code", otp: &config.OTP{SandboxCode: "123456"}, offered: true},
		{name: "another sandbox code", otp: &config.OTP{SandboxCode: "000000"}},
		{name: "a command", otp: &config.OTP{Command: []string{"print-otp"}}},
		{name: "an inbox", otp: &config.OTP{Inbox: &config.Inbox{URL: "http://inbox.example", Path: "otp"}}},
		{name: "no source"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &config.Config{Providers: map[string]*config.Provider{"weavr": {OTP: tc.otp}}}
			env := &Env{Target: &Target{Config: cfg}}
			o := env.Offer(Need{Capability: SandboxCode("weavr", "123456")})
			if o.Offered != tc.offered {
				t.Fatalf("offered = %v (%+v), want %v", o.Offered, o, tc.offered)
			}
			if !o.Offered && !strings.Contains(o.Provide, `providers.weavr.otp.sandboxCode: "123456"`) {
				t.Errorf("Provide %q does not name the key and the code", o.Provide)
			}
		})
	}
	with := &Env{Target: &Target{Control: "http://sim", Config: &config.Config{}}}
	if !with.Offer(Need{Capability: SandboxCode("weavr", "123456")}).Offered {
		t.Error("the control API does not offer the sandbox code (conform's simulator follows Weavr's sandbox)")
	}
}

// TestOfferRateLimit: a deployment's declared rate limit offers
// rate-limit:<p> for that provider only, and only with real waits as long
// as its window; otherwise Provide names what is missing.
func TestOfferRateLimit(t *testing.T) {
	declared := &config.RateLimit{Limit: 20, Window: time.Minute}
	tests := []struct {
		name     string
		provider string
		rate     *config.RateLimit
		maxWait  time.Duration
		offered  bool
		provide  string
	}{
		{name: "declared, with waits as long as its window", provider: "weavr", rate: declared, maxWait: time.Minute, offered: true},
		{name: "not declared", provider: "weavr", maxWait: time.Hour, provide: "config providers.weavr.rateLimit: {limit, window}"},
		{name: "declared, waits shorter than its window", provider: "weavr", rate: declared, maxWait: 59 * time.Second, provide: "--max-wait (config maxWait) of at least 1m0s"},
		{name: "declared for another provider", provider: "fiskil", rate: declared, maxWait: time.Hour, provide: "config providers.fiskil.rateLimit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &config.Config{Providers: map[string]*config.Provider{"weavr": {RateLimit: tc.rate}}}
			env := &Env{Target: &Target{Config: cfg}, MaxWait: tc.maxWait}
			o := env.Offer(Need{Capability: RateLimitOf(tc.provider)})
			if o.Offered != tc.offered {
				t.Fatalf("offered = %v (%+v), want %v", o.Offered, o, tc.offered)
			}
			if !strings.Contains(o.Provide, tc.provide) {
				t.Errorf("Provide %q does not say %q", o.Provide, tc.provide)
			}
		})
	}
}

package steps_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
	"github.com/conformhq/conform/steps/fiskil"
	"github.com/conformhq/conform/steps/fliqa"
	"github.com/conformhq/conform/steps/pool"
	"github.com/conformhq/conform/steps/weavr"
)

// TestCheckFixtures: every rule a config fixture breaks is a config error
// naming the key at fault; a fixture that keeps them passes.
func TestCheckFixtures(t *testing.T) {
	vs := []steps.Vocabulary{weavr.Vocabulary(), fliqa.Vocabulary(), fiskil.Vocabulary()}
	ada := func(extra ...string) string {
		return "{email: ada@example.com, password: Secret-Passw0rd, identity: {type: CONSUMER, id: \"110000000000000001\"}" + strings.Join(extra, "") + "}"
	}
	tests := []struct {
		name     string
		fixtures string // providers: … in YAML
		want     []string
	}{
		{"a good user", "weavr: {fixtures: {user: " + ada() + "}}", nil},
		{"a good pool of users", "weavr: {fixtures: {user: [" + ada() + ", {email: bob@example.com, password: Secret-Passw0rd, identity: {type: CORPORATE, id: \"2\"}}]}}", nil},
		{"not an e-mail, in a pool", "weavr: {fixtures: {user: [" + ada() + ", {email: bob, password: Secret-Passw0rd, identity: {type: CONSUMER, id: \"2\"}}]}}",
			[]string{"providers.weavr.fixtures.user[1].email: not an e-mail address"}},
		{"a user without its identity", "weavr: {fixtures: {user: {email: a@example.com, password: Secret-Passw0rd}}}",
			[]string{"providers.weavr.fixtures.user.identity.type: required", "providers.weavr.fixtures.user.identity.id: required"}},
		{"a second identity is no user field", "weavr: {fixtures: {user: " + ada(", identities: [{type: CORPORATE}]") + "}}",
			[]string{"providers.weavr.fixtures.user.identities: no such field"}},
		{"a misspelt field", "weavr: {fixtures: {smsUser: {email: a@example.com, pasword: Secret-Passw0rd}}}",
			[]string{"providers.weavr.fixtures.smsUser.password: required", "providers.weavr.fixtures.smsUser.pasword: no such field"}},
		{"an identity id that is a number", "weavr: {fixtures: {user: {email: a@example.com, password: Secret-Passw0rd, identity: {type: CONSUMER, id: 110000000000000001}}}}",
			[]string{"providers.weavr.fixtures.user.identity.id: not a string of digits"}},
		{"an unknown identity type", "weavr: {fixtures: {user: {email: a@example.com, password: Secret-Passw0rd, identity: {type: PERSON, id: \"1\"}}}}",
			[]string{"providers.weavr.fixtures.user.identity.type: must be one of CONSUMER, CORPORATE"}},
		{"a mobile not in E.164", "weavr: {fixtures: {smsUser: {email: a@example.com, password: Secret-Passw0rd, mobile: \"07700900123\"}}}",
			[]string{"providers.weavr.fixtures.smsUser.mobile: not an E.164 phone number"}},
		{"a password too long to be changed", "weavr: {fixtures: {passwordChangeUser: {email: a@example.com, password: Secret-Passw0rd-0123456789ab}}}",
			[]string{"providers.weavr.fixtures.passwordChangeUser.password: must be 8 to 26 characters"}},
		{"two kinds given the same user", "weavr: {fixtures: {user: " + ada() + ", lockoutUser: {email: ADA@example.com, password: Secret-Passw0rd}}}",
			[]string{`providers.weavr.fixtures.user.email: the same email "ada@example.com" as providers.weavr.fixtures.lockoutUser.email: every Weavr fixture must be its own person`}},
		{"the same user twice in a pool", "weavr: {fixtures: {lockoutUser: [{email: l@example.com, password: Secret-Passw0rd}, {email: l@example.com, password: Other-Passw0rd}]}}",
			[]string{"providers.weavr.fixtures.lockoutUser[1].email: the same email"}},
		{"a previous password that is the password", "weavr: {fixtures: {previousPasswordUser: {email: a@example.com, password: Secret-Passw0rd, previousPassword: Secret-Passw0rd}}}",
			[]string{"providers.weavr.fixtures.previousPasswordUser.previousPassword: must differ from password"}},
		{"a third-party user without its logout URL", "weavr: {fixtures: {thirdPartyUser: {email: a@example.com, password: Secret-Passw0rd, logoutUrl: sso.example.com}}}",
			[]string{"providers.weavr.fixtures.thirdPartyUser.logoutUrl: not an http(s) URL"}},
		{"one id for both identities", "weavr: {fixtures: {multiIdentityUser: {email: a@example.com, password: Secret-Passw0rd, consumerId: \"1\", corporateId: \"1\"}}}",
			[]string{"providers.weavr.fixtures.multiIdentityUser.corporateId: must differ from consumerId"}},
		{"a consent owner's phone", "fliqa: {fixtures: {consentOwner: {msisdn: \"040123456\", email: o@example.com}}}",
			[]string{"providers.fliqa.fixtures.consentOwner.msisdn: not an E.164 phone number"}},
		{"an inquiry given twice", "fliqa: {fixtures: {inquiry: {id: inq-1}, inquiryWithoutAccountOwner: {id: inq-1}}}",
			[]string{`providers.fliqa.fixtures.inquiryWithoutAccountOwner.id: the same id "inq-1" as providers.fliqa.fixtures.inquiry.id`}},
		{"a numeric institution id", "fiskil: {fixtures: {institution: {id: 10}}}",
			[]string{`providers.fiskil.fixtures.institution.id: must be a non-empty string (quote a number: "10")`}},
		{"ids of different records may be equal", "fiskil: {fixtures: {institution: {id: x1}, end_user: {id: x1, email: e@example.com}, readonly_client: {id: x1, secret: s}}}", nil},
		{"an api key's secret is never quoted", "fliqa: {fixtures: {sandboxOnlyKey: {apiKey: k1, apiSecret: s3cr3t-value}, productionOnlyKey: {apiKey: k1, apiSecret: s3cr3t-value}}}",
			[]string{`providers.fliqa.fixtures.sandboxOnlyKey.apiKey: the same apiKey as providers.fliqa.fixtures.productionOnlyKey.apiKey: every Fliqa fixture must be its own api key`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte("providers: {"+tc.fixtures+"}"), func(string) (string, bool) { return "", false })
			if err != nil {
				t.Fatal(err)
			}
			err = steps.CheckFixtures(cfg, vs)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CheckFixtures: %v, want no error", err)
				}
				return
			}
			var fe *pool.FixtureError
			if !errors.As(err, &fe) {
				t.Fatalf("CheckFixtures: %v, want a FixtureError", err)
			}
			if len(fe.Faults) != len(tc.want) {
				t.Errorf("faults %q, want %d", fe.Faults, len(tc.want))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), "config: "+w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cr3t-value") || strings.Contains(err.Error(), "Secret-Passw0rd") {
				t.Errorf("error %q quotes a secret", err)
			}
		})
	}
}

// TestFixtureRulesCoverEveryKind: each provider states a rule for every
// kind it declares, and none for a kind it does not.
func TestFixtureRulesCoverEveryKind(t *testing.T) {
	for _, v := range []steps.Vocabulary{weavr.Vocabulary(), fliqa.Vocabulary(), fiskil.Vocabulary()} {
		t.Run(v.Name, func(t *testing.T) {
			for _, k := range v.FixtureKinds {
				if _, ok := v.FixtureRules[k]; !ok {
					t.Errorf("kind %s has no rule", k)
				}
			}
			if len(v.FixtureRules) != len(v.FixtureKinds) {
				t.Errorf("%d rules for %d kinds", len(v.FixtureRules), len(v.FixtureKinds))
			}
		})
	}
}

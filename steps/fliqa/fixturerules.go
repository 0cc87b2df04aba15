package fliqa

import "github.com/conformhq/conform/steps"

// fixtureRules are the rules of each Fliqa fixture kind (docs/certify.md,
// "Fixture rules", its Fliqa table). Whether an inquiry's tokens carry the
// account_owner scope, and whether a key is enabled in one environment
// only, only the target knows: docs/certify.md states them.
func fixtureRules() map[string]steps.FixtureRule {
	inquiry := steps.FixtureRule{Fields: []steps.Field{{Path: "id", Required: true}}, Distinct: []string{"id"}, Among: "inquiry"}
	key := steps.FixtureRule{Fields: []steps.Field{{Path: "apiKey", Required: true}, {Path: "apiSecret", Required: true}}, Distinct: []string{"apiKey"}, Among: "key"}
	return map[string]steps.FixtureRule{
		"inquiry":                    inquiry,
		"inquiryWithoutAccountOwner": inquiry,
		"consentOwner": {Fields: []steps.Field{
			{Path: "msisdn", Required: true, Check: steps.E164},
			{Path: "email", Required: true, Check: steps.Email},
		}, Distinct: []string{"msisdn", "email"}, Among: "consentOwner"},
		providerKind:        {Fields: []steps.Field{{Path: "id", Required: true}}, Distinct: []string{"id"}, Among: providerKind},
		"sandboxOnlyKey":    key,
		"productionOnlyKey": key,
	}
}

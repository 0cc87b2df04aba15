package fliqa

import "github.com/conformhq/conform/steps/pool"

// fixtureRules are the rules of each Fliqa fixture kind (docs/certify.md,
// "Fixture rules", its Fliqa table). Whether an inquiry's tokens carry the
// account_owner scope, and whether a key is enabled in one environment
// only, only the target knows: docs/certify.md states them.
func fixtureRules() map[string]pool.Rule {
	inquiry := pool.Rule{Fields: []pool.Field{{Path: "id", Required: true}}, Distinct: []string{"id"}, Among: "inquiry"}
	key := pool.Rule{Fields: []pool.Field{{Path: "apiKey", Required: true}, {Path: "apiSecret", Required: true}}, Distinct: []string{"apiKey"}, Among: "key"}
	return map[string]pool.Rule{
		"inquiry":                    inquiry,
		"inquiryWithoutAccountOwner": inquiry,
		"consentOwner": {Fields: []pool.Field{
			{Path: "msisdn", Required: true, Check: pool.E164},
			{Path: "email", Required: true, Check: pool.Email},
		}, Distinct: []string{"msisdn", "email"}, Among: "consentOwner"},
		providerKind:        {Fields: []pool.Field{{Path: "id", Required: true}}, Distinct: []string{"id"}, Among: providerKind},
		"sandboxOnlyKey":    key,
		"productionOnlyKey": key,
	}
}

package fiskil

import "github.com/conformhq/conform/steps"

// fixtureRules are the rules of each Fiskil fixture kind (docs/certify.md,
// "Fixture rules", its Fiskil table). That a read-only client lacks api:user.write
// only the target knows: docs/certify.md states it.
func fixtureRules() map[string]steps.FixtureRule {
	return map[string]steps.FixtureRule{
		"end_user": {Fields: []steps.Field{
			{Path: "id", Required: true},
			{Path: "email", Required: true, Check: steps.Email},
		}, Distinct: []string{"id", "email"}, Among: "end_user"},
		"institution":     {Fields: []steps.Field{{Path: "id", Required: true}}, Distinct: []string{"id"}, Among: "institution"},
		"readonly_client": {Fields: []steps.Field{{Path: "id", Required: true}, {Path: "secret", Required: true}}, Distinct: []string{"id"}, Among: "client"},
	}
}

package fiskil

import "github.com/conformhq/conform/steps/pool"

// fixtureRules are the rules of each Fiskil fixture kind (docs/certify.md,
// "Fixture rules", its Fiskil table). That a read-only client lacks api:user.write
// only the target knows: docs/certify.md states it.
func fixtureRules() map[string]pool.Rule {
	return map[string]pool.Rule{
		"end_user": {Fields: []pool.Field{
			{Path: "id", Required: true},
			{Path: "email", Required: true, Check: pool.Email},
		}, Distinct: []string{"id", "email"}, Among: "end_user"},
		"institution":     {Fields: []pool.Field{{Path: "id", Required: true}}, Distinct: []string{"id"}, Among: "institution"},
		"readonly_client": {Fields: []pool.Field{{Path: "id", Required: true}, {Path: "secret", Required: true}}, Distinct: []string{"id"}, Among: "client"},
	}
}

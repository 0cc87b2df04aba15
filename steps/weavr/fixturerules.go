package weavr

import "github.com/conformhq/conform/steps/pool"

// The fields every Weavr user fixture may have: email and password to log
// in, and what the scenarios compare answers with when given.
func userFields(extra ...pool.Field) []pool.Field {
	return append([]pool.Field{
		{Path: "email", Required: true, Check: pool.Email},
		{Path: "password", Required: true, Check: pool.Length(8, 30)},
		{Path: "identity.type", Check: pool.OneOf("CONSUMER", "CORPORATE")},
		{Path: "identity.id", Check: pool.Digits},
		{Path: "credentials.type", Check: pool.OneOf("ROOT", "USER")},
		{Path: "credentials.id", Check: pool.Digits},
		{Path: "mobile", Check: pool.E164},
	}, extra...)
}

// userRule is a user kind's rule: its fields, and its e-mail its own among
// every Weavr fixture.
func userRule(fields ...pool.Field) pool.Rule {
	return pool.Rule{Fields: fields, Distinct: []string{"email"}}
}

// changedPassword is the password of a user whose password a scenario
// changes to "New-" + password: at most 26 characters, so that the new
// one is within Weavr's 30.
func changedPassword() pool.Rule {
	fields := userFields()
	fields[1].Check = pool.Length(8, 26)
	return userRule(fields...)
}

// fixtureRules are the rules of each Weavr fixture kind (the README's
// table "Weavr fixtures"). What only the target knows (a user's
// identities, factors and devices) is stated in the README and checked by
// the scenarios' own setup where it can be: a user found locked is a setup
// error naming the fixture, never a failure of the target.
func fixtureRules() map[string]pool.Rule {
	identity := userFields()
	identity[2].Required, identity[3].Required = true, true
	previous := userRule(userFields(pool.Field{Path: "previousPassword", Required: true, Check: pool.Length(8, 30)})...)
	previous.Check = func(fx map[string]any) []pool.Fault {
		if fx["previousPassword"] == fx["password"] {
			return []pool.Fault{{Field: "previousPassword", Problem: "must differ from password"}}
		}
		return nil
	}
	multi := userRule(userFields(
		pool.Field{Path: "consumerId", Required: true, Check: pool.Digits},
		pool.Field{Path: "corporateId", Required: true, Check: pool.Digits})...)
	multi.Check = func(fx map[string]any) []pool.Fault {
		if fx["consumerId"] == fx["corporateId"] {
			return []pool.Fault{{Field: "corporateId", Problem: "must differ from consumerId"}}
		}
		return nil
	}
	plain := userRule(userFields()...)
	return map[string]pool.Rule{
		"user":                      userRule(identity...),
		"smsUser":                   plain,
		"unenrolledUser":            plain,
		"enrolmentUser":             plain,
		"expiredPasswordUser":       plain,
		"expiredPasswordChangeUser": changedPassword(),
		"passwordChangeUser":        changedPassword(),
		"previousPasswordUser":      previous,
		"thirdPartyUser":            userRule(userFields(pool.Field{Path: "logoutUrl", Required: true, Check: pool.HTTPURL})...),
		"multiIdentityUser":         multi,
		"lockoutUser":               plain,
		"sessionLockoutUser":        plain,
		"authyUser":                 plain,
		"biometricUser":             plain,
	}
}

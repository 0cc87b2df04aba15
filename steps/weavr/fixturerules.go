package weavr

import "github.com/conformhq/conform/steps"

// The fields every Weavr user fixture may have: email and password to log
// in, and what the scenarios compare answers with when given.
func userFields(extra ...steps.Field) []steps.Field {
	return append([]steps.Field{
		{Path: "email", Required: true, Check: steps.Email},
		{Path: "password", Required: true, Check: steps.Length(8, 30)},
		{Path: "identity.type", Check: steps.OneOf("CONSUMER", "CORPORATE")},
		{Path: "identity.id", Check: steps.Digits},
		{Path: "credentials.type", Check: steps.OneOf("ROOT", "USER")},
		{Path: "credentials.id", Check: steps.Digits},
		{Path: "mobile", Check: steps.E164},
	}, extra...)
}

// userRule is a user kind's rule: its fields, and its e-mail its own among
// every Weavr fixture.
func userRule(fields ...steps.Field) steps.FixtureRule {
	return steps.FixtureRule{Fields: fields, Distinct: []string{"email"}}
}

// changedPassword is the password of a user whose password a scenario
// changes to "New-" + password: at most 26 characters, so that the new
// one is within Weavr's 30.
func changedPassword() steps.FixtureRule {
	fields := userFields()
	fields[1].Check = steps.Length(8, 26)
	return userRule(fields...)
}

// fixtureRules are the rules of each Weavr fixture kind (the README's
// table "Weavr fixtures"). What only the target knows (a user's
// identities, factors and devices) is stated in the README and checked by
// the scenarios' own setup where it can be: a user found locked is a setup
// error naming the fixture, never a failure of the target.
func fixtureRules() map[string]steps.FixtureRule {
	identity := userFields()
	identity[2].Required, identity[3].Required = true, true
	previous := userRule(userFields(steps.Field{Path: "previousPassword", Required: true, Check: steps.Length(8, 30)})...)
	previous.Check = func(fx map[string]any) []steps.Fault {
		if fx["previousPassword"] == fx["password"] {
			return []steps.Fault{{Field: "previousPassword", Problem: "must differ from password"}}
		}
		return nil
	}
	multi := userRule(userFields(
		steps.Field{Path: "consumerId", Required: true, Check: steps.Digits},
		steps.Field{Path: "corporateId", Required: true, Check: steps.Digits})...)
	multi.Check = func(fx map[string]any) []steps.Fault {
		if fx["consumerId"] == fx["corporateId"] {
			return []steps.Fault{{Field: "corporateId", Problem: "must differ from consumerId"}}
		}
		return nil
	}
	plain := userRule(userFields()...)
	return map[string]steps.FixtureRule{
		"user":                      userRule(identity...),
		"smsUser":                   plain,
		"unenrolledUser":            plain,
		"enrolmentUser":             plain,
		"expiredPasswordUser":       plain,
		"expiredPasswordChangeUser": changedPassword(),
		"passwordChangeUser":        changedPassword(),
		"previousPasswordUser":      previous,
		"thirdPartyUser":            userRule(userFields(steps.Field{Path: "logoutUrl", Required: true, Check: steps.HTTPURL})...),
		"multiIdentityUser":         multi,
		"lockoutUser":               plain,
		"sessionLockoutUser":        plain,
		"authyUser":                 plain,
		"biometricUser":             plain,
	}
}

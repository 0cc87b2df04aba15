package weavr

import (
	"regexp"

	"github.com/conformhq/conform/steps"
)

// The patterns of the steps that need more than Weavr's API, shared by
// their registration and their rules.
const (
	pushUserStep       = `^a Weavr user with a push device "(AUTHY|BIOMETRIC)"$`
	steppedUpBySMSStep = `^the Weavr session is stepped up by SMS$`
	simulatePushStep   = `^the Weavr push challenge is completed with "(verify_success|verify_invalid|verify_expired)"$`
	controlPushStep    = `^the Weavr push challenge is completed with "(verify_success|verify_invalid|verify_expired)" through the control API$`
	pushStateStep      = `^the Weavr push challenge should be "(PENDING|VERIFIED|INVALID|EXPIRED|CANCELLED)"$`
)

// needs are the rules of what Weavr's steps need of the target: a fixture
// per kind of user, an OTP source for a step that reads the code it is
// sent (otp:weavr), a deployment that accepts the sandbox code 123456 that
// request bodies send as it stands (sandbox-code:weavr/123456), Weavr's simulate API to complete a push challenge,
// and conform's control API to see or set a push challenge's status
// (state:weavr), which Weavr's API does not show.
func needs() []steps.NeedRule {
	var rules []steps.NeedRule
	for _, u := range userSteps() {
		rules = append(rules, steps.StepNeeds(`^`+u.text+`$`, steps.Fixture(name, u.kind.kind)))
	}
	return append(rules,
		steps.StepNeedsFunc(pushUserStep, func(m steps.NeedMatch) []steps.Capability {
			return []steps.Capability{steps.Fixture(name, pushUser(m.Groups[1]).kind)}
		}),
		steps.StepNeeds(steppedUpBySMSStep, steps.OTP(name)),
		// A request step whose body sends the sandbox's code.
		steps.BodyNeeds(`"verificationCode"\s*:\s*"`+regexp.QuoteMeta(sandboxOTP)+`"`, steps.SandboxCode(name, sandboxOTP)),
		steps.StepNeeds(simulatePushStep, steps.Simulate(name)),
		steps.StepNeeds(controlPushStep, steps.State(name)),
		steps.StepNeeds(pushStateStep, steps.State(name)),
	)
}

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
	// failedLoginsStep's count is exact: a limit in it must be known.
	failedLoginsStep = `^the Weavr user has failed to log in "?([^"]+?)"? times?$`
	// lockedOutStep's count is a bound: an undeclared limit stands at its
	// Bound.
	lockedOutStep = `^the Weavr user (?:fails|has failed) to log in until the credentials are locked, at most "([^"]+)" times$`
	// wrongCodesStep's count is exact, unless "at least" (a bound).
	wrongCodesStep   = `^the Weavr user sends the wrong code (at least )?"?([^"]+?)"? times? to "([^"]+)"$`
	challengeGapStep = `^the Weavr challenge retry gap has passed$`
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
		// An exact count of a limit needs the deployment to declare it.
		steps.StepNeedsFunc(failedLoginsStep, func(m steps.NeedMatch) []steps.Capability {
			return limitNeeds(m.Groups[1])
		}),
		steps.StepNeedsFunc(wrongCodesStep, func(m steps.NeedMatch) []steps.Capability {
			if m.Groups[1] != "" {
				return nil
			}
			return limitNeeds(m.Groups[2])
		}),
	)
}

// limitNeeds is the need of an exact count: the limit it names, if any.
func limitNeeds(expr string) []steps.Capability {
	if l := steps.LimitName(expr); l != "" {
		return []steps.Capability{steps.LimitCapability(name, l)}
	}
	return nil
}

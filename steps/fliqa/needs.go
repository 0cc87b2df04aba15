package fliqa

import "github.com/conformhq/conform/steps"

// The patterns of the steps that need more than Fliqa's API, shared by
// their registration and their rules.
const (
	otpLengthStep    = `^the Fliqa sandbox sends one-time passwords of (\d+) digits$`
	otpTTLStep       = `^Fliqa one-time passwords expire after "([^"]+)"$`
	receiveOTPStep   = `^the Fliqa consent owner has received a one-time password by (SMS|e-mail)$`
	checkOTPStep     = `^the one-time password sent by (SMS|e-mail) to "([^"]+)" should have otpLength digits$`
	inquiryStep      = `^a Fliqa inquiry with scope "([^"]*)"$`
	tokenStep        = `^a Fliqa access token for an inquiry with scope "([^"]*)"$`
	consentOwnerStep = `^a registered Fliqa consent owner$`
	providerStep     = `^a Fliqa provider \(bank\) to consent with$`
	apiKeyStep       = `^a Fliqa api key enabled only for the "(sandbox|production)" environment$`
	// wrongSecretStep sends a wrong secret with the target's own api key:
	// without that key the answer refuses something else.
	wrongSecretStep = `^the request header "Api-Secret" is "[^"]*"$`
)

// needs are the rules of what Fliqa's steps need of the target: its
// sandbox settings (fixed in a real deployment), the OTPs it sends, and a
// fixture per inquiry, consent owner and api key. Its clock step keeps the
// engine's prefix ("the sandbox clock advances"), whose rule is the engine's.
func needs() []steps.NeedRule {
	inquiry := func(m steps.NeedMatch) []steps.Capability {
		_, kind := inquiryScope(m.Groups[1])
		return []steps.Capability{steps.Fixture(name, kind)}
	}
	return []steps.NeedRule{
		steps.StepNeeds(otpLengthStep, steps.Settings(name)),
		steps.StepNeeds(otpTTLStep, steps.Settings(name)),
		steps.StepNeeds(receiveOTPStep, steps.OTP(name)),
		steps.StepNeeds(checkOTPStep, steps.OTP(name)),
		steps.StepNeedsFunc(inquiryStep, inquiry),
		steps.StepNeedsFunc(tokenStep, inquiry),
		steps.StepNeeds(consentOwnerStep, steps.Fixture(name, consentOwnerKind)),
		steps.StepNeeds(providerStep, steps.Fixture(name, providerKind)),
		steps.StepNeeds(wrongSecretStep, steps.Credential(name, "apiKey")),
		steps.StepNeedsFunc(apiKeyStep, func(m steps.NeedMatch) []steps.Capability {
			return []steps.Capability{steps.Fixture(name, apiKeyKind(m.Groups[1]))}
		}),
	}
}

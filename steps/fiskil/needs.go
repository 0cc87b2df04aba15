package fiskil

import (
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// The fixture kinds of Fiskil's steps (providers.fiskil.fixtures.<kind>).
const (
	endUserKind        = "end_user"
	institutionKind    = "institution"
	readOnlyClientKind = "readonly_client"
)

// The patterns of the steps that need more than Fiskil's API, shared by
// their registration and their rules.
const (
	clientStep         = `^the Fiskil client credentials$`
	tokenStep          = `^a Fiskil access token$`
	readOnlyClientStep = `^a Fiskil client lacking the scope api:user\.write$`
	readOnlyTokenStep  = `^a Fiskil access token lacking the scope api:user\.write$`
	endUserStep        = `^a Fiskil end user$`
	institutionStep    = `^a Fiskil institution$`
)

// needs are the rules of what Fiskil's steps need of the target: a fixture
// per end user, institution and read-only client, and the scenario's own
// client (the sandbox's, or the config's clientId and clientSecret), which
// the token steps cannot do without; the consent page's steps need a
// browser and the page's description, with the controls they use.
func needs() []steps.NeedRule {
	client := []steps.Capability{steps.Credential(name, "clientId"), steps.Credential(name, "clientSecret")}
	return []steps.NeedRule{
		steps.StepNeeds(clientStep, client...),
		steps.StepNeeds(tokenStep, client...),
		steps.StepNeeds(readOnlyClientStep, steps.Fixture(name, readOnlyClientKind)),
		steps.StepNeeds(readOnlyTokenStep, steps.Fixture(name, readOnlyClientKind)),
		steps.StepNeeds(endUserStep, steps.Fixture(name, endUserKind)),
		steps.StepNeeds(institutionStep, steps.Fixture(name, institutionKind)),
		steps.StepNeeds(openPageStep, steps.Browser, steps.ConsentPage(name)),
		steps.StepNeeds(openUnknownPageStep, steps.Browser, steps.ConsentPage(name)),
		steps.StepNeedsFunc(decisionStep, func(m steps.NeedMatch) []steps.Capability {
			caps := []steps.Capability{steps.Browser, steps.ConsentPage(name)}
			if len(m.Groups) < 2 {
				return caps
			}
			if c := goalNeeds(decisionGoals()[m.Groups[1]]); c != config.ControlApprove && c != config.ControlDeny {
				// approve and deny every description has.
				caps = append(caps, steps.ConsentPage(name, c))
			}
			return caps
		}),
	}
}

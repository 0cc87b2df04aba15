package steps

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/cucumber/godog"
)

// NeedsTagPrefix starts a tag that states a need the steps do not show:
// @needs:fixture:weavr/user.
const NeedsTagPrefix = "@needs:"

// Need is a capability a scenario needs of the target, with what showed it.
type Need struct {
	Capability Capability
	// Steps are the texts of the steps that need it, in scenario order
	// ("@needs:<capability>" for a tag).
	Steps []string
}

// NeedRule infers from one step what it needs of the target. A step needs
// the capabilities of every rule it matches: the engine's, for its generic
// steps, and its vocabulary's (Vocabulary.Needs).
type NeedRule struct {
	// Step is matched against the step's text; nil matches any step (Body
	// must then be set).
	Step *regexp.Regexp
	// Body, when set, must match the step's doc string (a request body):
	// a generic request step that sends Weavr's sandbox OTP.
	Body *regexp.Regexp
	// Needs are the capabilities of a matching step, from the submatches of
	// Step and the scenario's provider.
	Needs func(m NeedMatch) []Capability
}

// NeedMatch is what a NeedRule's Needs reads of a matching step.
type NeedMatch struct {
	// Groups are the submatches of the rule's Step (Groups[0] the text).
	Groups []string
	// Provider is the scenario's provider (its @<provider> tag), for the
	// generic steps that name none.
	Provider string
}

// StepNeeds is a rule: a step whose text matches pattern needs caps.
func StepNeeds(pattern string, caps ...Capability) NeedRule {
	return NeedRule{Step: regexp.MustCompile(pattern), Needs: func(NeedMatch) []Capability { return caps }}
}

// StepNeedsFunc is a rule whose capabilities depend on the step's
// submatches (the kind of fixture an inquiry's scope asks for).
func StepNeedsFunc(pattern string, needs func(m NeedMatch) []Capability) NeedRule {
	return NeedRule{Step: regexp.MustCompile(pattern), Needs: needs}
}

// BodyNeeds is a rule: a step whose doc string matches pattern needs caps.
func BodyNeeds(pattern string, caps ...Capability) NeedRule {
	return NeedRule{Body: regexp.MustCompile(pattern), Needs: func(NeedMatch) []Capability { return caps }}
}

// match returns the capabilities the rule finds in a step; nil when it
// does not match.
func (r NeedRule) match(text, body, provider string) []Capability {
	var groups []string
	if r.Step != nil {
		if groups = r.Step.FindStringSubmatch(text); groups == nil {
			return nil
		}
	}
	if r.Body != nil && !r.Body.MatchString(body) {
		return nil
	}
	return r.Needs(NeedMatch{Groups: groups, Provider: provider})
}

// engineNeeds are the rules of the engine's generic steps that need more
// than the provider's API (steps/controlsteps.go). The clock rule reads
// only the prefix every clock step keeps, "the sandbox clock advances".
func engineNeeds() []NeedRule {
	return []NeedRule{
		StepNeeds(`^the sandbox clock advances\b`, Clock),
		StepNeeds(`^the next (?:\d+ )?calls? (?:to|of) .+ (?:answers?|fails?) with status \d{3}`, Faults),
		StepNeedsFunc(`^the sandbox allows \d+ requests? per `, func(m NeedMatch) []Capability { return []Capability{RateLimitOf(m.Provider)} }),
		StepNeedsFunc(`^I remember the OTP last sent to `, func(m NeedMatch) []Capability { return []Capability{OTP(m.Provider)} }),
		StepNeeds(`(?i)^\d+ (?:sms|e-?mail) messages? should have been sent to `, Outbox),
	}
}

// needRules are the engine's rules and every vocabulary's: those NewEnv
// compiled, or compiled now for an Env built otherwise.
func (e *Env) needRules() []NeedRule {
	if e.rules != nil {
		return e.rules
	}
	return e.compileNeedRules()
}

// compileNeedRules builds the engine's rules and every vocabulary's.
func (e *Env) compileNeedRules() []NeedRule {
	rules := engineNeeds()
	for _, v := range e.Vocabularies {
		rules = append(rules, v.Needs...)
	}
	return rules
}

// NeedsOf infers what a scenario needs of the target before it runs: from
// each step's text and doc string by the engine's and the vocabularies'
// rules, and from its @needs:<capability> tags, sorted by capability. A
// tag that names no capability is an error. The legacy @needs-control tag
// states nothing: the steps show what a scenario needs.
func (e *Env) NeedsOf(sc *godog.Scenario) ([]Need, error) {
	tags, err := ScenarioTags(sc)
	if err != nil {
		return nil, err
	}
	return e.needsOf(sc, tags), nil
}

// needsOf is NeedsOf of a scenario whose tags are read.
func (e *Env) needsOf(sc *godog.Scenario, tags Tags) []Need {
	provider := e.scenarioProvider(sc)
	by := map[Capability]*Need{}
	add := func(c Capability, why string) {
		n := by[c]
		if n == nil {
			n = &Need{Capability: c}
			by[c] = n
		}
		if !slices.Contains(n.Steps, why) {
			n.Steps = append(n.Steps, why)
		}
	}
	for _, c := range tags.Needs {
		add(c, NeedsTagPrefix+string(c))
	}
	rules := e.needRules()
	for _, st := range sc.Steps {
		body := ""
		if st.Argument != nil && st.Argument.DocString != nil {
			body = st.Argument.DocString.Content
		}
		for _, r := range rules {
			for _, c := range r.match(st.Text, body, provider) {
				add(c, st.Text)
			}
		}
	}
	out := make([]Need, 0, len(by))
	for _, n := range by {
		out = append(out, *n)
	}
	slices.SortFunc(out, func(a, b Need) int { return cmp.Compare(a.Capability, b.Capability) })
	return out
}

// scenarioProvider is the provider a scenario's tags name (@weavr, a
// feature's tag), else the one its "I use the … API" step names.
func (e *Env) scenarioProvider(sc *godog.Scenario) string {
	for _, t := range sc.Tags {
		if v, ok := e.vocabulary(strings.TrimPrefix(t.Name, "@")); ok {
			return v.Name
		}
	}
	for _, st := range sc.Steps {
		if rest, ok := strings.CutPrefix(st.Text, "I use the "); ok {
			if title, ok := strings.CutSuffix(rest, " API"); ok {
				return e.providerNamed(title)
			}
		}
	}
	return ""
}

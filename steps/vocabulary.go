package steps

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/conformhq/conform/steps/pool"
	"github.com/conformhq/conform/steps/timing"
)

// Vocabulary is what a provider adds to the step library.
type Vocabulary struct {
	// Name is the provider's key: its URL prefix, feature folder, tag (@weavr), config section.
	Name string
	// Title is how scenarios write it: "Weavr" in `Given I use the Weavr API`.
	Title string
	// Register installs the provider's own steps.
	Register func(sc *ScenarioContext)
	// FixtureKinds are the kinds of fixture a config file may give under
	// providers.<name>.fixtures, for a deployment without the control API;
	// the run refuses any other kind, and the step library provisions no
	// undeclared one.
	FixtureKinds []string
	// Timings are the provider's named durations that its clock steps
	// advance by ("the sandbox clock advances by "lockoutPeriod - 1s""),
	// with the contract's defaults; a config file may declare a
	// deployment's own under providers.<name>.timings.
	Timings []timing.Timing
	// Limits are the provider's counts no reference fixes (contract rule
	// 7), which a deployment declares under providers.<p>.limits.
	Limits []Limit
	// TimingSetters are the provider's steps that set a timing for the rest
	// of their scenario (a sandbox setting, such as Fliqa's OTP lifetime).
	TimingSetters []timing.Setter
	// FixtureRules are what a config fixture of each kind must satisfy:
	// its fields, their forms, values that must differ across fixtures.
	// They are checked before the run (CheckFixtures) and written in the
	// README, a table per provider.
	FixtureRules map[string]pool.Rule
	// Needs are the rules that infer, before a scenario runs, what the
	// provider's own steps need of the target beyond its API: every step
	// that provisions a fixture needs fixture:<name>/<kind>, a step that
	// reads an OTP otp:<name>, and so on (see Capability). A scenario whose
	// needs the target does not offer is not applicable before its first
	// step; a step that needs a capability its vocabulary's rules do not
	// infer is a defect that the features package's completeness test finds.
	Needs []NeedRule
	// Credentials sets the provider's default request headers once its
	// credentials are known (from the scenario's sandbox or from the config
	// file); nil when none.
	Credentials func(w *World)
}

// Registers is a vocabulary's Register made of its groups of steps,
// installed in turn.
func Registers(groups ...func(sc *ScenarioContext)) func(sc *ScenarioContext) {
	return func(sc *ScenarioContext) {
		for _, g := range groups {
			g(sc)
		}
	}
}

// checkVocabularies refuses a vocabulary without a name or title, and two
// that a step's text could not tell apart: provider names are matched
// case-insensitively.
func checkVocabularies(vs []Vocabulary) error {
	seen := map[string]int{}
	for i, v := range vs {
		if v.Name == "" || v.Title == "" {
			return fmt.Errorf("a step vocabulary needs a name and a title (got name %q, title %q)", v.Name, v.Title)
		}
		for _, key := range []string{v.Name, v.Title} {
			k := strings.ToLower(key)
			if j, ok := seen[k]; ok && j != i {
				return fmt.Errorf("the step vocabularies %q and %q are both called %q", vs[j].Name, v.Name, key)
			}
			seen[k] = i
		}
	}
	return nil
}

// vocabulary is the vocabulary of a provider, by name.
func (e *Env) vocabulary(name string) (Vocabulary, bool) {
	for _, v := range e.Vocabularies {
		if v.Name == name {
			return v, true
		}
	}
	return Vocabulary{}, false
}

// providerPattern is the regexp alternation of the providers' titles (and
// names, where they differ from the titles by more than case), for the
// generic steps that name a provider. The steps apply it case-insensitively,
// as they always have: a scenario may write a title in lower case.
func (e *Env) providerPattern() string {
	var alts []string
	for _, v := range e.Vocabularies {
		alts = append(alts, regexp.QuoteMeta(v.Title))
		if !strings.EqualFold(v.Title, v.Name) {
			alts = append(alts, regexp.QuoteMeta(v.Name))
		}
	}
	return strings.Join(alts, "|")
}

// providerNamed is the name of the provider a step's text names by its
// title or its name, in any case.
func (e *Env) providerNamed(text string) string {
	for _, v := range e.Vocabularies {
		if strings.EqualFold(text, v.Title) || strings.EqualFold(text, v.Name) {
			return v.Name
		}
	}
	return strings.ToLower(text)
}

// titles lists the providers' titles, for messages.
func (e *Env) titles() string {
	ts := make([]string, len(e.Vocabularies))
	for i, v := range e.Vocabularies {
		ts[i] = v.Title
	}
	return strings.Join(ts, ", ")
}

package steps

import (
	"net/http"
	"strings"
	"time"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"

	"golang.org/x/sync/semaphore"
)

// Target is what the scenarios run against.
type Target struct {
	// Name is shown in reports: "built-in simulator" or a URL.
	Name string
	// Client sends every request; its Timeout bounds each one.
	Client *http.Client
	// Control is the root URL of conform's control API at the target, or
	// "" when the target has none: the scenarios that need a capability the
	// config does not offer are then not applicable (Env.Offer).
	Control string
	// ControlNote says what was found or decided about the control API,
	// for the console and the reports.
	ControlNote string
	// Config holds base URLs, credentials and pre-provisioned fixtures.
	Config *config.Config
}

// ControlTokenHeader carries the control token to conform's control API
// (the simulator's own name for it: simulator.ControlTokenHeader).
const ControlTokenHeader = "Conform-Control-Token"

// BaseURL is the base URL of a provider at the target.
func (t *Target) BaseURL(provider string) string { return t.Config.BaseURL(provider) }

// Env is what all scenarios of a run share: read-only once the run starts.
type Env struct {
	Target *Target
	// Specs are the provider specs, by provider name: those of the
	// versions under test.
	Specs map[string]*oas.Spec
	// Versions are the versions under test of the providers that have
	// several, by provider name; each scenario's sandbox is made to serve
	// them (the fixtures section `versions`).
	Versions map[string]string
	// Vocabularies are the providers' step vocabularies: the providers a
	// scenario may name, their own steps and their credential headers.
	Vocabularies []Vocabulary
	// Retries is how often a request that got no answer is sent again when
	// that cannot make the target act twice: an idempotent one, or one that
	// never had a connection (always tried twice); see roundTrip.
	Retries int
	// MaxRecorded bounds what an exchange keeps of each response body and
	// of its headers, in memory and in the reports (0:
	// DefaultMaxRecorded); the whole body is judged all the same.
	MaxRecorded int
	// Secrets are the run-wide secrets: the config file's credentials and
	// fixtures. Each World starts from a copy and adds what its scenario
	// learns; a scenario's secrets mask its own records, so that one
	// scenario's OTP ("482915") does not garble another's phone numbers.
	Secrets *redact.Secrets
	// MaxWait is how long a scenario may wait for real, in all, where the
	// target offers no control API to move its clock (--max-wait, config
	// maxWait); 0 never waits, and such scenarios are not applicable.
	MaxWait time.Duration
	// OnWait, when set, hears of each real wait as it ends: the clock
	// step's expression, when the wait began and when it ended. Tests see
	// the waits overlap through it.
	OnWait func(expr string, began, ended time.Time)
	// Pools lend the config's fixtures to the scenarios of a target
	// without the control API; internally synchronised, the one part of
	// Env that changes during a run.
	Pools *Pools
	// Gate keeps the scenarios that arm faults through the config's fault
	// hook alone with their provider; internally synchronised.
	Gate *Gate
	// judging bounds the bytes of large bodies being judged at once
	// across the run (JudgingBudget).
	judging *semaphore.Weighted
	// patterns are the step patterns compiled for this Env's scenarios.
	patterns *patterns
	// rules are the need rules (engine's and vocabularies'), compiled once
	// per Env rather than for every scenario.
	rules []NeedRule
}

// NewEnv prepares a run against a target with the providers' specs (by
// provider name) and vocabularies. Vocabularies that scenarios could not
// tell apart (the same name or title) are refused.
func NewEnv(t *Target, specs map[string]*oas.Spec, vocabularies []Vocabulary) (*Env, error) {
	if err := checkVocabularies(vocabularies); err != nil {
		return nil, err
	}
	e := &Env{Target: t, Specs: specs, Vocabularies: vocabularies, Secrets: &redact.Secrets{}, Pools: NewPools(t.Config), Gate: NewGate(), patterns: newPatterns(), judging: semaphore.NewWeighted(JudgingBudget)}
	e.rules = e.compileNeedRules()
	if e.Specs == nil {
		e.Specs = map[string]*oas.Spec{}
	}
	if t.Config != nil {
		w := &World{Secrets: e.Secrets}
		for _, p := range t.Config.Providers {
			if p == nil {
				continue
			}
			m := map[string]any{}
			for k, v := range p.Credentials {
				m[k] = v
			}
			w.learn(m)
			for _, pool := range p.Fixtures {
				for _, fx := range pool {
					w.learn(fx)
				}
			}
		}
		if h := t.Config.Faults; h != nil {
			// Whatever the names of the fault hook's headers, their
			// values are what authorises it.
			for _, v := range h.Headers {
				e.Secrets.Add(v)
				if _, cred, ok := strings.Cut(v, " "); ok {
					e.Secrets.Add(cred) // "Bearer <token>"
				}
			}
		}
	}
	return e, nil
}

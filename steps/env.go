package steps

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/browser"
	"github.com/conformhq/conform/steps/config"
	"github.com/conformhq/conform/steps/pool"

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
	// Versions are the versions under test of the run's providers, by
	// provider name: what the reports name, and which @version: tags apply.
	Versions map[string]string
	// SandboxVersions are those of Versions of the providers that have
	// several: each scenario's sandbox is made to serve them (the fixtures
	// section `versions`); a provider of one version needs no saying.
	SandboxVersions map[string]string
	// Newest are the specs of the newest versions of the providers whose
	// version under test is older, by provider name: an answer that breaks
	// the older spec but follows the newest is a warning (contract rule 6:
	// a current source documents it).
	Newest map[string]*oas.Spec
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
	Pools *pool.Pools
	// Gate keeps the scenarios that arm faults through the config's fault
	// hook alone with their provider; internally synchronised.
	Gate *pool.Gate
	// requests remembers when each provider was last sent a request, so
	// that a declared rate limit's window can be let pass; internally
	// synchronised, nil in an Env built without NewEnv (then unknown).
	requests *requestTimes
	// Browser drives hosted pages (the capability browser): the Chromium
	// found on PATH, started by the first scenario that needs it and
	// stopped by CloseBrowser; nil where none is installed. Internally
	// synchronised.
	Browser *browser.Browser
	// judging bounds the bytes of large bodies being judged at once
	// across the run (JudgingBudget).
	judging *semaphore.Weighted
	// patterns are the step patterns compiled for this Env's scenarios.
	patterns *patterns
	// rules are the need rules (engine's and vocabularies'), compiled once
	// per Env rather than for every scenario.
	rules []NeedRule
}

// EnvOptions are what a run decides for all its scenarios besides its
// target, given whole to NewEnv: the fields of Env of the same names.
type EnvOptions struct {
	Specs                     map[string]*oas.Spec
	Versions, SandboxVersions map[string]string
	// Newest are the newest versions' specs, for rule 6 (see Env.Newest).
	Newest       map[string]*oas.Spec
	Vocabularies []Vocabulary
	Retries      int
	MaxRecorded  int
	MaxWait      time.Duration
	OnWait       func(expr string, began, ended time.Time)
}

// NewEnv prepares a run against a target, whole: nothing is set after it.
// Vocabularies that scenarios could not tell apart (the same name or
// title) are refused.
func NewEnv(t *Target, o EnvOptions) (*Env, error) {
	if err := checkVocabularies(o.Vocabularies); err != nil {
		return nil, err
	}
	e := &Env{
		Target: t, Specs: o.Specs, Versions: o.Versions, SandboxVersions: o.SandboxVersions, Newest: o.Newest, Vocabularies: o.Vocabularies,
		Retries: o.Retries, MaxRecorded: o.MaxRecorded, MaxWait: o.MaxWait, OnWait: o.OnWait,
		Secrets: &redact.Secrets{}, Pools: pool.NewPools(t.Config), Gate: pool.NewGate(), requests: &requestTimes{last: map[string]time.Time{}}, patterns: newPatterns(),
		judging: semaphore.NewWeighted(JudgingBudget),
	}
	if path := browser.Find(); path != "" {
		e.Browser = browser.New(path)
	}
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

// requestTimes is when each provider was last sent a request in the run.
type requestTimes struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// noteRequest records a request to a provider, as it ends.
func (e *Env) noteRequest(provider string) {
	if e.requests == nil {
		return
	}
	e.requests.mu.Lock()
	defer e.requests.mu.Unlock()
	e.requests.last[provider] = time.Now()
}

// lastRequest is when the provider was last sent a request in the run
// (zero: never, or unknown).
func (e *Env) lastRequest(provider string) time.Time {
	if e.requests == nil {
		return time.Time{}
	}
	e.requests.mu.Lock()
	defer e.requests.mu.Unlock()
	return e.requests.last[provider]
}

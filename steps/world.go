package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/browser"
	"github.com/conformhq/conform/steps/pool"
	"github.com/conformhq/conform/steps/timing"
)

// World is one scenario's state.
type World struct {
	env *Env
	// Provider is the name of the provider requests go to ("Given I use
	// the <provider> API").
	Provider string
	// Sandbox is the scenario's sandbox at the target ("" without control).
	Sandbox string
	// Credentials are the provider credentials of the scenario, by provider.
	Credentials map[string]map[string]any
	vars        map[string]string
	headers     map[string]http.Header     // default headers, per provider
	omit        map[string]map[string]bool // headers a step removed, per provider
	Secrets     *redact.Secrets
	last        *Response
	// leases are the config fixtures the scenario holds, by provider/kind.
	leases map[string]*pool.Lease
	// gate is the scenario's hold on the run's Gate, when it has one.
	gate *pool.GateHold
	// rateLimit is the rate limit the scenario provokes, once in force;
	// lastRequest is its last request, which a step may send again.
	rateLimit   *rateLimitInForce
	lastRequest *sentRequest
	// tab is the scenario's browser tab, opened by its first page step.
	tab *browser.Tab

	mu        sync.Mutex
	exchanges []Exchange
	warnings  []Warning
	// expects429: the scenario is about a 429 (tagged @status:429), so a
	// 429 is its answer, never a reason to wait and send again.
	expects429 bool
	// erred: the last request got no answer, or a control call failed.
	erred bool
	// NotApplicable says why the scenario cannot run against this target.
	NotApplicable string
	// Missing are the capabilities the scenario needs and the target does
	// not offer, found before its first step; empty when it ran (a step may
	// still find it not applicable, with NotApplicable only).
	Missing []Missing
	// Steps holds godog's verdict on each step, by pickle step id.
	Steps map[string]StepResult
	// scenarioProvider is the provider the scenario's tags name.
	scenarioProvider string
	// timings are those set by the scenario's steps (SetTiming).
	timings timing.Durations
	// lastSent and lastAnswered frame the last request to the target, for
	// real waits; waited is the scenario's real wait so far.
	lastSent, lastAnswered time.Time
	waited                 time.Duration
	Started                time.Time
	Duration               time.Duration
	stepStart              time.Time
}

type worldKey struct{}

// WorldFrom returns the scenario's World.
func WorldFrom(ctx context.Context) *World {
	w, _ := ctx.Value(worldKey{}).(*World)
	return w
}

func newWorld(env *Env) *World {
	return &World{
		env:         env,
		Credentials: map[string]map[string]any{},
		vars:        map[string]string{},
		headers:     map[string]http.Header{},
		omit:        map[string]map[string]bool{},
		Secrets:     env.Secrets.Clone(),
		Steps:       map[string]StepResult{},
		leases:      map[string]*pool.Lease{},
	}
}

// Exchanges returns the HTTP exchanges recorded so far, redacted.
func (w *World) Exchanges() []Exchange {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Exchange(nil), w.exchanges...)
}

func (w *World) record(x Exchange) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.exchanges = append(w.exchanges, x)
}

// Target is what the scenario runs against.
func (w *World) Target() *Target { return w.env.Target }

// HasControl reports whether the target offers the control API.
func (w *World) HasControl() bool { return w.env.Target.Control != "" }

// Set stores a variable for {{name}} interpolation.
func (w *World) Set(name, value string) {
	w.vars[name] = value
	if redact.IsSecretName(name) {
		w.Secrets.Add(value)
	}
}

// Get returns a variable.
func (w *World) Get(name string) (string, bool) {
	v, ok := w.vars[name]
	return v, ok
}

var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}`)

// Expand replaces {{name}} with the scenario's variables; an unknown name is
// an error, so that a typo cannot silently send an empty value.
func (w *World) Expand(s string) (string, error) {
	var missing []string
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		if v, ok := w.vars[name]; ok {
			return v
		}
		missing = append(missing, name)
		return m
	})
	if len(missing) > 0 {
		known := make([]string, 0, len(w.vars))
		for k := range w.vars {
			known = append(known, k)
		}
		sort.Strings(known)
		return "", fmt.Errorf("unknown variable {{%s}} (known: %s)", strings.Join(missing, "}}, {{"), strings.Join(known, ", "))
	}
	return out, nil
}

// SetHeader sets a header sent on every request to the provider.
func (w *World) SetHeader(provider, name, value string) {
	if w.headers[provider] == nil {
		w.headers[provider] = http.Header{}
	}
	w.headers[provider].Set(name, value)
	if w.omit[provider] != nil {
		delete(w.omit[provider], http.CanonicalHeaderKey(name))
	}
}

// HasHeader reports whether SetHeader gave the provider a default header of
// this name: a step that needs a bearer token checks that one was given.
func (w *World) HasHeader(provider, name string) bool {
	_, set := w.headers[provider][http.CanonicalHeaderKey(name)]
	return set
}

// BaseURL is the base URL of a provider at the target, for the pages and
// links a provider's answers point to.
func (w *World) BaseURL(provider string) string { return w.env.Target.BaseURL(provider) }

// OmitHeader stops a header from being sent to the provider.
func (w *World) OmitHeader(provider, name string) {
	if w.omit[provider] == nil {
		w.omit[provider] = map[string]bool{}
	}
	w.omit[provider][http.CanonicalHeaderKey(name)] = true
}

// Credential returns a string credential of a provider ("apiKey").
func (w *World) Credential(provider, name string) (string, bool) {
	v, ok := w.Credentials[provider][name].(string)
	return v, ok && v != ""
}

// SetCredentials records a provider's credentials and remembers their
// values as secrets.
func (w *World) SetCredentials(provider string, raw json.RawMessage) error {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("%s credentials: %w", provider, err)
	}
	if w.Credentials[provider] == nil {
		w.Credentials[provider] = map[string]any{}
	}
	for k, v := range m {
		w.Credentials[provider][k] = v
	}
	w.learn(m)
	return nil
}

// learn remembers as secrets the string values found under secret-looking
// keys (apiKey, password, clientSecret, token...), at any depth. Other
// values (ids, e-mails, scopes) stay readable in reports.
func (w *World) learn(v any) { w.learnUnder("", v) }

func (w *World) learnUnder(key string, v any) {
	switch t := v.(type) {
	case string:
		if redact.IsSecretName(key) {
			w.Secrets.Add(t)
		}
	case map[string]any:
		for k, x := range t {
			w.learnUnder(k, x)
		}
	case []any:
		for _, x := range t {
			w.learnUnder(key, x)
		}
	}
}

// ErrNotApplicable marks a scenario that cannot run against this target.
var ErrNotApplicable = errors.New("not applicable")

// NotApplicablef marks the scenario not applicable and returns the error a
// step returns to stop it: godog skips the remaining steps, and the run
// reports the scenario as not applicable with the reason, never as passed.
func (w *World) NotApplicablef(format string, args ...any) error {
	w.NotApplicable = fmt.Sprintf(format, args...)
	return fmt.Errorf("%w: %s: %w", ErrNotApplicable, w.NotApplicable, godog.ErrSkip)
}

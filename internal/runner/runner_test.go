package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/conformhq/conform/internal/hostile"
	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// writeFeatures writes feature files (path -> content) into a fresh
// folder and returns it.
func writeFeatures(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A wrong password for an unknown e-mail is refused with 403 in every
// sandbox, generated or default: these scenarios need no known user.
const loginRefused = `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      {"email":"nobody@example.com","password":{"value":"wrong-password"}}
      """
`

const mixedFeature = `@weavr
Feature: login outcomes

  @op:loginWithPassword @status:403
  Scenario: passing
` + loginRefused + `    Then the response status should be 403

  Scenario: failing
` + loginRefused + `    Then the response status should be 200

  @needs-control @op:loginWithPassword @status:403
  Scenario: needs control
    Given the sandbox clock advances by "1m"
` + loginRefused + `    Then the response status should be 403

  Scenario: uses control without the tag
    Given the sandbox clock advances by "1m"
` + loginRefused + `    Then the response status should be 403
`

// outcomes maps scenario names to outcomes.
func outcomes(run *reports.Run) map[string]reports.Scenario {
	out := map[string]reports.Scenario{}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			out[s.Name] = s
		}
	}
	return out
}

func runFeatures(t *testing.T, target *steps.Target, dir string, opts Plan) *reports.Run {
	t.Helper()
	env, err := NewEnv(target, all.Providers(), EnvChoice{})
	if err != nil {
		t.Fatal(err)
	}
	if opts.Providers == nil {
		opts.Providers = all.Providers()
	}
	opts.Features = os.DirFS(dir)
	run, err := Run(context.Background(), env, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return run
}

// noControlTarget serves the simulator (with its default sandbox) in
// process, but offers no control API: credentials come from the config.
func noControlTarget(t *testing.T) *steps.Target {
	t.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	return &steps.Target{
		Name:   "simulator without control",
		Client: &http.Client{Transport: handlerTransport{sim}, Timeout: 10 * time.Second},
		Config: &config.Config{
			Target: "http://sim.test",
			Providers: map[string]*config.Provider{
				"weavr": {Credentials: map[string]string{"apiKey": "weavr-demo-api-key"}},
			},
		},
	}
}

func TestRunOutcomes(t *testing.T) {
	builtIn, err := BuiltIn(all.Providers(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		outcome reports.Outcome
		reason  string // substring
	}
	tests := []struct {
		name   string
		target *steps.Target
		want   map[string]want
	}{
		{
			name:   "built-in simulator with control",
			target: builtIn,
			want: map[string]want{
				"passing":                      {reports.Passed, ""},
				"failing":                      {reports.Failed, "expected status 200, got 403"},
				"needs control":                {reports.Passed, ""},
				"uses control without the tag": {reports.Passed, ""},
			},
		},
		{
			name:   "target without control",
			target: noControlTarget(t),
			want: map[string]want{
				"passing":                      {reports.Passed, ""},
				"failing":                      {reports.Failed, "expected status 200, got 403"},
				"needs control":                {reports.NotApplicable, "needs clock (--max-wait D, config maxWait, at least the scenario's total wait from providers.<p>.timings)"},
				"uses control without the tag": {reports.NotApplicable, "needs clock (--max-wait D, config maxWait, at least the scenario's total wait from providers.<p>.timings)"},
			},
		},
	}
	dir := writeFeatures(t, map[string]string{"weavr/login.feature": mixedFeature})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := runFeatures(t, tc.target, dir, Plan{})
			got := outcomes(run)
			if len(got) != len(tc.want) {
				t.Fatalf("ran %d scenarios, want %d: %v", len(got), len(tc.want), slices.Collect(maps.Keys(got)))
			}
			for name, w := range tc.want {
				s, ok := got[name]
				if !ok {
					t.Errorf("scenario %q did not run", name)
					continue
				}
				if s.Outcome != w.outcome {
					t.Errorf("%q: outcome %s (%s), want %s", name, s.Outcome, s.Reason, w.outcome)
				}
				if !strings.Contains(s.Reason, w.reason) {
					t.Errorf("%q: reason %q, want it to contain %q", name, s.Reason, w.reason)
				}
				if w.outcome != reports.Passed && s.Reason == "" {
					t.Errorf("%q: %s without a reason", name, s.Outcome)
				}
				if s.Provider != "weavr" {
					t.Errorf("%q: provider %q, want weavr", name, s.Provider)
				}
			}
			totals := reports.CountScenarios(run)
			if totals.Passed+totals.Failed+totals.NotApplicable != totals.Scenarios {
				t.Errorf("totals do not add up: %+v", totals)
			}
			// A scenario that did not run is never counted as passed.
			for name, s := range got {
				if s.Outcome == reports.Passed {
					for _, st := range s.Steps {
						if st.Status != reports.StepPassed {
							t.Errorf("%q passed with step %q %s", name, st.Text, st.Status)
						}
					}
				}
			}
			pass := got["passing"]
			if len(pass.Exchanges) != 1 || pass.Exchanges[0].Status != 403 || len(pass.Exchanges[0].Violations) != 0 {
				t.Errorf("passing scenario's exchanges = %+v, want one conforming 403", pass.Exchanges)
			}
			if !slices.Equal(pass.Operations, []string{"loginWithPassword"}) || !slices.Equal(pass.Statuses, []int{403}) {
				t.Errorf("passing scenario covers %v %v, want loginWithPassword 403", pass.Operations, pass.Statuses)
			}
		})
	}
}

func TestRunStrictness(t *testing.T) {
	tests := []struct {
		name    string
		feature string
		want    reports.Outcome
		reason  string
	}{
		{
			name: "undefined step",
			feature: `Feature: f
  Scenario: s
    Given I use the Weavr API
    When I do something nobody defined
    Then the response status should be 200
`,
			want:   reports.Failed,
			reason: "no step definition matches",
		},
		{
			name: "assertion without a request",
			feature: `Feature: f
  Scenario: s
    Given I use the Weavr API
    Then the response status should be 200
`,
			want:   reports.Failed,
			reason: "no response to check",
		},
		{
			name: "unknown variable",
			feature: `Feature: f
  Scenario: s
    Given I use the Weavr API
    When I send a GET request to "/identities?type={{nope}}"
`,
			want:   reports.Failed,
			reason: "unknown variable {{nope}}",
		},
		{
			name: "request without a provider",
			feature: `Feature: f
  Scenario: s
    When I send a GET request to "/identities"
`,
			want:   reports.Failed,
			reason: "no provider chosen",
		},
		{
			name: "fault for an undocumented status",
			feature: `Feature: f
  Scenario: s
    Given I use the Fiskil API
    And the next call to Fiskil "createToken" answers with status 418
`,
			// The control API refused the fault: the scenario could not be
			// judged, which is no verdict on the target.
			want:   reports.Errored,
			reason: "does not document status 418",
		},
	}
	target, err := BuiltIn(all.Providers(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFeatures(t, map[string]string{"weavr/f.feature": tc.feature})
			run := runFeatures(t, target, dir, Plan{})
			got := outcomes(run)
			s, ok := got["s"]
			if !ok || len(got) != 1 {
				t.Fatalf("want exactly scenario s, got %v", got)
			}
			if s.Outcome != tc.want {
				t.Errorf("outcome %s, want %s (reason %q)", s.Outcome, tc.want, s.Reason)
			}
			if !strings.Contains(s.Reason, tc.reason) {
				t.Errorf("reason %q, want it to contain %q", s.Reason, tc.reason)
			}
		})
	}
}

func TestRunTagsAndProviders(t *testing.T) {
	dir := writeFeatures(t, map[string]string{
		"weavr/a.feature": "@weavr\nFeature: a\n  @smoke\n  Scenario: weavr smoke\n" + loginRefused + "    Then the response status should be 403\n\n  Scenario: weavr other\n" + loginRefused + "    Then the response status should be 403\n",
		"fiskil/b.feature": `@fiskil
Feature: b
  @smoke
  Scenario: fiskil smoke
    Given I use the Fiskil API
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id":"nope","client_secret":"nope"}
      """
    Then the response status should be 401
    And the JSON at "name" should be "unauthorized"
`,
	})
	target, err := BuiltIn(all.Providers(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Plan
		want []string
	}{
		{"all", Plan{}, []string{"fiskil smoke", "weavr other", "weavr smoke"}},
		{"tag", Plan{Tags: "@smoke"}, []string{"fiskil smoke", "weavr smoke"}},
		{"negated tag", Plan{Tags: "~@smoke"}, []string{"weavr other"}},
		{"provider", Plan{Only: []string{"fiskil"}}, []string{"fiskil smoke"}},
		{"provider and tag", Plan{Only: []string{"weavr"}, Tags: "@smoke"}, []string{"weavr smoke"}},
		{"concurrency 1", Plan{Concurrency: 1}, []string{"fiskil smoke", "weavr other", "weavr smoke"}},
		{"or and not", Plan{Tags: "@fiskil,~@smoke"}, []string{"fiskil smoke", "weavr other"}},
		{"and", Plan{Tags: "@weavr && @smoke"}, []string{"weavr smoke"}},
		{"cucumber's not", Plan{Tags: "not @smoke"}, []string{"weavr other"}},
		{"cucumber's and, or, parentheses", Plan{Tags: "(@fiskil or @weavr) and @smoke"}, []string{"fiskil smoke", "weavr smoke"}},
		{"picked by file", Plan{Lines: map[string][]int{"weavr/a.feature": {0}}}, []string{"weavr other", "weavr smoke"}},
		{"picked by a step's line", Plan{Lines: map[string][]int{"features/weavr/a.feature": {5}}}, []string{"weavr smoke"}},
		{"picked, and tags", Plan{Lines: map[string][]int{"weavr/a.feature": {0}}, Tags: "not @smoke"}, []string{"weavr other"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			tc.opts.Progress = rec
			run := runFeatures(t, target, dir, tc.opts)
			got := outcomes(run)
			names := slices.Sorted(maps.Keys(got))
			if !slices.Equal(names, tc.want) {
				t.Fatalf("ran %v, want %v", names, tc.want)
			}
			// The count announced before the run is the run's selection.
			if rec.total != len(tc.want) || len(rec.scenarios) != len(tc.want) {
				t.Errorf("progress announced %d and reported %d scenarios, want %d", rec.total, len(rec.scenarios), len(tc.want))
			}
			for n, s := range got {
				if s.Outcome != reports.Passed {
					t.Errorf("%q: %s: %s", n, s.Outcome, s.Reason)
				}
			}
		})
	}
}

// recorder is a Progress that keeps what it hears.
type recorder struct {
	total     int
	scenarios []string
	features  []string
}

func (r *recorder) Start(total int) { r.total = total }
func (r *recorder) Scenario(uri string, s reports.Scenario) {
	r.scenarios = append(r.scenarios, uri+": "+s.Name)
}
func (r *recorder) Feature(f reports.Feature) { r.features = append(r.features, f.URI) }

// breaking wraps a handler and lets mutate rewrite the responses of the
// provider APIs (not the control API) before they are sent.
func breaking(h http.Handler, mutate func(r *http.Request, hdr http.Header, body []byte) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		hdr := rec.Header().Clone()
		body := rec.Body.Bytes()
		if !strings.HasPrefix(r.URL.Path, "/_control") {
			body = mutate(r, hdr, body)
		}
		hdr.Del("Content-Length")
		maps.Copy(w.Header(), hdr)
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

func TestRunAgainstContractBreakingServer(t *testing.T) {
	feature := map[string]string{
		"weavr/login.feature":      "@weavr\nFeature: login\n  Scenario: weavr refused\n" + loginRefused + "    Then the response status should be 403\n",
		"weavr/identities.feature": "@weavr\nFeature: identities\n  Scenario: weavr unauthenticated\n    Given I use the Weavr API\n    When I send a GET request to \"/identities\"\n    Then the response status should be 401\n",
		"fiskil/token.feature": `@fiskil
Feature: token
  Scenario: fiskil refused
    Given I use the Fiskil API
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id":"nope","client_secret":"nope"}
      """
    Then the response status should be 401
`,
	}
	tests := []struct {
		name     string
		mutate   func(r *http.Request, hdr http.Header, body []byte) []byte
		scenario string
		want     []string // in the violation and the scenario's reason
	}{
		{
			name: "weavr response without request-ref",
			mutate: func(r *http.Request, hdr http.Header, body []byte) []byte {
				hdr.Del("request-ref")
				return body
			},
			// Login's inline 403 documents no request-ref (contract v2); a
			// 401 does.
			scenario: "weavr unauthenticated",
			want:     []string{"userIdentities 401", "header request-ref", "required header is missing"},
		},
		{
			name: "fiskil error field of the wrong type",
			mutate: func(r *http.Request, hdr http.Header, body []byte) []byte {
				return bytes.Replace(body, []byte(`"fault":false`), []byte(`"fault":"false"`), 1)
			},
			scenario: "fiskil refused",
			want:     []string{"fiskil createToken 401", "/fault", "must be a boolean"},
		},
		{
			// goa-error is optional since contract v2 (goa sets it only on
			// declared errors); the error's name is not.
			name: "fiskil error without its name",
			mutate: func(r *http.Request, hdr http.Header, body []byte) []byte {
				return bytes.Replace(body, []byte(`"name":"unauthorized",`), nil, 1)
			},
			scenario: "fiskil refused",
			want:     []string{"fiskil createToken 401", "/name", "missing"},
		},
		{
			name: "weavr 403 with a body",
			mutate: func(r *http.Request, hdr http.Header, body []byte) []byte {
				if strings.HasPrefix(r.URL.Path, "/weavr/") {
					hdr.Set("Content-Type", "application/json")
					return []byte(`{"message":"forbidden"}`)
				}
				return body
			},
			scenario: "weavr refused",
			want:     []string{"loginWithPassword 403", "a body is present where the spec declares none"},
		},
	}
	dir := writeFeatures(t, feature)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(breaking(sim, tc.mutate))
			defer srv.Close()
			target, err := Remote(context.Background(), &config.Config{Target: srv.URL, Control: "auto"}, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if target.Control == "" {
				t.Fatal("the simulator's control API was not detected")
			}
			run := runFeatures(t, target, dir, Plan{})
			s, ok := outcomes(run)[tc.scenario]
			if !ok {
				t.Fatalf("scenario %q did not run", tc.scenario)
			}
			if s.Outcome != reports.Failed {
				t.Fatalf("outcome %s, want failed: a contract-breaking response passed", s.Outcome)
			}
			var violations []string
			for _, x := range s.Exchanges {
				violations = append(violations, x.Violations...)
			}
			all := strings.Join(violations, "\n")
			for _, p := range tc.want {
				if !strings.Contains(all, p) {
					t.Errorf("violations do not name %q:\n%s", p, all)
				}
				if !strings.Contains(s.Reason, p) {
					t.Errorf("reason does not name %q: %s", p, s.Reason)
				}
			}
			// The failing step is the request, not the assertion after it.
			for _, st := range s.Steps {
				if strings.HasPrefix(st.Text, "I send") && st.Status != reports.StepFailed {
					t.Errorf("request step %q is %s, want failed", st.Text, st.Status)
				}
			}
		})
	}
}

// counting counts the sandboxes the harness creates and deletes.
type counting struct {
	h                http.Handler
	created, deleted atomic.Int32
	mu               sync.Mutex
	apiKeys          map[string]bool // weavr api keys seen
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/_control/sandboxes":
		c.created.Add(1)
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/_control/sandboxes/") && strings.Count(r.URL.Path, "/") == 3:
		c.deleted.Add(1)
	}
	if k := r.Header.Get("api-key"); k != "" {
		c.mu.Lock()
		c.apiKeys[k] = true
		c.mu.Unlock()
	}
	c.h.ServeHTTP(w, r)
}

func TestRunAgainstSeparateServerWithControl(t *testing.T) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	cnt := &counting{h: sim, apiKeys: map[string]bool{}}
	srv := httptest.NewServer(cnt)
	defer srv.Close()
	target, err := Remote(context.Background(), &config.Config{Target: srv.URL, Control: "auto"}, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if target.Control != srv.URL {
		t.Fatalf("control = %q, want %q", target.Control, srv.URL)
	}
	// Each scenario allows one request per hour and then sends two: the
	// second is rate limited. Sharing a sandbox (or an api key) with the
	// other scenario would rate-limit its first request too.
	limited := "  @needs-control\n  Scenario: %s\n    Given the sandbox allows 1 request per \"1h\" for each api key\n" + loginRefused +
		"    Then the response status should be 403\n" +
		"    When I send a POST request to \"/login_with_password\" with body:\n      \"\"\"\n      {\"email\":\"nobody@example.com\",\"password\":{\"value\":\"x\"}}\n      \"\"\"\n" +
		"    Then the response status should be 429\n    And the response should have the header \"x-ratelimit-reset\"\n"
	feature := "@weavr\nFeature: sandboxes\n" +
		strings.Replace(limited, "%s", "first", 1) + "\n" +
		strings.Replace(limited, "%s", "second", 1) + "\n" +
		strings.Replace(limited, "%s", "third", 1)
	dir := writeFeatures(t, map[string]string{
		"weavr/sandboxes.feature": feature,
		"weavr/login.feature":     mixedFeature,
	})
	run := runFeatures(t, target, dir, Plan{Concurrency: 2})
	got := outcomes(run)
	for _, name := range []string{"first", "second", "third", "passing", "needs control", "uses control without the tag"} {
		if s := got[name]; s.Outcome != reports.Passed {
			t.Errorf("%q: %s: %s", name, s.Outcome, s.Reason)
		}
	}
	if s := got["failing"]; s.Outcome != reports.Failed {
		t.Errorf("failing: %s, want failed", s.Outcome)
	}
	if n := int(cnt.created.Load()); n != len(got) {
		t.Errorf("%d sandboxes created for %d scenarios", n, len(got))
	}
	if c, d := cnt.created.Load(), cnt.deleted.Load(); c != d {
		t.Errorf("%d sandboxes created but %d deleted", c, d)
	}
	resp, err := http.Get(srv.URL + "/_control/sandboxes")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Sandboxes []string `json:"sandboxes"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(list.Sandboxes, []string{simulator.DefaultSandbox}) {
		t.Errorf("sandboxes left after the run: %v", list.Sandboxes)
	}
	// Every scenario used its own api key: none was the default sandbox's.
	cnt.mu.Lock()
	defer cnt.mu.Unlock()
	if cnt.apiKeys["weavr-demo-api-key"] {
		t.Error("a scenario used the default sandbox's api key")
	}
	if len(cnt.apiKeys) != len(got) {
		t.Errorf("%d distinct api keys for %d scenarios", len(cnt.apiKeys), len(got))
	}
}

func TestRemote(t *testing.T) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	withControl := httptest.NewServer(sim)
	defer withControl.Close()
	// A server whose /_control is not conform's: a 404 there.
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_control") {
			http.NotFound(w, r)
			return
		}
		sim.ServeHTTP(w, r)
	}))
	defer plain.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	// drop closes the connection without an answer, as a lossy network does.
	drop := func(w http.ResponseWriter) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}
	var probes atomic.Int32
	lostFirstProbe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_control") && probes.Add(1) == 1 {
			drop(w)
			return
		}
		sim.ServeHTTP(w, r)
	}))
	defer lostFirstProbe.Close()
	controlNeverAnswers := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_control") {
			drop(w)
			return
		}
		sim.ServeHTTP(w, r)
	}))
	defer controlNeverAnswers.Close()
	// A failing or throttling control API says nothing about whether it is
	// there: retried, and an error when it persists, never "absent".
	probe503 := httptest.NewServer(hostile.Status("/_control", http.StatusServiceUnavailable, 0, sim))
	defer probe503.Close()
	probe429 := httptest.NewServer(hostile.Status("/_control", http.StatusTooManyRequests, 0, sim))
	defer probe429.Close()
	probe503Once := httptest.NewServer(hostile.Status("/_control", http.StatusServiceUnavailable, 1, sim))
	defer probe503Once.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	defer slow.Close()

	tests := []struct {
		name        string
		cfg         *config.Config
		wantControl string
		wantNote    string
		wantErr     string
	}{
		{name: "auto detects control", cfg: &config.Config{Target: withControl.URL, Control: "auto"}, wantControl: withControl.URL, wantNote: "found"},
		{name: "control no", cfg: &config.Config{Target: withControl.URL, Control: "no"}, wantNote: "control: no"},
		{name: "auto without control", cfg: &config.Config{Target: plain.URL, Control: "auto"}, wantNote: "absent (GET " + plain.URL + "/_control/sandboxes answered 404"},
		{name: "control yes is trusted", cfg: &config.Config{Target: plain.URL, Control: "yes"}, wantControl: plain.URL, wantNote: "control: yes"},
		{name: "a lost first probe is retried", cfg: &config.Config{Target: lostFirstProbe.URL, Control: "auto"}, wantControl: lostFirstProbe.URL, wantNote: "found"},
		{name: "a control probe never answered stops the run", cfg: &config.Config{Target: controlNeverAnswers.URL, Control: "auto"}, wantErr: "could not tell whether"},
		{name: "a 503 to every probe stops the run", cfg: &config.Config{Target: probe503.URL, Control: "auto"}, wantErr: "answered 503 Service Unavailable to each of 3 attempts"},
		{name: "a 429 to every probe stops the run", cfg: &config.Config{Target: probe429.URL, Control: "auto"}, wantErr: "answered 429 Too Many Requests to each of 3 attempts"},
		{name: "one 503 is retried", cfg: &config.Config{Target: probe503Once.URL, Control: "auto"}, wantControl: probe503Once.URL, wantNote: "found"},
		{name: "slow is not unreachable", cfg: &config.Config{Target: slow.URL, Control: "auto"}, wantErr: "is slow"},
		{name: "base URL only", cfg: &config.Config{Control: "auto", Providers: map[string]*config.Provider{"fiskil": {BaseURL: withControl.URL + "/fiskil"}}}},
		{name: "unreachable", cfg: &config.Config{Target: closedURL, Control: "auto"}, wantErr: "unreachable"},
		{name: "no target", cfg: &config.Config{Control: "auto"}, wantErr: "no target"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			timeout := 5 * time.Second
			if tc.cfg.Target == slow.URL {
				timeout = 100 * time.Millisecond
			}
			target, err := Remote(context.Background(), tc.cfg, timeout)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if target.Control != tc.wantControl {
				t.Errorf("Control = %q, want %q", target.Control, tc.wantControl)
			}
			if !strings.Contains(target.ControlNote, tc.wantNote) {
				t.Errorf("ControlNote = %q, want %q in it", target.ControlNote, tc.wantNote)
			}
			if target.Name == "" || target.Client == nil || target.Client.Timeout != 5*time.Second {
				t.Errorf("target = %+v", target)
			}
		})
	}
}

// tinySpec is a hand-written weavr-like spec: error codes per operation in
// errorCode.
const tinySpec = `openapi: 3.0.3
info: {title: tiny, version: "1"}
paths:
  /a:
    post:
      operationId: opA
      responses:
        "200": {description: ok}
        "403": {description: forbidden}
        "409":
          description: conflict
          content:
            application/json:
              schema:
                type: object
                properties:
                  errorCode: {type: string, enum: [ONE, TWO]}
  /b:
    get:
      operationId: opB
      responses:
        "200": {description: ok}
`

func TestCoverageExact(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(tinySpec))
	if err != nil {
		t.Fatal(err)
	}
	spec, err := oas.New("weavr", doc)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := oas.Parse("fiskil", []byte("openapi: 3.0.3\ninfo: {title: empty, version: '1'}\npaths: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	list := provider.List{
		specOnly("weavr", spec, provider.ErrorCode{Property: "errorCode", PerOperation: true}),
		specOnly("fiskil", empty, provider.ErrorCode{}),
	}
	scenario := func(tags string) string {
		return "Feature: f\n  " + tags + "\n  Scenario: s\n    Given I use the Weavr API\n"
	}
	tests := []struct {
		name     string
		features map[string]string
		want     []string
	}{
		{
			name:     "nothing covered",
			features: map[string]string{},
			want:     []string{"@weavr @op:opA @status:200", "@weavr @op:opA @status:403", "@weavr @op:opA @status:409", "@weavr @op:opA @status:409 @code:ONE", "@weavr @op:opA @status:409 @code:TWO", "@weavr @op:opB @status:200"},
		},
		{
			name: "some codes covered",
			features: map[string]string{
				"weavr/a.feature": scenario("@op:opA @status:200"),
				"weavr/b.feature": scenario("@op:opA @status:409 @code:TWO"),
			},
			want: []string{"@weavr @op:opA @status:403", "@weavr @op:opA @status:409 @code:ONE", "@weavr @op:opB @status:200"},
		},
		{
			name: "feature-level tags apply to every scenario",
			features: map[string]string{
				"weavr/a.feature": "@op:opB\nFeature: f\n  @status:200\n  Scenario: s\n    Given I use the Weavr API\n",
			},
			want: []string{"@weavr @op:opA @status:200", "@weavr @op:opA @status:403", "@weavr @op:opA @status:409", "@weavr @op:opA @status:409 @code:ONE", "@weavr @op:opA @status:409 @code:TWO"},
		},
		{
			name: "op without status covers nothing",
			features: map[string]string{
				"weavr/a.feature": scenario("@op:opB"),
			},
			want: []string{"@weavr @op:opA @status:200", "@weavr @op:opA @status:403", "@weavr @op:opA @status:409", "@weavr @op:opA @status:409 @code:ONE", "@weavr @op:opA @status:409 @code:TWO", "@weavr @op:opB @status:200"},
		},
		{
			name: "tags under another provider's folder do not count",
			features: map[string]string{
				"fiskil/a.feature": scenario("@op:opB @status:200"),
			},
			want: []string{"@weavr @op:opA @status:200", "@weavr @op:opA @status:403", "@weavr @op:opA @status:409", "@weavr @op:opA @status:409 @code:ONE", "@weavr @op:opA @status:409 @code:TWO", "@weavr @op:opB @status:200"},
		},
		{
			name: "everything covered",
			features: map[string]string{
				"weavr/a.feature": scenario("@op:opA @status:200 @status:403"),
				"weavr/b.feature": scenario("@op:opA @status:409 @code:ONE @code:TWO"),
				"weavr/c.feature": scenario("@op:opB @status:200"),
			},
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFeatures(t, tc.features)
			gaps, err := Coverage(list, os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range gaps {
				got = append(got, g.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("gaps:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// specOnly is a provider of which coverage needs only the spec and the
// error-code property.
func specOnly(name string, spec *oas.Spec, codes provider.ErrorCode) provider.Descriptor {
	return provider.Descriptor{
		Name:      name,
		Versions:  []provider.Version{{Name: "1", Spec: func() (*oas.Spec, error) { return spec, nil }}},
		ErrorCode: codes,
	}
}

func TestCoverageRealSpecs(t *testing.T) {
	specs, err := all.Providers().Specs()
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFeatures(t, map[string]string{
		"weavr/login.feature": `@weavr
Feature: login
  @op:loginWithPassword @status:403
  Scenario: refused
    Given I use the Weavr API

  @op:userIdentities @status:409 @code:STATE_INVALID
  Scenario: conflict
    Given I use the Weavr API
`,
		"fliqa/login.feature": `@fliqa
Feature: login
  @op:consentGetOtp @status:400 @code:email_invalid
  Scenario: bad e-mail
    Given I use the Fliqa API
`,
		"fiskil/token.feature": `@fiskil
Feature: token
  @op:createToken @status:400 @code:missing_field
  Scenario: missing field
    Given I use the Fiskil API
`,
	})
	gaps, err := Coverage(all.Providers(), os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	has := map[Gap]bool{}
	for _, g := range gaps {
		if has[g] {
			t.Errorf("gap %s listed twice", g)
		}
		has[g] = true
	}
	tests := []struct {
		name string
		gap  Gap
		want bool
	}{
		{"covered status", Gap{Provider: "weavr", Version: "3.63", Operation: "loginWithPassword", Status: 403}, false},
		{"covered status with code", Gap{Provider: "weavr", Version: "3.63", Operation: "userIdentities", Status: 409}, false},
		{"covered code", Gap{Provider: "weavr", Version: "3.63", Operation: "userIdentities", Status: 409, Code: "STATE_INVALID"}, false},
		{"uncovered status", Gap{Provider: "weavr", Version: "3.63", Operation: "loginWithPassword", Status: 200}, true},
		{"uncovered status of a covered op", Gap{Provider: "weavr", Version: "3.63", Operation: "userIdentities", Status: 401}, true},
		{"uncovered weavr code", Gap{Provider: "weavr", Version: "3.63", Operation: "passwordUpdate", Status: 409, Code: "PASSWORD_TOO_SHORT"}, true},
		{"covered fliqa status", Gap{Provider: "fliqa", Operation: "consentGetOtp", Status: 400}, false},
		{"covered fliqa subcode (provider-wide)", Gap{Provider: "fliqa", Code: "email_invalid"}, false},
		{"uncovered fliqa subcode", Gap{Provider: "fliqa", Code: "invalid_pin"}, true},
		{"fliqa subcodes are not per operation", Gap{Provider: "fliqa", Operation: "consentGetOtp", Status: 400, Code: "phone_number_invalid"}, false},
		{"covered fiskil name", Gap{Provider: "fiskil", Operation: "createToken", Status: 400, Code: "missing_field"}, false},
		{"uncovered fiskil name narrowed by allOf", Gap{Provider: "fiskil", Operation: "createToken", Status: 400, Code: "decode_payload"}, true},
		{"fiskil name of another operation is not listed here", Gap{Provider: "fiskil", Operation: "createToken", Status: 400, Code: "end_user_already_exists"}, false},
		{"uncovered fiskil 503", Gap{Provider: "fiskil", Operation: "addAuthSession", Status: 503}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if has[tc.gap] != tc.want {
				t.Errorf("gap %s listed = %v, want %v", tc.gap, has[tc.gap], tc.want)
			}
		})
	}
	// Every documented (operation, status) is either covered or a gap.
	total := 0
	for _, s := range specs {
		for _, op := range s.Operations() {
			total += len(op.Statuses)
		}
	}
	statusGaps := 0
	for _, g := range gaps {
		if g.Code == "" && g.Version != "3.32" { // the default versions only, as total counts
			statusGaps++
		}
	}
	if statusGaps != total-4 {
		t.Errorf("%d status gaps, want %d (documented %d minus 4 covered)", statusGaps, total-4, total)
	}
}

// TestCoverageBadFeature: a feature file that does not parse is an error,
// not an empty coverage.
func TestCoverageBadFeature(t *testing.T) {
	dir := writeFeatures(t, map[string]string{"weavr/bad.feature": "Feature: x\n  Scenario: y\n    Given a\n  Examples:\n  | a |\n  nonsense line\n"})
	if _, err := Coverage(all.Providers(), os.DirFS(dir)); err == nil {
		t.Fatal("a malformed feature file was accepted")
	}
}

// TestRegression_ProviderRunScoredOnItsOwnCodes: `run --provider weavr` once
// counted Fliqa's and Fiskil's codes as not covered, scoring 0.72 for a
// fully conforming Weavr.
func TestRegression_ProviderRunScoredOnItsOwnCodes(t *testing.T) {
	target, err := BuiltIn(all.Providers(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	env, err := NewEnv(target, all.Providers(), EnvChoice{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, op := range env.Specs["weavr"].Operations() {
		want += len(op.Statuses)
	}
	codes := documented(env, []string{"weavr"})
	if len(codes) != want {
		t.Fatalf("%d codes, want weavr's %d", len(codes), want)
	}
	for _, c := range codes {
		if c.Provider != "weavr" {
			t.Fatalf("a %s code in a weavr run", c.Provider)
		}
	}
	if all := documented(env, all.Providers().Names()); len(all) <= want {
		t.Fatalf("all providers: %d codes", len(all))
	}
}

// TestRegression_TagsScoreOnlyTheProvidersTheySelect: `--tags @weavr` once
// scored Fliqa's and Fiskil's codes as not covered.
func TestRegression_TagsScoreOnlyTheProvidersTheySelect(t *testing.T) {
	dir := writeFeatures(t, map[string]string{
		"weavr/a.feature":  "@weavr\nFeature: a\n  Scenario: s\n    Given I use the Weavr API\n",
		"fiskil/b.feature": "@fiskil\nFeature: b\n  Scenario: s\n    Given I use the Fiskil API\n",
	})
	target, err := BuiltIn(all.Providers(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		tags string
		want []string
	}{
		{"no tags: every provider run", "", []string{"fiskil", "fliqa", "weavr"}},
		{"a provider's tag", "@weavr", []string{"weavr"}},
		{"two providers' tags", "@weavr,@fiskil", []string{"fiskil", "weavr"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := runFeatures(t, target, dir, Plan{Tags: tc.tags})
			var got []string
			for _, c := range run.Documented {
				if !slices.Contains(got, c.Provider) {
					got = append(got, c.Provider)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("scored %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCoveragePerVersion: a provider of two versions is covered version by
// version; a scenario tagged @version:<v> covers only v's codes.
func TestCoveragePerVersion(t *testing.T) {
	spec := func(statuses string) provider.Version {
		return provider.Version{Spec: func() (*oas.Spec, error) {
			return oas.Parse("two", []byte("openapi: 3.0.3\ninfo: {title: two, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: opA\n      responses:\n"+statuses))
		}}
	}
	v1, v2 := spec("        \"200\": {description: ok}\n"), spec("        \"200\": {description: ok}\n        \"404\": {description: gone}\n")
	v1.Name, v2.Name = "1", "2"
	list := provider.List{{Name: "weavr", Versions: []provider.Version{v1, v2}}}
	scenario := func(tags string) string {
		return "Feature: f\n  " + tags + "\n  Scenario: s\n    Given I use the Weavr API\n"
	}
	tests := []struct {
		name     string
		features map[string]string
		want     []string
	}{
		{"nothing", map[string]string{}, []string{"@weavr (version 1) @op:opA @status:200", "@weavr (version 2) @op:opA @status:200", "@weavr (version 2) @op:opA @status:404"}},
		{"an untagged scenario covers every version", map[string]string{"weavr/a.feature": scenario("@op:opA @status:200")}, []string{"@weavr (version 2) @op:opA @status:404"}},
		{"a version's scenario covers only it", map[string]string{"weavr/a.feature": scenario("@version:1 @op:opA @status:200")}, []string{"@weavr (version 2) @op:opA @status:200", "@weavr (version 2) @op:opA @status:404"}},
		{"everything", map[string]string{"weavr/a.feature": scenario("@op:opA @status:200"), "weavr/b.feature": scenario("@version:2 @op:opA @status:404")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gaps, err := Coverage(list, os.DirFS(writeFeatures(t, tc.features)))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, g := range gaps {
				got = append(got, g.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("gaps %q, want %q", got, tc.want)
			}
		})
	}
}

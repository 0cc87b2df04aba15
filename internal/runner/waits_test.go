package runner

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps/config"
)

// The scenarios about token lifetimes that run with real waits, by
// feature file and line: still valid 1 s before, refused 1 s after, kept
// alive by use.
var waitScenarios = map[string][]int{
	"features/weavr/get_identities.feature":   {127, 137, 147, 160},
	"features/fiskil/create_end_user.feature": {201, 213},
}

// refusedAfterExpiry are those of waitScenarios that expect the token to
// have expired.
var refusedAfterExpiry = []string{
	"features/fiskil/create_end_user.feature:213",
	"features/weavr/get_identities.feature:137",
	"features/weavr/get_identities.feature:160",
}

// stagingTokens is the staging deployment's token lifetime: its
// scenarios' before waits (3 s, 3.2 s) keep 0.8 s or more from the edge,
// which a busy host under -race still meets.
const stagingTokens = 4 * time.Second

// stagingFixtures serve the default sandbox of a `conform serve
// --fixtures` standing for a staging deployment; tokenLife is its tokens'
// lifetime.
func stagingFixtures(tokenLife string) []byte {
	return []byte(`
weavr:
  apiKey: staging-weavr-key
  users: [{email: qa@example.com, password: Staging-Passw0rd, identity: {type: CONSUMER, id: "110000000000000001"}}]
  timings: {tokenIdleLifetime: ` + tokenLife + `}
fiskil:
  clients: [{id: staging-client, secret: staging-secret}]
  timings: {tokenLifetime: ` + tokenLife + `}
fliqa:
  apiKey: staging-fliqa-key
  apiSecret: staging-fliqa-secret
  inquiries: [{id: inq-staging-0001, scope: [account_owner]}]
  consentOwners: [{msisdn: "+38640111222", email: owner@example.com}]
`)
}

// stagingConfig is the config of a run against it without the control
// API, declaring 4-second tokens.
func stagingConfig(target string, maxWait time.Duration) *config.Config {
	return &config.Config{Target: target, Control: "no", MaxWait: maxWait, Providers: map[string]*config.Provider{
		"weavr": {
			Credentials: map[string]string{"apiKey": "staging-weavr-key"},
			Fixtures:    map[string]config.Pool{"user": {{"email": "qa@example.com", "password": "Staging-Passw0rd", "identity": map[string]any{"type": "CONSUMER", "id": "110000000000000001"}}}},
			Timings:     map[string]time.Duration{"tokenIdleLifetime": stagingTokens},
		},
		"fliqa": {
			Credentials: map[string]string{"apiKey": "staging-fliqa-key", "apiSecret": "staging-fliqa-secret"},
			Fixtures: map[string]config.Pool{
				"inquiry":         {{"id": "inq-staging-0001"}},
				"consentOwner":    {{"msisdn": "+38640111222", "email": "owner@example.com"}},
				"consentProvider": {{"id": "staging-bank"}},
			},
		},
		"fiskil": {
			Credentials: map[string]string{"clientId": "staging-client", "clientSecret": "staging-secret"},
			Timings:     map[string]time.Duration{"tokenLifetime": stagingTokens},
		},
	}}
}

// builtInFiles is the built-in feature files that hold some scenarios
// (by feature URI); the run selects the scenarios by line.
// scenarioLines finds, by their names, the lines of scenarios of one
// built-in feature file (path from the module root), so that a test
// choosing scenarios does not break when the file gains a line.
func scenarioLines(t *testing.T, path string, names ...string) map[string][]int {
	t.Helper()
	b, err := fs.ReadFile(features.FS, strings.TrimPrefix(path, "features/"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, name := range names {
		found := 0
		for i, l := range strings.Split(string(b), "\n") {
			if strings.TrimSpace(l) == "Scenario: "+name {
				found = i + 1
			}
		}
		if found == 0 {
			t.Fatalf("%s has no scenario %q", path, name)
		}
		lines = append(lines, found)
	}
	return map[string][]int{path: lines}
}

func builtInFiles(t *testing.T, only map[string][]int) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(features.FS, p)
		if err != nil {
			return err
		}
		if _, ok := only["features/"+p]; ok {
			out[p] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// interval is one real wait, as the test's Sleep saw it.
type interval struct{ from, to time.Time }

// runStaging runs waitScenarios against a served simulator with the
// given token lifetime, without its control API, recording the waits. A
// host too busy to keep a before wait's margin makes its scenario not
// applicable (never failed): such a run is tried once more.
func runStaging(t *testing.T, tokenLife string, maxWait time.Duration) (*reports.Run, []interval) {
	t.Helper()
	for try := 1; ; try++ {
		run, waits := runAgainstStaging(t, tokenLife, maxWait, builtInFiles(t, waitScenarios), waitScenarios, 8)
		late := false
		for _, s := range byID(run) {
			late = late || strings.Contains(s.Reason, "the harness was too slow")
		}
		if !late || try == 2 {
			return run, waits
		}
		t.Logf("the host was too busy to keep a wait's margin; trying again")
	}
}

// runAgainstStaging runs some scenarios (lines by feature URI; nil: all)
// of some feature files with the run's concurrency.
func runAgainstStaging(t *testing.T, tokenLife string, maxWait time.Duration, files fs.FS, lines map[string][]int, concurrency int) (*reports.Run, []interval) {
	t.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), Fixtures: stagingFixtures(tokenLife)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_control") {
			http.NotFound(w, r) // a deployment has none
			return
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	target, err := Remote(context.Background(), stagingConfig(srv.URL, maxWait), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var waits []interval
	env, err := NewEnv(target, all.Providers(), EnvChoice{MaxWait: maxWait, OnWait: func(_ string, began, ended time.Time) {
		mu.Lock()
		waits = append(waits, interval{began, ended})
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range []string{"weavr", "fiskil"} {
		if _, err := fs.Stat(files, p); err == nil {
			names = append(names, p)
		}
	}
	run, err := Run(context.Background(), env, Plan{Providers: all.Providers(), Only: names, Features: files, Lines: lines, Concurrency: concurrency})
	if err != nil {
		t.Fatal(err)
	}
	return run, waits
}

func byID(run *reports.Run) map[string]reports.Scenario {
	out := map[string]reports.Scenario{}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			out[s.ID] = s
		}
	}
	return out
}

// mostAtOnce is the largest number of intervals that overlap.
func mostAtOnce(ws []interval) int {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, w := range ws {
		edges = append(edges, edge{w.from, 1}, edge{w.to, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at.Equal(edges[j].at) {
			return edges[i].delta < edges[j].delta
		}
		return edges[i].at.Before(edges[j].at)
	})
	most, cur := 0, 0
	for _, e := range edges {
		cur += e.delta
		most = max(most, cur)
	}
	return most
}

// TestRealWaitsAgainstAStagingDeployment runs token-lifetime scenarios
// against a deployment without the control API whose tokens live 2
// seconds, as its config declares: they wait for real, concurrently
// although the run has one slot, and pass; a deployment whose tokens
// never expire (1 hour) fails exactly the scenarios that expect a refusal.
func TestRealWaitsAgainstAStagingDeployment(t *testing.T) {
	t.Run("faithful", func(t *testing.T) {
		run, waits := runStaging(t, "4s", 10*time.Second)
		got := byID(run)
		if len(got) != 6 {
			t.Fatalf("%d scenarios ran, want 6", len(got))
		}
		for id, s := range got {
			if s.Outcome != reports.Passed {
				t.Errorf("%s %q: %s: %s", id, s.Name, s.Outcome, run.Secrets.String(s.Reason))
			}
		}
		// 7 clock steps in 6 scenarios; the scenario that waits twice does
		// so in turn, the others all at once.
		if len(waits) != 7 {
			t.Fatalf("%d real waits, want 7", len(waits))
		}
		if n := mostAtOnce(waits); n < 5 {
			t.Errorf("at most %d scenarios waited at once, want the 6 scenarios' first waits to overlap (at least 5): waiting scenarios hold the run's slot", n)
		}
	})
	t.Run("a token that never expires", func(t *testing.T) {
		run, _ := runStaging(t, "1h", 10*time.Second)
		var failed []string
		for id, s := range byID(run) {
			if s.Outcome == reports.Failed {
				failed = append(failed, id)
			} else if s.Outcome != reports.Passed {
				t.Errorf("%s: %s: %s", id, s.Outcome, s.Reason)
			}
		}
		sort.Strings(failed)
		if strings.Join(failed, " ") != strings.Join(refusedAfterExpiry, " ") {
			t.Errorf("failed %v, want %v", failed, refusedAfterExpiry)
		}
	})
	t.Run("waits beyond --max-wait are not applicable", func(t *testing.T) {
		run, waits := runStaging(t, "4s", 3*time.Second)
		for id, s := range byID(run) {
			long := !strings.HasSuffix(id, ":127") && !strings.HasSuffix(id, ":201") // 3 s each
			switch {
			case long && s.Outcome != reports.NotApplicable:
				t.Errorf("%s: %s, want not applicable (it waits 5 s or more)", id, s.Outcome)
			case long && (!strings.Contains(s.Reason, "--max-wait") || !strings.Contains(s.Reason, ".timings.")):
				t.Errorf("%s: reason %q names neither --max-wait nor the timing", id, s.Reason)
			case !long && s.Outcome != reports.Passed:
				t.Errorf("%s: %s: %s, want passed", id, s.Outcome, s.Reason)
			}
		}
		if len(waits) != 2 {
			t.Errorf("%d real waits, want only the 2 allowed ones", len(waits))
		}
	})
	t.Run("a waiting scenario gives its slot back", func(t *testing.T) {
		// Four scenarios that only wait, in a run of one slot: their waits
		// overlap only if each gives the slot back while it waits.
		var b strings.Builder
		b.WriteString("@fiskil\nFeature: waits\n")
		for i := range 4 {
			fmt.Fprintf(&b, "\n  Scenario: wait %d\n    Given the sandbox clock advances by \"tokenLifetime\"\n", i)
		}
		files := fstest.MapFS{"fiskil/waits.feature": {Data: []byte(b.String())}}
		run, waits := runAgainstStaging(t, "4s", 10*time.Second, files, nil, 1)
		for id, s := range byID(run) {
			if s.Outcome != reports.Passed {
				t.Errorf("%s: %s: %s", id, s.Outcome, s.Reason)
			}
		}
		if n := mostAtOnce(waits); len(waits) != 4 || n != 4 {
			t.Errorf("%d waits, at most %d at once: want all 4 at once", len(waits), n)
		}
	})
}

// clockScenarios are the lines of the built-in scenarios that have a
// clock step, by feature URI.
func clockScenarios(t *testing.T) map[string][]int {
	t.Helper()
	out := map[string][]int{}
	err := fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(features.FS, p)
		if err != nil {
			return err
		}
		scenario := 0
		for i, line := range strings.Split(string(b), "\n") {
			text := strings.TrimSpace(line)
			if strings.HasPrefix(text, "Scenario") {
				scenario = i + 1
			}
			if strings.Contains(text, "the sandbox clock advances by") && scenario > 0 {
				uri := "features/" + p
				if l := out[uri]; len(l) == 0 || l[len(l)-1] != scenario {
					out[uri] = append(out[uri], scenario)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeclaredTimingsWithTheControlAPI runs every scenario with a clock
// step against a served simulator with its control API, under a config
// that declares a staging deployment's short timings: the harness creates
// each sandbox with them,
// so the sandbox and the clock steps agree and every scenario passes (were
// the sandboxes left at the defaults, "the lockout is released after
// lockoutPeriod" would still meet a locked user).
func TestDeclaredTimingsWithTheControlAPI(t *testing.T) {
	// Sandbox clocks that move only when advanced: a busy host's delays
	// (under -race) must not eat the scenarios' one-second margins.
	frozen := time.Now()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), NoDefaultSandbox: true, Wall: func() time.Time { return frozen }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	cfg := &config.Config{Target: srv.URL, Control: "yes", Providers: map[string]*config.Provider{
		"weavr":  {Timings: map[string]time.Duration{"tokenIdleLifetime": 20 * time.Second, "lockoutPeriod": 30 * time.Second, "challengeExpiry": 20 * time.Second}},
		"fliqa":  {Timings: map[string]time.Duration{"accessTokenLifetime": 10 * time.Second}},
		"fiskil": {Timings: map[string]time.Duration{"tokenLifetime": 10 * time.Second, "authSessionExpiry": 2 * time.Minute}},
	}}
	target, err := Remote(context.Background(), cfg, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	env, err := NewEnv(target, all.Providers(), EnvChoice{})
	if err != nil {
		t.Fatal(err)
	}
	lines := clockScenarios(t)
	run, err := Run(context.Background(), env, Plan{Providers: all.Providers(), Lines: lines, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	got := byID(run)
	want := 0
	for _, l := range lines {
		want += len(l)
	}
	if len(got) != want || want < 20 {
		t.Fatalf("%d scenarios ran, want the %d with a clock step", len(got), want)
	}
	for id, s := range got {
		if s.Outcome != reports.Passed {
			t.Errorf("%s %q: %s: %s", id, s.Name, s.Outcome, run.Secrets.String(s.Reason))
		}
	}
}

package runner

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// poolUser is one Weavr user of the simulator's default sandbox and of
// the config's pools.
type poolUser struct {
	kind, email string
	extra       string // more fields of the simulator's user
}

// poolTarget serves the simulator without control, its default sandbox
// holding users, and gives the same users to the config as fixture pools
// (a kind of one user as a map, a larger one as a list).
func poolTarget(t *testing.T, users []poolUser) *steps.Target {
	t.Helper()
	var doc strings.Builder
	doc.WriteString("weavr:\n  apiKey: weavr-demo-api-key\n  users:\n")
	fixtures := map[string]config.Pool{}
	for i, u := range users {
		id := fmt.Sprintf("1100000000000%05d", i+1)
		fmt.Fprintf(&doc, "    - {email: %s, password: Secret-Passw0rd-%d, identity: {type: CONSUMER, id: \"%s\"}%s}\n", u.email, i, id, u.extra)
		fx := map[string]any{"email": u.email, "password": fmt.Sprintf("Secret-Passw0rd-%d", i),
			"identity": map[string]any{"type": "CONSUMER", "id": id}}
		if strings.Contains(u.extra, "previousPasswords") {
			fx["previousPassword"] = "Older-Passw0rd"
		}
		fixtures[u.kind] = append(fixtures[u.kind], fx)
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), Fixtures: []byte(doc.String())})
	if err != nil {
		t.Fatal(err)
	}
	return &steps.Target{
		Name:   "simulator without control, with fixture pools",
		Client: &http.Client{Transport: handlerTransport{sim}, Timeout: 10 * time.Second},
		Config: &config.Config{
			Target: "http://sim.test",
			Providers: map[string]*config.Provider{"weavr": {
				Credentials: map[string]string{"apiKey": "weavr-demo-api-key"},
				Fixtures:    fixtures,
				// The simulator's lockout threshold, declared as a vendor
				// would: the scenarios that count to it apply.
				Limits: map[string]int{"lockoutThreshold": 5},
			}},
		},
	}
}

// TestFixturePoolsAgainstADeployment runs the real Weavr login and
// password-update scenarios, several at once, against a simulator without
// control whose users are the config's fixture pools: scenarios that lock
// a user out, change a password or count failed logins take their own
// fixture, and none makes another fail. Without the claims (and with the
// lockout user also serving as the shared user), the lockout makes others
// fail: the test can fail.
func TestFixturePoolsAgainstADeployment(t *testing.T) {
	base := []poolUser{
		{kind: "user", email: "u1@example.com"},
		{kind: "user", email: "u2@example.com"},
		{kind: "expiredPasswordUser", email: "expired@example.com", extra: ", passwordExpired: true"},
		{kind: "expiredPasswordChangeUser", email: "expired-change@example.com", extra: ", passwordExpired: true"},
		{kind: "previousPasswordUser", email: "previous@example.com", extra: ", previousPasswords: [Older-Passw0rd]"},
		{kind: "passwordChangeUser", email: "change1@example.com"},
	}
	tests := []struct {
		name     string
		users    []poolUser
		features fs.FS // nil: the built-in ones
		check    func(t *testing.T, got map[string]reports.Scenario)
	}{
		{
			name: "pools large enough: no scenario fails",
			users: append(base, poolUser{kind: "passwordChangeUser", email: "change2@example.com"},
				poolUser{kind: "lockoutUser", email: "lockout@example.com"}),
			check: func(t *testing.T, got map[string]reports.Scenario) {
				noFailure(t, got)
				for _, name := range []string{
					"consecutive failed logins lock the credentials at the lockout threshold, whatever the password",
					"consecutive failed logins one short of the lockout threshold do not lock the credentials",
					"a successful login resets the count of failed logins",
					"the right e-mail and password give an AUTH token for the user's identity",
					"an AUTH token changes the password; the new one logs in and the old one no longer does",
					"a new password of 31 characters is too long",
				} {
					if got[name].Outcome != reports.Passed {
						t.Errorf("%q: %s (%s), want passed", name, got[name].Outcome, got[name].Reason)
					}
				}
			},
		},
		{
			name:  "more consumers than fixtures: not applicable up front, saying how many to add",
			users: append(base, poolUser{kind: "lockoutUser", email: "lockout@example.com"}),
			check: func(t *testing.T, got map[string]reports.Scenario) {
				noFailure(t, got)
				first := got["an AUTH token changes the password; the new one logs in and the old one no longer does"]
				second := got["a new password of 31 characters is too long"]
				if first.Outcome != reports.Passed {
					t.Errorf("the first consumer: %s (%s), want passed", first.Outcome, first.Reason)
				}
				want := "providers.weavr.fixtures.passwordChangeUser has 1 fixture; 2 scenarios consume one: add 1"
				if second.Outcome != reports.NotApplicable || second.Reason != want {
					t.Errorf("the second consumer: %s (%q), want not applicable (%q)", second.Outcome, second.Reason, want)
				}
			},
		},
		{
			name: "a user with a second identity: set aside, an error naming it, never a failure",
			users: append([]poolUser{{kind: "user", email: "u0@example.com", extra: `, identities: [{type: CORPORATE, id: "210000000000000001"}]`}},
				append(base, poolUser{kind: "passwordChangeUser", email: "change2@example.com"}, poolUser{kind: "lockoutUser", email: "lockout@example.com"})...),
			check: func(t *testing.T, got map[string]reports.Scenario) {
				errored := 0
				for name, s := range got {
					switch s.Outcome {
					case reports.Failed:
						t.Errorf("%q failed: %s", name, s.Reason)
					case reports.Errored:
						errored++
						if !strings.Contains(s.Reason, "fixture providers.weavr.fixtures.user[0] cannot be used: the user holds 2 identities; a user fixture must hold exactly one") {
							t.Errorf("%q: error %q, want the fixture named", name, s.Reason)
						}
					}
				}
				if errored == 0 {
					t.Error("no scenario reported the user with two identities")
				}
			},
		},
		{
			name:     "broken: no claims, and the lockout user is the shared user",
			users:    append(base, poolUser{kind: "passwordChangeUser", email: "change2@example.com"}),
			features: withoutClaims(t),
			check: func(t *testing.T, got map[string]reports.Scenario) {
				failed, quoted := 0, false
				for _, s := range got {
					if s.Outcome == reports.Failed || s.Outcome == reports.Errored {
						failed++
					}
					// A locked fixture quotes the declared lockout period.
					// Whether another scenario meets the user locked, or
					// only refused while the lockout scenario counts its
					// failures, depends on their order: the quote is
					// checked wherever the lock is reported.
					if s.Outcome == reports.Errored && strings.Contains(s.Reason, "the user is locked (423)") {
						quoted = true
						if !strings.Contains(s.Reason, "lockout period (10s, as declared)") {
							t.Errorf("a locked fixture's error does not quote the declared lockout period (10s): %s", s.Reason)
						}
					}
				}
				if failed == 0 {
					t.Error("no scenario failed, though the lockout locked the user the others share")
				}
				if !quoted {
					t.Log("no scenario met the user locked in this run's order; the quote was not checked")
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := poolTarget(t, tc.users)
			if tc.features != nil {
				// The same user under both kinds: what the claims (and
				// CheckFixtures) exist to prevent.
				target.Config.Providers["weavr"].Fixtures["lockoutUser"] = target.Config.Providers["weavr"].Fixtures["user"][:1]
				target.Config.Providers["weavr"].Timings = map[string]time.Duration{"lockoutPeriod": 10 * time.Second}
			}
			env, err := NewEnv(target, all.Providers(), EnvChoice{})
			if err != nil {
				t.Fatal(err)
			}
			run, err := Run(context.Background(), env, Plan{Providers: all.Providers(), Only: []string{"weavr"}, Features: tc.features, Concurrency: 4,
				Tags: "@op:loginWithPassword,@op:passwordUpdate && ~@needs-control"})
			if err != nil {
				t.Fatal(err)
			}
			got := outcomes(run)
			if len(got) < 20 {
				t.Fatalf("ran %d scenarios, want the login and password-update ones", len(got))
			}
			counts := map[reports.Outcome]int{}
			for name, s := range got {
				counts[s.Outcome]++
				if s.Outcome != reports.Passed {
					t.Logf("%s: %q: %s", s.Outcome, name, s.Reason)
				}
			}
			t.Logf("outcomes: %v", counts)
			tc.check(t, got)
		})
	}
}

func noFailure(t *testing.T, got map[string]reports.Scenario) {
	t.Helper()
	for name, s := range got {
		if s.Outcome == reports.Failed || s.Outcome == reports.Errored {
			t.Errorf("%q: %s: %s", name, s.Outcome, s.Reason)
		}
	}
}

// withoutClaims is the built-in Weavr login and password-update features
// with their claim lines removed.
func withoutClaims(t *testing.T) fs.FS {
	t.Helper()
	claim := regexp.MustCompile(`(?m)^\s*@(exclusive|consumes):\S+\n`)
	src := all.Providers().Features()["weavr"]
	out := fstest.MapFS{}
	for _, name := range []string{"login_with_password.feature", "update_password.feature"} {
		b, err := fs.ReadFile(src, name)
		if err != nil {
			t.Fatal(err)
		}
		out["weavr/"+name] = &fstest.MapFile{Data: claim.ReplaceAll(b, nil)}
	}
	return out
}

// TestClaimsNameDeclaredKinds: every fixture claim of the built-in
// features is well formed and names a kind its provider declares.
func TestClaimsNameDeclaredKinds(t *testing.T) {
	list := all.Providers()
	files, err := loadFeatures(list.Features(), list.Names())
	if err != nil {
		t.Fatal(err)
	}
	claims := 0
	for _, f := range files {
		for _, p := range f.Pickles {
			for _, c := range f.tags[p.Id].Claims {
				claims++
				i := slices.IndexFunc(list.Vocabularies(), func(v steps.Vocabulary) bool { return v.Name == c.Provider })
				if i < 0 || !slices.Contains(list.Vocabularies()[i].FixtureKinds, c.Kind) {
					t.Errorf("%s: %s names no declared fixture kind", f.URI, c)
				}
			}
		}
	}
	if claims == 0 {
		t.Error("no built-in scenario claims a fixture")
	}
}

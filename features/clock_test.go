package features_test

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/timing"
)

var updateClock = flag.Bool("update-clock", false, "rewrite testdata/clock_defaults.txt")

// TestClockStepsNameTimings reads every clock step of the feature files:
// each names the timing it is about (a bare duration would not follow a
// deployment's declared timings), and under the contract's defaults each
// moves the clock exactly as much as the golden file says, so that a
// change of wording never changes what is checked.
func TestClockStepsNameTimings(t *testing.T) {
	env, err := steps.NewEnv(&steps.Target{}, steps.EnvOptions{Vocabularies: all.Providers().Vocabularies()})
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	err = fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".feature") {
			return err
		}
		provider := path.Dir(p)
		f, err := features.FS.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		// The steps of one scenario so far, for the setters before a clock
		// step (rateLimitWindow, otpLifetime).
		var scenario []string
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			text := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(text, "Scenario") {
				scenario = nil
				continue
			}
			kw, rest, _ := strings.Cut(text, " ")
			switch kw {
			case "Given", "When", "Then", "And", "But":
			default:
				continue
			}
			scenario = append(scenario, rest)
			m := timing.ClockStep.FindStringSubmatch(rest)
			if m == nil {
				if strings.HasPrefix(rest, "the sandbox clock advances") {
					t.Errorf("%s:%d: a clock step the engine does not define: %q", p, line, rest)
				}
				continue
			}
			expr, err := timing.ParseExpr(m[1])
			if err != nil {
				t.Errorf("%s:%d: %v", p, line, err)
				continue
			}
			if len(expr.Names()) == 0 {
				t.Errorf("%s:%d: %q names no timing", p, line, m[1])
			}
			// This step's share of the scenario's wait so far: the setters
			// before it apply.
			w, err := env.TimingTable(provider).ScenarioWait(scenario)
			if err == nil {
				prev, _ := env.TimingTable(provider).ScenarioWait(scenario[:len(scenario)-1])
				w.Total -= prev.Total
			}
			if err != nil {
				t.Errorf("%s:%d: %v", p, line, err)
				continue
			}
			fmt.Fprintf(&got, "%s:%d %q = %s\n", p, line, m[1], w.Total)
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/clock_defaults.txt"
	if *updateClock {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("clock steps under the default timings differ from %s (go test ./features -run TestClockStepsNameTimings -update-clock):\n%s", golden, got.String())
	}
}

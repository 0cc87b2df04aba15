package timing

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// toyTable is provider "toy"'s timings: session (1h) and token (10m, not
// fixed by its contract), with config the deployment's own.
func toyTable(config Durations) Table {
	return Table{Provider: "toy", Config: config, Declared: []Timing{
		{Name: "session", Default: time.Hour},
		{Name: "token", Default: 10 * time.Minute, Unfixed: "only an example shows it"},
	}}
}

func TestMaxWait(t *testing.T) {
	table := toyTable(Durations{"session": 30 * time.Minute})
	wait := Wait{Total: 30*time.Minute + time.Second, Timings: []string{"session"}}
	var off MaxWait
	if off.Allows(wait.Total) {
		t.Error("a run without --max-wait waits")
	}
	if got := off.Shortfall(table, wait); !strings.Contains(got, "waiting is off") || !strings.Contains(got, "--max-wait 30m1s (config maxWait)") || !strings.Contains(got, "providers.toy.timings.session = 30m0s") {
		t.Errorf("shortfall %q", got)
	}
	max := MaxWait(30 * time.Minute)
	if max.Allows(wait.Total) || !max.Allows(30*time.Minute) {
		t.Error("--max-wait 30m: a wait of 30m1s is allowed, or one of 30m is not")
	}
	if got := max.Shortfall(table, wait); !strings.Contains(got, "beyond --max-wait 30m0s") {
		t.Errorf("shortfall %q", got)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name    string
		config  Durations
		set     Durations
		control bool
		timing  string
		want    time.Duration
		err     string
	}{
		{name: "the default", timing: "session", want: time.Hour},
		{name: "config wins", config: Durations{"session": time.Minute}, timing: "session", want: time.Minute},
		{name: "set wins", config: Durations{"session": time.Minute}, set: Durations{"session": 2 * time.Minute}, timing: "session", want: 2 * time.Minute},
		{name: "unfixed without control", timing: "token", err: "unfixed"},
		{name: "unfixed with control", control: true, timing: "token", want: 10 * time.Minute},
		{name: "unfixed but configured", config: Durations{"token": time.Second}, timing: "token", want: time.Second},
		{name: "unknown", timing: "tokn", err: "unknown"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := toyTable(tc.config).Resolve(tc.timing, tc.set, tc.control)
			var unfixed *UnfixedError
			var unknown *UnknownError
			switch {
			case tc.err == "unfixed":
				if !errors.As(err, &unfixed) || unfixed.Name != "token" {
					t.Fatalf("err %v, want an UnfixedError", err)
				}
			case tc.err == "unknown":
				if !errors.As(err, &unknown) || strings.Join(unknown.Known, ",") != "session,token" {
					t.Fatalf("err %v, want an UnknownError knowing session and token", err)
				}
			case err != nil:
				t.Fatal(err)
			case got != tc.want:
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

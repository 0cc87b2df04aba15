package timing

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestExpr(t *testing.T) {
	timings := Durations{"lockoutPeriod": 30 * time.Minute, "challengeExpiry": 5 * time.Minute, "tokenLifetime": 15 * time.Minute}
	lookup := func(n string) (time.Duration, bool) { d, ok := timings[n]; return d, ok }
	tests := []struct {
		name   string
		expr   string
		want   time.Duration
		before bool
		names  []string
		err    string
	}{
		{name: "a timing", expr: "lockoutPeriod", want: 30 * time.Minute, names: []string{"lockoutPeriod"}},
		{name: "one second before", expr: "lockoutPeriod - 1s", want: 29*time.Minute + 59*time.Second, before: true, names: []string{"lockoutPeriod"}},
		{name: "one second after", expr: "tokenLifetime + 1s", want: 15*time.Minute + time.Second, names: []string{"tokenLifetime"}},
		{name: "a fraction", expr: "4/5 challengeExpiry", want: 4 * time.Minute, before: true, names: []string{"challengeExpiry"}},
		{name: "a fraction less a second", expr: "1/5 challengeExpiry - 1s", want: 59 * time.Second, before: true, names: []string{"challengeExpiry"}},
		{name: "a fraction and a second", expr: "1/5 challengeExpiry + 1s", want: time.Minute + time.Second, names: []string{"challengeExpiry"}},
		{name: "a whole coefficient", expr: "2 tokenLifetime", want: 30 * time.Minute, names: []string{"tokenLifetime"}},
		{name: "two timings", expr: "lockoutPeriod + challengeExpiry - 1m", want: 34 * time.Minute, before: true, names: []string{"lockoutPeriod", "challengeExpiry"}},
		{name: "a bare duration", expr: "90s", want: 90 * time.Second},
		{name: "an improper fraction is after", expr: "5/4 challengeExpiry", want: 6*time.Minute + 15*time.Second, names: []string{"challengeExpiry"}},
		{name: "extra spaces", expr: "  lockoutPeriod   -  1s ", want: 29*time.Minute + 59*time.Second, before: true, names: []string{"lockoutPeriod"}},
		{name: "unknown timing", expr: "lockout - 1s", err: `names the timing "lockout"`},
		{name: "empty", expr: " ", err: "empty clock expression"},
		{name: "operator first", expr: "- 1s", err: "without a term before it"},
		{name: "operator last", expr: "lockoutPeriod +", err: "ends with an operator"},
		{name: "no spaces around the operator", expr: "lockoutPeriod-1s", err: "neither a duration"},
		{name: "negative duration", expr: "-1s", err: `write "-1s" as "- 1s"`},
		{name: "zero coefficient", expr: "0 lockoutPeriod", err: "must not be zero"},
		{name: "division by zero", expr: "1/0 lockoutPeriod", err: "must not be zero"},
		{name: "not a coefficient", expr: "half lockoutPeriod", err: "is no coefficient"},
		{name: "three words", expr: "1 2 lockoutPeriod", err: "is not one term"},
		{name: "backwards", expr: "1s - lockoutPeriod", err: "the clock only moves forward"},
		{name: "nothing left", expr: "challengeExpiry - 5m", err: "comes to 0s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseExpr(tc.expr)
			var got time.Duration
			if err == nil {
				got, err = e.Eval(lookup)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("value %s, want %s", got, tc.want)
			}
			if e.Before() != tc.before {
				t.Errorf("Before() = %v, want %v", e.Before(), tc.before)
			}
			if strings.Join(e.Names(), ",") != strings.Join(tc.names, ",") {
				t.Errorf("Names() = %v, want %v", e.Names(), tc.names)
			}
		})
	}
}

func TestExprTolerance(t *testing.T) {
	tests := []struct {
		expr string
		want time.Duration
	}{
		{"lockoutPeriod - 1s", 500 * time.Millisecond},
		{"tokenLifetime + 2s", time.Second},
		{"4/5 challengeExpiry", 30 * time.Second}, // an eighth of 4m
	}
	for _, tc := range tests {
		e, err := ParseExpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.Eval(func(string) (time.Duration, bool) { return 5 * time.Minute, true })
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Tolerance(v); got != tc.want {
			t.Errorf("%q: tolerance %s, want %s", tc.expr, got, tc.want)
		}
	}
}

func TestScenarioWait(t *testing.T) {
	timings := Durations{"tokenIdleLifetime": 10 * time.Second, "challengeExpiry": 20 * time.Second}
	tests := []struct {
		name  string
		steps []string
		want  Wait
		err   string
	}{
		{name: "no clock step", steps: []string{"I use the Weavr API", "a Weavr user"}},
		{name: "one", steps: []string{"a Weavr user", `the sandbox clock advances by "tokenIdleLifetime + 1s"`},
			want: Wait{Total: 11 * time.Second, Timings: []string{"tokenIdleLifetime"}}},
		{name: "a chain adds up", steps: []string{`the sandbox clock advances by "4/5 challengeExpiry"`, "the Weavr user keeps the session alive", `the sandbox clock advances by "1/5 challengeExpiry + 1s"`},
			want: Wait{Total: 21 * time.Second, Timings: []string{"challengeExpiry"}}},
		{name: "a setter before", steps: []string{`the sandbox allows 2 requests per "1m" for each api key`, `the sandbox clock advances by "rateLimitWindow"`},
			want: Wait{Total: time.Minute, Timings: []string{RateLimitWindow}}},
		{name: "a setter's timing without the setter", steps: []string{`the sandbox clock advances by "rateLimitWindow"`}, err: `"rateLimitWindow", which is not known (known: challengeExpiry, tokenIdleLifetime)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ScenarioWait(tc.steps, timings, EngineSetters())
			if tc.err != "" {
				var u *UnknownError
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &u) {
					t.Fatalf("err = %v, want an UnknownError with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != tc.want.Total || strings.Join(got.Timings, ",") != strings.Join(tc.want.Timings, ",") {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

package reports

import (
	"reflect"
	"testing"
)

func TestCoverage(t *testing.T) {
	login200 := Code{Provider: "weavr", Operation: "login", Method: "POST", Path: "/login", Status: 200}
	scenario := func(id string, outcome Outcome, provider string, ops []string, statuses ...int) Scenario {
		return Scenario{ID: id, Provider: provider, Operations: ops, Statuses: statuses, Outcome: outcome}
	}
	login := []string{"login"}
	tests := []struct {
		name      string
		scenarios []Scenario
		want      Outcome
		wantIDs   []string
	}{
		{"no scenario: not covered", nil, NotCovered, []string{}},
		{"operation without status: not covered", []Scenario{scenario("a", Passed, "weavr", login, 401)}, NotCovered, []string{}},
		{"status without operation: not covered", []Scenario{scenario("a", Passed, "weavr", []string{"logout"}, 200)}, NotCovered, []string{}},
		{"other provider: not covered", []Scenario{scenario("a", Passed, "fliqa", login, 200)}, NotCovered, []string{}},
		{"all passed: passed", []Scenario{scenario("a", Passed, "weavr", login, 200), scenario("b", Passed, "weavr", login, 200)}, Passed, []string{"a", "b"}},
		{"no provider tag matches any provider", []Scenario{scenario("a", Passed, "", login, 200)}, Passed, []string{"a"}},
		{"one of several operations and statuses", []Scenario{scenario("a", Passed, "weavr", []string{"logout", "login"}, 401, 200)}, Passed, []string{"a"}},
		{"any failed: failed", []Scenario{scenario("a", Passed, "weavr", login, 200), scenario("b", Failed, "weavr", login, 200)}, Failed, []string{"a", "b"}},
		{"failed and not applicable: failed", []Scenario{scenario("a", NotApplicable, "weavr", login, 200), scenario("b", Failed, "weavr", login, 200)}, Failed, []string{"a", "b"}},
		{"all not applicable: not applicable", []Scenario{scenario("a", NotApplicable, "weavr", login, 200), scenario("b", NotApplicable, "weavr", login, 200)}, NotApplicable, []string{"a", "b"}},
		{"passed and not applicable: passed", []Scenario{scenario("a", NotApplicable, "weavr", login, 200), scenario("b", Passed, "weavr", login, 200)}, Passed, []string{"a", "b"}},
		{"unknown outcome counts as failed", []Scenario{scenario("a", Passed, "weavr", login, 200), scenario("b", "", "weavr", login, 200)}, Failed, []string{"a", "b"}},
		{"missing ID falls back to uri:line", []Scenario{{Line: 7, Provider: "weavr", Operations: login, Statuses: []int{200}, Outcome: Passed}}, Passed, []string{"f.feature:7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &Run{Documented: []Code{login200}, Features: []Feature{{URI: "f.feature", Scenarios: tt.scenarios}}}
			got := Coverage(run)
			want := []CodeResult{{Code: login200, Outcome: tt.want, Scenarios: tt.wantIDs}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Coverage = %+v, want %+v", got, want)
			}
		})
	}
}

func TestCoverageSortsAndDeduplicates(t *testing.T) {
	a := Code{Provider: "weavr", Operation: "login", Status: 401}
	b := Code{Provider: "weavr", Operation: "login", Status: 200}
	c := Code{Provider: "fliqa", Operation: "pay", Status: 201}
	got := Coverage(&Run{Documented: []Code{a, b, c, a}})
	var codes []Code
	for _, r := range got {
		codes = append(codes, r.Code)
	}
	if want := []Code{c, b, a}; !reflect.DeepEqual(codes, want) {
		t.Errorf("codes = %v, want %v", codes, want)
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name   string
		totals CodeTotals
		want   float64
	}{
		{"nothing documented", CodeTotals{}, 0},
		{"everything not applicable", CodeTotals{Documented: 2, NotApplicable: 2}, 0},
		{"all passed", CodeTotals{Documented: 3, Passed: 3}, 1},
		{"not applicable leaves the denominator", CodeTotals{Documented: 4, Passed: 3, NotApplicable: 1}, 1},
		{"not covered stays in the denominator", CodeTotals{Documented: 4, Passed: 2, NotCovered: 2}, 0.5},
		{"rounded to 4 places", CodeTotals{Documented: 3, Passed: 2, Failed: 1}, 0.6667},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.totals.Score(); got != tt.want {
				t.Errorf("Score() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCountScenarios(t *testing.T) {
	run := &Run{Features: []Feature{
		{Scenarios: []Scenario{{Outcome: Passed}, {Outcome: Failed}}},
		{Scenarios: []Scenario{{Outcome: NotApplicable}, {Outcome: ""}}},
	}}
	want := ScenarioTotals{Scenarios: 4, Passed: 1, Failed: 2, NotApplicable: 1}
	if got := CountScenarios(run); got != want {
		t.Errorf("CountScenarios = %+v, want %+v", got, want)
	}
}

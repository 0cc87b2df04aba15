package reports

import (
	"reflect"
	"testing"

	"github.com/conformhq/conform/steps"
)

func TestNotApplicableGroups(t *testing.T) {
	clock := steps.Missing{Capability: steps.Clock, Provide: "only conform's control API offers it"}
	user := steps.Missing{Capability: steps.Fixture("weavr", "user"), Provide: "config providers.weavr.fixtures.user"}
	na := func(line int, reason string, missing ...steps.Missing) Scenario {
		return Scenario{Line: line, Outcome: NotApplicable, Reason: reason, Missing: missing}
	}
	tests := []struct {
		name      string
		scenarios []Scenario
		want      []NotApplicableGroup
	}{
		{"none", []Scenario{{Line: 1, Outcome: Passed}}, nil},
		{"one capability, counted once per scenario", []Scenario{na(1, "needs clock", clock), na(2, "needs clock", clock), {Line: 3, Outcome: Failed}},
			[]NotApplicableGroup{{Capability: "clock", Provide: clock.Provide, Count: 2, Scenarios: []string{"f:1", "f:2"}}}},
		{"a scenario lacking two counts in both, the largest group first", []Scenario{na(1, "", user), na(2, "", clock, user)},
			[]NotApplicableGroup{
				{Capability: "fixture:weavr/user", Provide: user.Provide, Count: 2, Scenarios: []string{"f:1", "f:2"}},
				{Capability: "clock", Provide: clock.Provide, Count: 1, Scenarios: []string{"f:2"}},
			}},
		{"found while running: by reason", []Scenario{na(1, "no requestId"), na(2, "no requestId"), na(3, "other")},
			[]NotApplicableGroup{
				{Reason: "no requestId", Count: 2, Scenarios: []string{"f:1", "f:2"}},
				{Reason: "other", Count: 1, Scenarios: []string{"f:3"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &Run{Features: []Feature{{URI: "f", Scenarios: tt.scenarios}}}
			if got := NotApplicableGroups(run); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestNotApplicableGroupLabel(t *testing.T) {
	if got := (NotApplicableGroup{Capability: "faults", Provide: "only conform's control API offers it"}).Label(); got != "faults (only conform's control API offers it)" {
		t.Errorf("capability label %q", got)
	}
	if got := (NotApplicableGroup{Reason: "no requestId"}).Label(); got != "no requestId" {
		t.Errorf("reason label %q", got)
	}
}

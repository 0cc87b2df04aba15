package steps

import (
	"errors"
	"slices"
	"testing"

	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/steps/config"
)

// pickle is a scenario of steps (text, or text and doc string) and tags.
func pickle(tags []string, steps ...[2]string) *messages.Pickle {
	p := &messages.Pickle{}
	for _, t := range tags {
		p.Tags = append(p.Tags, &messages.PickleTag{Name: t})
	}
	for _, st := range steps {
		ps := &messages.PickleStep{Text: st[0]}
		if st[1] != "" {
			ps.Argument = &messages.PickleStepArgument{DocString: &messages.PickleDocString{Content: st[1]}}
		}
		p.Steps = append(p.Steps, ps)
	}
	return p
}

func step(text string) [2]string { return [2]string{text, ""} }

func TestNeedsOf(t *testing.T) {
	toy := Vocabulary{Name: "toy", Title: "Toy", Needs: []NeedRule{
		StepNeeds(`^a toy user$`, Fixture("toy", "user")),
		StepNeedsFunc(`^a toy user of kind "(\w+)"$`, func(m NeedMatch) []Capability { return []Capability{Fixture("toy", m.Groups[1])} }),
		BodyNeeds(`"code"\s*:\s*"111111"`, OTP("toy")),
	}}
	env := &Env{Target: &Target{Config: &config.Config{}}, Vocabularies: []Vocabulary{toy}}
	tests := []struct {
		name string
		sc   *messages.Pickle
		want []Capability
	}{
		{"no need", pickle(nil, step("I use the Toy API"), step(`I send a GET request to "/x"`)), nil},
		{"the clock, whatever follows its prefix", pickle(nil, step(`the sandbox clock advances by "1m"`), step(`the sandbox clock advances to 1 second after the token expires`)), []Capability{Clock}},
		{"faults", pickle(nil, step(`the next 2 calls to toy "op" fail with status 503`)), []Capability{Faults}},
		{"a fault with a code", pickle(nil, step(`the next call of Toy "op" answers with status 409 and code "X"`)), []Capability{Faults}},
		{"a rate limit of the scenario's provider", pickle([]string{"@toy"}, step(`the sandbox allows 2 requests per "1m" for each api key`)), []Capability{RateLimitOf("toy")}},
		{"the outbox", pickle(nil, step(`1 SMS message should have been sent to "{{mobile}}"`), step(`0 e-mail messages should have been sent to "x"`)), []Capability{Outbox}},
		{"an OTP of the scenario's provider, by its tag", pickle([]string{"@toy"}, step(`I remember the OTP last sent to "{{mobile}}" as "otp"`)), []Capability{OTP("toy")}},
		{"an OTP of the provider its step names", pickle(nil, step("I use the Toy API"), step(`I remember the OTP last sent to "{{mobile}}" as "otp"`)), []Capability{OTP("toy")}},
		{"a vocabulary's fixture", pickle(nil, step("a toy user")), []Capability{Fixture("toy", "user")}},
		{"a fixture from a submatch", pickle(nil, step(`a toy user of kind "locked"`)), []Capability{Fixture("toy", "locked")}},
		{"a doc string's OTP", pickle(nil, [2]string{`I send a POST request to "/v" with body:`, `{"code": "111111"}`}), []Capability{OTP("toy")}},
		{"another code in a doc string", pickle(nil, [2]string{`I send a POST request to "/v" with body:`, `{"code": "000000"}`}), nil},
		{"a tag", pickle([]string{"@needs:settings:toy"}), []Capability{Settings("toy")}},
		{"the legacy tag states nothing", pickle([]string{"@needs-control"}), nil},
		{"sorted, each once", pickle([]string{"@needs:faults"}, step("a toy user"), step(`the sandbox clock advances by "1m"`), step("a toy user")),
			[]Capability{Clock, Faults, Fixture("toy", "user")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			needs, err := env.NeedsOf(tt.sc)
			if err != nil {
				t.Fatal(err)
			}
			var got []Capability
			for _, n := range needs {
				got = append(got, n.Capability)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("needs %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNeedsOfRefusesAnUnknownTag(t *testing.T) {
	env := &Env{Target: &Target{Config: &config.Config{}}}
	_, err := env.NeedsOf(pickle([]string{"@needs:clocks"}))
	var ce *ErrCapability
	if !errors.As(err, &ce) || ce.Name != "clocks" {
		t.Fatalf("got %v, want an ErrCapability naming clocks", err)
	}
}

// TestNeedsOfNamesTheSteps: a need says which steps need it, for
// --list-needs and the waits' rule for the clock.
func TestNeedsOfNamesTheSteps(t *testing.T) {
	env := &Env{Target: &Target{Config: &config.Config{}}}
	needs, err := env.NeedsOf(pickle([]string{"@needs:clock"}, step(`the sandbox clock advances by "4m"`), step(`the sandbox clock advances by "1m1s"`)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"@needs:clock", `the sandbox clock advances by "4m"`, `the sandbox clock advances by "1m1s"`}
	if len(needs) != 1 || !slices.Equal(needs[0].Steps, want) {
		t.Errorf("got %+v, want one need with steps %q", needs, want)
	}
}

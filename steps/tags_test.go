package steps

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/steps/pool"
)

// TestParseTags reads every tag family, and refuses each family's
// malformed tags with a *TagError naming the tag.
func TestParseTags(t *testing.T) {
	tests := []struct {
		name    string
		tags    []string
		want    Tags
		wantErr string // in the error, which is then a *TagError
	}{
		{"none", nil, Tags{}, ""},
		{"coverage families", []string{"@weavr", "@op:loginWithPassword", "@status:409", "@code:INVALID_CREDENTIALS", "@status:423"},
			Tags{Ops: []string{"loginWithPassword"}, Statuses: []int{409, 423}, Codes: []string{"INVALID_CREDENTIALS"}, Other: []string{"@weavr"}}, ""},
		{"version", []string{"@version:3.32"}, Tags{Versions: []string{"3.32"}}, ""},
		{"need", []string{"@needs:clock"}, Tags{Needs: []Capability{Clock}}, ""},
		{"the legacy needs-control states nothing", []string{"@needs-control"}, Tags{Other: []string{"@needs-control"}}, ""},
		{"exclusive", []string{"@exclusive:weavr/user"}, Tags{Claims: []pool.Claim{{Provider: "weavr", Kind: "user"}}}, ""},
		{"consumes", []string{"@consumes:weavr/lockoutUser"}, Tags{Claims: []pool.Claim{{Provider: "weavr", Kind: "lockoutUser", Consumes: true}}}, ""},
		{"both ways is consumed once", []string{"@exclusive:weavr/user", "@consumes:weavr/user"},
			Tags{Claims: []pool.Claim{{Provider: "weavr", Kind: "user", Consumes: true}}}, ""},
		{"twice the same way is one claim", []string{"@exclusive:weavr/user", "@exclusive:weavr/user"},
			Tags{Claims: []pool.Claim{{Provider: "weavr", Kind: "user"}}}, ""},
		{"two kinds", []string{"@exclusive:weavr/user", "@exclusive:fliqa/consentOwner"},
			Tags{Claims: []pool.Claim{{Provider: "weavr", Kind: "user"}, {Provider: "fliqa", Kind: "consentOwner"}}}, ""},

		{"empty operation", []string{"@op:"}, Tags{}, "tag @op:: an operation is @op:<operationId>"},
		{"status not a number", []string{"@status:4xx"}, Tags{}, "tag @status:4xx: a status is"},
		{"status out of range", []string{"@status:42"}, Tags{}, "tag @status:42: a status is"},
		{"empty status", []string{"@status:"}, Tags{}, "tag @status:"},
		{"empty code", []string{"@code:"}, Tags{}, "an error code is @code:<code>"},
		{"empty version", []string{"@version:"}, Tags{}, "a version is @version:<version>"},
		{"unknown capability", []string{"@needs:clocks"}, Tags{}, `tag @needs:clocks: a need is @needs:<capability>: "clocks" is no capability`},
		{"claim without a kind", []string{"@exclusive:weavr"}, Tags{}, "tag @exclusive:weavr: a fixture claim is"},
		{"claim without a provider", []string{"@consumes:/user"}, Tags{}, "@consumes:<provider>/<kind>"},
		{"claim path too deep", []string{"@exclusive:weavr/user/x"}, Tags{}, "tag @exclusive:weavr/user/x"},
		{"a bad tag among good ones", []string{"@op:login", "@status:ok"}, Tags{}, "tag @status:ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTags(tc.tags)
			if tc.wantErr != "" {
				var te *TagError
				if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want a TagError containing %q", err, tc.wantErr)
				}
				if !reflect.DeepEqual(got, Tags{}) {
					t.Errorf("tags %+v with the error, want none", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("tags %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestTagErrorUnwraps: a malformed @needs: tag keeps the capability's own
// error, for errors.As.
func TestTagErrorUnwraps(t *testing.T) {
	_, err := ScenarioTags(&godog.Scenario{Tags: []*messages.PickleTag{{Name: "@needs:clocks"}}})
	var ce *ErrCapability
	if !errors.As(err, &ce) || ce.Name != "clocks" {
		t.Fatalf("got %v, want an ErrCapability naming clocks", err)
	}
}

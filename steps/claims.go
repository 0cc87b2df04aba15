package steps

import (
	"fmt"
	"strings"
)

// Claim is a scenario's declaration that it takes a fixture of a kind for
// itself, written as a tag on a line of its own above the Scenario:
//
//	@exclusive:weavr/user           no other scenario uses the fixture meanwhile
//	@consumes:weavr/lockoutUser     …and none uses it again within the run
//
// A scenario claims a fixture exclusively when it changes what others
// would see of it while it runs (failed logins counted, an enrolment
// pending) but leaves it usable; it consumes one when it leaves it unusable
// for a run (locked for 30 minutes, its password changed, its factor
// enrolled). Claims matter only without the control API: with it, every
// scenario makes its own fixtures.
type Claim struct {
	Provider, Kind string
	// Consumes retires the fixture when the scenario ends.
	Consumes bool
}

// Claim tag prefixes.
const (
	exclusiveTag = "@exclusive:"
	consumesTag  = "@consumes:"
)

// String is the claim as its tag writes it.
func (c Claim) String() string {
	if c.Consumes {
		return consumesTag + c.Provider + "/" + c.Kind
	}
	return exclusiveTag + c.Provider + "/" + c.Kind
}

func (c Claim) pool() string { return c.Provider + "/" + c.Kind }

// ClaimError is a claim tag that is not of the form
// @exclusive:<provider>/<kind> or @consumes:<provider>/<kind>.
type ClaimError struct{ Tag string }

func (e *ClaimError) Error() string {
	return fmt.Sprintf("tag %s: a fixture claim is @exclusive:<provider>/<kind> or @consumes:<provider>/<kind>", e.Tag)
}

// ParseClaims reads the fixture claims among a scenario's tags. A kind
// claimed both ways is consumed; a kind claimed twice the same way is one
// claim.
func ParseClaims(tags []string) ([]Claim, error) {
	var out []Claim
	for _, t := range tags {
		var c Claim
		var rest string
		switch {
		case strings.HasPrefix(t, exclusiveTag):
			rest = strings.TrimPrefix(t, exclusiveTag)
		case strings.HasPrefix(t, consumesTag):
			rest, c.Consumes = strings.TrimPrefix(t, consumesTag), true
		default:
			continue
		}
		p, k, ok := strings.Cut(rest, "/")
		if !ok || p == "" || k == "" || strings.Contains(k, "/") {
			return nil, &ClaimError{Tag: t}
		}
		c.Provider, c.Kind = p, k
		merged := false
		for i := range out {
			if out[i].pool() == c.pool() {
				out[i].Consumes = out[i].Consumes || c.Consumes
				merged = true
			}
		}
		if !merged {
			out = append(out, c)
		}
	}
	return out, nil
}

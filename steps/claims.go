package steps

import "strings"

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

// parseClaim reads one claim tag, @exclusive:<provider>/<kind> or
// @consumes:<provider>/<kind>.
func parseClaim(t string) (Claim, error) {
	var c Claim
	rest, ok := strings.CutPrefix(t, exclusiveTag)
	if !ok {
		rest, c.Consumes = strings.TrimPrefix(t, consumesTag), true
	}
	p, k, ok := strings.Cut(rest, "/")
	if !ok || p == "" || k == "" || strings.Contains(k, "/") {
		return Claim{}, &TagError{Tag: t, Reason: "a fixture claim is @exclusive:<provider>/<kind> or @consumes:<provider>/<kind>"}
	}
	c.Provider, c.Kind = p, k
	return c, nil
}

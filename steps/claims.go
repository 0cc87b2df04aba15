package steps

import (
	"strings"

	"github.com/conformhq/conform/steps/pool"
)

// parseClaim reads one claim tag, @exclusive:<provider>/<kind> or
// @consumes:<provider>/<kind>.
func parseClaim(t string) (pool.Claim, error) {
	var c pool.Claim
	rest, ok := strings.CutPrefix(t, pool.ExclusiveTag)
	if !ok {
		rest, c.Consumes = strings.TrimPrefix(t, pool.ConsumesTag), true
	}
	p, k, ok := strings.Cut(rest, "/")
	if !ok || p == "" || k == "" || strings.Contains(k, "/") {
		return pool.Claim{}, &TagError{Tag: t, Reason: "a fixture claim is @exclusive:<provider>/<kind> or @consumes:<provider>/<kind>"}
	}
	c.Provider, c.Kind = p, k
	return c, nil
}

package steps

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Limit is a count of a provider's behaviour that no reference fixes
// (contract rule 7): how many failed logins lock credentials, how many
// wrong codes end a challenge. Its default is the simulator's choice
// [decided]; a deployment declares its own under
// providers.<provider>.limits.<name>, and the sandbox of conform's
// simulator is given the declared value.
type Limit struct {
	// Name is how steps and the config file write it ("lockoutThreshold").
	Name string
	// Default is conform's choice, the simulator's.
	Default int
	// Bound is the most a scenario accepts where the deployment declares
	// nothing and has no control API: "locked after at most Bound
	// consecutive failures" [decided].
	Bound int
	// Source says what the references say of it, for docs and messages.
	Source string
}

// KindLimit is a count a deployment declares (providers.<p>.limits.<name>):
// a scenario that needs the exact value is not applicable without it.
const KindLimit = "limit"

// LimitCapability is the capability of knowing one of a provider's limits.
func LimitCapability(provider, name string) Capability {
	return Capability(KindLimit + ":" + provider + "/" + name)
}

// limitExpr is a count written with a limit: "lockoutThreshold",
// "wrongCodeAttempts - 1", "wrongCodeAttempts + 1", or a plain number.
var limitExpr = regexp.MustCompile(`^(?:(\d+)|([a-z][A-Za-z]*)(?: ([+-]) (\d+))?)$`)

// LimitName is the limit a count expression names, "" for a number.
func LimitName(expr string) string {
	m := limitExpr.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil {
		return ""
	}
	return m[2]
}

// limit is a provider's declared Limit, by name.
func (e *Env) limit(provider, name string) (Limit, bool) {
	v, ok := e.vocabulary(provider)
	if !ok {
		return Limit{}, false
	}
	for _, l := range v.Limits {
		if l.Name == name {
			return l, true
		}
	}
	return Limit{}, false
}

// declaredLimit is the value the config file declares, if any.
func (e *Env) declaredLimit(provider, name string) (int, bool) {
	if e.Target == nil || e.Target.Config == nil {
		return 0, false
	}
	n, ok := e.Target.Config.Provider(provider).Limits[name]
	return n, ok
}

// Count evaluates a count expression of a provider's limits. exact asks
// for the deployment's very value: the declared one, else, against
// conform's control API, the default (the sandbox runs with it), else the
// scenario is not applicable, naming the declaration. Otherwise (a count
// that is an upper bound: "at most lockoutThreshold") the limit's Bound
// stands in for an undeclared value.
func (w *World) Count(provider, expr string, exact bool) (int, error) {
	m := limitExpr.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil {
		return 0, fmt.Errorf("%q is no count: write a number, a limit (\"lockoutThreshold\") or a limit plus or minus a number", expr)
	}
	if m[1] != "" {
		return strconv.Atoi(m[1])
	}
	l, ok := w.env.limit(provider, m[2])
	if !ok {
		return 0, fmt.Errorf("%s declares no limit %q", provider, m[2])
	}
	n, declared := w.env.declaredLimit(provider, l.Name)
	switch {
	case declared:
	case w.HasControl():
		n = l.Default
	case !exact && l.Bound > 0:
		n = l.Bound
	default:
		return 0, w.NotApplicablef("needs %s (config providers.%s.limits.%s: %s)", LimitCapability(provider, l.Name), provider, l.Name, l.Source)
	}
	if m[3] != "" {
		d, _ := strconv.Atoi(m[4])
		if m[3] == "-" {
			d = -d
		}
		n += d
	}
	if n < 1 {
		return 0, w.NotApplicablef("%s comes to %d with the %s declared: nothing to check", expr, n, l.Name)
	}
	return n, nil
}

// offerLimit: the config's providers.<p>.limits.<name>.
func offerLimit(e *Env, n Need) Offer {
	p, name := n.Capability.Provider(), n.Capability.Arg()
	key := fmt.Sprintf("config providers.%s.limits.%s", p, name)
	if _, ok := e.declaredLimit(p, name); ok {
		return Offer{Offered: true, By: key}
	}
	return Offer{Provide: key}
}

// LimitDeclared reports whether the config declares a provider's limit.
func (w *World) LimitDeclared(provider, name string) bool {
	_, ok := w.env.declaredLimit(provider, name)
	return ok
}

// TimingDeclared reports whether the config declares a timing of the
// scenario's provider.
func (w *World) TimingDeclared(name string) bool {
	return w.env.TimingTable(w.TimingsProvider()).Configured(name)
}

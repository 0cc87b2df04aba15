package pool

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/conformhq/conform/steps/config"
	"github.com/conformhq/conform/steps/timing"
)

// Pools are the run's config fixtures (providers.<p>.fixtures.<kind>, one
// or a list of each kind), lent to the scenarios of a target without the
// control API. All Worlds of a run share them; they are safe for
// concurrent use.
//
// A scenario shares a fixture unless it claims one (see Claim): a shared
// lease takes any fixture not held exclusively and not retired, and
// shared scenarios gather on the fixture most in use, leaving the others
// free for exclusive claims. An exclusive claim waits, bounded by the
// run's context, until a fixture has no holder at all; a scenario's
// claims are granted together before its first step, so that two claiming
// scenarios never wait on each other. While an exclusive claim waits, new
// shared leases of the kind wait behind it, so that a stream of sharing
// scenarios cannot starve it. A consumed fixture is retired when its
// scenario ends; consumers beyond a pool's size are denied up front by
// Plan (not applicable, with how many fixtures to add).
type Pools struct {
	mu sync.Mutex
	// changed is closed, and replaced, whenever a lease ends: waiters look
	// again.
	changed chan struct{}
	kinds   map[string]*pool // by provider/kind
	denied  map[string]string
}

type pool struct {
	provider, kind string
	cfg            config.Pool
	slots          []*slot
	waiting        int // exclusive claims waiting for a fixture of the kind
}

type slot struct {
	index   int
	shared  int  // scenarios sharing it
	held    bool // by one scenario, exclusively
	retired string
}

func (p *pool) key(i int) string { return p.cfg.Key(p.provider, p.kind, i) }

func (p *pool) name() string { return "providers." + p.provider + ".fixtures." + p.kind }

// Lease is one fixture lent to one scenario until it ends.
type Lease struct {
	pool      *pool
	slot      *slot
	exclusive bool
	consumes  bool
	// retire, when set, sets the fixture aside when the lease ends: the
	// scenario found it unusable.
	retire string
	// Fixture is the fixture's fields, as the config gives them; callers
	// must not change them.
	Fixture map[string]any
	// Key is the fixture's config key (providers.weavr.fixtures.user[1]).
	Key string
}

// Provider is the provider of the lease's fixture.
func (l *Lease) Provider() string { return l.pool.provider }

// Kind is the kind of the lease's fixture.
func (l *Lease) Kind() string { return l.pool.kind }

// Retire sets the fixture aside for the rest of the run when the lease
// ends, for why: its scenario found it unusable (a lockout user found
// locked).
func (l *Lease) Retire(why string) { l.retire = why }

// NewPools makes the pools of a config's fixtures.
func NewPools(cfg *config.Config) *Pools {
	ps := &Pools{changed: make(chan struct{}), kinds: map[string]*pool{}, denied: map[string]string{}}
	if cfg == nil {
		return ps
	}
	for name, p := range cfg.Providers {
		if p == nil {
			continue
		}
		for kind, fixtures := range p.Fixtures {
			if len(fixtures) == 0 {
				continue
			}
			pl := &pool{provider: name, kind: kind, cfg: fixtures}
			for i := range fixtures {
				pl.slots = append(pl.slots, &slot{index: i})
			}
			ps.kinds[name+"/"+kind] = pl
		}
	}
	return ps
}

// Size is the number of fixtures of a kind.
func (ps *Pools) Size(provider, kind string) int {
	if ps == nil {
		return 0
	}
	if p := ps.kinds[provider+"/"+kind]; p != nil {
		return len(p.slots)
	}
	return 0
}

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

// ExclusiveTag and ConsumesTag are the claim tags' prefixes.
const (
	ExclusiveTag = "@exclusive:"
	ConsumesTag  = "@consumes:"
)

// String is the claim as its tag writes it.
func (c Claim) String() string {
	if c.Consumes {
		return ConsumesTag + c.Provider + "/" + c.Kind
	}
	return ExclusiveTag + c.Provider + "/" + c.Kind
}

// Pool names the claim's pool: its provider and kind.
func (c Claim) Pool() string { return c.Provider + "/" + c.Kind }

// PlannedScenario is a scenario the run will start: its key
// (steps.ScenarioKey) and the fixtures it claims (its Tags' Claims).
type PlannedScenario struct {
	Key    string
	Claims []Claim
}

// Plan takes the scenarios the run will start, in the order it reports
// them, before any starts: the consumers of a kind beyond its pool's size
// are denied (not applicable, with the number of fixtures to add). It
// starts the pools afresh.
func (ps *Pools) Plan(scenarios []PlannedScenario) {
	if ps == nil {
		return
	}
	consumers := map[string][]string{}
	var order []string
	for _, s := range scenarios {
		for _, c := range s.Claims {
			if !c.Consumes {
				continue
			}
			if consumers[c.Pool()] == nil {
				order = append(order, c.Pool())
			}
			consumers[c.Pool()] = append(consumers[c.Pool()], s.Key)
		}
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.denied = map[string]string{}
	for _, p := range ps.kinds {
		p.waiting = 0
		for _, s := range p.slots {
			*s = slot{index: s.index}
		}
	}
	for _, k := range order {
		p := ps.kinds[k]
		if p == nil {
			continue // the scenarios will say that the config gives none
		}
		keys := consumers[k]
		if len(keys) <= len(p.slots) {
			continue
		}
		reason := fmt.Sprintf("%s has %d %s; %d scenarios consume one: add %d",
			p.name(), len(p.slots), plural(len(p.slots), "fixture", "fixtures"), len(keys), len(keys)-len(p.slots))
		for _, key := range keys[len(p.slots):] {
			ps.denied[key] = reason
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Denied says why a scenario may not run, when Plan denied it a fixture.
func (ps *Pools) Denied(key string) (string, bool) {
	if ps == nil {
		return "", false
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	r, ok := ps.denied[key]
	return r, ok
}

// NoFixtureError is a claim or lease of a kind the config gives no
// fixture of: the scenario is not applicable.
type NoFixtureError struct{ Provider, Kind string }

func (e *NoFixtureError) Error() string {
	return fmt.Sprintf("the target has no control API and the config provides no %s fixture %q (providers.%s.fixtures.%s)", e.Provider, e.Kind, e.Provider, e.Kind)
}

// ExhaustedError is a lease of a kind whose every fixture was retired
// earlier in the run: the scenario is not applicable.
type ExhaustedError struct {
	Pool    string
	Reasons []string
}

func (e *ExhaustedError) Error() string {
	return fmt.Sprintf("every fixture of %s was set aside earlier in the run (%s): add fixtures, one more than the scenarios that consume one",
		e.Pool, strings.Join(e.Reasons, "; "))
}

// Exclusive grants a scenario's claims together, waiting until a fixture
// of each claimed kind has no holder. It fails at once, granting nothing,
// when a kind has no fixture left.
func (ps *Pools) Exclusive(ctx context.Context, claims []Claim) ([]*Lease, error) {
	if len(claims) == 0 {
		return nil, nil
	}
	if ps == nil {
		return nil, &NoFixtureError{Provider: claims[0].Provider, Kind: claims[0].Kind}
	}
	ps.mu.Lock()
	waiting := false
	defer func() {
		if waiting {
			for _, c := range claims {
				ps.kinds[c.Pool()].waiting--
			}
		}
		ps.mu.Unlock()
	}()
	for {
		free := make([]*slot, len(claims))
		all := true
		for i, c := range claims {
			p := ps.kinds[c.Pool()]
			if p == nil {
				return nil, &NoFixtureError{Provider: c.Provider, Kind: c.Kind}
			}
			if err := p.exhausted(); err != nil {
				return nil, err
			}
			free[i] = p.free(free[:i])
			all = all && free[i] != nil
		}
		if all {
			leases := make([]*Lease, len(claims))
			for i, c := range claims {
				free[i].held = true
				leases[i] = ps.kinds[c.Pool()].lease(free[i], true, c.Consumes)
			}
			return leases, nil
		}
		if !waiting {
			waiting = true
			for _, c := range claims {
				ps.kinds[c.Pool()].waiting++
			}
		}
		if err := ps.wait(ctx); err != nil {
			return nil, err
		}
	}
}

// Shared lends a fixture of a kind to a scenario that does not claim it.
// holding says whether the scenario already holds a lease: it then never
// waits behind exclusive claims, since they might be waiting for it.
func (ps *Pools) Shared(ctx context.Context, provider, kind string, holding bool) (*Lease, error) {
	if ps == nil {
		return nil, &NoFixtureError{Provider: provider, Kind: kind}
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for {
		p := ps.kinds[provider+"/"+kind]
		if p == nil {
			return nil, &NoFixtureError{Provider: provider, Kind: kind}
		}
		if err := p.exhausted(); err != nil {
			return nil, err
		}
		if p.waiting == 0 || holding {
			var best *slot
			for _, s := range p.slots {
				if s.retired == "" && !s.held && (best == nil || s.shared > best.shared) {
					best = s
				}
			}
			if best != nil {
				best.shared++
				return p.lease(best, false, false), nil
			}
		}
		if err := ps.wait(ctx); err != nil {
			return nil, err
		}
	}
}

// wait waits for a lease to end (timing.AwaitChange); called and returning
// with ps.mu held.
func (ps *Pools) wait(ctx context.Context) error {
	return timing.AwaitChange(ctx, &ps.mu, ps.changed, "a fixture")
}

// Release ends a lease: an exclusive fixture is free again, unless its
// scenario consumed it or found it unusable, when it is retired.
func (ps *Pools) Release(l *Lease) {
	if ps == nil || l == nil {
		return
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	s := l.slot
	if l.exclusive {
		s.held = false
	} else {
		s.shared--
	}
	switch {
	case l.retire != "":
		s.retired = l.retire
	case l.consumes:
		s.retired = "consumed"
	}
	close(ps.changed)
	ps.changed = make(chan struct{})
}

func (p *pool) lease(s *slot, exclusive, consumes bool) *Lease {
	return &Lease{pool: p, slot: s, exclusive: exclusive, consumes: consumes, Fixture: p.cfg[s.index], Key: p.key(s.index)}
}

// free is a fixture of the pool with no holder, not among taken.
func (p *pool) free(taken []*slot) *slot {
	for _, s := range p.slots {
		if s.retired == "" && !s.held && s.shared == 0 && !slices.Contains(taken, s) {
			return s
		}
	}
	return nil
}

// exhausted says why no fixture of the pool can be lent any more.
func (p *pool) exhausted() error {
	why := map[string]int{}
	for _, s := range p.slots {
		if s.retired == "" {
			return nil
		}
		why[s.retired]++
	}
	var reasons []string
	for _, r := range slices.Sorted(maps.Keys(why)) {
		reasons = append(reasons, fmt.Sprintf("%d %s", why[r], r))
	}
	return &ExhaustedError{Pool: p.name(), Reasons: reasons}
}

// IsNotApplicable tells the pool errors that make a scenario not
// applicable (no fixture to be had) from the others (the run stopped).
func IsNotApplicable(err error) bool {
	var nf *NoFixtureError
	var ex *ExhaustedError
	return errors.As(err, &nf) || errors.As(err, &ex)
}

package core

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Registry holds the sandboxes of one simulator and the index from
// credentials to sandboxes.
type Registry struct {
	seed uint64
	wall func() time.Time

	// Max bounds the number of sandboxes the control API creates (0: no
	// bound); Kept (the default sandbox) does not count.
	Max int
	// Kept is the id of a sandbox that does not count against Max.
	Kept string
	// SandboxBudget and ServerBudget bound the fixture bytes (the
	// documents' size, a stand-in for the state they create, about 25
	// times as much) one sandbox and all of them together may take; 0: no
	// bound. See Charge.
	SandboxBudget, ServerBudget int64
	charged                     int64

	mu        sync.RWMutex
	sandboxes map[string]*Sandbox
	index     map[string]*Sandbox
	ids       *IDs
}

// NewRegistry returns an empty registry. A non-zero seed makes every id,
// token and OTP reproducible; wall is the wall clock (time.Now when nil).
func NewRegistry(seed uint64, wall func() time.Time) *Registry {
	if wall == nil {
		wall = time.Now
	}
	return &Registry{seed: seed, wall: wall, sandboxes: map[string]*Sandbox{}, index: map[string]*Sandbox{}, ids: NewIDs(seed, "")}
}

// ErrSandboxExists is returned when a sandbox id is taken.
var ErrSandboxExists = errors.New("sandbox already exists")

// ErrTooManySandboxes is returned when the registry holds Max sandboxes.
var ErrTooManySandboxes = errors.New("too many sandboxes")

// Create makes a new sandbox. An empty id draws one.
func (r *Registry) Create(id string) (*Sandbox, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if id == "" {
		for id == "" || r.sandboxes[id] != nil {
			id = "sbx_" + r.ids.Alnum(12)
		}
	} else if r.sandboxes[id] != nil {
		return nil, fmt.Errorf("%w: %s", ErrSandboxExists, id)
	}
	n := len(r.sandboxes)
	if r.sandboxes[r.Kept] != nil && r.Kept != "" {
		n--
	}
	if r.Max > 0 && id != r.Kept && n >= r.Max {
		return nil, fmt.Errorf("%w: the simulator holds %d, its maximum; delete some (DELETE /_control/sandboxes/{id})", ErrTooManySandboxes, r.Max)
	}
	sb := &Sandbox{
		ID:       id,
		registry: r,
		Clock:    NewClock(r.wall),
		Outbox:   &Outbox{},
		Faults:   &Faults{},
		IDs:      NewIDs(r.seed, id),
		Limiter:  &Limiter{Limit: DefaultRateLimit},
		state:    map[string]any{},
		keys:     map[string]struct{}{},
	}
	sb.used.Store(r.wall().UnixNano())
	r.sandboxes[id] = sb
	return sb, nil
}

// Get returns the sandbox with that id, or nil.
func (r *Registry) Get(id string) *Sandbox {
	r.mu.RLock()
	sb := r.sandboxes[id]
	r.mu.RUnlock()
	r.touch(sb)
	return sb
}

// touch records that sb was used now.
func (r *Registry) touch(sb *Sandbox) {
	if sb != nil {
		sb.used.Store(r.wall().UnixNano())
	}
}

// Idle lists, sorted, the sandboxes nothing has found for longer than
// maxIdle (by the wall clock, not their own clocks, which tests move).
func (r *Registry) Idle(maxIdle time.Duration) []string {
	limit := r.wall().Add(-maxIdle).UnixNano()
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for id, sb := range r.sandboxes {
		if sb.used.Load() < limit {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Len is the number of sandboxes.
func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.sandboxes)
}

// IDs lists the sandbox ids, sorted.
func (r *Registry) IDs() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.sandboxes))
	for id := range r.sandboxes {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Delete removes a sandbox and every credential bound to it. It reports
// whether the sandbox existed.
func (r *Registry) Delete(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	sb := r.sandboxes[id]
	if sb == nil {
		return false
	}
	delete(r.sandboxes, id)
	r.charged -= sb.charged
	for k := range sb.keys {
		if r.index[k] == sb {
			delete(r.index, k)
		}
	}
	return true
}

// ErrSandboxBudget and ErrServerBudget are fixtures refused for want of
// memory: the sandbox's own budget (413: a smaller document may do) or the
// whole server's (429: others hold it; try later, or delete sandboxes).
var (
	ErrSandboxBudget = errors.New("the sandbox's fixtures budget is spent")
	ErrServerBudget  = errors.New("the simulator's fixtures budget is spent")
)

// Charge counts n bytes of fixtures against sb's and the server's budget,
// or refuses them (ErrSandboxBudget, ErrServerBudget) and counts nothing.
func (r *Registry) Charge(sb *Sandbox, n int64) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	// The default sandbox's fixtures are the operator's (--fixtures): its
	// own budget does not bind them, the server's does.
	if r.SandboxBudget > 0 && sb.ID != r.Kept && sb.charged+n > r.SandboxBudget {
		return fmt.Errorf("%w: %d bytes of fixtures would make %d, over its %d", ErrSandboxBudget, n, sb.charged+n, r.SandboxBudget)
	}
	if r.ServerBudget > 0 && r.charged+n > r.ServerBudget {
		return fmt.Errorf("%w: %d bytes of fixtures would make %d in all, over its %d; delete sandboxes or try later", ErrServerBudget, n, r.charged+n, r.ServerBudget)
	}
	if r.sandboxes[sb.ID] == sb {
		sb.charged += n
		r.charged += n
	}
	return nil
}

// Lookup returns the sandbox a credential of that kind belongs to, or nil.
func (r *Registry) Lookup(kind, value string) *Sandbox {
	if value == "" {
		return nil
	}
	r.mu.RLock()
	sb := r.index[kind+"\x00"+value]
	r.mu.RUnlock()
	r.touch(sb)
	return sb
}

func (r *Registry) bind(key string, sb *Sandbox) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sandboxes[sb.ID] != sb {
		// The sandbox was deleted while a request was in flight: the
		// credential can lead nowhere, and refusing would make Token spin.
		return true
	}
	if other, ok := r.index[key]; ok && other != sb {
		return false
	}
	r.index[key] = sb
	sb.keys[key] = struct{}{}
	return true
}

func (r *Registry) unbind(key string, sb *Sandbox) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.index[key] == sb {
		delete(r.index, key)
	}
	delete(sb.keys, key)
}

package core

import (
	"sync"
	"sync/atomic"
)

// Sandbox is one isolated world: its own fixtures, credentials, clock,
// faults, outbox, ids and rate limits. Requests find it through the
// credentials it bound in the Registry.
type Sandbox struct {
	ID       string
	registry *Registry
	// charged is the fixture bytes charged to the sandbox (Registry.Charge),
	// guarded by the registry's lock.
	charged int64

	mu      sync.Mutex
	Clock   *Clock
	Outbox  *Outbox
	Faults  *Faults
	IDs     *IDs
	Limiter *Limiter
	state   map[string]any

	// keys are the registry keys of the credentials bound to the sandbox,
	// guarded by the registry's lock: deleting a sandbox forgets them
	// without walking every other sandbox's.
	keys map[string]struct{}
	// used is when a request or control call last found the sandbox (wall
	// clock, Unix nanoseconds), for idle eviction.
	used atomic.Int64

	// versions is apart from mu: the pipeline reads it to validate a
	// request before it takes the sandbox's lock.
	verMu    sync.RWMutex
	versions map[string]string // provider → version name; absent = default
}

// SetVersion makes the sandbox serve that version of the provider's API
// ("" for its default). Callers check the name first (Provider.CheckVersion).
func (sb *Sandbox) SetVersion(provider, version string) {
	sb.verMu.Lock()
	defer sb.verMu.Unlock()
	if sb.versions == nil {
		sb.versions = map[string]string{}
	}
	if version == "" {
		delete(sb.versions, provider)
		return
	}
	sb.versions[provider] = version
}

// Version returns the version of the provider's API the sandbox serves, or
// "" for the provider's default.
func (sb *Sandbox) Version(provider string) string {
	sb.verMu.RLock()
	defer sb.verMu.RUnlock()
	return sb.versions[provider]
}

// Lock takes the sandbox's mutex. The pipeline holds it around each handler
// and the control API around each change.
func (sb *Sandbox) Lock() { sb.mu.Lock() }

// Unlock releases the sandbox's mutex.
func (sb *Sandbox) Unlock() { sb.mu.Unlock() }

// State returns the provider state stored under name, creating it with init
// the first time. Call it with the sandbox locked.
func (sb *Sandbox) State(name string, init func() any) any {
	if v, ok := sb.state[name]; ok {
		return v
	}
	v := init()
	sb.state[name] = v
	return v
}

// Bind makes a credential (an api key, client id or token of the given kind)
// lead to this sandbox. It reports false if the credential already belongs
// to another sandbox, which callers treat as a fixture error (for credentials
// chosen by fixtures) or draw a new value (for generated ones).
func (sb *Sandbox) Bind(kind, value string) bool {
	return sb.registry.bind(kind+"\x00"+value, sb)
}

// Unbind forgets a credential, e.g. a revoked token.
func (sb *Sandbox) Unbind(kind, value string) {
	sb.registry.unbind(kind+"\x00"+value, sb)
}

// Token draws a fresh credential of the given kind, with a prefix and n
// random characters, and binds it to the sandbox.
func (sb *Sandbox) Token(kind, prefix string, n int) string {
	for {
		v := prefix + sb.IDs.Alnum(n)
		if sb.Bind(kind, v) {
			return v
		}
	}
}

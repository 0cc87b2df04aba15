// Package core holds what the simulated providers share: sandboxes with their
// clock, outbox, faults, ids and rate limits; the registry that finds a
// request's sandbox from the credential it carries; and the request pipeline
// that routes, injects faults, rate-limits and validates every request
// against the provider's spec before its handler sees it. Providers only
// fill in hooks (Provider): validation and dispatch exist once, here, and a
// fault with a success status takes that same path to the handler.
//
// A provider may serve several published versions of its API
// (Provider.Versions); each sandbox chooses one per provider
// (Sandbox.SetVersion, from the fixtures' `versions` section), and the
// pipeline routes and validates its requests by that version's spec;
// handlers ask the version's traits (Call.Has), never its name.
//
// A sandbox is guarded by one mutex, held by the pipeline for the whole of a
// handler and by the control API for each change: providers keep their state
// in plain maps, and sandboxes never block each other.
package core

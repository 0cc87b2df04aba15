// Package conformtest runs conform's simulator inside a Go test, in place of
// a provider's sandbox: NewServer starts it on loopback with a sandbox of
// its own, filled from a fixtures document, and removes both when the test
// ends. The Server gives each provider's base URL and typed credentials,
// and moves the sandbox's clock, queues faults and reads the outbox (the
// OTPs the providers sent) in-process, so a test needs neither the control
// API's JSON nor a network. Validate and Server.Client check responses
// against the providers' specs. NewTLSServer does the same over HTTPS.
//
// Server.Requests is a journal of what clients sent (provider, operation,
// method, path, headers, body, status), to assert a client's calls.
// Server.Disrupt queues resilience faults (Delay, Reset, Malformed): what a
// network or a failing provider does that no spec documents, kept apart
// from the conformance faults of AddFault, which answer documented statuses.
//
// Every helper fails the test through its testing.TB, with a message that
// says what went wrong, instead of returning an error: these are test
// helpers, and a test cannot go on without what they set up. Each calls
// t.Helper, so the failure is reported at the test's own line.
//
// The package serves the simulator's list of providers (simulator/providers),
// so it sits in the simulator's side of conform's layer rule
// (internal/arch) and links neither the step library, nor godog, nor the
// feature files. Modules outside conform import it as they import any
// package.
package conformtest

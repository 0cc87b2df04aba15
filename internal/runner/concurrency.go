package runner

import (
	"net/http"

	"github.com/conformhq/conform/steps"
)

// The default numbers of scenarios in flight (--concurrency unset).
const (
	// inProcessConcurrency: the built-in simulator costs CPU, not waiting,
	// so more scenarios than a few per core only take turns.
	inProcessConcurrency = 4
	// controlledConcurrency: against a deployment with the control API
	// every scenario has its own sandbox, so nothing one does can disturb
	// another, and a run's time is its round trips (about six per
	// scenario: 50 ms away, 2,000 of them) divided by the scenarios in
	// flight. 64 keeps the suite within a few seconds of its longest
	// scenario; a target that cannot take it answers 429, which the
	// harness waits out.
	controlledConcurrency = 64
	// sharedConcurrency: without the control API the scenarios share the
	// config's pre-provisioned users and credentials, and a vendor's
	// sandbox its rate limit: a few at once, as before.
	sharedConcurrency = 4
)

// DefaultConcurrency is how many scenarios run at once against t when
// the run does not say.
func DefaultConcurrency(t *steps.Target) int {
	switch {
	case t.Control == inProcessURL:
		return inProcessConcurrency
	case t.Control != "":
		return controlledConcurrency
	}
	return sharedConcurrency
}

// remoteTransport keeps a connection to the target for every scenario in
// flight: net/http's default keeps two idle per host, so a run of many
// scenarios at once would close and reopen connections (and redo TLS
// handshakes) on nearly every request.
func remoteTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 2 * controlledConcurrency
	t.MaxIdleConnsPerHost = 2 * controlledConcurrency
	return t
}

package steps

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRateWaits bounds how often one request waits out a 429 that its
// scenario did not ask for before the 429 is its answer.
const maxRateWaits = 3

// maxRateWait bounds one wait: a target asking for longer is answered by
// the scenario's own timeout rather than a stalled run.
const maxRateWait = 30 * time.Second

// rateWait is how long a 429 asks the client to wait: Retry-After
// (seconds), else Weavr's x-ratelimit-reset (seconds), else a second.
func rateWait(h http.Header) time.Duration {
	for _, name := range []string{"Retry-After", "x-ratelimit-reset"} {
		v := strings.TrimSpace(h.Get(name))
		if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 && !math.IsInf(n, 0) {
			return min(time.Duration(n*float64(time.Second)), maxRateWait)
		}
	}
	return time.Second
}

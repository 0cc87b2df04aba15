package weavr

import (
	"crypto/rand"
	"strconv"
	"sync/atomic"

	"github.com/conformhq/conform/simulator/core"
)

// requestRefs draws the request-ref every Weavr response carries. The
// contract asks only for a string that identifies the request, so each is a
// prefix drawn from crypto/rand once per provider (two simulators never
// share it) and a counter: unique without a call into crypto/rand per
// request, which was a twentieth of the cost of serving /identities. It
// runs before the sandbox is known (and unlocked), hence not the sandbox's
// seeded generator.
type requestRefs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestRefs() *requestRefs {
	return &requestRefs{prefix: rand.Text()[:16] + "-"}
}

// next returns a request-ref no earlier call returned.
func (g *requestRefs) next() string {
	var buf [48]byte
	b := append(buf[:0], g.prefix...)
	return string(strconv.AppendUint(b, g.n.Add(1), 36))
}

// before gives every response its request-ref; the handlers remove it from
// the answers that document none.
func (g *requestRefs) before(c *core.Call) {
	// Set without canonicalising the name on every request.
	c.W.Header()[requestRefHeader] = []string{g.next()}
}

// requestRefHeader is "request-ref" as http.Header keys it
// (http.CanonicalHeaderKey).
const requestRefHeader = "Request-Ref"

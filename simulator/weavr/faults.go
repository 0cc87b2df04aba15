package weavr

import (
	"net/http"
	"slices"

	"github.com/conformhq/conform/simulator/core"
)

// fault answers a fault injected through the control API, in the shape the
// spec documents for the operation and status:
//   - 400: a SyntaxError with a message and no invalid fields;
//   - 409: {errorCode: f.Code} when f.Code is one of the operation's codes,
//     else the first code the spec lists; login's 409 carries a temporary
//     token instead, a random one that is bound to nothing (it gets 401);
//   - 429: the rate-limit headers, from the sandbox's limit and window;
//   - any other error status: no body, as the spec has none for them.
//
// A success status never comes here: the pipeline serves it as usual.
func fault(c *core.Call, f core.Fault) {
	switch f.Status {
	case http.StatusBadRequest:
		badRequest(c, "Bad Request (simulated by the sandbox's fault control)", nil)
	case http.StatusConflict:
		codes := c.ErrorCodes(http.StatusConflict)
		if len(codes) == 0 {
			c.JSON(http.StatusConflict, map[string]string{"token": c.Sandbox.IDs.Alnum(40)})
			return
		}
		code := f.Code
		if !slices.Contains(codes, code) {
			code = codes[0]
		}
		conflict(c, code)
	case http.StatusTooManyRequests:
		// As if the window had just begun: the whole window is left.
		rateLimited(c, c.Sandbox.Limiter.Limit.Limit, c.Sandbox.Limiter.Limit.Window)
	default:
		c.Empty(f.Status)
	}
}

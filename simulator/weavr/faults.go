package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// fault answers a fault injected through the control API, in the shape the
// spec documents for the operation and status:
//   - 400: a SyntaxError with a message and no invalid fields;
//   - login's 409 carries a temporary token, a random one that is bound to
//     nothing (it gets 401);
//   - 429: the rate-limit headers, from the sandbox's limit and window;
//   - any other error status: as refuse answers it in the sandbox's
//     version, with f.Code when that version's enum has it (the control API
//     refuses a code of another version), else a natural default.
//
// A success status never comes here: the pipeline serves it as usual.
func fault(c *core.Call, f core.Fault) {
	switch f.Status {
	case http.StatusBadRequest:
		badRequest(c, "Bad Request (simulated by the sandbox's fault control)", nil)
	case http.StatusConflict:
		if len(c.ErrorCodes(http.StatusConflict)) == 0 {
			c.W.Header().Del("request-ref")
			c.JSON(http.StatusConflict, map[string]string{"token": c.Sandbox.IDs.Alnum(40)})
			return
		}
		refuse(c, f.Status, f.Code)
	case http.StatusTooManyRequests:
		// As if the window had just begun: the whole window is left.
		rateLimited(c, c.Sandbox.Limiter.Limit.Limit, c.Sandbox.Limiter.Limit.Window)
	default:
		code := f.Code
		if code == "" && len(c.ErrorCodes(f.Status)) > 0 {
			code = naturalCode(f.Status)
		}
		refuse(c, f.Status, code)
	}
}

// naturalCode is the code a fault without one gives, where the enum's
// first value would read oddly ("" leaves the choice to refuse).
func naturalCode(status int) string {
	switch status {
	case http.StatusForbidden:
		return codeInsufficientPermissions
	case http.StatusNotFound:
		return codeTokenNotFound
	case http.StatusGone:
		return codeTokenExpired
	}
	return ""
}

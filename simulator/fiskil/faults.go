package fiskil

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// fault answers a forced error status. Code picks the goa name among those
// the operation documents for that status; an unknown or empty one falls
// back to the natural default (fault, service_unavailable, or the
// first documented name). A forced success status never comes here: the
// pipeline serves it as usual, since a 200 body cannot be invented without
// the state behind it.
func fault(c *core.Call, f core.Fault) {
	name := pick(c.ErrorCodes(f.Status), f.Code, defaultName(f.Status))
	errorf(c, f.Status, name, "%s (forced by the simulator's fault control)", faultMessage(f.Status))
}

func defaultName(status int) string {
	switch status {
	case http.StatusInternalServerError:
		// goa wraps any unexpected error as its built-in fault.
		return "fault"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusServiceUnavailable:
		return "service_unavailable"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	}
	// A 400 has several names and none is more natural: pick takes the
	// first the operation documents.
	return ""
}

func faultMessage(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "error"
}

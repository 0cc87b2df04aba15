package fliqa

import (
	"net/http"
	"slices"

	"github.com/conformhq/conform/simulator/core"
)

// fault answers a fault set through the control API. Code is the
// errorSubCode; one the spec does not list for the status, or none, gives
// the operation's default for the status. A success status never comes
// here: the pipeline serves it as usual.
func fault(c *core.Call, f core.Fault) {
	sub := f.Code
	if !slices.Contains(c.ErrorCodes(f.Status), sub) {
		sub = defaultSub(c.Op.ID, f.Status)
	}
	msg := ""
	if sub == "" && f.Status == http.StatusBadRequest && c.Op.ID == opCreateConsent {
		msg = missingProvider
	}
	fail(c, f.Status, sub, msg, "")
}

// defaultSub is the subcode a fault without a (valid) code answers with:
// login's cause-less 400 unspecified, else the operation's own; the other
// cause-less subcode, domain_not_allowed, is only answered when asked for.
func defaultSub(op string, status int) string {
	switch status {
	case http.StatusBadRequest:
		if op == opAccountLogin {
			return "unspecified"
		}
		return "" // createConsent's documented 400 has no subcode
	case http.StatusUnauthorized:
		return "not_authorized"
	case http.StatusForbidden:
		return "access_not_allowed"
	}
	return ""
}

package fliqa

import (
	"errors"
	"net/http"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// fault answers a fault set through the control API. Code is the
// errorSubCode; an empty or unknown one gives the operation's default for
// the status. A success status is no error to inject: the request is then
// served as usual.
func fault(p *core.Provider, c *core.Call, f core.Fault) {
	if f.Status >= 200 && f.Status < 300 {
		if _, _, err := p.Spec.ValidateRequest(c.R.Context(), c.R, c.Body); err != nil {
			var re *oas.RequestError
			if !errors.As(err, &re) {
				re = &oas.RequestError{Operation: c.Op, Err: err, Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: err.Error()}}}
			}
			invalid(c, re)
			return
		}
		p.Handlers[c.Op.ID](c)
		return
	}
	sub := f.Code
	if subMessage(sub) == "" || f.Status == http.StatusNotFound {
		sub = defaultSub(c.Op.ID, f.Status)
	}
	msg := ""
	if sub == "" && f.Status == http.StatusBadRequest && c.Op.ID == opCreateConsent {
		msg = missingProvider
	}
	fail(c, f.Status, sub, msg, "")
}

// defaultSub is the subcode a fault without a (valid) code answers with:
// the one cause-less subcode where the contract names one (login's 400
// unspecified and 403 domain_not_allowed), else the operation's own.
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
		if op == opGetAccessToken {
			return "access_not_allowed"
		}
		return "domain_not_allowed"
	}
	return ""
}

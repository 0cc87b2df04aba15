package fliqa

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// invalid answers a request that breaks the spec. Credentials are checked
// first, as Fliqa authenticates before it reads a request.
func invalid(c *core.Call, re *oas.RequestError) {
	if c.Sandbox == nil {
		// The pipeline gives up before resolving when the body cannot be
		// read; the sandbox is then not locked yet, and is locked here.
		if sb := resolve(c); sb != nil {
			sb.Lock()
			defer sb.Unlock()
			c.Sandbox = sb
		}
	}
	if aerr := checkAuth(c); aerr != nil {
		fail(c, aerr.status, aerr.sub, "", "")
		return
	}
	if c.Op.ID == opGetAccessToken {
		// Only the path can break this operation's spec (an environment or
		// channel outside its enum). The reference documents no 400 or 404
		// here and gives no status for the cause (contract rule 4):
		// [decided] the key is not allowed access there, as for an
		// environment it is not enabled for.
		fail(c, http.StatusForbidden, "access_not_allowed", "Access not allowed: "+describe(re), "")
		return
	}
	sub, msg := "", "Invalid parameter: "+describe(re)
	for _, p := range re.Problems {
		if p.In != "body" || p.Kind != "missing" {
			continue
		}
		if len(bytes.TrimSpace(c.Body)) > 0 {
			// The validator reports a body of another content type as
			// missing; saying so helps whoever forgot the header.
			msg = "Invalid parameter: the body must be application/json"
			break
		}
		// No body at all is the same mistake as an empty object.
		switch c.Op.ID {
		case opAccountLogin:
			sub, msg = "email_or_phone_number_required", ""
		case opCreateConsent:
			msg = missingProvider
		}
	}
	fail(c, http.StatusBadRequest, sub, msg, "")
}

// describe names the offending fields without echoing their values, which
// may be secrets (an OTP).
func describe(re *oas.RequestError) string {
	parts := make([]string, 0, len(re.Problems))
	for _, p := range re.Problems {
		name := p.Field
		if name == "" {
			name = p.In
		}
		parts = append(parts, name+" ("+p.Kind+")")
	}
	if len(parts) == 0 {
		return "malformed request"
	}
	return strings.Join(parts, ", ")
}

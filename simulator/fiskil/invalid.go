package fiskil

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// invalid answers a request that breaks the spec with goa's 400, naming the
// most fundamental problem the way goa's generated decoders do: a body that
// is not a JSON object first, then a missing field, a field of the wrong
// type, a badly formatted one. The name is always one the operation
// documents.
func invalid(c *core.Call, re *oas.RequestError) {
	probs := slices.Clone(re.Problems)
	if len(probs) == 0 {
		probs = []oas.Problem{{In: "body", Kind: "syntax", Reason: re.Error()}}
	}
	slices.SortStableFunc(probs, func(a, b oas.Problem) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Field, b.Field))
	})
	name, msg := describe(probs[0])
	errorf(c, http.StatusBadRequest, pick(c.ErrorCodes(http.StatusBadRequest), name, "bad_request"), "%s", msg)
}

// Ranks, most fundamental first.
const (
	rankBody = iota
	rankMissing
	rankType
	rankFormat
	rankOther
)

func rank(p oas.Problem) int {
	switch {
	case p.Kind == "syntax" || p.Kind == "missing" || p.Field == "":
		return rankBody
	case p.Kind == "required":
		return rankMissing
	case p.Kind == "type" || p.Kind == "nullable":
		return rankType
	case p.Kind == "format" || p.Kind == "pattern":
		return rankFormat
	}
	return rankOther
}

// describe turns a problem into goa's name and a message in goa's wording.
func describe(p oas.Problem) (name, msg string) {
	switch rank(p) {
	case rankBody:
		if p.Kind == "missing" || p.Kind == "syntax" {
			// These reasons describe the body as a whole (its absence, its
			// media type, a decoding failure), never its content.
			return "bad_request", "invalid request body: " + p.Reason
		}
		return "bad_request", "the request body is not a JSON object"
	case rankMissing:
		return "missing_field", fmt.Sprintf("%q is missing from body", p.Field)
	case rankType:
		return "invalid_field_type", fmt.Sprintf("body.%s must be a string", p.Field)
	case rankFormat:
		return "invalid_format", fmt.Sprintf("body.%s must be formatted as %s", p.Field, formatName(p))
	}
	// The reason is not echoed: it may quote the value, and values can be
	// secrets.
	return "bad_request", fmt.Sprintf("body.%s breaks the %s constraint", p.Field, p.Kind)
}

func formatName(p oas.Problem) string {
	switch p.Field {
	case "email":
		return "an e-mail address"
	case "phone":
		return "an E.164 phone number"
	case "abn":
		return "11 digits"
	case "cancel_uri", "redirect_uri":
		return "an absolute URI"
	}
	return "required"
}

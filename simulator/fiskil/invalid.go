package fiskil

import (
	"cmp"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// invalid answers a request that breaks the spec the way goa's generated
// decoders do (reference §7.1): an undecodable media type is 415
// unsupported_media_type; an empty body missing_payload; JSON that does
// not parse, or a value of the wrong JSON type, decode_payload (the JSON
// decoder fails before any validation runs); then the validators'
// missing_field, invalid_pattern, invalid_format... All are goa's built-in
// errors: no goa-error header.
func invalid(c *core.Call, re *oas.RequestError) {
	switch mediaKind(c.R.Header.Get("Content-Type")) {
	case mediaUnsupported:
		errorf(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "unsupported media type %s", c.R.Header.Get("Content-Type"))
		return
	case mediaOther:
		// goa would decode XML, gob or text, none of which fills this
		// payload: its decoder fails [decided].
		errorf(c, http.StatusBadRequest, "decode_payload", "the body cannot be decoded as %s", c.R.Header.Get("Content-Type"))
		return
	}
	if len(strings.TrimSpace(string(c.Body))) == 0 {
		errorf(c, http.StatusBadRequest, "missing_payload", "missing required payload")
		return
	}
	probs := slices.Clone(re.Problems)
	if len(probs) == 0 {
		probs = []oas.Problem{{In: "body", Kind: "syntax", Reason: re.Error()}}
	}
	slices.SortStableFunc(probs, func(a, b oas.Problem) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Field, b.Field))
	})
	name, msg := describe(probs[0])
	errorf(c, http.StatusBadRequest, name, "%s", msg)
}

// Media kinds of a request body, as goa's RequestDecoder sees them.
const (
	mediaJSON = iota
	mediaOther
	mediaUnsupported
)

// mediaKind classifies a Content-Type: none or JSON is decoded as JSON;
// XML, gob and text have decoders; anything else is unsupported.
func mediaKind(ct string) int {
	if ct == "" {
		return mediaJSON
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return mediaUnsupported
	}
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return mediaJSON
	case mt == "application/xml" || strings.HasSuffix(mt, "+xml"), mt == "application/gob", strings.HasPrefix(mt, "text/"):
		return mediaOther
	}
	return mediaUnsupported
}

// Ranks, in the order goa meets them: decoding, then validation.
const (
	rankDecode = iota
	rankMissing
	rankValue
)

func rank(p oas.Problem) int {
	switch {
	case p.Kind == "syntax" || p.Kind == "missing" || p.Field == "" || p.Kind == "type" || p.Kind == "nullable":
		return rankDecode
	case p.Kind == "required":
		return rankMissing
	}
	return rankValue
}

// describe turns a problem into goa's name and a message in goa's wording
// (pkg/error.go). Values are never echoed: they can be secrets.
func describe(p oas.Problem) (name, msg string) {
	if rank(p) == rankDecode {
		if p.Field == "" {
			return "decode_payload", "the body is not a JSON object: " + p.Reason
		}
		return "decode_payload", fmt.Sprintf("body.%s has the wrong JSON type", p.Field)
	}
	switch p.Kind {
	case "required":
		return "missing_field", fmt.Sprintf("%q is missing from body", p.Field)
	case "pattern":
		return "invalid_pattern", fmt.Sprintf("body.%s must match the regexp %q", p.Field, strings.Join(p.Params, ""))
	case "format":
		return "invalid_format", fmt.Sprintf("body.%s must be formatted as %s", p.Field, formatName(p))
	case "enum":
		return "invalid_enum_value", fmt.Sprintf("value of body.%s must be one of %s", p.Field, strings.Join(p.Params, ", "))
	case "minLength", "maxLength", "minItems", "maxItems":
		return "invalid_length", fmt.Sprintf("length of body.%s breaks its %s", p.Field, p.Kind)
	case "minimum", "maximum":
		return "invalid_range", fmt.Sprintf("body.%s breaks its %s", p.Field, p.Kind)
	}
	return "decode_payload", fmt.Sprintf("body.%s breaks the %s constraint", p.Field, p.Kind)
}

func formatName(p oas.Problem) string {
	switch p.Field {
	case "email":
		return "an email"
	case "cancel_uri", "redirect_uri":
		return "an absolute uri"
	}
	return "required"
}

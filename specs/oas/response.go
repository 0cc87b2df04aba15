package oas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// UndeclaredBody is the reason of the violation of a response that has a
// body where its status declares none.
const UndeclaredBody = "a body is present where the spec declares none"

// Response is what the harness received, with the request it answered.
type Response struct {
	Method string
	// Path is relative to the provider's base URL, without the query.
	Path   string
	Status int
	Header http.Header
	Body   []byte
}

// ValidateResponse checks a response against the spec: the operation exists,
// the status is documented, the content type is declared, required headers are
// present and well-formed, there is no body where none is declared, and the
// body matches its schema. It returns the matched operation (nil when none)
// and every violation found; kin-openapi stops at the first problem of some
// kinds and overlooks others, so each check is done here.
func (s *Spec) ValidateResponse(r Response) (*Operation, Violations) {
	op, _, err := s.Match(r.Method, r.Path)
	if err != nil {
		return nil, Violations{{Spec: s.Name, Operation: r.Method + " " + r.Path, Status: r.Status,
			Reason: "no documented operation for " + r.Method + " " + r.Path, Err: err}}
	}
	viol := func(pointer, reason string, err error) *Violation {
		return &Violation{Spec: s.Name, Operation: op.ID, Status: r.Status, Pointer: pointer, Reason: reason, Err: err}
	}
	resp := op.Response(r.Status)
	if resp == nil {
		return op, Violations{viol("", fmt.Sprintf("status %d is not documented (documented: %s; no default)", r.Status, joinInts(op.Statuses)), nil)}
	}
	var out Violations
	out = append(out, s.checkHeaders(resp, r, viol)...)

	if len(resp.Content) == 0 {
		if len(bytes.TrimSpace(r.Body)) > 0 {
			out = append(out, viol("", UndeclaredBody, nil))
		}
		return op, out
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" && len(bytes.TrimSpace(r.Body)) == 0 {
		// Not a content type problem: the body the spec declares is missing.
		out = append(out, viol("", "no body where the spec declares "+strings.Join(mediaTypes(resp.Content), ", "), nil))
		return op, out
	}
	mt, _, perr := mime.ParseMediaType(ct)
	media := resp.Content.Get(ct)
	if perr != nil || media == nil {
		out = append(out, viol("content-type", fmt.Sprintf("content type %q is not declared (declared: %s)", ct, strings.Join(mediaTypes(resp.Content), ", ")), perr))
		return op, out
	}
	if len(bytes.TrimSpace(r.Body)) == 0 {
		out = append(out, viol("", "the body is empty where the spec declares "+mt, nil))
		return op, out
	}
	if media.Schema == nil || media.Schema.Value == nil {
		return op, out
	}
	if !isJSON(mt) {
		return op, out
	}
	var value any
	if json.Valid(r.Body) {
		// Decoded in place: a Decoder would first copy the whole body
		// into its own buffer. Numbers end as float64 either way.
		if err := json.Unmarshal(r.Body, &value); err != nil {
			out = append(out, viol("", "the body is not valid JSON: "+err.Error(), err))
			return op, out
		}
		return op, append(out, s.visit(media, value, viol)...)
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(&value); err != nil {
		out = append(out, viol("", "the body is not valid JSON: "+err.Error(), err))
		return op, out
	}
	if dec.More() {
		out = append(out, viol("", "the body holds more than one JSON value", nil))
		return op, out
	}
	return op, append(out, s.visit(media, fromNumbers(value), viol)...)
}

// visit validates a decoded body against its media type's schema.
func (s *Spec) visit(media *openapi3.MediaType, value any, viol func(string, string, error) *Violation) Violations {
	var out Violations
	for _, se := range schemaErrors(media.Schema.Value.VisitJSON(value, append(s.schemaOptions(), openapi3.MultiErrors(), openapi3.VisitAsResponse())...)) {
		out = append(out, se.violation(viol))
	}
	return out
}

func (s *Spec) checkHeaders(resp *openapi3.Response, r Response, viol func(string, string, error) *Violation) Violations {
	var out Violations
	names := make([]string, 0, len(resp.Headers))
	for name := range resp.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		h := resp.Headers[name].Value
		if h == nil || strings.EqualFold(name, "Content-Type") {
			continue
		}
		values := r.Header.Values(name)
		if len(values) == 0 {
			if h.Required {
				out = append(out, viol("header "+name, "required header is missing", nil))
			}
			continue
		}
		if h.Schema == nil || h.Schema.Value == nil {
			continue
		}
		var v any = values[0]
		if h.Schema.Value.Type.Is("integer") || h.Schema.Value.Type.Is("number") {
			f, err := strconv.ParseFloat(values[0], 64)
			if err != nil {
				out = append(out, viol("header "+name, fmt.Sprintf("value %q is not a number", values[0]), err))
				continue
			}
			v = f
		}
		if err := h.Schema.Value.VisitJSON(v, s.schemaOptions()...); err != nil {
			out = append(out, viol("header "+name, "value does not match its schema: "+reasonOf(err), err))
		}
	}
	return out
}

type schemaProblem struct {
	pointer string
	reason  string
	err     error
}

func (p schemaProblem) violation(viol func(string, string, error) *Violation) *Violation {
	return viol(p.pointer, p.reason, p.err)
}

// schemaErrors flattens kin-openapi's (multi) schema errors into problems
// with JSON pointers.
func schemaErrors(err error) []schemaProblem {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []schemaProblem
		for _, e := range me {
			out = append(out, schemaErrors(e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		path := se.JSONPointer()
		// An additional property where additionalProperties is false:
		// kin-openapi points at the object; the pointer names the property
		// that should not be there.
		if q, ok := strings.CutSuffix(strings.TrimPrefix(se.Reason, "property "), " is unsupported"); ok {
			if name, err := strconv.Unquote(q); err == nil {
				path = append(path, name)
			}
		}
		return []schemaProblem{{pointer: Pointer(path), reason: reasonOf(se), err: se}}
	}
	return []schemaProblem{{pointer: "/", reason: err.Error(), err: err}}
}

// Pointer renders path segments as a JSON pointer (RFC 6901).
func Pointer(path []string) string {
	if len(path) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		p = strings.ReplaceAll(p, "~", "~0")
		b.WriteString(strings.ReplaceAll(p, "/", "~1"))
	}
	return b.String()
}

func reasonOf(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) && se.Reason != "" {
		return tidyReason(se.Reason)
	}
	return tidyReason(err.Error())
}

// tidyReason drops the locations that kin-openapi's JSON Schema 2020-12
// errors put in front of the reason (`error at "/code": at '/code': ...`):
// the violation's pointer already says where.
func tidyReason(r string) string {
	if rest, ok := strings.CutPrefix(r, `error at "`); ok {
		if _, after, found := strings.Cut(rest, `": `); found {
			r = after
		}
	}
	if rest, ok := strings.CutPrefix(r, "at '"); ok {
		if _, after, found := strings.Cut(rest, "': "); found {
			r = after
		}
	}
	return r
}

func mediaTypes(c openapi3.Content) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func isJSON(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || strings.HasPrefix(mt, "application/vnd.")
}

// fromNumbers turns json.Number into float64 for the schema visitor, after
// decoding with UseNumber so that large integers are not silently rounded
// before an "integer" check.
func fromNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return float64(i)
		}
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = fromNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = fromNumbers(e)
		}
	}
	return v
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// Package oas wraps kin-openapi for conform: it finds the documented operation
// of a request, validates requests for the simulator, and validates responses
// for the harness, turning each problem into a Violation that names the
// operation, status, JSON pointer and reason.
package oas

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/conformhq/conform/specs"
)

// Spec is one loaded provider spec with its router.
type Spec struct {
	// Name is the spec's name: fliqa, weavr, fiskil or control.
	Name string
	// Digest is the SHA-256 (hex) of the document's source, "" when it was
	// built from a parsed document.
	Digest string
	Doc    *openapi3.T
	router routers.Router
	fast   *matcher
	ops    map[string]*Operation
	order  []string
}

// Operation is one documented operation.
type Operation struct {
	ID     string
	Method string
	Path   string
	// Statuses are the statuses the operation lists explicitly, ascending:
	// neither `default` nor a range ("4XX") is one, because a scenario or a
	// fault can only be decided for a status the provider names.
	Statuses []int
	Op       *openapi3.Operation

	// route is the operation as request validation takes it, built once:
	// without its security requirements (see ValidateMatched).
	route *routers.Route
	// validates is false when the operation declares no parameter and no
	// body, so that kin-openapi could find nothing wrong with a request.
	validates bool
}

// Load loads the named embedded spec and builds its router.
func Load(name string) (*Spec, error) {
	src, err := specs.Raw(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, src)
}

// Parse parses a spec given as YAML or JSON (a provider whose document is
// not embedded in package specs) and builds its router.
func Parse(name string, src []byte) (*Spec, error) {
	doc, err := specs.Parse(name, src)
	if err != nil {
		return nil, err
	}
	s, err := New(name, doc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	s.Digest = hex.EncodeToString(sum[:])
	return s, nil
}

// New builds a Spec from an already loaded document.
func New(name string, doc *openapi3.T) (*Spec, error) {
	// Routing is on the path relative to the provider's base URL: the servers
	// would make gorillamux match hosts, so they are dropped.
	doc.Servers = nil
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("oas: router for %s: %w", name, err)
	}
	s := &Spec{Name: name, Doc: doc, router: r, fast: newMatcher(doc), ops: map[string]*Operation{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				return nil, fmt.Errorf("oas: %s %s %s has no operationId", name, method, path)
			}
			o := &Operation{ID: op.OperationID, Method: method, Path: path, Op: op}
			unsecured := *op
			unsecured.Security = &openapi3.SecurityRequirements{}
			o.route = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: &unsecured}
			o.validates = len(item.Parameters) > 0 || len(op.Parameters) > 0 || op.RequestBody != nil
			for code := range op.Responses.Map() {
				switch {
				case code == "default", statusRange(code):
					// Not a status of its own: Response falls back to it.
				default:
					n, err := strconv.Atoi(code)
					if err != nil || n < 100 || n > 599 {
						return nil, fmt.Errorf("oas: %s %s: response %q is neither a status code, a range (4XX) nor default", name, op.OperationID, code)
					}
					o.Statuses = append(o.Statuses, n)
				}
			}
			sort.Ints(o.Statuses)
			s.ops[o.ID] = o
			s.order = append(s.order, o.ID)
		}
	}
	sort.Slice(s.order, func(i, j int) bool {
		a, b := s.ops[s.order[i]], s.ops[s.order[j]]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
	return s, nil
}

// Operations returns the documented operations, ordered by path and method.
func (s *Spec) Operations() []*Operation {
	out := make([]*Operation, len(s.order))
	for i, id := range s.order {
		out[i] = s.ops[id]
	}
	return out
}

// Operation returns the operation with that operationId.
func (s *Spec) Operation(id string) (*Operation, bool) {
	o, ok := s.ops[id]
	return o, ok
}

// Documents reports whether the operation documents the status.
func (o *Operation) Documents(status int) bool {
	for _, s := range o.Statuses {
		if s == status {
			return true
		}
	}
	return false
}

// Response returns the response the operation documents for a status: the
// one listed for it, else its range's ("4XX"), else `default`; nil when
// there is none. OpenAPI makes `default` the answer to every status not
// listed, so a provider may answer any status with it.
func (o *Operation) Response(status int) *openapi3.Response {
	ref := o.Op.Responses.Status(status)
	if ref == nil {
		ref = o.Op.Responses.Default()
	}
	if ref == nil {
		return nil
	}
	return ref.Value
}

// HasDefault reports whether the operation documents a `default` response,
// the documented answer for every status it does not list.
func (o *Operation) HasDefault() bool {
	return o.Op.Responses.Default() != nil
}

// statusRange reports a response key that covers a class of statuses.
func statusRange(code string) bool {
	switch code {
	case "1XX", "2XX", "3XX", "4XX", "5XX":
		return true
	}
	return false
}

// Match finds the operation documented for a method and a path relative to
// the provider's base URL, with its path parameters.
func (s *Spec) Match(method, path string) (*Operation, map[string]string, error) {
	path = ensureSlash(path)
	if item, params, ok := s.fast.find(method, path); ok {
		if item == nil {
			return nil, nil, routers.ErrPathNotFound
		}
		op := item.GetOperation(method)
		if op == nil {
			return nil, nil, routers.ErrMethodNotAllowed
		}
		return s.ops[op.OperationID], params, nil
	}
	return s.matchRouter(method, path)
}

// matchRouter is Match by kin-openapi's router alone.
func (s *Spec) matchRouter(method, path string) (*Operation, map[string]string, error) {
	req, err := http.NewRequest(method, "http://spec.invalid"+ensureSlash(path), nil)
	if err != nil {
		return nil, nil, err
	}
	return s.match(req)
}

func (s *Spec) match(req *http.Request) (*Operation, map[string]string, error) {
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		return nil, nil, err
	}
	return s.ops[route.Operation.OperationID], params, nil
}

func (s *Spec) route(req *http.Request) (*routers.Route, map[string]string, error) {
	return s.router.FindRoute(req)
}

func ensureSlash(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/" + p
	}
	return p
}

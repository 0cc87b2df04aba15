package conformtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/providers"
	"github.com/conformhq/conform/specs/oas"
)

// Client returns an HTTP client for the simulator whose every response to
// a provider's documented operation is validated against that provider's
// spec, as Validate does, violations failing the test; each message names
// the line that sent the request (testing.T itself points into this
// package, as the check runs inside net/http). Responses the specs do not
// document (Fiskil's consent page) pass unchecked, and so does a call a
// Reset disruption dropped, but a Malformed one is a violation: use
// HTTPClient for those. It trusts NewTLSServer's certificate. The specs
// are loaded once per call: build one client per test.
func (s *Server) Client() *http.Client {
	s.t.Helper()
	specs, err := providers.All().Specs()
	if err != nil {
		s.t.Fatalf("conformtest: the providers' specs do not load: %v", err)
	}
	// A copy: httptest hands out one shared client, which a second call
	// would otherwise wrap twice.
	c := *s.srv.Client()
	c.Transport = &validating{t: s.t, base: c.Transport, specs: specs}
	return &c
}

// validating is the transport of Client.
type validating struct {
	t     testing.TB
	base  http.RoundTripper
	specs map[string]*oas.Spec
}

// RoundTrip sends the request and validates the response of the provider
// its path's first segment names; the body is read whole and handed on.
func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := v.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	provider, _, _ := strings.Cut(strings.TrimPrefix(req.URL.Path, "/"), "/")
	spec := v.specs[provider]
	if spec == nil {
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.Request == nil {
		resp.Request = req
	}
	// testing.T reports a failure at the innermost frame that is not a
	// helper, here inside net/http: each message names the test's own
	// line that sent the request instead.
	var got collected
	check(&got, spec, resp, body)
	if len(got.msgs) > 0 {
		at := caller()
		for _, m := range got.msgs {
			v.t.Errorf("%s (the request was sent at %s)", m, at)
		}
	}
	return resp, nil
}

// collected is a testing.TB that keeps what check reports, for RoundTrip
// to report again with the caller's line. check calls only Helper and
// Errorf; any other method reaches the nil TB and panics.
type collected struct {
	testing.TB
	msgs []string
}

func (c *collected) Helper() {}

func (c *collected) Errorf(format string, args ...any) {
	c.msgs = append(c.msgs, fmt.Sprintf(format, args...))
}

// caller is the file:line of the innermost frame outside net/http, the
// runtime and this package (its tests count as outside): the code that
// sent the request.
func caller() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		inside := strings.HasPrefix(f.Function, "net/http.") || strings.HasPrefix(f.Function, "runtime.") ||
			(strings.HasPrefix(f.Function, thisPackage+".") && !strings.HasSuffix(f.File, "_test.go"))
		if !inside {
			return filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return "an unknown line"
		}
	}
}

// thisPackage is the import path of conformtest, to tell its frames from
// its callers'.
const thisPackage = "github.com/conformhq/conform/simulator/conformtest"

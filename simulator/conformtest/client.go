package conformtest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/providers"
	"github.com/conformhq/conform/specs/oas"
)

// Client returns an HTTP client for the simulator whose every response to
// a provider's documented operation is validated against that provider's
// spec, as Validate does, violations failing the test. Responses the specs
// do not document (Fiskil's consent page) pass unchecked. The specs are
// loaded once per call: build one client per test.
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
	check(v.t, spec, resp, body)
	return resp, nil
}

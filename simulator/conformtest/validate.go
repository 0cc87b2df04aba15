package conformtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/providers"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
)

// Validate checks a provider's response against that provider's spec (the
// default version's): the operation exists, the status is documented, and
// the content type, headers and body are what the spec declares. body is
// the response's body, already read; resp.Request gives the operation.
// Each violation fails t (t.Errorf, so that all are listed); a response to
// a path the spec does not document is one too.
//
// The path is taken relative to the provider's base URL by dropping its
// leading segments until it names a documented operation, so that a
// simulator's /weavr prefix or a real sandbox's own prefix both work.
// Validate loads the spec on every call; Server.Client loads it once.
func Validate(t testing.TB, provider string, resp *http.Response, body []byte) {
	t.Helper()
	spec := loadSpec(t, provider)
	if !check(t, spec, resp, body) {
		t.Errorf("conformtest: %s documents no operation for %s", provider, describe(resp))
	}
}

// loadSpec loads a provider's spec, failing t on an unknown provider.
func loadSpec(t testing.TB, provider string) *oas.Spec {
	t.Helper()
	spec, err := providers.All().Spec(provider)
	if err != nil {
		t.Fatalf("conformtest: Validate: %v", err)
	}
	return spec
}

// check validates resp if some suffix of its path names an operation of
// spec, reporting each violation through t, and says whether one did.
func check(t testing.TB, spec *oas.Spec, resp *http.Response, body []byte) bool {
	t.Helper()
	if resp == nil || resp.Request == nil || resp.Request.URL == nil {
		t.Errorf("conformtest: a response to validate needs its request (resp.Request), got %s", describe(resp))
		return true
	}
	path, ok := relative(spec, resp.Request.Method, resp.Request.URL.Path)
	if !ok {
		return false
	}
	_, vs := spec.ValidateResponse(oas.Response{
		Method: resp.Request.Method, Path: path, Status: resp.StatusCode, Header: resp.Header, Body: body,
	})
	for _, v := range vs {
		t.Errorf("conformtest: spec violation: %v\n  body: %s", v, shown(body))
	}
	return true
}

// relative drops the leading segments of path until spec matches it.
func relative(spec *oas.Spec, method, path string) (string, bool) {
	for p := path; ; {
		if _, _, err := spec.Match(method, p); err == nil {
			return p, true
		}
		i := strings.Index(strings.TrimPrefix(p, "/"), "/")
		if i < 0 {
			return "", false
		}
		p = p[i+1:]
	}
}

// shown is a body as a failure message may show it: JSON with its secrets
// masked, anything else by size only, since it cannot be masked by
// structure.
func shown(body []byte) string {
	if json.Valid(body) {
		return string(redact.JSON(body))
	}
	return fmt.Sprintf("(%d bytes, not JSON: not shown)", len(body))
}

// describe names a response by its request, for messages.
func describe(resp *http.Response) string {
	switch {
	case resp == nil:
		return "no response"
	case resp.Request == nil || resp.Request.URL == nil:
		return fmt.Sprintf("a %d response without its request", resp.StatusCode)
	}
	return fmt.Sprintf("%s %s (%d)", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode)
}

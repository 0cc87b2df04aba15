package steps

import (
	"context"
	"fmt"
	"net/http"
)

// SendOutOfBand sends a request to a URL outside the provider's spec (a
// sandbox's simulate API, which completes what the API under test leaves
// to a user) with exactly the given headers, through the target's client:
// recorded and redacted like an API call, not validated, since no
// operation of the spec describes it. The response becomes the last one.
func (w *World) SendOutOfBand(ctx context.Context, provider, method, rawURL string, header http.Header) error {
	hr, err := http.NewRequestWithContext(ctx, method, rawURL, http.NoBody)
	if err != nil {
		return fmt.Errorf("cannot build the request %s %s: %w", method, w.redactURL(rawURL), err)
	}
	for k, vs := range header {
		hr.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	return w.do(provider, hr, "", true, false)
}

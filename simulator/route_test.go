package simulator

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// The simulator's own choice of a provider's handler must answer every
// request as the mux alone would: redirects, 404s and 405s included.
func TestProviderRoutingAgreesWithMux(t *testing.T) {
	s := newSim(t, Options{})
	// Fliqa's error answers carry a random id, different every time.
	requestID := regexp.MustCompile(`"requestId":"[^"]*"`)
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) })
	for _, tc := range []struct{ method, target string }{
		{"GET", "/weavr/identities"},
		{"POST", "/weavr/login_with_password"},
		{"GET", "/weavr/"},
		{"GET", "/weavr"},
		{"GET", "/weavr//identities"},
		{"GET", "/weavr/./identities"},
		{"GET", "/weavr/x/../identities"},
		{"GET", "/weavr/identities/"},
		{"GET", "/weav%72/identities"},
		{"GET", "/weavr/a%2Fb"},
		{"GET", "/weavrx/identities"},
		{"GET", "/fliqa/account/auth/token/sandbox/api/inq-demo-1"},
		{"GET", "/fiskil/link?sess_id=x"},
		{"GET", "/nope/x"},
		{"GET", "/healthz"},
		{"CONNECT", "/weavr/identities"},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			got, want := httptest.NewRecorder(), httptest.NewRecorder()
			s.ServeHTTP(got, httptest.NewRequest(tc.method, tc.target, nil))
			mux.ServeHTTP(want, httptest.NewRequest(tc.method, tc.target, nil))
			if got.Code != want.Code || requestID.ReplaceAllString(got.Body.String(), "") != requestID.ReplaceAllString(want.Body.String(), "") || got.Header().Get("Location") != want.Header().Get("Location") {
				t.Errorf("simulator: %d %q (Location %q); mux: %d %q (Location %q)", got.Code, got.Body.String(), got.Header().Get("Location"),
					want.Code, want.Body.String(), want.Header().Get("Location"))
			}
		})
	}
}

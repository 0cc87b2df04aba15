package conformtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/conformtest"
)

// A test starts the simulator with its own sandbox and points the client
// under test at a provider's URL with the sandbox's credentials. Here:
// Weavr's login, identities and access token. (In a test, t is the test's
// *testing.T; runExample stands in for it.)
func ExampleNewServer() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, `
weavr:
  users:
    - email: ada@example.com
      identity: {type: CONSUMER, id: "110000000000000001"}
`)
		weavr := srv.Weavr()
		ada := weavr.Users[0] // with its generated password
		key := map[string]string{"api-key": weavr.APIKey}
		var login struct{ Token string }
		status := call(t, http.DefaultClient, "POST", srv.URL("weavr")+"/login_with_password", key,
			map[string]any{"email": ada.Email, "password": map[string]string{"value": ada.Password}}, &login)
		fmt.Println("login", status)

		auth := map[string]string{"api-key": weavr.APIKey, "Authorization": "Bearer " + login.Token}
		var ids struct{ Identities []any } // 3.63, the default, answers a page
		status = call(t, http.DefaultClient, "GET", srv.URL("weavr")+"/identities", auth, nil, &ids)
		fmt.Println("identities", status, len(ids.Identities))

		status = call(t, http.DefaultClient, "POST", srv.URL("weavr")+"/access_token", auth,
			map[string]any{"identity": map[string]string{"type": ada.Identity.Type, "id": ada.Identity.ID}}, nil)
		fmt.Println("access token", status)
	})
	// Output:
	// login 200
	// identities 200 1
	// access token 200
}

// The OTP a provider sends a user lands in the sandbox's outbox, where the
// test reads it: Fliqa's token, login, OTP and consent.
func ExampleServer_LastOTP() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}], consentOwners: [{msisdn: "+38640123456"}]}`)
		fliqa := srv.Fliqa()
		c := srv.Client() // validates every response against the spec

		var tok struct{ AccessToken string }
		call(t, c, "GET", srv.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
			map[string]string{"Api-Key": fliqa.APIKey, "Api-Secret": fliqa.APISecret}, nil, &tok)
		bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
		status := call(t, c, "POST", srv.URL("fliqa")+"/account/login?locale=en", bearer,
			map[string]string{"msisdn": "+38640123456"}, nil)
		fmt.Println("login", status)

		otp, ok := srv.LastOTP("+38640123456")
		fmt.Println("OTP received:", ok)
		var consent struct{ Status string }
		status = call(t, c, "POST", srv.URL("fliqa")+"/account/consent?locale=en", bearer,
			map[string]string{"providerId": "demo-bank", "otp": otp}, &consent)
		fmt.Println("consent", status, consent.Status)
	})
	// Output:
	// login 200
	// OTP received: true
	// consent 201 initiated
}

// A fault makes the next call of an operation fail with a documented
// status and a body the spec accepts: the client's error path, on demand.
func ExampleServer_AddFault() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, "")
		fiskil := srv.Fiskil()
		srv.AddFault(conformtest.Fault{Provider: "fiskil", Operation: "createToken", Status: 503})

		c := srv.Client()
		creds := map[string]string{"client_id": fiskil.ClientID, "client_secret": fiskil.ClientSecret}
		first := call(t, c, "POST", srv.URL("fiskil")+"/v1/token", nil, creds, nil)
		second := call(t, c, "POST", srv.URL("fiskil")+"/v1/token", nil, creds, nil)
		fmt.Println(first, second)
	})
	// Output: 503 200
}

// Moving the sandbox's clock expires what a real test would wait for:
// Fliqa's access tokens live 360 seconds.
func ExampleServer_AdvanceClock() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}], consentOwners: [{msisdn: "+38640123456"}]}`)
		fliqa := srv.Fliqa()
		var tok struct{ AccessToken string }
		call(t, http.DefaultClient, "GET", srv.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
			map[string]string{"Api-Key": fliqa.APIKey, "Api-Secret": fliqa.APISecret}, nil, &tok)
		bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}

		srv.AdvanceClock(7 * time.Minute)
		status := call(t, http.DefaultClient, "POST", srv.URL("fliqa")+"/account/login?locale=en", bearer,
			map[string]string{"msisdn": "+38640123456"}, nil)
		fmt.Println("login with an expired token:", status)
	})
	// Output: login with an expired token: 401
}

// Validate checks a response the test received against the provider's
// spec; here a made-up one with a status Weavr's login does not document.
func ExampleValidate() {
	runExample(func(t testing.TB) {
		req, _ := http.NewRequest("POST", "https://sandbox.example/fiskil/v1/token", nil)
		resp := &http.Response{StatusCode: 418, Header: http.Header{}, Request: req, Body: io.NopCloser(strings.NewReader(""))}
		conformtest.Validate(t, "fiskil", resp, nil)
	})
	// Output: FAIL: conformtest: spec violation: fiskil createToken 418: status 418 is not documented (documented: 200, 400, 401, 415, 500, 503; no default)
	//   body: (0 bytes, not JSON: not shown)
}

// The journal shows what the client under test sent: here, that it asked
// for a Fiskil token with its client id in the body. Secrets are kept as
// sent (the test may assert them); a Request printed with %v masks them.
func ExampleServer_Requests() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, "")
		fiskil := srv.Fiskil()
		call(t, http.DefaultClient, "POST", srv.URL("fiskil")+"/v1/token", nil,
			map[string]string{"client_id": fiskil.ClientID, "client_secret": "wrong"}, nil)

		for _, r := range srv.Requests(conformtest.Filter{Provider: "fiskil", Operation: "createToken"}) {
			var sent struct {
				ClientID string `json:"client_id"`
			}
			_ = json.Unmarshal(r.Body, &sent)
			fmt.Println(r.Method, r.Path, r.Operation, r.Status, sent.ClientID == fiskil.ClientID)
		}
		fmt.Println(len(srv.Requests(conformtest.Filter{Status: 200})), "answered 200")
	})
	// Output:
	// POST /v1/token createToken 401 true
	// 0 answered 200
}

// NewTLSServer serves over HTTPS with a certificate of its own, which the
// server's clients trust (Certificate gives it to a client built
// elsewhere).
func ExampleNewTLSServer() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewTLSServer(t, "")
		fiskil := srv.Fiskil()
		fmt.Println(strings.HasPrefix(srv.URL("fiskil"), "https://"))

		creds := map[string]string{"client_id": fiskil.ClientID, "client_secret": fiskil.ClientSecret}
		status := call(t, srv.HTTPClient(), "POST", srv.URL("fiskil")+"/v1/token", nil, creds, nil)
		fmt.Println("token", status)

		_, err := http.Post(srv.URL("fiskil")+"/v1/token", "application/json", strings.NewReader("{}"))
		fmt.Println("a client that does not trust it:", err != nil)
	})
	// Output:
	// true
	// token 200
	// a client that does not trust it: true
}

// Resilience faults test what a client does when the network or the
// provider misbehaves in ways no spec documents: the connection drops
// (Reset), the body is not JSON (Malformed), the answer is late (Delay).
// Each answers the calls its Scope names, after the simulator handled them.
func ExampleServer_Disrupt() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, "")
		fiskil := srv.Fiskil()
		token := func(c *http.Client) string {
			body := `{"client_id": "` + fiskil.ClientID + `", "client_secret": "` + fiskil.ClientSecret + `"}`
			resp, err := c.Post(srv.URL("fiskil")+"/v1/token", "application/json", strings.NewReader(body))
			if err != nil {
				return "no answer"
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			return fmt.Sprintf("%d, valid JSON: %v", resp.StatusCode, json.Valid(raw))
		}
		scope := conformtest.Scope{Provider: "fiskil", Operation: "createToken"}

		srv.Disrupt(scope, conformtest.Reset())
		fmt.Println("reset:", token(srv.HTTPClient()))

		srv.Disrupt(scope, conformtest.Malformed())
		fmt.Println("malformed:", token(srv.HTTPClient()))

		srv.Disrupt(scope, conformtest.Delay(time.Second))
		impatient := srv.HTTPClient()
		impatient.Timeout = 100 * time.Millisecond
		fmt.Println("delayed past the client's timeout:", token(impatient))

		fmt.Println("then:", token(srv.HTTPClient()))
		for _, r := range srv.Requests(conformtest.Filter{Provider: "fiskil"}) {
			fmt.Println(r.Operation, r.Status, r.Disruption)
		}
	})
	// Output:
	// reset: no answer
	// malformed: 200, valid JSON: false
	// delayed past the client's timeout: no answer
	// then: 200, valid JSON: true
	// createToken 200 reset
	// createToken 200 malformed
	// createToken 200 delay
	// createToken 200
}

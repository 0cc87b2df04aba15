package consumer

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// do sends a JSON request (body nil: none) through c and decodes the JSON
// answer into into (nil ignores it); it returns the status.
func do(t *testing.T, c *http.Client, method, u string, header map[string]string, body, into any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("%s %s: %d, the body does not decode: %v", method, req.URL.Path, resp.StatusCode, err)
		}
	}
	return resp.StatusCode
}

// TestWeavr: login, identities, access token.
func TestWeavr(t *testing.T) {
	srv := conformtest.NewServer(t, `weavr: {users: [{email: ada@example.com, identity: {type: CONSUMER, id: "110000000000000001"}}]}`)
	c := srv.Client()
	w := srv.Weavr()
	ada := w.Users[0]

	var login struct{ Token string }
	if got := do(t, c, "POST", srv.URL("weavr")+"/login_with_password", map[string]string{"api-key": w.APIKey},
		map[string]any{"email": ada.Email, "password": map[string]string{"value": ada.Password}}, &login); got != 200 {
		t.Fatalf("login: %d", got)
	}
	auth := map[string]string{"api-key": w.APIKey, "Authorization": "Bearer " + login.Token}
	var ids struct { // 3.63, the default, answers a page
		Identities []struct {
			ID struct{ Type, ID string }
		}
	}
	if got := do(t, c, "GET", srv.URL("weavr")+"/identities", auth, nil, &ids); got != 200 || len(ids.Identities) != 1 || ids.Identities[0].ID.ID != ada.Identity.ID {
		t.Fatalf("identities: %d, %+v, want ada's identity", got, ids)
	}
	var access struct{ Token string }
	if got := do(t, c, "POST", srv.URL("weavr")+"/access_token", auth,
		map[string]any{"identity": map[string]string{"type": ada.Identity.Type, "id": ada.Identity.ID}}, &access); got != 200 || access.Token == "" {
		t.Fatalf("access token: %d, empty token %v", got, access.Token == "")
	}
}

// TestFliqa: token, login, the OTP from the outbox, consent.
func TestFliqa(t *testing.T) {
	srv := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}], consentOwners: [{msisdn: "+38640123456"}]}`)
	c := srv.Client()
	f := srv.Fliqa()

	var tok struct{ AccessToken string }
	if got := do(t, c, "GET", srv.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
		map[string]string{"Api-Key": f.APIKey, "Api-Secret": f.APISecret}, nil, &tok); got != 200 {
		t.Fatalf("token: %d", got)
	}
	bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
	if got := do(t, c, "POST", srv.URL("fliqa")+"/account/login?locale=en", bearer, map[string]string{"msisdn": "+38640123456"}, nil); got != 200 {
		t.Fatalf("login: %d", got)
	}
	otp, ok := srv.LastOTP("+38640123456")
	if !ok {
		t.Fatal("no OTP was sent to +38640123456")
	}
	var consent struct{ InquiryID, ConsentID, Status string }
	if got := do(t, c, "POST", srv.URL("fliqa")+"/account/consent?locale=en", bearer,
		map[string]string{"providerId": "demo-bank", "otp": otp}, &consent); got != 201 || consent.InquiryID != "inq-1" || consent.ConsentID == "" {
		t.Fatalf("consent: %d %+v, want 201 for inq-1", got, consent)
	}
}

// TestFiskil: token, end user, auth session.
func TestFiskil(t *testing.T) {
	srv := conformtest.NewServer(t, "")
	c := srv.Client()
	k := srv.Fiskil()

	var tok struct{ Token string }
	if got := do(t, c, "POST", srv.URL("fiskil")+"/v1/token", nil,
		map[string]string{"client_id": k.ClientID, "client_secret": k.ClientSecret}, &tok); got != 200 {
		t.Fatalf("token: %d", got)
	}
	bearer := map[string]string{"Authorization": "Bearer " + tok.Token}
	var user struct {
		EndUserID string `json:"end_user_id"`
	}
	if got := do(t, c, "POST", srv.URL("fiskil")+"/v1/end-users", bearer,
		map[string]string{"email": "new@example.com", "name": "New User"}, &user); got != 200 || user.EndUserID == "" {
		t.Fatalf("end user: %d %+v", got, user)
	}
	var session struct {
		AuthURL   string `json:"auth_url"`
		SessionID string `json:"session_id"`
	}
	if got := do(t, c, "POST", srv.URL("fiskil")+"/v1/auth/session", bearer, map[string]string{
		"end_user_id": user.EndUserID, "institution_id": k.Institutions[0],
		"redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel",
	}, &session); got != 200 || session.SessionID == "" {
		t.Fatalf("auth session: %d", got)
	}
	u, err := url.Parse(session.AuthURL)
	if err != nil || u.Host != mustHost(t, srv.URL("fiskil")) {
		t.Errorf("auth_url %q is not on the simulator (%v)", session.AuthURL, err)
	}
}

// mustHost is the host of a URL the simulator gave.
func mustHost(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

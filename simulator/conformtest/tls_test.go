package conformtest_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// TestNewTLSServer: the server speaks HTTPS; its own clients and a client
// given its Certificate trust it, a default client does not; absolute
// links it answers are https.
func TestNewTLSServer(t *testing.T) {
	s := conformtest.NewTLSServer(t, "")
	if u := s.URL("fiskil"); !strings.HasPrefix(u, "https://") {
		t.Fatalf("URL %q is not https", u)
	}
	if _, err := http.Get(s.URL("fiskil") + "/v1/token"); err == nil {
		t.Errorf("a client without the certificate trusted the server")
	}
	pool := x509.NewCertPool()
	pool.AddCert(s.Certificate())
	own := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer own.CloseIdleConnections()
	clients := []struct {
		name string
		c    *http.Client
	}{
		{"HTTPClient", s.HTTPClient()},
		{"Client", s.Client()},
		{"own client with Certificate", own},
	}
	for _, tc := range clients {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, err := tokenCall(t, s, tc.c); err != nil || status != 200 {
				t.Errorf("token: %d %v", status, err)
			}
		})
	}

	k := s.Fiskil()
	var tok struct{ Token string }
	call(t, s.Client(), "POST", s.URL("fiskil")+"/v1/token", nil,
		map[string]string{"client_id": k.ClientID, "client_secret": k.ClientSecret}, &tok)
	bearer := map[string]string{"Authorization": "Bearer " + tok.Token}
	var user struct {
		EndUserID string `json:"end_user_id"`
	}
	call(t, s.Client(), "POST", s.URL("fiskil")+"/v1/end-users", bearer,
		map[string]string{"email": "new@example.com", "name": "New"}, &user)
	var session struct {
		AuthURL string `json:"auth_url"`
	}
	call(t, s.Client(), "POST", s.URL("fiskil")+"/v1/auth/session", bearer, map[string]string{
		"end_user_id": user.EndUserID, "institution_id": k.Institutions[0],
		"redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel",
	}, &session)
	if u, err := url.Parse(session.AuthURL); err != nil || u.Scheme != "https" {
		t.Errorf("auth_url %q is not https", session.AuthURL)
	}
	if s.Certificate() == nil || conformtest.NewServer(t, "").Certificate() != nil {
		t.Errorf("Certificate: want one for NewTLSServer, nil for NewServer")
	}
}

package consumer

import (
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// TestResilience: over TLS, a client's first token call is reset and its
// retry succeeds; the journal shows both.
func TestResilience(t *testing.T) {
	srv := conformtest.NewTLSServer(t, "")
	k := srv.Fiskil()
	srv.Disrupt(conformtest.Scope{Provider: "fiskil", Operation: "createToken"}, conformtest.Reset())
	body := `{"client_id": "` + k.ClientID + `", "client_secret": "` + k.ClientSecret + `"}`
	post := func() (*http.Response, error) {
		return srv.HTTPClient().Post(srv.URL("fiskil")+"/v1/token", "application/json", strings.NewReader(body))
	}
	if _, err := post(); err == nil {
		t.Fatal("the reset call got an answer")
	}
	resp, err := post()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the retry: %v", err)
	}
	resp.Body.Close()
	got := srv.Requests(conformtest.Filter{Provider: "fiskil", Operation: "createToken"})
	if len(got) != 2 || got[0].Disruption != "reset" || got[1].Disruption != "" {
		t.Errorf("journal %v", got)
	}
}

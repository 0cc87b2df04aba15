package conformtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/conformtest"
)

// fiskilToken asks for a Fiskil token with the sandbox's client and returns
// the status.
func fiskilToken(t testing.TB, s *conformtest.Server) int {
	t.Helper()
	k := s.Fiskil()
	return call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/token", nil,
		map[string]string{"client_id": k.ClientID, "client_secret": k.ClientSecret}, nil)
}

// TestFaults: Times counts the calls a fault answers, UntilCleared lasts
// until ClearFaults.
func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		times int
		clear bool  // ClearFaults after the second call
		want  []int // statuses of four calls
	}{
		{"zero value is once", 0, false, []int{500, 200, 200, 200}},
		{"twice", 2, false, []int{500, 500, 200, 200}},
		{"until cleared", conformtest.UntilCleared, false, []int{500, 500, 500, 500}},
		{"until cleared, cleared", conformtest.UntilCleared, true, []int{500, 500, 200, 200}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := conformtest.NewServer(t, "")
			s.AddFault(conformtest.Fault{Provider: "fiskil", Operation: "createToken", Status: 500, Times: tc.times})
			var got []int
			for i := range 4 {
				if i == 2 && tc.clear {
					s.ClearFaults()
				}
				got = append(got, fiskilToken(t, s))
			}
			if len(got) != len(tc.want) || got[0] != tc.want[0] || got[1] != tc.want[1] || got[2] != tc.want[2] || got[3] != tc.want[3] {
				t.Errorf("statuses %v, want %v", got, tc.want)
			}
		})
	}
}

// TestFaultCode: Code picks the error within the status.
func TestFaultCode(t *testing.T) {
	s := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}]}`)
	s.AddFault(conformtest.Fault{Provider: "fliqa", Operation: "getAccessToken", Status: 401, Code: "api_key_secret_header_must_be_provided"})
	f := s.Fliqa()
	var body struct{ ErrorSubCode string }
	status := call(t, http.DefaultClient, "GET", s.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
		map[string]string{"Api-Key": f.APIKey, "Api-Secret": f.APISecret}, nil, &body)
	if status != 401 || body.ErrorSubCode != "api_key_secret_header_must_be_provided" {
		t.Errorf("got %d %q, want 401 api_key_secret_header_must_be_provided", status, body.ErrorSubCode)
	}
}

// TestControlFailures: a helper given what the simulator refuses fails the
// test with the simulator's reason.
func TestControlFailures(t *testing.T) {
	tests := []struct {
		name string
		call func(s *conformtest.Server)
		want []string
	}{
		{"unknown provider", func(s *conformtest.Server) {
			s.AddFault(conformtest.Fault{Provider: "nope", Operation: "x", Status: 500})
		}, []string{"AddFault", "400", `unknown provider "nope"`}},
		{"unknown operation", func(s *conformtest.Server) {
			s.AddFault(conformtest.Fault{Provider: "weavr", Operation: "fly", Status: 500})
		}, []string{"AddFault", `no operation "fly"`, "loginWithPassword"}},
		{"undocumented status", func(s *conformtest.Server) {
			s.AddFault(conformtest.Fault{Provider: "fiskil", Operation: "createToken", Status: 418})
		}, []string{"does not document status 418"}},
		{"negative times", func(s *conformtest.Server) {
			s.AddFault(conformtest.Fault{Provider: "fiskil", Operation: "createToken", Status: 500, Times: -5})
		}, []string{"Times must be", "-5"}},
		{"clock backwards", func(s *conformtest.Server) { s.AdvanceClock(-time.Minute) }, []string{"AdvanceClock", "forward"}},
		{"clock still", func(s *conformtest.Server) { s.AdvanceClock(0) }, []string{"AdvanceClock", "forward"}},
		{"fixtures not YAML", func(s *conformtest.Server) { s.AddFixtures("weavr: [") }, []string{"AddFixtures", "400", "not YAML"}},
		{"fixtures with a clock", func(s *conformtest.Server) {
			s.AddFixtures(`clock: {start: "2026-01-01T00:00:00Z"}`)
		}, []string{"AddFixtures", "clock can only be set"}},
		{"fixtures repeating an e-mail", func(s *conformtest.Server) {
			s.AddFixtures("weavr: {users: [{email: " + s.Weavr().Users[0].Email + "}]}")
		}, []string{"AddFixtures", "400"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeT{}
			f.run(func(ft testing.TB) { tc.call(conformtest.NewServer(ft, "")) })
			if !mentions(f.failures(), tc.want...) {
				t.Errorf("failures %q, want one mentioning %q", f.failures(), tc.want)
			}
		})
	}
}

// TestAdvanceClock: a Fiskil token lives 15 minutes of the sandbox's
// clock: still good after 14, expired after 16, without the test waiting.
func TestAdvanceClock(t *testing.T) {
	s := conformtest.NewServer(t, `{"clock": {"start": "2026-01-01T00:00:00Z"}}`)
	k := s.Fiskil()
	var tok struct{ Token string }
	call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/token", nil,
		map[string]string{"client_id": k.ClientID, "client_secret": k.ClientSecret}, &tok)
	bearer := map[string]string{"Authorization": "Bearer " + tok.Token}
	steps := []struct {
		advance time.Duration
		email   string
		want    int
	}{
		{14 * time.Minute, "a@example.com", 200},
		{2 * time.Minute, "b@example.com", 401},
	}
	for _, st := range steps {
		s.AdvanceClock(st.advance)
		if got := call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/end-users", bearer,
			map[string]string{"email": st.email, "name": "New"}, nil); got != st.want {
			t.Errorf("after advancing %v more: %d, want %d", st.advance, got, st.want)
		}
	}
}

// TestOutbox: every message is listed, and LastOTP finds the newest code
// of one recipient only.
func TestOutbox(t *testing.T) {
	s := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}], consentOwners: [{msisdn: "+38640123456"}, {email: owner@example.com}]}`)
	if got := s.Outbox(); len(got) != 0 {
		t.Fatalf("a new sandbox's outbox has %d messages", len(got))
	}
	if _, ok := s.LastOTP("+38640123456"); ok {
		t.Fatal("LastOTP found a code before any was sent")
	}
	f := s.Fliqa()
	var tok struct{ AccessToken string }
	call(t, http.DefaultClient, "GET", s.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
		map[string]string{"Api-Key": f.APIKey, "Api-Secret": f.APISecret}, nil, &tok)
	bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
	for _, login := range []map[string]string{{"msisdn": "+38640123456"}, {"email": "owner@example.com"}, {"msisdn": "+38640123456"}} {
		if got := call(t, http.DefaultClient, "POST", s.URL("fliqa")+"/account/login?locale=en", bearer, login, nil); got != 200 {
			t.Fatalf("login %v: %d", login, got)
		}
	}
	msgs := s.Outbox()
	if len(msgs) != 3 || msgs[0].Channel != "sms" || msgs[1].Channel != "email" || msgs[1].Recipient != "owner@example.com" {
		t.Fatalf("outbox: %d messages, want sms, email, sms", len(msgs))
	}
	otp, ok := s.LastOTP("+38640123456")
	if !ok || otp != msgs[2].OTP {
		t.Error("LastOTP is not the newest code sent to the phone")
	}
	if _, ok := s.LastOTP("+38640999999"); ok {
		t.Error("LastOTP found a code for a recipient nothing was sent to")
	}
}

// TestAddFixtures: what is added works at once, with the credentials it
// returns; sections left out come back empty.
func TestAddFixtures(t *testing.T) {
	s := conformtest.NewServer(t, "")
	added := s.AddFixtures(`
weavr: {users: [{email: grace@example.com}]}
fiskil: {clients: [{id: second-client}]}
`)
	if len(added.Weavr.Users) != 1 || added.Weavr.Users[0].Email != "grace@example.com" || added.Weavr.Users[0].Password == "" {
		t.Fatalf("added weavr users %d, want grace with a generated password", len(added.Weavr.Users))
	}
	if added.Fliqa.APIKey != "" || len(added.Fliqa.Inquiries) != 0 {
		t.Error("a section the document left out came back filled")
	}
	if len(added.Fiskil.Clients) != 1 || added.Fiskil.Clients[0].ID != "second-client" {
		t.Errorf("added fiskil clients %d, want second-client", len(added.Fiskil.Clients))
	}
	grace := added.Weavr.Users[0]
	if got := call(t, http.DefaultClient, "POST", s.URL("weavr")+"/login_with_password", map[string]string{"api-key": s.Weavr().APIKey},
		map[string]any{"email": grace.Email, "password": map[string]string{"value": grace.Password}}, nil); got != 200 {
		t.Errorf("the added user's login answered %d", got)
	}
}

package conformtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/conformtest"
)

// tokenCall posts Fiskil's token request with the sandbox's client through
// c and returns the status, the body and the transport's error.
func tokenCall(t testing.TB, s *conformtest.Server, c *http.Client) (int, []byte, error) {
	t.Helper()
	k := s.Fiskil()
	body := `{"client_id": "` + k.ClientID + `", "client_secret": "` + k.ClientSecret + `"}`
	resp, err := c.Post(s.URL("fiskil")+"/v1/token", "application/json", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// TestDisrupt: each disruption changes the answer of the calls its scope
// names, as many times as asked, and the journal says which one acted.
func TestDisrupt(t *testing.T) {
	type outcome struct {
		err    bool // the client got no answer
		status int
		json   bool // the body is valid JSON
	}
	ok := outcome{status: 200, json: true}
	tests := []struct {
		name    string
		scope   conformtest.Scope
		d       conformtest.Disruption
		want    []outcome // three calls
		journal []string  // Request.Disruption of each
	}{
		{"reset once", conformtest.Scope{Provider: "fiskil", Operation: "createToken"}, conformtest.Reset(),
			[]outcome{{err: true}, ok, ok}, []string{"reset", "", ""}},
		{"reset twice", conformtest.Scope{Provider: "fiskil", Operation: "createToken", Times: 2}, conformtest.Reset(),
			[]outcome{{err: true}, {err: true}, ok}, []string{"reset", "reset", ""}},
		{"malformed until cleared", conformtest.Scope{Provider: "fiskil", Times: conformtest.UntilCleared}, conformtest.Malformed(),
			[]outcome{{status: 200}, {status: 200}, {status: 200}}, []string{"malformed", "malformed", "malformed"}},
		{"delay", conformtest.Scope{Provider: "fiskil", Operation: "createToken"}, conformtest.Delay(10 * time.Millisecond),
			[]outcome{ok, ok, ok}, []string{"delay", "", ""}},
		{"another operation", conformtest.Scope{Provider: "fiskil", Operation: "createEndUser"}, conformtest.Reset(),
			[]outcome{ok, ok, ok}, []string{"", "", ""}},
		{"another provider", conformtest.Scope{Provider: "weavr", Times: conformtest.UntilCleared}, conformtest.Reset(),
			[]outcome{ok, ok, ok}, []string{"", "", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := conformtest.NewServer(t, "")
			s.Disrupt(tc.scope, tc.d)
			for i, w := range tc.want {
				status, body, err := tokenCall(t, s, s.HTTPClient())
				got := outcome{err: err != nil, status: status, json: json.Valid(body)}
				if got != w {
					t.Errorf("call %d: %+v (%v, %q), want %+v", i+1, got, err, body, w)
				}
			}
			var journal []string
			for _, r := range s.Requests(conformtest.Filter{}) {
				journal = append(journal, r.Disruption)
				if r.Status != 200 {
					t.Errorf("journaled status %d, want the simulator's 200", r.Status)
				}
			}
			if strings.Join(journal, ",") != strings.Join(tc.journal, ",") {
				t.Errorf("journal disruptions %q, want %q", journal, tc.journal)
			}
		})
	}
}

// TestDisruptDelay: a delayed answer comes after the delay; a client whose
// timeout is shorter gives up; the server is not stuck afterwards.
func TestDisruptDelay(t *testing.T) {
	s := conformtest.NewServer(t, "")
	s.Disrupt(conformtest.Scope{Provider: "fiskil", Times: 2}, conformtest.Delay(300*time.Millisecond))
	start := time.Now()
	if status, _, err := tokenCall(t, s, s.HTTPClient()); err != nil || status != 200 {
		t.Fatalf("delayed call: %d %v", status, err)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("the answer came after %v, before the delay", took)
	}
	impatient := s.HTTPClient()
	impatient.Timeout = 50 * time.Millisecond
	if _, _, err := tokenCall(t, s, impatient); err == nil {
		t.Errorf("a client with a 50ms timeout got an answer delayed 300ms")
	}
	if status, _, err := tokenCall(t, s, s.HTTPClient()); err != nil || status != 200 {
		t.Errorf("after the delays: %d %v", status, err)
	}
}

// TestDisruptDelayEndsWithTheTest: a test that ends while a call is held
// does not wait for the delay.
func TestDisruptDelayEndsWithTheTest(t *testing.T) {
	f := &fakeT{}
	answered := make(chan error, 1)
	start := time.Now()
	f.run(func(t testing.TB) {
		s := conformtest.NewServer(t, "")
		s.Disrupt(conformtest.Scope{Provider: "fiskil"}, conformtest.Delay(time.Hour))
		c := s.HTTPClient()
		go func() {
			_, _, err := tokenCall(t, s, c)
			answered <- err
		}()
		for len(s.Requests(conformtest.Filter{})) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
	})
	select {
	case <-answered:
	case <-time.After(10 * time.Second):
		t.Fatal("the held call was not released when the test ended")
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the test's end waited %v", took)
	}
}

// TestDisruptMalformed: a malformed answer keeps the status and carries
// half of the body, which is not JSON.
func TestDisruptMalformed(t *testing.T) {
	s := conformtest.NewServer(t, "")
	s.Disrupt(conformtest.Scope{Provider: "fiskil"}, conformtest.Malformed())
	status, body, err := tokenCall(t, s, s.HTTPClient())
	if err != nil || status != 200 || json.Valid(body) || len(body) == 0 || !bytes.HasPrefix(body, []byte("{")) {
		t.Errorf("malformed answer: %d %v %q", status, err, body)
	}
}

// TestDisruptRefused: a disruption the simulator cannot apply fails the
// test with what is wrong.
func TestDisruptRefused(t *testing.T) {
	tests := []struct {
		name  string
		scope conformtest.Scope
		d     conformtest.Disruption
		want  string
	}{
		{"zero disruption", conformtest.Scope{Provider: "fiskil"}, conformtest.Disruption{}, "make the Disruption with Delay, Reset or Malformed"},
		{"negative delay", conformtest.Scope{Provider: "fiskil"}, conformtest.Delay(-time.Second), "the delay is negative"},
		{"no provider", conformtest.Scope{Operation: "createToken"}, conformtest.Reset(), "Scope.Provider is required"},
		{"unknown provider", conformtest.Scope{Provider: "stripe"}, conformtest.Reset(), `no provider "stripe"`},
		{"unknown operation", conformtest.Scope{Provider: "weavr", Operation: "createToken"}, conformtest.Reset(), `no operation "createToken"`},
		{"bad times", conformtest.Scope{Provider: "weavr", Times: -3}, conformtest.Reset(), "Times must be 0 or more"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newLineT()
			l.run(func(t testing.TB) { conformtest.NewServer(t, "").Disrupt(tc.scope, tc.d) })
			if !mentions(l.failures(), tc.want) {
				t.Errorf("failures %q, want one with %q", l.failures(), tc.want)
			}
			for _, f := range l.failed() {
				if !strings.HasSuffix(f.File, "disrupt_test.go") {
					t.Errorf("the failure is reported at %s:%d, not the caller's line", f.File, f.Line)
				}
			}
		})
	}
}

// TestDisruptClear: ClearDisruptions drops what is queued.
func TestDisruptClear(t *testing.T) {
	s := conformtest.NewServer(t, "")
	s.Disrupt(conformtest.Scope{Provider: "fiskil", Times: conformtest.UntilCleared}, conformtest.Reset())
	if _, _, err := tokenCall(t, s, s.HTTPClient()); err == nil {
		t.Fatal("the reset did not act")
	}
	s.ClearDisruptions()
	if status, _, err := tokenCall(t, s, s.HTTPClient()); err != nil || status != 200 {
		t.Errorf("after ClearDisruptions: %d %v", status, err)
	}
}

package conformtest_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// TestRequests: the journal holds each provider call with its operation,
// method, path, headers, body and status, and each Filter field narrows
// it; control calls and the helpers' own calls are not in it.
func TestRequests(t *testing.T) {
	s := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}]}`)
	k := s.Fiskil()
	good := map[string]string{"client_id": k.ClientID, "client_secret": k.ClientSecret}
	bad := map[string]string{"client_id": k.ClientID, "client_secret": "wrong"}
	call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/token", nil, good, nil)
	call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/token", nil, bad, nil)
	call(t, http.DefaultClient, "GET", s.URL("fiskil")+"/nowhere?x=1", nil, nil, nil)
	f := s.Fliqa()
	call(t, http.DefaultClient, "GET", s.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
		map[string]string{"Api-Key": f.APIKey, "Api-Secret": f.APISecret}, nil, nil)
	call(t, http.DefaultClient, "GET", s.BaseURL()+"/healthz", nil, nil, nil)
	s.AdvanceClock(1) // a helper: not journaled

	tests := []struct {
		name   string
		filter conformtest.Filter
		want   []string // "provider operation status", in order
	}{
		{"everything", conformtest.Filter{}, []string{"fiskil createToken 200", "fiskil createToken 401", "fiskil  404", "fliqa getAccessToken 200"}},
		{"provider", conformtest.Filter{Provider: "fiskil"}, []string{"fiskil createToken 200", "fiskil createToken 401", "fiskil  404"}},
		{"operation", conformtest.Filter{Provider: "fiskil", Operation: "createToken"}, []string{"fiskil createToken 200", "fiskil createToken 401"}},
		{"operation alone", conformtest.Filter{Operation: "getAccessToken"}, []string{"fliqa getAccessToken 200"}},
		{"status", conformtest.Filter{Status: 401}, []string{"fiskil createToken 401"}},
		{"method", conformtest.Filter{Method: "get"}, []string{"fiskil  404", "fliqa getAccessToken 200"}},
		{"nothing matches", conformtest.Filter{Provider: "weavr"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range s.Requests(tc.filter) {
				got = append(got, r.Provider+" "+r.Operation+" "+strconv.Itoa(r.Status))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}

	first := s.Requests(conformtest.Filter{Status: 200})[0]
	if first.Method != "POST" || first.Path != "/v1/token" || first.Header.Get("Content-Type") != "application/json" ||
		!bytes.Contains(first.Body, []byte(k.ClientSecret)) || first.Truncated || first.Disruption != "" {
		t.Errorf("first request %+v", first)
	}
	if nf := s.Requests(conformtest.Filter{Status: 404})[0]; nf.Path != "/nowhere" || nf.Query != "x=1" {
		t.Errorf("404 request: path %q query %q", nf.Path, nf.Query)
	}
	s.ClearRequests()
	if got := s.Requests(conformtest.Filter{}); len(got) != 0 {
		t.Errorf("after ClearRequests: %d requests", len(got))
	}
}

// TestRequestsCopies: what Requests returns is the caller's to change.
func TestRequestsCopies(t *testing.T) {
	s := conformtest.NewServer(t, "")
	fiskilToken(t, s)
	r := s.Requests(conformtest.Filter{})[0]
	r.Header.Set("Content-Type", "changed")
	r.Body[0] = 'X'
	again := s.Requests(conformtest.Filter{})[0]
	if again.Header.Get("Content-Type") == "changed" || again.Body[0] == 'X' {
		t.Errorf("changing a returned request changed the journal: %+v", again)
	}
}

// TestRequestsBounded: the journal keeps the newest WithJournal requests,
// none with 0, and a body's first MaxJournalBody bytes.
func TestRequestsBounded(t *testing.T) {
	tests := []struct {
		name  string
		size  int
		calls int
		want  int
	}{
		{"fewer than the size", 3, 2, 2},
		{"more than the size", 3, 7, 3},
		{"off", 0, 2, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := conformtest.NewServer(t, "", conformtest.WithJournal(tc.size))
			k := s.Fiskil()
			for i := range tc.calls {
				call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/token", nil,
					map[string]string{"client_id": k.ClientID, "client_secret": "s" + strconv.Itoa(i)}, nil)
			}
			got := s.Requests(conformtest.Filter{})
			if len(got) != tc.want {
				t.Fatalf("%d requests kept, want %d", len(got), tc.want)
			}
			if tc.want > 0 && !bytes.Contains(got[len(got)-1].Body, []byte(`"s`+strconv.Itoa(tc.calls-1)+`"`)) {
				t.Errorf("the last request kept is not the newest: %s", got[len(got)-1].Body)
			}
		})
	}

	t.Run("long body", func(t *testing.T) {
		s := conformtest.NewServer(t, "")
		// Good credentials after more blank space than the journal keeps:
		// the simulator must still read them.
		k := s.Fiskil()
		body := "{" + strings.Repeat(" ", conformtest.MaxJournalBody) +
			`"client_id": "` + k.ClientID + `", "client_secret": "` + k.ClientSecret + `"}`
		resp, err := http.Post(s.URL("fiskil")+"/v1/token", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		r := s.Requests(conformtest.Filter{})[0]
		if !r.Truncated || len(r.Body) != conformtest.MaxJournalBody || r.Status != resp.StatusCode {
			t.Errorf("truncated %v, %d bytes kept, status %d (client saw %d)", r.Truncated, len(r.Body), r.Status, resp.StatusCode)
		}
		if resp.StatusCode != 200 {
			t.Errorf("the simulator answered %d, want 200 (it must read the whole body, not the journal's part)", resp.StatusCode)
		}
	})
}

// TestRequestsConcurrent: calls and reads of the journal from many
// goroutines (run with -race) lose nothing.
func TestRequestsConcurrent(t *testing.T) {
	s := conformtest.NewServer(t, "")
	k := s.Fiskil()
	creds := map[string]string{"client_id": k.ClientID, "client_secret": k.ClientSecret}
	const n = 20
	var wg sync.WaitGroup
	for range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			call(t, http.DefaultClient, "POST", s.URL("fiskil")+"/v1/token", nil, creds, nil)
		}()
		go func() {
			defer wg.Done()
			_ = s.Requests(conformtest.Filter{Provider: "fiskil"})
		}()
	}
	wg.Wait()
	if got := len(s.Requests(conformtest.Filter{Operation: "createToken", Status: 200})); got != n {
		t.Errorf("%d requests journaled, want %d", got, n)
	}
}

// TestRequestsBadFilter: a filter naming what the simulator does not serve
// fails the test instead of matching nothing.
func TestRequestsBadFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter conformtest.Filter
		want   string
	}{
		{"unknown provider", conformtest.Filter{Provider: "stripe"}, `no provider "stripe"`},
		{"unknown operation", conformtest.Filter{Provider: "fiskil", Operation: "getToken"}, `no operation "getToken" (known: addAuthSession, createEndUser, createToken)`},
		{"another provider's operation", conformtest.Filter{Provider: "fiskil", Operation: "getAccessToken"}, `no operation "getAccessToken"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeT{}
			f.run(func(t testing.TB) { conformtest.NewServer(t, "").Requests(tc.filter) })
			if !mentions(f.failures(), tc.want) {
				t.Errorf("failures %q, want one with %q", f.failures(), tc.want)
			}
		})
	}
}

// TestRequestStringMasks: a journaled request printed in a test's log
// shows no secret: not the credential headers, not secret JSON fields.
func TestRequestStringMasks(t *testing.T) {
	s := conformtest.NewServer(t, `fliqa: {inquiries: [{id: inq-1}]}`)
	fiskilToken(t, s)
	f := s.Fliqa()
	call(t, http.DefaultClient, "GET", s.URL("fliqa")+"/account/auth/token/sandbox/api/inq-1",
		map[string]string{"Api-Key": f.APIKey, "Api-Secret": f.APISecret}, nil, nil)
	for _, r := range s.Requests(conformtest.Filter{}) {
		out := r.String()
		for _, secret := range []string{s.Fiskil().ClientSecret, f.APIKey, f.APISecret} {
			if strings.Contains(out, secret) {
				t.Errorf("String shows a secret:\n%s", out)
			}
		}
		if !strings.Contains(out, r.Operation) || !strings.Contains(out, "200") {
			t.Errorf("String does not say which call it was:\n%s", out)
		}
	}
}

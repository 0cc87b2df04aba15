package runner

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// misbehaving is a TCP server that breaks HTTP in the ways a real target
// can: it hangs, resets the connection, or answers bytes that are not HTTP.
// Any other path gets a conforming Weavr 401.
type misbehaving struct {
	ln   net.Listener
	done chan struct{}
	wg   sync.WaitGroup
}

func newMisbehaving(t *testing.T) *misbehaving {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &misbehaving{ln: ln, done: make(chan struct{})}
	m.wg.Add(1)
	go m.serve()
	t.Cleanup(func() {
		close(m.done)
		ln.Close()
		m.wg.Wait()
	})
	return m
}

func (m *misbehaving) serve() {
	defer m.wg.Done()
	for {
		conn, err := m.ln.Accept()
		if err != nil {
			return
		}
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			defer conn.Close()
			req, err := http.ReadRequest(bufio.NewReader(conn))
			if err != nil {
				return
			}
			switch {
			case strings.HasSuffix(req.URL.Path, "/hang"):
				<-m.done // never answers while the test runs
			case strings.HasSuffix(req.URL.Path, "/reset"):
				conn.(*net.TCPConn).SetLinger(0) // close with RST
			case strings.HasSuffix(req.URL.Path, "/garbage"):
				conn.Write([]byte("SSH-2.0-OpenSSH_9.2 this is not HTTP\r\n\r\n"))
			default:
				conn.Write([]byte("HTTP/1.1 401 Unauthorized\r\nRequest-Ref: r1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			}
		}()
	}
}

// TestRunAgainstMisbehavingTarget: a target that hangs, resets or answers
// garbage fails the scenario with a clear message, and the run goes on to
// the next scenario.
func TestRunAgainstMisbehavingTarget(t *testing.T) {
	m := newMisbehaving(t)
	base := "http://" + m.ln.Addr().String()
	scenario := func(name, path string) string {
		return "  Scenario: " + name + "\n    Given I use the Weavr API\n    When I send a POST request to \"" + path + "\"\n    Then the response status should be 401\n\n"
	}
	dir := writeFeatures(t, map[string]string{"weavr/misbehaving.feature": "@weavr\nFeature: misbehaving target\n\n" +
		scenario("hangs", "/hang") + scenario("resets", "/reset") + scenario("garbage", "/garbage") + scenario("conforms", "/logout") +
		"  Scenario: resets a body\n    Given I use the Weavr API\n    When I send a POST request to \"/reset\" with body:\n      \"\"\"\n      {}\n      \"\"\"\n    Then the response status should be 401\n\n"})
	target := &steps.Target{
		Name:   base,
		Client: &http.Client{Timeout: 500 * time.Millisecond},
		Config: &config.Config{Target: base, Providers: map[string]*config.Provider{"weavr": {Credentials: map[string]string{"apiKey": "k"}}}},
	}
	env, err := NewEnv(target, all.Providers(), EnvChoice{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	run, err := Run(ctx, env, Plan{Providers: all.Providers(), Features: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(run)
	tests := []struct {
		scenario string
		outcome  reports.Outcome
		reason   string
	}{
		// No answer is an ERROR (the target could not be reached), never a
		// conformance failure.
		{"hangs", reports.Errored, "timed out"},
		{"resets", reports.Errored, "connection"},
		{"garbage", reports.Errored, "not HTTP"},
		{"conforms", reports.Passed, ""},
		// A step ending in a colon (a doc string follows) reads "with
		// body: <error>", not "with body:: <error>".
		{"resets a body", reports.Errored, `"/reset" with body: `},
	}
	for _, tt := range tests {
		s, ok := got[tt.scenario]
		if !ok {
			t.Errorf("%s: not reported", tt.scenario)
			continue
		}
		t.Logf("%s: %s %s", tt.scenario, s.Outcome, s.Reason)
		if s.Outcome != tt.outcome || !strings.Contains(s.Reason, tt.reason) || strings.Contains(s.Reason, "::") {
			t.Errorf("%s: %s %q, want %s mentioning %q", tt.scenario, s.Outcome, s.Reason, tt.outcome, tt.reason)
		}
		if tt.outcome == reports.Errored && (len(s.Exchanges) != 1 || s.Exchanges[0].Error == "") {
			t.Errorf("%s: the exchange must record the transport error: %+v", tt.scenario, s.Exchanges)
		}
	}
}

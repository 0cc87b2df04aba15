package cli

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/rand/v2"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator"
)

// dropListener drops about a tenth of the connections it accepts, the
// moment it accepts them (a reset, before a byte is read), as a lossy
// network or an overloaded proxy does. The choice is seeded, so a run at
// --concurrency 1 meets the same drops every time, and never falls on
// three connections in a row, so that a request tried three times always
// gets through.
type dropListener struct {
	net.Listener
	mu                          sync.Mutex
	rng                         *rand.Rand
	streak                      int
	accepted, dropped, twoInRow int
}

func (l *dropListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if !l.drop() {
			return c, nil
		}
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // a reset, not an orderly close
		}
		c.Close()
	}
}

func (l *dropListener) drop() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.accepted++
	if l.streak < 2 && l.rng.Float64() < 0.10 {
		l.streak++
		l.dropped++
		if l.streak == 2 {
			l.twoInRow++
		}
		return true
	}
	l.streak = 0
	return false
}

func (l *dropListener) counts() (accepted, dropped, twoInRow int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.accepted, l.dropped, l.twoInRow
}

// TestHelperConformRun is not a test: TestRunThroughDroppedConnections runs
// conform in a process of its own through it, so that the process trusts
// the test server's certificate (SSL_CERT_FILE is read once per process).
func TestHelperConformRun(t *testing.T) {
	raw := os.Getenv("CONFORM_TEST_RUN_ARGS")
	if raw == "" {
		t.Skip("a helper process of TestRunThroughDroppedConnections")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	os.Exit(MainContext(context.Background(), all.Providers(), args, os.Stdout, os.Stderr))
}

// TestRunThroughDroppedConnections: through a target that drops 10% of
// connections, every Weavr scenario ends passed or ERROR, never FAIL, and
// the run exits 2; with --retries 2 every one passes and the run exits 0.
// The target speaks TLS and closes every connection after one answer, so
// each request meets the listener's choice, and a drop at accept fails the
// TLS handshake: the harness knows the request never had a connection,
// and may send it again whatever its method (steps.roundTrip).
func TestRunThroughDroppedConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every Weavr scenario twice")
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), NoDefaultSandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		retries  string
		wantExit int
	}{
		{name: "without retries: ERRORs, never FAIL", retries: "0", wantExit: ExitUsage},
		// The listener drops at most two connections in a row, but the
		// harness's connections are not its only ones (a sandbox's
		// deletion can overlap the next one's creation), so a request can
		// meet a third drop: 4 retries leave room for that (with 2, one
		// run in several ERRORed on a sandbox creation reset 3 times).
		{name: "with --retries 4: every scenario passes", retries: "4", wantExit: ExitOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(sim)
			drops := &dropListener{Listener: srv.Listener, rng: rand.New(rand.NewPCG(11, 10))}
			srv.Listener = drops
			srv.Config.SetKeepAlivesEnabled(false)
			srv.StartTLS()
			defer srv.Close()
			cert := filepath.Join(t.TempDir(), "cert.pem")
			if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
				t.Fatal(err)
			}
			reportDir := filepath.Join(t.TempDir(), "r")
			args, _ := json.Marshal([]string{"run", "--target", srv.URL, "--provider", "weavr", "--concurrency", "1",
				"--progress", "none", "--retries", tc.retries, "--report-dir", reportDir})
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperConformRun$", "-test.timeout=15m")
			cmd.Env = append(os.Environ(), "CONFORM_TEST_RUN_ARGS="+string(args), "SSL_CERT_FILE="+cert)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			accepted, dropped, twoInRow := drops.counts()
			tot := readSummary(t, reportDir).Totals
			t.Logf("%d connections, %d dropped (%d twice in a row): %d scenarios, %d passed, %d warned, %d failed, %d errored, %d not applicable; exit %d",
				accepted, dropped, twoInRow, tot.Scenarios, tot.Passed, tot.Warned, tot.Failed, tot.Errored, tot.NotApplicable, code)
			if dropped == 0 || twoInRow == 0 {
				t.Fatalf("the listener dropped %d connections, %d twice in a row: the test proves nothing", dropped, twoInRow)
			}
			if tot.Failed != 0 || strings.Contains(stdout.String(), "FAIL ") {
				t.Errorf("%d scenarios FAILED: a dropped connection is no conformance failure\n%s", tot.Failed, stdout.String())
			}
			if code != tc.wantExit {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantExit, stdout.String(), stderr.String())
			}
			switch tc.wantExit {
			case ExitOK:
				if tot.Errored != 0 || tot.Passed+tot.Warned+tot.NotApplicable != tot.Scenarios {
					t.Errorf("not every scenario passed")
				}
			default:
				if tot.Errored == 0 || !strings.Contains(stdout.String(), "ERROR ") {
					t.Errorf("no scenario in ERROR, though requests got no answer\n%s", stdout.String())
				}
			}
		})
	}
}

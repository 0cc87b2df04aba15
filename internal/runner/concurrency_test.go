package runner

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

func TestDefaultConcurrency(t *testing.T) {
	builtIn, err := BuiltIn(all.Providers(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		target *steps.Target
		want   int
	}{
		{name: "in-process: CPU-bound", target: builtIn, want: inProcessConcurrency},
		{name: "remote with the control API: a sandbox per scenario", target: &steps.Target{Control: "http://sim.example"}, want: controlledConcurrency},
		{name: "remote without: shared fixtures", target: &steps.Target{}, want: sharedConcurrency},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := DefaultConcurrency(tc.target); got != tc.want {
				t.Errorf("DefaultConcurrency = %d, want %d", got, tc.want)
			}
		})
	}
	if controlledConcurrency <= inProcessConcurrency {
		t.Errorf("a remote target with the control API gets %d scenarios in flight, no more than in-process (%d)", controlledConcurrency, inProcessConcurrency)
	}
}

// A remote target's client keeps a connection per scenario in flight:
// with net/http's default of two idle per host, a run at the default
// concurrency would open a connection for nearly every request.
func TestRemoteReusesConnections(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	target, err := Remote(context.Background(), &config.Config{Target: srv.URL, Control: "no"}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := target.Client.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T, want *http.Transport", target.Client.Transport)
	}
	if tr.MaxIdleConnsPerHost < controlledConcurrency || tr.MaxIdleConns < controlledConcurrency {
		t.Errorf("keeps %d idle connections per host (%d in all), want at least %d", tr.MaxIdleConnsPerHost, tr.MaxIdleConns, controlledConcurrency)
	}
	if tr.Proxy == nil {
		t.Error("the transport ignores HTTP(S)_PROXY, unlike net/http's default")
	}
}

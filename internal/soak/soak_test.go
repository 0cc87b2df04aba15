package soak

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestConfigCheck(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{name: "the default runs", edit: func(*Config) {}},
		{name: "no requests", edit: func(c *Config) { c.Requests = 0 }, wantErr: "requests"},
		{name: "marks beyond the run", edit: func(c *Config) { c.Every = c.Requests + 1 }, wantErr: "every"},
		{name: "more churned than sandboxes", edit: func(c *Config) { c.Churned = c.Sandboxes + 1 }, wantErr: "churned"},
		{name: "churn without a pace", edit: func(c *Config) { c.ChurnEvery = 0 }, wantErr: "churn-every"},
		{name: "no workers", edit: func(c *Config) { c.Workers = 0 }, wantErr: "workers"},
		{name: "slow clients that are not slow", edit: func(c *Config) { c.SlowDuration = time.Millisecond }, wantErr: "slow"},
		{name: "memory allowed to shrink only", edit: func(c *Config) { c.MaxGrowth = 0.5 }, wantErr: "growth"},
		{name: "no deadline", edit: func(c *Config) { c.Deadline = 0 }, wantErr: "deadline"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.edit(&c)
			err := c.Check()
			if (err != nil) != (tc.wantErr != "") || err != nil && !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Check() = %v, want an error about %q", err, tc.wantErr)
			}
		})
	}
}

// leaking keeps 24 KiB, written to so that it is resident, of every request
// it passes on: memory that follows history.
func leaking(h http.Handler) http.Handler {
	var mu sync.Mutex
	var kept [][]byte
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := bytes.Repeat([]byte{1}, 24<<10)
		mu.Lock()
		kept = append(kept, b)
		mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// blocking reads every body under one lock, as a server that locked a
// sandbox before reading the body would: a slow body holds up every other
// request meanwhile.
func blocking(h http.Handler) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		b, err := io.ReadAll(r.Body)
		mu.Unlock()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		h.ServeHTTP(w, r)
	})
}

// TestRunJudges runs the soak scaled down (5k requests, marks every 1k)
// against the simulator, which passes, and against servers that leak or
// make requests wait on a slow body, which must fail the check each
// breaks: the soak can fail.
func TestRunJudges(t *testing.T) {
	if testing.Short() {
		t.Skip("three scaled-down soaks")
	}
	cases := []struct {
		name        string
		wrap        Wrap
		requests    int    // marks every fifth
		wantFailure string // "" for a pass
	}{
		{name: "the simulator passes", requests: 5000},
		{name: "a server that keeps every request fails on memory", wrap: leaking, requests: 5000, wantFailure: "memory follows history"},
		// Fewer requests: every slow body holds up every request.
		{name: "a server that reads bodies under one lock fails on waits", wrap: blocking, requests: 1000, wantFailure: "waited on a slow client"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Requests, cfg.Every = tc.requests, tc.requests/5
			cfg.Sandboxes, cfg.Churned, cfg.ChurnEvery = 10, 5, 100
			cfg.Workers, cfg.SlowClients = 4, 2
			cfg.Deadline = 3 * time.Minute
			var out bytes.Buffer
			res, err := Run(cfg, tc.wrap, &out)
			if err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + out.String())
			if len(res.Marks) != 5 || res.Marks[4].Requests < tc.requests || res.Slow < cfg.SlowClients {
				t.Errorf("%d marks, %d slow requests: the run was not driven as configured", len(res.Marks), res.Slow)
			}
			if res.CollectRequests == 0 {
				t.Error("no request collected the queues after the run")
			}
			failures := strings.Join(res.Failures, "\n")
			if tc.wantFailure == "" && !res.Passed() {
				t.Errorf("the soak failed:\n%s", failures)
			}
			if tc.wantFailure != "" && !strings.Contains(failures, tc.wantFailure) {
				t.Errorf("failures %q, want one about %q", failures, tc.wantFailure)
			}
			if !strings.Contains(out.String(), "requests  RSS") || !strings.Contains(out.String(), "after the run") {
				t.Errorf("the report lacks its marks or verdict:\n%s", out.String())
			}
		})
	}
}

package steps

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// dropFirst closes the first n connections' requests without an answer,
// then answers 204.
func dropFirst(n int32) (*httptest.Server, *atomic.Int32) {
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	return srv, &seen
}

func TestRoundTripRetries(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		drops    int32
		retries  int
		wantErr  bool
		wantSeen int32
	}{
		{"idempotent, retried", http.MethodGet, 2, 2, false, 3},
		{"idempotent, too few retries", http.MethodGet, 3, 2, true, 3},
		{"not idempotent: sent once", http.MethodPost, 1, 2, true, 1},
		{"no retries asked", http.MethodGet, 1, 0, true, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, seen := dropFirst(tc.drops)
			defer srv.Close()
			req, _ := http.NewRequest(tc.method, srv.URL, strings.NewReader("{}"))
			client := srv.Client()
			client.Transport.(*http.Transport).DisableKeepAlives = true
			resp, err := roundTrip(client, req, tc.retries)
			if resp != nil {
				resp.Body.Close()
			}
			if (err != nil) != tc.wantErr || seen.Load() != tc.wantSeen {
				t.Errorf("err %v, requests seen %d; want error %v, %d", err, seen.Load(), tc.wantErr, tc.wantSeen)
			}
		})
	}
}

// TestRoundTripRetriesWhatWasNeverSent: a request whose connection could
// not be made is sent again once, whatever its method.
func TestRoundTripRetriesWhatWasNeverSent(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader("{}"))
	var dials atomic.Int32
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
	if _, err := roundTrip(client, req, 0); err == nil || !notSent(err) {
		t.Fatalf("err = %v, want a dial error", err)
	}
	if dials.Load() != 2 {
		t.Errorf("%d dials, want 2 (the first and one retry)", dials.Load())
	}
}

// TestTransportGuard: the run is stopped after max requests in a row got
// no answer, and an answer starts the count again.
func TestTransportGuard(t *testing.T) {
	var stopped error
	g := guardFrom(WithTransportGuard(context.Background(), 3, func(err error) { stopped = err }))
	g.unanswered()
	g.unanswered()
	g.answered()
	g.unanswered()
	g.unanswered()
	if stopped != nil {
		t.Fatalf("stopped after an answer broke the run: %v", stopped)
	}
	g.unanswered()
	if stopped == nil || !strings.Contains(stopped.Error(), "3 requests in a row got no response") {
		t.Fatalf("stopped = %v", stopped)
	}
	var te *TransportError
	if errors.As(error(&TransportError{Method: "GET", Path: "/x", Reason: "r"}), &te) && !strings.Contains(te.Error(), "no response from the target") {
		t.Error(te.Error())
	}
}

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
	g.unanswered("POST /x: reset")
	g.unanswered("POST /x: reset")
	g.answered()
	g.unanswered("POST /x: reset")
	g.unanswered("POST /x: reset")
	if stopped != nil {
		t.Fatalf("stopped after an answer broke the run: %v", stopped)
	}
	g.unanswered("POST /x: reset")
	if stopped == nil || !strings.Contains(stopped.Error(), "3 requests in a row got no response; the last: POST /x: reset") {
		t.Fatalf("stopped = %v", stopped)
	}
	var te *TransportError
	if errors.As(error(&TransportError{Method: "GET", Path: "/x", Reason: "r"}), &te) && !strings.Contains(te.Error(), "no response from the target") {
		t.Error(te.Error())
	}
}

// dropAtAccept resets the first n connections it accepts before a byte
// is read: over TLS, the handshake fails, and the request never had a
// connection.
type dropAtAccept struct {
	net.Listener
	n, accepted atomic.Int32
}

func (l *dropAtAccept) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil || l.accepted.Add(1) > l.n.Load() {
			return c, err
		}
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		c.Close()
	}
}

// TestRoundTripResendsWhatNeverHadAConnection: a POST whose connection
// failed before it was handed one (the TLS handshake was reset) is sent
// again, once or up to retries times; one that had a connection is not,
// and says why.
func TestRoundTripResendsWhatNeverHadAConnection(t *testing.T) {
	tests := []struct {
		name      string
		drops     int32
		afterRead bool // the server reads the request, then drops it
		retries   int
		wantErr   string // "" for an answer
	}{
		{name: "one reset handshake, sent again", drops: 1},
		{name: "two reset handshakes, no retries asked", drops: 2, wantErr: "after 2 attempts"},
		{name: "two reset handshakes, --retries 2", drops: 2, retries: 2},
		{name: "dropped after it was read: not sent again", afterRead: true, retries: 2, wantErr: "not sent again: POST is not idempotent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var served atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if served.Add(1) == 1 && tc.afterRead {
					if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
						conn.Close()
					}
					return
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			l := &dropAtAccept{Listener: srv.Listener}
			l.n.Store(tc.drops)
			srv.Listener = l
			srv.StartTLS()
			defer srv.Close()
			client := srv.Client()
			client.Transport.(*http.Transport).DisableKeepAlives = true
			req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"a":1}`))
			resp, err := roundTrip(client, req, tc.retries)
			if resp != nil {
				resp.Body.Close()
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if want := int32(1); tc.afterRead && served.Load() != want {
				t.Errorf("the target saw the POST %d times, want %d", served.Load(), want)
			}
		})
	}
}

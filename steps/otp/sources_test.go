package otp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/hostile"
	"github.com/conformhq/conform/steps/config"
)

func readOTP(t *testing.T, o *config.OTP, req Request) (string, error) {
	t.Helper()
	src, ok := FromConfig(o, Limits{MaxRedirects: 10, MaxBody: 4 << 20})
	if !ok {
		t.Fatal("no OTP source")
	}
	read := src.Expect(context.Background(), req)
	return read(context.Background())
}

func TestOTPSandboxCode(t *testing.T) {
	got, err := readOTP(t, &config.OTP{SandboxCode: "123456"}, Request{Provider: "toy"})
	if err != nil || got != "123456" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, ok := FromConfig(nil, Limits{}); ok {
		t.Error("a config without otp offers an OTP source")
	}
}

func TestOTPCommand(t *testing.T) {
	req := Request{Provider: "toy", Channel: "sms", Recipient: "+38640123456"}
	tests := []struct {
		name    string
		script  string
		timeout time.Duration
		want    string
		err     string
		secret  string // must not appear in the error
	}{
		{name: "prints the OTP", script: `echo 482915`, want: "482915"},
		{name: "sees provider, channel and recipient", script: `printf '%s:%s:%s\n' "$CONFORM_OTP_PROVIDER" "$CONFORM_OTP_CHANNEL" "$CONFORM_OTP_RECIPIENT"`, want: "toy:sms:+38640123456"},
		{name: "prints nothing", script: `true`, err: "printed nothing"},
		{name: "prints two lines", script: `printf '111111\n222222\n'`, err: "printed 2 lines", secret: "111111"},
		{name: "prints a sentence", script: `echo your code is 482915`, err: "words separated by spaces", secret: "482915"},
		{name: "fails, its stderr unshown", script: `echo token-s3cret >&2; exit 3`, err: "exit status 3 (its standard error is not shown", secret: "token-s3cret"},
		{name: "too slow", script: `sleep 5`, timeout: 100 * time.Millisecond, err: "printed no OTP within 100ms"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readOTP(t, &config.OTP{Command: []string{"sh", "-c", tc.script}, Timeout: tc.timeout}, req)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
					t.Errorf("the error %q shows %q", err, tc.secret)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// fakeInbox serves {"messages": [{"to": ..., "otp": ...}]} whose last OTP
// changes from "111111" to "222222" after `after` polls (never: -1), or
// answers status when it is not 200.
func fakeInbox(t *testing.T, after int32, status int) (*httptest.Server, *atomic.Int32, *atomic.Value) {
	t.Helper()
	var polls atomic.Int32
	var recipient atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		recipient.Store(r.URL.Query().Get("to"))
		n := polls.Add(1)
		if status != http.StatusOK {
			w.WriteHeader(status)
			return
		}
		otp := "111111"
		if after >= 0 && n > after {
			otp = "222222"
		}
		json.NewEncoder(w).Encode(map[string]any{"messages": []any{map[string]string{"to": "x", "otp": "000000"}, map[string]string{"to": "x", "otp": otp}}})
	}))
	t.Cleanup(srv.Close)
	return srv, &polls, &recipient
}

func TestOTPInbox(t *testing.T) {
	req := Request{Provider: "toy", Channel: "sms", Recipient: "+38640123456"}
	t.Run("waits for a new OTP", func(t *testing.T) {
		srv, polls, recipient := fakeInbox(t, 3, http.StatusOK)
		got, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL + "/api?to={recipient}", Path: "messages|@reverse|0.otp", Interval: 10 * time.Millisecond}}, req)
		if err != nil || got != "222222" {
			t.Fatalf("got %q, %v; want the new 222222, not the earlier 111111", got, err)
		}
		if polls.Load() < 4 {
			t.Errorf("%d polls, want 4 or more", polls.Load())
		}
		if recipient.Load() != "+38640123456" {
			t.Errorf("the inbox saw recipient %q", recipient.Load())
		}
	})
	t.Run("times out when no new OTP comes", func(t *testing.T) {
		srv, _, _ := fakeInbox(t, -1, http.StatusOK)
		_, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL + "/api?to={recipient}", Path: "messages|@reverse|0.otp", Timeout: 100 * time.Millisecond, Interval: 10 * time.Millisecond}}, req)
		if err == nil || !strings.Contains(err.Error(), "no new OTP at the inbox within 100ms") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("says what the inbox answered", func(t *testing.T) {
		srv, _, _ := fakeInbox(t, 0, http.StatusServiceUnavailable)
		// A second, not 50 ms: a loaded machine may not finish a first poll
		// in 50 ms, and the error would then be the timeout's.
		_, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL, Path: "otp", Timeout: time.Second, Interval: 10 * time.Millisecond}}, req)
		if err == nil || !strings.Contains(err.Error(), "the inbox answered 503") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a poll cut short by the timeout does not hide what the inbox answered", func(t *testing.T) {
		// Regression: the inbox answered 503, then its last poll was cut
		// short by the timeout, and the error said it could not be reached.
		var polls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if polls.Add(1) <= 2 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			<-r.Context().Done() // hangs until the client gives up
		}))
		t.Cleanup(srv.Close)
		_, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL, Path: "otp", Timeout: 200 * time.Millisecond, Interval: 10 * time.Millisecond}}, req)
		if err == nil || !strings.Contains(err.Error(), "the inbox answered 503") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a silent inbox is bounded by its timeout, first read included", func(t *testing.T) {
		// Regression: the read before the OTP was sent had no timeout, and
		// an inbox that never answered hung the run.
		srv := httptest.NewServer(hostile.Silent())
		t.Cleanup(srv.Close)
		done := make(chan error, 1)
		go func() {
			_, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL, Path: "otp", Timeout: 200 * time.Millisecond, Interval: 10 * time.Millisecond}}, req)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "no new OTP at the inbox within 200ms") {
				t.Fatalf("err = %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a silent inbox held the read 10 s, want about twice its 200ms timeout")
		}
	})
	t.Run("nothing at the path", func(t *testing.T) {
		srv, _, _ := fakeInbox(t, 0, http.StatusOK)
		_, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL, Path: "code", Timeout: time.Second, Interval: 10 * time.Millisecond}}, req)
		if err == nil || !strings.Contains(err.Error(), "nothing at code") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestOTPInboxRedirects: the inbox's redirects are followed within its own
// origin and the provider's, never to another origin, which hears nothing.
func TestOTPInboxRedirects(t *testing.T) {
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		_, _ = w.Write([]byte(`{"otp":"999999"}`))
	}))
	t.Cleanup(foreign.Close)
	var polls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved-here":
			http.Redirect(w, r, "/api", http.StatusFound)
		case "/moved-away":
			http.Redirect(w, r, foreign.URL+"/api", http.StatusFound)
		default:
			otp := "111111"
			if polls.Add(1) > 1 {
				otp = "222222"
			}
			_, _ = w.Write([]byte(`{"otp":"` + otp + `"}`))
		}
	}))
	t.Cleanup(srv.Close)
	req := Request{Provider: "toy", Channel: "sms", Recipient: "+447700900123"}
	tests := []struct {
		name, path, want, err string
	}{
		{name: "within its origin", path: "/moved-here", want: "222222"},
		{name: "to another origin", path: "/moved-away", err: "the inbox redirected to " + foreign.URL + ", an origin the config does not declare: not followed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readOTP(t, &config.OTP{Inbox: &config.Inbox{URL: srv.URL + tc.path, Path: "otp", Timeout: 300 * time.Millisecond, Interval: 10 * time.Millisecond}}, req)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("the other origin got %d requests", n)
	}
}

package steps

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestLastAndRedirect(t *testing.T) {
	w, _, _ := mockWorld(t, "weavr")
	if _, err := w.Last(); !errors.Is(err, errNoResponse) {
		t.Fatalf("Last without a response = %v, want errNoResponse", err)
	}
	tests := []struct {
		name     string
		status   int
		redirect bool
	}{
		{name: "ok", status: 200},
		{name: "found", status: 302, redirect: true},
		{name: "not modified", status: 304, redirect: true},
		{name: "not found", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.last = &Response{Status: tc.status}
			last, err := w.Last()
			if err != nil || last.Status != tc.status {
				t.Fatalf("Last = %v, %v", last, err)
			}
			if last.Redirect() != tc.redirect {
				t.Errorf("Redirect() = %v, want %v", last.Redirect(), tc.redirect)
			}
		})
	}
}

// TestVerbatimRequests: a verbatim request goes out as written, "{{" and
// all; any other is expanded and refused on an unknown variable.
func TestVerbatimRequests(t *testing.T) {
	const body = `{"client_secret":"s3cr{{et}}"}`
	tests := []struct {
		name     string
		verbatim bool
		wantSent bool
	}{
		{name: "verbatim", verbatim: true, wantSent: true},
		{name: "expanded", verbatim: false, wantSent: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "fiskil")
			var sent string
			mt.RegisterResponder("POST", mockRoot+"/fiskil/v1/token", func(req *http.Request) (*http.Response, error) {
				b, _ := io.ReadAll(req.Body)
				sent = string(b)
				return respond(400, `{}`)(req)
			})
			err := w.Send(context.Background(), Request{Method: "POST", Path: "/v1/token", Body: body, Verbatim: tc.verbatim})
			if !tc.wantSent {
				if err == nil || !strings.Contains(err.Error(), "{{et}}") || mt.GetTotalCallCount() != 0 {
					t.Fatalf("Send = %v after %d calls, want the unknown variable refused before sending", err, mt.GetTotalCallCount())
				}
				return
			}
			if sent != body {
				t.Errorf("sent %q, want %q", sent, body)
			}
		})
	}
}

func TestHasHeader(t *testing.T) {
	w, _, _ := mockWorld(t, "fiskil")
	if w.HasHeader("fiskil", "Authorization") {
		t.Fatal("a fresh World has an Authorization header")
	}
	w.SetHeader("fiskil", "authorization", "Bearer x")
	tests := []struct {
		name, provider, header string
		want                   bool
	}{
		{name: "same provider, other case", provider: "fiskil", header: "AUTHORIZATION", want: true},
		{name: "other provider", provider: "weavr", header: "Authorization"},
		{name: "other header", provider: "fiskil", header: "Api-Key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := w.HasHeader(tc.provider, tc.header); got != tc.want {
				t.Errorf("HasHeader(%q, %q) = %v, want %v", tc.provider, tc.header, got, tc.want)
			}
		})
	}
}

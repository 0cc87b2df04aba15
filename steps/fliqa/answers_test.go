package fliqa

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/steps"
)

func TestDocURLMatches(t *testing.T) {
	tests := []struct {
		name, url, code, sub string
		want                 bool
	}{
		{name: "the errorCode's page", url: docsBase + "unauthorized", code: "unauthorized", sub: "invalid_pin", want: true},
		{name: "with the body's own subcode", url: docsBase + "unauthorized#invalid_pin", code: "unauthorized", sub: "invalid_pin", want: true},
		{name: "another errorCode's page", url: docsBase + "other", code: "unauthorized", want: false},
		{name: "another subcode", url: docsBase + "unauthorized#not_authorized", code: "unauthorized", sub: "invalid_pin", want: false},
		{name: "a fragment without a subcode in the body", url: docsBase + "unauthorized#", code: "unauthorized", want: false},
		{name: "another host", url: "https://example.com/api/errors/unauthorized", code: "unauthorized", want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := docURLMatches(tc.url, tc.code, tc.sub); got != tc.want {
				t.Errorf("docURLMatches(%q, %q, %q) = %v, want %v", tc.url, tc.code, tc.sub, got, tc.want)
			}
		})
	}
}

func TestDigits(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "E.164", in: "+38641123456", want: "38641123456"},
		{name: "spaced, no plus", in: "386 41 123 456", want: "38641123456"},
		{name: "no digits", in: "owner@example.com", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := digits(tc.in); got != tc.want {
				t.Errorf("digits(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestLifetime(t *testing.T) {
	date := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	hdr := http.Header{"Date": {date.Format(http.TimeFormat)}}
	tests := []struct {
		name, body string
		want       string
	}{
		{name: "expiresIn wins", body: `{"expiresIn":360,"expires":"2026-11-29T13:00:00Z"}`, want: "360"},
		{name: "from expires and the Date header", body: `{"expires":"2026-11-29T12:06:00.000Z"}`, want: "360"},
		{name: "a fraction of a second is not rounded up", body: `{"expires":"2026-11-29T12:06:00.900Z"}`, want: "360"},
		{name: "neither", body: `{"accessToken":"x"}`, want: ""},
		{name: "expires not a time", body: `{"expires":"soon"}`, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := lifetime(&steps.Response{Status: 200, Header: hdr, Body: []byte(tc.body)})
			if got != tc.want {
				t.Errorf("lifetime(%s) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

// TestExpiresAfter: a token's expires is its lifetime after the answer,
// which was given at one moment (a Date header, a sandbox clock) or some
// time while a slow exchange lasted.
func TestExpiresAfter(t *testing.T) {
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	const life = 360 * time.Second
	tests := []struct {
		name    string
		expires time.Time
		lo, hi  time.Time
		wantErr string
	}{
		{name: "exactly", expires: at.Add(life), lo: at, hi: at},
		{name: "within the slack", expires: at.Add(life + 4*time.Second), lo: at, hi: at},
		{name: "10 s early, one moment", expires: at.Add(life - 10*time.Second), lo: at, hi: at, wantErr: "expected expires to be 360 s after the answer (2026-12-07T12:06:00Z), got 2026-12-07T12:05:50Z"},
		{name: "issued when a 10 s exchange began", expires: at.Add(life), lo: at, hi: at.Add(10 * time.Second)},
		{name: "a lifetime of 300 s in a 10 s exchange", expires: at.Add(300 * time.Second), lo: at, hi: at.Add(10 * time.Second), wantErr: "between 2026-12-07T12:06:00Z and 2026-12-07T12:06:10Z"},
		{name: "after the exchange's end", expires: at.Add(life + 20*time.Second), lo: at, hi: at.Add(10 * time.Second), wantErr: "got 2026-12-07T12:06:20Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := expiresAfter(tc.expires, life, tc.lo, tc.hi)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("error %v, want one with %q", err, tc.wantErr)
			}
		})
	}
}

func TestStatusErrorCode(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   string
	}{
		{name: "400 is invalid_parameter", status: 400, want: "invalid_parameter"},
		{name: "401 is unauthorized", status: 401, want: "unauthorized"},
		{name: "403 is paired with none", status: 403, want: ""},
		{name: "a success is paired with none", status: 200, want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := statusErrorCode(tc.status); got != tc.want {
				t.Errorf("statusErrorCode(%d) = %q, want %q", tc.status, got, tc.want)
			}
		})
	}
}

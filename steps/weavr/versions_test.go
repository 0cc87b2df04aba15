package weavr

import (
	"testing"
)

// TestPolicyLimit: x-ratelimit-limit is Weavr's policy list; its first
// number is the limit exceeded.
func TestPolicyLimit(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		want    int
		wantErr bool
	}{
		{name: "the reference's example", header: "20, 10;w=60, 20;w=3600, 200;w=86400", want: 20},
		{name: "the simulator's", header: "2, 2;w=60", want: 2},
		{name: "a bare limit", header: "5", want: 5},
		{name: "no spaces", header: "7,7;w=1", want: 7},
		{name: "missing", header: "", wantErr: true},
		{name: "not a number", header: "many", wantErr: true},
		{name: "a window without w=", header: "2, 2;60", wantErr: true},
		{name: "a zero window", header: "2, 2;w=0", wantErr: true},
		{name: "a negative limit", header: "-1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := policyLimit(tt.header)
			if (err != nil) != tt.wantErr || (!tt.wantErr && got != tt.want) {
				t.Fatalf("policyLimit(%q) = %d, %v; want %d, error %v", tt.header, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestIdentitiesIn: the identities of either version's answer, nothing of
// another shape.
func TestIdentitiesIn(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		want   int
		wantOK bool
	}{
		{name: "3.32 bare array", body: `[{"id":{"type":"CONSUMER","id":"1"},"name":"A"}]`, want: 1, wantOK: true},
		{name: "3.32 empty", body: `[]`, want: 0, wantOK: true},
		{name: "3.63 page", body: `{"identities":[{"id":{"type":"CONSUMER","id":"1"}},{"id":{"type":"CORPORATE","id":"2"}}],"count":2,"responseCount":2}`, want: 2, wantOK: true},
		{name: "an object without identities", body: `{"count":2}`, wantOK: false},
		{name: "not JSON", body: `[{`, wantOK: false},
		{name: "empty", body: ``, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := identitiesIn([]byte(tt.body))
			if ok != tt.wantOK || len(got) != tt.want {
				t.Fatalf("identitiesIn(%s) = %d items, %v; want %d, %v", tt.body, len(got), ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestSimulateBase: the simulate API beside Weavr's Multi API, below
// conform's Weavr root.
func TestSimulateBase(t *testing.T) {
	tests := []struct{ name, base, want string }{
		{name: "Weavr's sandbox", base: "https://sandbox.weavr.io/multi", want: "https://sandbox.weavr.io/simulate/api"},
		{name: "a trailing slash", base: "https://sandbox.weavr.io/multi/", want: "https://sandbox.weavr.io/simulate/api"},
		{name: "conform's simulator", base: "http://127.0.0.1:8080/weavr", want: "http://127.0.0.1:8080/weavr/simulate/api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := simulateBase(tt.base); got != tt.want {
				t.Fatalf("simulateBase(%q) = %q, want %q", tt.base, got, tt.want)
			}
		})
	}
}

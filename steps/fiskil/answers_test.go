package fiskil

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// TestExpiresAbout: an auth session's expires_at is judged against the
// scenario's authSessionExpiry: the contract's 5 days, or a deployment's
// declared lifetime, whose tolerance narrows with it. A deployment that
// follows its timing passes; one that states another fails.
func TestExpiresAbout(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	days5 := 120 * time.Hour
	tests := []struct {
		name      string
		ttl       time.Duration
		tolerance time.Duration
		at        time.Time
		err       string // "" passes
	}{
		{name: "the contract's 5 days", ttl: days5, tolerance: 5 * time.Minute, at: now.Add(days5)},
		{name: "5 days, 4 minutes late, without the control API", ttl: days5, tolerance: 5 * time.Minute, at: now.Add(days5 + 4*time.Minute)},
		{name: "5 days, 6 minutes late", ttl: days5, tolerance: 5 * time.Minute, at: now.Add(days5 + 6*time.Minute), err: "6m0s off"},
		{name: "a declared 8 s", ttl: 8 * time.Second, tolerance: 5 * time.Minute, at: now.Add(8 * time.Second)},
		{name: "a declared 8 s, one second off", ttl: 8 * time.Second, tolerance: 5 * time.Minute, at: now.Add(9 * time.Second)},
		{name: "a declared 8 s, answered as 5 days", ttl: 8 * time.Second, tolerance: 5 * time.Minute, at: now.Add(days5), err: "expected expires_at about"},
		{name: "a declared 8 s, 3 s off: beyond the narrowed tolerance", ttl: 8 * time.Second, tolerance: 5 * time.Minute, at: now.Add(11 * time.Second), err: "3s off"},
		{name: "a declared 2 min, 29 s off: within a quarter", ttl: 2 * time.Minute, tolerance: 5 * time.Minute, at: now.Add(2*time.Minute + 29*time.Second)},
		{name: "a declared 2 min, 31 s off", ttl: 2 * time.Minute, tolerance: 5 * time.Minute, at: now.Add(2*time.Minute + 31*time.Second), err: "31s off"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := gjson.Parse(strconv.FormatInt(tc.at.Unix(), 10))
			err := expiresAbout(at, now, tc.ttl, tc.tolerance)
			if tc.err == "" {
				if err != nil {
					t.Fatalf("a faithful expiry failed: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.err)
			}
		})
	}
}

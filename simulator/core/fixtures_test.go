package core

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDecodeFixtures(t *testing.T) {
	type fixtures struct {
		Users []string `json:"users"`
	}
	tests := []struct {
		name    string
		raw     string
		want    string // the users, joined
		wantErr string // substring; "" for none
	}{
		{name: "absent", raw: "", want: "kept"},
		{name: "null", raw: " null\n", want: "kept"},
		{name: "section", raw: `{"users": ["ada", "bob"]}`, want: "ada,bob"},
		{name: "unknown field refused", raw: `{"user": ["ada"]}`, wantErr: `toy fixtures: toy.user is not a fixtures key; did you mean users`},
		{name: "wrong type refused", raw: `{"users": "ada"}`, wantErr: "toy fixtures: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := fixtures{Users: []string{"kept"}}
			err := DecodeFixtures("toy", json.RawMessage(tc.raw), &fx)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(fx.Users, ","); got != tc.want {
				t.Errorf("users %q, want %q", got, tc.want)
			}
		})
	}
}

package fliqa

import "testing"

func TestWrongOTP(t *testing.T) {
	tests := []struct {
		name, otp, want string
	}{
		{name: "six digits", otp: "123456", want: "234567"},
		{name: "nines wrap to zeros", otp: "999", want: "000"},
		{name: "not a digit becomes zero", otp: "1a2", want: "203"},
		{name: "empty", otp: "", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := wrongOTP(tc.otp)
			if got != tc.want {
				t.Fatalf("wrongOTP(%q) = %q, want %q", tc.otp, got, tc.want)
			}
			for i := range got {
				if got[i] == tc.otp[i] {
					t.Errorf("wrongOTP(%q) = %q keeps character %d", tc.otp, got, i)
				}
			}
		})
	}
}

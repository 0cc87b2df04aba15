package suggest

import "testing"

func TestClosest(t *testing.T) {
	tests := []struct {
		name       string
		typed      string
		candidates []string
		want       string
	}{
		{"one letter dropped", "contrl", []string{"target", "control", "controlToken"}, "control"},
		{"one letter doubled", "servee", []string{"serve", "run", "verify"}, "serve"},
		{"transposed", "taregt", []string{"target", "tags"}, "target"},
		{"too far", "xyz", []string{"target", "control"}, ""},
		{"short names need a near miss", "ab", []string{"cd"}, ""},
		{"the exact name is no suggestion", "run", []string{"run"}, ""},
		{"no candidates", "run", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Closest(tc.typed, tc.candidates); got != tc.want {
				t.Fatalf("Closest(%q) = %q, want %q", tc.typed, got, tc.want)
			}
		})
	}
}

package runner

import (
	"strings"
	"testing"
)

func TestCheckTags(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want string // "" for accepted
	}{
		{"empty", "", ""},
		{"one tag", "@weavr", ""},
		{"and, not, or", "@weavr && ~@needs-control, @smoke", ""},
		{"colon tags", "@op:loginWithPassword && @status:403", ""},
		{"trailing and", "@weavr &&", "an empty term"},
		{"leading or", ", @weavr", "an empty term"},
		{"bare tilde", "@weavr && ~", "an empty term"},
		{"bare at", "@", "an empty term"},
		{"cucumber's not", "not @wip", `"not @wip" is not a tag`},
		{"parentheses", "(@a, @b)", "is not a tag"},
		{"missing at", "weavr", "lacks its @ (write @weavr)"},
		{"negated missing at", "~weavr", "lacks its @"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTags(tc.expr)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

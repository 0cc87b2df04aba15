package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestPoolForms(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Pool
	}{
		{"one fixture as a map", "user: {email: a@example.com}", Pool{{"email": "a@example.com"}}},
		{"a list of one", "user: [{email: a@example.com}]", Pool{{"email": "a@example.com"}}},
		{"a pool, in the order written", "user:\n  - email: a@example.com\n  - email: b@example.com\n",
			Pool{{"email": "a@example.com"}, {"email": "b@example.com"}}},
		{"an empty list", "user: []", Pool{}},
		{"null", "user:", nil},
		{"nested fields stay maps", "user: {identity: {type: CONSUMER, id: \"1\"}}",
			Pool{{"identity": map[string]any{"type": "CONSUMER", "id": "1"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "providers:\n  weavr:\n    fixtures:\n" + indent(tc.src, "      ")
			c, err := Parse([]byte(src), lookupFrom(nil))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Provider("weavr").Fixtures["user"]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("pool = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestPoolFormErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"a scalar", "user: ada@example.com", "line 4: a fixture is a map of fields, or a list of them"},
		{"a list with a scalar", "user:\n  - {email: a@example.com}\n  - b@example.com\n", "line 6: fixture [1] must be a map of fields"},
		{"a list of lists", "user: [[a]]", "fixture [0] must be a map"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "providers:\n  weavr:\n    fixtures:\n" + indent(tc.src, "      ")
			_, err := Parse([]byte(src), lookupFrom(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestPoolKey(t *testing.T) {
	tests := []struct {
		name string
		pool Pool
		i    int
		want string
	}{
		{"a pool of one has no index", Pool{{}}, 0, "providers.weavr.fixtures.user"},
		{"a larger pool names the index", Pool{{}, {}}, 1, "providers.weavr.fixtures.user[1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.pool.Key("weavr", "user", tc.i); got != tc.want {
				t.Errorf("Key = %q, want %q", got, tc.want)
			}
		})
	}
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = by + l
	}
	return strings.Join(lines, "\n") + "\n"
}

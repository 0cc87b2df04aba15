package simulator

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fixturesJSONDocs are JSON documents of every kind of value, and JSON that
// yaml.v3 must judge instead (a duplicate key, trailing data, bad bytes).
var fixturesJSONDocs = []string{
	`{}`,
	` {"clock": {"start": "2026-01-01T00:00:00Z"}, "versions": {"weavr": "3.63"}} `,
	`{"rateLimit": {"limit": 100000000, "window": "1s"}}`,
	`{"n": [0, -0, 1, -1, 1.0, 1.5, 1e2, 1E400, -1e-400, 9223372036854775807, 9223372036854775808, -9223372036854775809, 18446744073709551616, 0.1e1]}`,
	`{"s": ["yes", "no", "on", "null", "~", "2026-01-01", "0x10", "1_000", "\u00e9\/\"", ""], "b": [true, false], "z": null}`,
	`{"weavr": {"users": [{"email": "ada@example.com", "identities": [{"type": "CONSUMER"}]}]}}`,
	`{"a": 1, "a": 2}`,
	`{"a": 1} {"b": 2}`,
	`{"a": 1}]`,
	"{\"a\": \"\xff\"}",
	`[1, 2]`,
	`"text"`,
	`{"a": {"b": {"c": [[], {}, [{}]]}}}`,
	`{"<<": {"a": 1}, "b": "<<", "&a": "*a", "c": "!!int 3", "d": "# not a comment"}`,
	`{"emoji": "😀", "tab": "a	b"}`,
}

// The JSON path must give exactly the tree yaml.v3 gives, or give way.
func TestFixturesTreeAgreesWithYAML(t *testing.T) {
	for _, doc := range fixturesJSONDocs {
		t.Run(doc, func(t *testing.T) { checkFixturesTree(t, []byte(doc)) })
	}
}

func FuzzFixturesTreeAgreesWithYAML(f *testing.F) {
	for _, doc := range fixturesJSONDocs {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { checkFixturesTree(t, doc) })
}

func checkFixturesTree(t *testing.T, doc []byte) {
	t.Helper()
	got, gotErr := fixturesTree(doc)
	var want any
	wantErr := yaml.Unmarshal(doc, &want)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%q: error %v, yaml.v3's %v", doc, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q:\n got %#v\nwant %#v", doc, got, want)
	}
	gb, gErr := json.Marshal(got)
	wb, wErr := json.Marshal(want)
	if string(gb) != string(wb) || (gErr == nil) != (wErr == nil) {
		t.Errorf("%q: re-encoded %s (%v), yaml.v3's %s (%v)", doc, gb, gErr, wb, wErr)
	}
}

// TestFixturesDepthLimit: JSON fixtures nest no deeper than YAML ones
// (10,000 levels): a megabyte of brackets is refused at once, not read
// into a tree of a gigabyte.
func TestFixturesDepthLimit(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		wantErr bool
	}{
		{"a megabyte of brackets in an object", `{"a":` + strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20) + `}`, true},
		{"a megabyte of brackets", strings.Repeat("[", 1<<20) + strings.Repeat("]", 1<<20), true},
		{"100 levels", `{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := jsonTree([]byte(tc.doc)); ok == tc.wantErr {
				t.Errorf("jsonTree accepted it: %v, want %v", ok, !tc.wantErr)
			}
			_, err := fixturesTree([]byte(tc.doc))
			if (err != nil) != tc.wantErr {
				t.Errorf("fixturesTree: err %v, want an error: %v", err, tc.wantErr)
			}
		})
	}
}

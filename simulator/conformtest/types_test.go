package conformtest_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/simulator/weavr"
)

// TestTypesFollowTheSimulator: conformtest's own credential and message
// types (defined, not aliased, so that go doc shows their fields) decode
// every JSON field the simulator's types encode, at every depth: a field
// the simulator adds fails here until conformtest has it.
func TestTypesFollowTheSimulator(t *testing.T) {
	tests := []struct {
		name      string
		ours, sim any
	}{
		{"weavr", conformtest.WeavrCredentials{}, weavr.Credentials{}},
		{"fliqa", conformtest.FliqaCredentials{}, fliqa.Credentials{}},
		{"fiskil", conformtest.FiskilCredentials{}, fiskil.Credentials{}},
		{"message", conformtest.Message{}, core.Message{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ours, sim := jsonFields(reflect.TypeOf(tc.ours), ""), jsonFields(reflect.TypeOf(tc.sim), "")
			if !slices.Equal(ours, sim) {
				t.Errorf("JSON fields differ:\n conformtest %s\n simulator   %s", strings.Join(ours, " "), strings.Join(sim, " "))
			}
		})
	}
}

// jsonFields lists the JSON paths a type encodes, with each leaf's kind,
// sorted.
func jsonFields(typ reflect.Type, prefix string) []string {
	for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ.PkgPath() == "time" {
		return []string{prefix + ":" + typ.Kind().String()}
	}
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonFields(f.Type, prefix+"."+name)...)
	}
	slices.Sort(out)
	return out
}

package record

import (
	"slices"
	"strings"
	"testing"
)

// Each record checks, and each of its versions' specs documents exactly
// the record's operations.
func TestRecordsMatchTheirSpecs(t *testing.T) {
	for _, p := range []Provider{Fliqa(), Weavr(), Fiskil()} {
		t.Run(p.Name, func(t *testing.T) {
			if err := p.Check(); err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(p.Operations))
			for _, v := range p.Versions {
				spec, err := v.Load()
				if err != nil {
					t.Fatalf("%s: %v", v.Name, err)
				}
				var got []string
				for _, op := range spec.Operations() {
					got = append(got, op.ID)
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%s (%s.yaml) documents %q, the record %q", v.Name, v.Spec, got, want)
				}
			}
		})
	}
}

func TestCheck(t *testing.T) {
	good := Provider{Name: "toy", Title: "Toy", Versions: []Version{{Name: "1", Spec: "fliqa"}}}
	tests := []struct {
		name string
		p    Provider
		want string // substring of the error; "" for none
	}{
		{"good", good, ""},
		{"name not a word", Provider{Name: "To y", Title: "T", Versions: good.Versions}, "lower-case word"},
		{"no title", Provider{Name: "toy", Versions: good.Versions}, "no title"},
		{"no version", Provider{Name: "toy", Title: "Toy"}, "no version"},
		{"unnamed version", good.WithVersion(Version{Spec: "fliqa"}), "no name or no spec"},
		{"twice", good.WithVersion(Version{Name: "1", Spec: "fliqa"}), "listed twice"},
		{"spec not embedded", good.WithVersion(Version{Name: "2", Spec: "nowhere"}), `no spec named "nowhere"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Check()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Check: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("Check = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// WithVersion leaves the record it copies alone, and the default first.
func TestWithVersion(t *testing.T) {
	w := Weavr()
	more := w.WithVersion(Version{Name: "9.99", Spec: "weavr-3.63"})
	if got := strings.Join(more.VersionNames(), ","); got != strings.Join(append(w.VersionNames(), "9.99"), ",") {
		t.Errorf("versions %s", got)
	}
	if len(Weavr().Versions) != len(w.Versions) || more.Default().Name != w.Default().Name {
		t.Errorf("WithVersion changed the record it copied or its default")
	}
	if v, ok := more.Version("9.99"); !ok || v.Spec != "weavr-3.63" {
		t.Errorf("Version(9.99) = %+v, %v", v, ok)
	}
	if _, ok := more.Version("1"); ok {
		t.Errorf("Version(1) found a version Weavr does not have")
	}
}

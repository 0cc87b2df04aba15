package refextract

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/record"
)

// moduleRoot is the folder of go.mod above the test's folder.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// The committed extracts are what the tool makes of the published
// documents today. shared/ sits beside the clone here and in CI; elsewhere
// the test says why it cannot run.
func TestCommittedExtractsAreUpToDate(t *testing.T) {
	root := moduleRoot(t)
	ref := filepath.Join(root, "..", "shared", "reference", "weavr")
	if _, err := os.Stat(ref); err != nil {
		t.Skipf("Weavr's published documents are not here (%s: %v): the folder shared/ must sit beside the clone", ref, err)
	}
	for _, src := range WeavrSources() {
		t.Run(src.Version, func(t *testing.T) {
			want, err := Generate(ref, src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(root, src.Out))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from what the tool makes of %s: run %s", src.Out, src.File, Command)
			}
		})
	}
}

// Each committed extract loads, and holds exactly conform's operations.
func TestExtractsHoldExactlyTheWeavrOperations(t *testing.T) {
	root := moduleRoot(t)
	for _, src := range WeavrSources() {
		t.Run(src.Version, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(root, src.Out))
			if err != nil {
				t.Fatal(err)
			}
			spec, err := oas.Parse(src.Out, b)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, op := range spec.Operations() {
				got = append(got, Endpoint{op.Method, op.Path}.String())
			}
			var want []string
			for _, e := range WeavrEndpoints() {
				want = append(want, e.String())
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("operations:\n got %q\nwant %q", got, want)
			}
			for _, op := range spec.Operations() {
				if !op.HasDefault() {
					t.Errorf("%s lost its default response", op.ID)
				}
			}
		})
	}
}

// WeavrEndpoints names the operations of conform's Weavr specs, no more,
// no less: the spec of each version of Weavr's record.
func TestWeavrEndpointsAreConformsOperations(t *testing.T) {
	var listed []string
	for _, e := range WeavrEndpoints() {
		listed = append(listed, e.String())
	}
	slices.Sort(listed)
	for _, v := range record.Weavr().Versions {
		name := v.Spec
		t.Run(name, func(t *testing.T) {
			spec, err := v.Load()
			if err != nil {
				t.Fatal(err)
			}
			var ours []string
			for _, op := range spec.Operations() {
				ours = append(ours, Endpoint{op.Method, op.Path}.String())
			}
			slices.Sort(ours)
			if !slices.Equal(ours, listed) {
				t.Errorf("specs/%s.yaml has %q\nWeavrEndpoints lists %q", name, ours, listed)
			}
		})
	}
}

// The extracts are of exactly the versions Weavr's record lists
// (specs/record), in its order, each beside its version's spec.
func TestSourcesAreTheRecordsVersions(t *testing.T) {
	rec := record.Weavr()
	var got []string
	for _, src := range WeavrSources() {
		got = append(got, src.Version)
		if want := "specs/testdata/weavr-official-" + src.Version + ".yaml"; src.Out != want {
			t.Errorf("%s: extract %s, want %s", src.Version, src.Out, want)
		}
	}
	if !slices.Equal(got, rec.VersionNames()) {
		t.Errorf("sources of versions %q, the record's %q", got, rec.VersionNames())
	}
}

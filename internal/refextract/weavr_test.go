package refextract

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs"
	"github.com/conformhq/conform/specs/oas"
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

// WeavrEndpoints names the operations of conform's Weavr spec, no more, no
// less: specs/weavr.yaml, or each specs/weavr-<version>.yaml once the
// versions have their own specs.
func TestWeavrEndpointsAreConformsOperations(t *testing.T) {
	var listed []string
	for _, e := range WeavrEndpoints() {
		listed = append(listed, e.String())
	}
	slices.Sort(listed)
	checked := 0
	for _, name := range specs.Names() {
		if name != "weavr" && !strings.HasPrefix(name, "weavr-") {
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			spec, err := oas.Load(name)
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
	if checked == 0 {
		t.Fatalf("no Weavr spec among %q", specs.Names())
	}
}

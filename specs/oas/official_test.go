package oas

import (
	"os"
	"path/filepath"
	"testing"
)

// weavrReference is the folder of Weavr's published documents: shared/ sits
// beside the module's clone (here and in CI). The test is skipped, saying
// so, where it does not.
func weavrReference(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
	ref := filepath.Join(dir, "..", "shared", "reference", "weavr")
	if _, err := os.Stat(ref); err != nil {
		t.Skipf("Weavr's published documents are not here (%s: %v): the folder shared/ must sit beside the clone", ref, err)
	}
	return ref
}

// Weavr's own documents load as they are (3.1, `default` responses, an
// invalid example in 3.32.1), and judge a `default` answer: by its schema
// in 3.63; in 3.32.1, whose generator dropped every `type`, a wrongly typed
// field or a body of the wrong shape passes.
func TestLoadsWeavrOfficialDocuments(t *testing.T) {
	ref := weavrReference(t)
	tests := []struct {
		name       string
		file       string
		wrongTyped int // violations of a default answer whose code is a number
		wrongShape int // violations of identities given as an object, not the documented shape
	}{
		{name: "3.32.1 generated", file: "multi-3.32.1-generated.yaml", wrongTyped: 0, wrongShape: 0},
		{name: "3.63 current", file: "multi-current.yml", wrongTyped: 1, wrongShape: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(ref, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			spec, err := ParseReference(tc.file, src)
			if err != nil {
				t.Fatal(err)
			}
			op, ok := spec.Operation("loginWithPassword")
			if !ok || !op.HasDefault() || op.Documents(418) || !op.Documents(200) {
				t.Fatalf("loginWithPassword: %+v", op)
			}
			json := hdr("Content-Type", "application/json")
			if _, vs := spec.ValidateResponse(Response{Method: "POST", Path: "/login_with_password", Status: 418, Header: json,
				Body: []byte(`{"code":"TEAPOT","message":"m"}`)}); len(vs) > 0 {
				t.Errorf("a conforming default answer: %v", vs)
			}
			_, vs := spec.ValidateResponse(Response{Method: "POST", Path: "/login_with_password", Status: 418, Header: json,
				Body: []byte(`{"code":5}`)})
			if len(vs) != tc.wrongTyped {
				t.Errorf("a default answer with a numeric code: %d violations, want %d: %v", len(vs), tc.wrongTyped, vs)
			}
			// Without `type`, `items` and `properties` apply to nothing
			// of the wrong shape: 3.32.1 cannot tell an array from an object.
			_, vs = spec.ValidateResponse(Response{Method: "GET", Path: "/identities", Status: 200,
				Header: hdr("Content-Type", "application/json", "request-ref", "r1"), Body: []byte(`"identities"`)})
			if len(vs) != tc.wrongShape {
				t.Errorf("identities as a string: %d violations, want %d: %v", len(vs), tc.wrongShape, vs)
			}
		})
	}
}

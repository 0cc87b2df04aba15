package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/specs/record"
)

// withWeavr is the built-in list with Weavr described by rec instead.
func withWeavr(t *testing.T, rec record.Provider) provider.List {
	t.Helper()
	list := all.Providers()
	for i, d := range list {
		if d.Name == rec.Name {
			list[i] = all.Weavr(rec)
			return list
		}
	}
	t.Fatalf("no %s in the list", rec.Name)
	return nil
}

// TestToyVersionThroughItsRecord: a version of Weavr that only its record
// adds (9.99, documented by 3.63's spec, with 3.63's traits) is served by
// the simulator, chosen with --spec, validated against its own spec (a
// record whose traits contradict the spec fails the run) and checked by
// `conform coverage`. Nothing outside this file names it.
func TestToyVersionThroughItsRecord(t *testing.T) {
	v363, ok := record.Weavr().Version("3.63")
	if !ok {
		t.Fatal("Weavr's record has no 3.63")
	}
	faithful := record.Weavr().WithVersion(record.Version{Name: "9.99", Spec: v363.Spec, Traits: v363.Traits})
	// Broken: its traits say identities are a bare array, its spec a page.
	broken := record.Weavr().WithVersion(record.Version{Name: "9.99", Spec: v363.Spec})
	identities := []string{"run", "--provider", "weavr", "--spec", "weavr=9.99", "--tags", "@op:" + record.WeavrUserIdentities}
	tests := []struct {
		name     string
		rec      record.Provider
		args     []string
		wantCode int
		want     []string
	}{
		{"run serves and passes the toy version", faithful, identities, ExitOK,
			[]string{" passed, 0 failed", "versions: weavr 9.99"}},
		{"run validates the toy version by its spec", broken, identities, ExitFailed,
			[]string{"weavr-3.63 " + record.WeavrUserIdentities + " 200 at /: value must be an object", "versions: weavr 9.99"}},
		{"an unknown version is refused naming the record's", faithful, []string{"run", "--provider", "weavr", "--spec", "weavr=9.98"}, ExitUsage,
			[]string{}},
		{"coverage checks the toy version", faithful, []string{"coverage"}, ExitFailed,
			[]string{"not covered: @weavr (version 9.99) @op:" + record.WeavrStepupSCAVerify + " @status:409 @code:ALREADY_VERIFIED"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			dir := t.TempDir()
			if args[0] == "run" {
				args = append(args, "--report-dir", dir)
			}
			var stdout, stderr strings.Builder
			code := MainContext(context.Background(), withWeavr(t, tc.rec), args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantCode, stdout.String(), stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			if strings.Contains(stdout.String(), "scenarios: 0 passed") {
				t.Errorf("no scenario passed:\n%s", stdout.String())
			}
			if strings.Contains(stdout.String(), "(version 3.63)") {
				t.Errorf("the toy version's record changed 3.63's coverage:\n%s", stdout.String())
			}
			if code == ExitUsage {
				if !strings.Contains(stderr.String(), "3.63, 3.32, 9.99") {
					t.Errorf("stderr does not name the record's versions:\n%s", stderr.String())
				}
				return
			}
			if args[0] != "run" {
				return
			}
			b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"9.99"`) {
				t.Errorf("summary.json does not record the version under test:\n%s", b)
			}
		})
	}
}

package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// claimedFeature has two scenarios that claim one fixture kind: a shard
// must hold both.
const claimedFeature = "@weavr\nFeature: claimed\n" +
	"  @op:loginWithPassword @status:403 @exclusive:weavr/user\n  Scenario: refused once\n" + refusedLogin + "    Then the response status should be 403\n\n" +
	"  @op:loginWithPassword @status:403 @exclusive:weavr/user\n  Scenario: refused twice\n" + refusedLogin + "    Then the response status should be 403\n"

// TestShardAndMerge: three `run --shard k/3` merged by `conform merge`
// report what one unsharded run reports (summary.json but for when it
// ran), sign like `run --attest`, and the merge refuses shards that are
// not the parts of one run.
func TestShardAndMerge(t *testing.T) {
	features := writeFiles(t, map[string]string{
		"weavr/a.feature": passingFeature,
		"weavr/b.feature": failingFeature,
		"weavr/c.feature": claimedFeature,
		"weavr/d.feature": strings.Replace(passingFeature, "Feature: login", "Feature: login again", 1),
	})
	tmp := t.TempDir()
	dir := func(name string) string { return filepath.Join(tmp, name) }
	run := func(args ...string) []string {
		return append([]string{"run", "--features", features, "--progress", "none"}, args...)
	}
	keys := dir("k")
	steps := []struct {
		name     string
		args     []string
		want     int
		out, err string
	}{
		{"keygen", []string{"keygen", "--out", keys}, ExitOK, "", ""},
		{"the whole run", run("--report-dir", dir("whole")), ExitFailed, "5 scenarios: 4 passed, 1 failed", ""},
		{"shard 1/3", run("--shard", "1/3", "--report-dir", dir("s1")), ExitOK, "SHARD 1/3: 2 of the run's 5 scenarios", ""},
		{"shard 2/3 has the failure", run("--shard", "2/3", "--report-dir", dir("s2")), ExitFailed, "SHARD 2/3: 1 of the run's 5 scenarios", ""},
		{"shard 3/3 holds the claimed pair", run("--shard", "3/3", "--report-dir", dir("s3")), ExitOK, "SHARD 3/3: 2 of the run's 5 scenarios", ""},
		{"a shard is not scored", run("--shard", "1/3", "--report-dir", dir("s1")), ExitOK, "no conformance score: a shard's coverage is partial", ""},
		{"an empty shard still reports", run("--shard", "5/5", "--report-dir", dir("e5")), ExitOK, "SHARD 5/5: 0 of the run's 5 scenarios", ""},
		{"a bad shard", run("--shard", "4/3"), ExitUsage, "", "a shard is k/n"},
		{"merge", []string{"merge", "--report-dir", dir("merged"), "--attest", keys + ".key", dir("s3"), dir("s1"), dir("s2")}, ExitFailed, "5 scenarios: 4 passed, 1 failed", ""},
		{"the merged reports verify", []string{"verify", "--key", keys + ".pub", "--features", features, dir("merged")}, ExitOK, "VERIFIED", ""},
		{"a shard missing", []string{"merge", "--report-dir", dir("m2"), dir("s1"), dir("s2")}, ExitUsage, "", "shard 3/3 missing"},
		{"a shard twice", []string{"merge", "--report-dir", dir("m2"), dir("s1"), dir("s2"), dir("s1")}, ExitUsage, "", "shard 1/3 is given twice"},
		{"another shard count", []string{"merge", "--report-dir", dir("m2"), dir("s1"), dir("s2"), dir("e5")}, ExitUsage, "", "split in 5"},
		{"not a shard", []string{"merge", "--report-dir", dir("m2"), dir("whole")}, ExitUsage, "", "no run.json"},
		{"other versions", run("--shard", "3/3", "--spec", "weavr=3.32", "--report-dir", dir("v3")), ExitOK, "", ""},
		{"shards of other versions", []string{"merge", "--report-dir", dir("m2"), dir("s1"), dir("s2"), dir("v3")}, ExitUsage, "", "weavr 3.32, against fiskil 1, fliqa 1, weavr 3.63"},
		{"other tags", run("--shard", "3/3", "--tags", "@exclusive:weavr/user", "--report-dir", dir("t3")), ExitOK, "", ""},
		{"shards of other selections", []string{"merge", "--report-dir", dir("m2"), dir("s1"), dir("s2"), dir("t3")}, ExitUsage, "", "selects other scenarios"},
		{"into a shard's folder", []string{"merge", "--report-dir", dir("s1"), dir("s1"), dir("s2"), dir("s3")}, ExitUsage, "", "is a shard's folder"},
		{"nothing to merge", []string{"merge"}, ExitUsage, "", "usage: conform merge"},
	}
	for _, st := range steps {
		code, stdout, stderr := mainWith(t, context.Background(), st.args...)
		if code != st.want || !strings.Contains(stdout, st.out) || !strings.Contains(stderr, st.err) {
			t.Fatalf("%s: exit %d (want %d); stdout lacks %q or stderr %q?\n%s\n%s", st.name, code, st.want, st.out, st.err, stdout, stderr)
		}
	}
	summary := func(d string) map[string]any {
		b, err := os.ReadFile(filepath.Join(d, "summary.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "started_at")
		delete(m, "duration_ms")
		delete(m, "provenance")
		return m
	}
	if got, want := summary(dir("merged")), summary(dir("whole")); !reflect.DeepEqual(got, want) {
		t.Errorf("merged summary.json differs from the whole run's:\n%v\n%v", got, want)
	}
	// Picked scenarios are scored on the codes they cover, tags on the
	// providers they select: the merge scores as the whole run did.
	picked := []struct {
		name string
		args []string
	}{
		{"scenario arguments", []string{"weavr/c.feature", "weavr/b.feature"}},
		{"tags", []string{"--tags", "@weavr"}},
	}
	for _, pc := range picked {
		w, a, b := dir(pc.name+"-whole"), dir(pc.name+"-1"), dir(pc.name+"-2")
		mainWith(t, context.Background(), run(append(pc.args, "--report-dir", w)...)...)
		mainWith(t, context.Background(), run(append(pc.args, "--shard", "1/2", "--report-dir", a)...)...)
		mainWith(t, context.Background(), run(append(pc.args, "--shard", "2/2", "--report-dir", b)...)...)
		m := dir(pc.name + "-merged")
		if code, _, stderr := mainWith(t, context.Background(), "merge", "--report-dir", m, a, b); code != ExitFailed {
			t.Fatalf("%s: merge exit %d, want %d\n%s", pc.name, code, ExitFailed, stderr)
		}
		if got, want := summary(m), summary(w); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: merged summary.json differs from the whole run's:\n%v\n%v", pc.name, got, want)
		}
	}
	for _, name := range []string{"report.html", "junit.xml", "cucumber.json", "summary.json"} {
		b, err := os.ReadFile(filepath.Join(dir("s1"), name))
		if err != nil || !strings.Contains(string(b), "SHARD 1/3") {
			t.Errorf("a shard's %s does not say it is one (%v)", name, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir("merged"), name)); strings.Contains(string(b), "SHARD ") {
			t.Errorf("the merged %s says it is a shard", name)
		}
	}
	if s := summary(dir("s1")); s["shard"] == nil || s["score"] != nil {
		t.Errorf("a shard's summary.json: shard %v, score %v", s["shard"], s["score"])
	}
}

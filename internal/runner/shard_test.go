package runner

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		name, in string
		want     Shard
		wantErr  bool
	}{
		{"first of three", "1/3", Shard{1, 3}, false},
		{"last of three", "3/3", Shard{3, 3}, false},
		{"one of one", "1/1", Shard{1, 1}, false},
		{"zero index", "0/3", Shard{}, true},
		{"index past count", "4/3", Shard{}, true},
		{"no count", "2", Shard{}, true},
		{"zero count", "1/0", Shard{}, true},
		{"not numbers", "a/b", Shard{}, true},
		{"negative", "-1/3", Shard{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseShard(tc.in)
			if tc.wantErr {
				if !errors.Is(err, ErrBadShard) {
					t.Fatalf("ParseShard(%q) = %v, %v; want ErrBadShard", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestShardsMergedEqualOneRun is issue 19's "done when": three shards of
// the built-in suite, run against the built-in simulator and merged, give
// the same verdicts, counts and coverage as one unsharded run.
func TestShardsMergedEqualOneRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite four times")
	}
	execute := func(sh Shard) (*reports.Run, string) {
		t.Helper()
		dir := t.TempDir()
		res, err := Execute(context.Background(), Plan{Providers: all.Providers(), Timeout: 5 * time.Second, ReportDir: dir, Shard: sh})
		if err != nil {
			t.Fatalf("shard %v: %v", sh, err)
		}
		return res.Run, dir
	}
	whole, wholeDir := execute(Shard{})
	const n = 3
	var dirs []string
	var runs []*reports.Run
	where := map[string]int{} // scenario id → shard
	for k := 1; k <= n; k++ {
		_, dir := execute(Shard{Index: k, Count: n})
		run, err := reports.ReadRun(dir)
		if err != nil {
			t.Fatal(err)
		}
		if run.Shard.Scenarios == 0 || run.Shard.Scenarios >= run.Shard.Selected {
			t.Errorf("shard %d/%d runs %d of %d scenarios", k, n, run.Shard.Scenarios, run.Shard.Selected)
		}
		var shardSummary map[string]any
		readJSON(t, filepath.Join(dir, reports.SummaryFile), &shardSummary)
		if shardSummary["score"] != nil || !strings.HasPrefix(shardSummary["verdict"].(string), "SHARD ") {
			t.Errorf("shard %d's summary is scored (%v) or not marked (%v)", k, shardSummary["score"], shardSummary["verdict"])
		}
		for _, f := range run.Features {
			for _, s := range f.Scenarios {
				if prev, ok := where[s.ID]; ok {
					t.Errorf("%s in shards %d and %d", s.ID, prev, k)
				}
				where[s.ID] = k
			}
		}
		dirs, runs = append(dirs, dir), append(runs, run)
	}
	// A fixture kind's claimers stay in one shard.
	claimed := map[string]map[int]bool{}
	for _, f := range whole.Features {
		for _, s := range f.Scenarios {
			for _, tag := range s.Tags {
				if strings.HasPrefix(tag, "@exclusive:") || strings.HasPrefix(tag, "@consumes:") {
					kind := tag[strings.Index(tag, ":")+1:]
					if claimed[kind] == nil {
						claimed[kind] = map[int]bool{}
					}
					claimed[kind][where[s.ID]] = true
				}
			}
		}
	}
	if len(claimed) == 0 {
		t.Fatal("no scenario claims a fixture: the grouping is not exercised")
	}
	for kind, shards := range claimed {
		if len(shards) != 1 {
			t.Errorf("the claimers of %s are split over shards %v", kind, slices.Sorted(maps.Keys(shards)))
		}
	}

	merged, err := Merge(dirs, runs)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := func(run *reports.Run) map[string]string {
		m := map[string]string{}
		for _, f := range run.Features {
			for _, s := range f.Scenarios {
				m[s.ID] = string(s.Outcome) + " " + s.Reason
			}
		}
		return m
	}
	if got, want := outcomes(merged), outcomes(whole); !maps.Equal(got, want) {
		t.Errorf("merged outcomes differ from the whole run's: %d against %d scenarios", len(got), len(want))
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: merged %q, whole %q", id, got[id], w)
			}
		}
	}
	if got, want := reports.CountScenarios(merged), reports.CountScenarios(whole); got != want {
		t.Errorf("scenario totals: merged %+v, whole %+v", got, want)
	}
	if got, want := reports.Coverage(merged), reports.Coverage(whole); !reflect.DeepEqual(got, want) {
		t.Errorf("coverage matrices differ (%d against %d codes)", len(got), len(want))
	}
	var order [2][]string
	for i, run := range []*reports.Run{merged, whole} {
		for _, f := range run.Features {
			order[i] = append(order[i], f.URI)
		}
	}
	if !slices.Equal(order[0], order[1]) {
		t.Errorf("feature order: merged %v, whole %v", order[0], order[1])
	}

	// The merged summary.json says what the whole run's does, but for
	// when and how it ran.
	mergedDir := t.TempDir()
	if err := reports.WriteAll(mergedDir, merged); err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	readJSON(t, filepath.Join(mergedDir, reports.SummaryFile), &got)
	readJSON(t, filepath.Join(wholeDir, reports.SummaryFile), &want)
	for _, m := range []map[string]any{got, want} {
		delete(m, "started_at")
		delete(m, "duration_ms")
		delete(m, "provenance")
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		wb, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("summary.json: merged differs from the whole run's\nmerged: %.3000s\nwhole: %.3000s", gb, wb)
	}
	if _, err := os.Stat(filepath.Join(mergedDir, reports.RunFile)); err == nil {
		t.Error("the merged run wrote a run file, as a shard does")
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestMergeRefusesShardsOfOtherRuns(t *testing.T) {
	shard := func(k, n int) *reports.Run {
		return &reports.Run{
			Target: "built-in simulator", Versions: map[string]string{"weavr": "3.63"},
			Provenance: &reports.Provenance{Conform: "v1", Options: map[string]string{"shard": Shard{k, n}.String()}},
			Shard:      &reports.Shard{Index: k, Count: n, Selected: 3, Selection: "abc"},
		}
	}
	tests := []struct {
		name   string
		change func(runs []*reports.Run) []*reports.Run
		want   string // "" for a merge
	}{
		{"three of three", func(r []*reports.Run) []*reports.Run { return r }, ""},
		{"a shard missing", func(r []*reports.Run) []*reports.Run { return r[:2] }, "shard 3/3 missing"},
		{"a shard twice", func(r []*reports.Run) []*reports.Run { return append(r, shard(2, 3)) }, "shard 2/3 is given twice"},
		{"another count", func(r []*reports.Run) []*reports.Run { r[1] = shard(2, 4); return r }, "split in 4"},
		{"another target", func(r []*reports.Run) []*reports.Run { r[2].Target = "https://elsewhere"; return r }, "another target"},
		{"another version", func(r []*reports.Run) []*reports.Run { r[2].Versions["weavr"] = "3.32"; return r }, "other versions"},
		{"another conform", func(r []*reports.Run) []*reports.Run { r[1].Provenance.Conform = "v2"; return r }, "another conform"},
		{"another selection", func(r []*reports.Run) []*reports.Run { r[1].Shard.Selection = "def"; return r }, "selects other scenarios"},
		{"another option", func(r []*reports.Run) []*reports.Run { r[1].Provenance.Options["tags"] = "@weavr"; return r }, "another --tags"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runs := tc.change([]*reports.Run{shard(1, 3), shard(2, 3), shard(3, 3)})
			dirs := make([]string, len(runs))
			for i := range dirs {
				dirs[i] = "dir" + string(rune('a'+i))
			}
			merged, err := Merge(dirs, runs)
			if tc.want == "" {
				if err != nil || merged.Shard != nil || merged.Provenance.Options["shard"] != "" {
					t.Fatalf("Merge = %+v, %v", merged, err)
				}
				return
			}
			var me *MergeError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Merge: %v, want a MergeError saying %q", err, tc.want)
			}
		})
	}
}

// TestPlanShard: the split keeps a fixture kind's claimers together, and
// a provider's scenarios together where the gate is active; it is
// balanced, complete and disjoint, and the same on every call.
func TestPlanShard(t *testing.T) {
	weavr, err := parseFeature("features/weavr/a.feature", []byte("@weavr\nFeature: a\n"+
		"  Scenario: w1\n    Given I use the Weavr API\n"+
		"  @exclusive:weavr/user\n  Scenario: w2\n    Given I use the Weavr API\n"+
		"  Scenario: w3\n    Given I use the Weavr API\n"+
		"  @exclusive:weavr/user\n  Scenario: w4\n    Given I use the Weavr API\n"))
	if err != nil {
		t.Fatal(err)
	}
	fliqa, err := parseFeature("features/fliqa/b.feature", []byte("@fliqa\nFeature: b\n"+
		"  Scenario: f1\n    Given I use the Fliqa API\n"+
		"  Scenario: f2\n    Given I use the Fliqa API\n"))
	if err != nil {
		t.Fatal(err)
	}
	weavr.Provider, fliqa.Provider = "weavr", "fliqa"
	files := []*featureFile{weavr, fliqa}
	withHook := &steps.Env{Target: &steps.Target{Config: &config.Config{Faults: &config.FaultHook{URL: "http://hook.test/arm"}}}}
	controlled := &steps.Env{Target: &steps.Target{Control: "http://sim.test"}}
	tests := []struct {
		name string
		env  *steps.Env
		n    int
		want []string // each shard's scenarios, by name
	}{
		{"one shard holds all", controlled, 1, []string{"w1 w2 w3 w4 f1 f2"}},
		{"claimers together, groups balanced", controlled, 2, []string{"w1 w3 f1", "w2 w4 f2"}},
		{"three shards", controlled, 3, []string{"w1 f1", "w2 w4", "w3 f2"}},
		{"more shards than groups", controlled, 6, []string{"w1", "w2 w4", "w3", "f1", "f2", ""}},
		{"a provider whole where the gate is active", withHook, 2, []string{"w1 w2 w3 w4", "f1 f2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := newSelection(Plan{}, nil, nil, files)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for k := 1; k <= tc.n; k++ {
				sp := planShard(Shard{k, tc.n}, sel, files, tc.env)
				if again := planShard(Shard{k, tc.n}, sel, files, tc.env); !reflect.DeepEqual(sp, again) {
					t.Fatalf("shard %d/%d differs from one call to the next", k, tc.n)
				}
				if sp.info.Selected != 6 || sp.info.Scenarios != len(sp.keep) || !slices.Equal(sp.info.Files, []string{weavr.URI, fliqa.URI}) {
					t.Errorf("shard %d/%d: info %+v", k, tc.n, sp.info)
				}
				var names []string
				for _, f := range files {
					for _, p := range f.Pickles {
						if sp.keep[steps.ScenarioKey(f.URI, p.Id)] {
							names = append(names, p.Name)
						}
					}
				}
				got = append(got, strings.Join(names, " "))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("shards %q, want %q", got, tc.want)
			}
		})
	}
}

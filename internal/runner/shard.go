package runner

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
)

// Shard is the part of a run one `conform run --shard k/n` runs: the
// Index-th of Count. The zero Shard is the whole run; 1/1 is a shard of
// one, which writes its run file for a merge like any other.
type Shard struct {
	Index, Count int
}

// ErrBadShard is a --shard that is not k/n with 1 ≤ k ≤ n.
var ErrBadShard = errors.New("a shard is k/n, with 1 ≤ k ≤ n (e.g. 2/3: the second of three)")

// ParseShard reads "k/n".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("--shard %q: %w", s, ErrBadShard)
	}
	return Shard{Index: ki, Count: ni}, nil
}

// String is the shard as --shard writes it.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// whole reports whether s is the whole run (no --shard).
func (s Shard) whole() bool { return s.Count == 0 }

// shardPlan is how a run's selected scenarios split into shards.
type shardPlan struct {
	// keep holds the scenarios (steps.ScenarioKey) of this shard.
	keep map[string]bool
	info reports.Shard
}

// planShard splits the scenarios sel selects into sh.Count shards and
// keeps sh's. The split is a function of the selected scenarios alone
// (their ids, uri:line, in run order, and their tags), never of timing
// or concurrency, so every machine computes the same one.
//
// Scenarios that must run in one process stay in one group, and a group
// in one shard:
//   - those that claim fixtures of one kind (@exclusive:, @consumes:): the
//     pools that keep them apart, and that deny the consumers beyond a
//     pool's size in report order (Pools.Plan), live in one process; so
//     a kind's consumers are counted, and denied, as in the whole run;
//   - where the run's Gate is active (a fault hook or a declared rate
//     limit, without the control API: steps' enterGate), those of one
//     provider, since a fault or rate-limit scenario holds its provider's
//     lane against all the others.
//
// Groups go, in the order of their first scenario, to the shard with the
// fewest scenarios so far (the lowest-numbered on a tie): shards come out
// within a group's size of each other.
func planShard(sh Shard, sel *selection, files []*featureFile, env *steps.Env) shardPlan {
	type item struct {
		key, id, uri string
	}
	var items []item
	parent := []int{}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	first := map[string]int{} // a claim's or lane's first scenario
	join := func(i int, key string) {
		j, ok := first[key]
		if !ok {
			first[key] = i
			return
		}
		if a, b := find(i), find(j); a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	lanes := gateActive(env)
	var fileOrder []string
	for _, f := range files {
		n := 0
		for _, p := range f.Pickles {
			if !sel.has(f, p) {
				continue
			}
			n++
			i := len(items)
			items = append(items, item{key: steps.ScenarioKey(f.URI, p.Id), id: f.URI + ":" + strconv.Itoa(f.line(p)), uri: f.URI})
			parent = append(parent, i)
			for _, c := range f.tags[p.Id].Claims {
				join(i, "claim "+c.Provider+"/"+c.Kind)
			}
			if lanes {
				join(i, "lane "+f.Provider)
			}
		}
		if n > 0 {
			fileOrder = append(fileOrder, f.URI)
		}
	}
	groups := map[int][]int{}
	var roots []int
	for i := range items {
		r := find(i)
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	sizes := make([]int, max(sh.Count, 1))
	plan := shardPlan{keep: map[string]bool{}}
	for _, r := range roots {
		to := 0
		for k := range sizes {
			if sizes[k] < sizes[to] {
				to = k
			}
		}
		sizes[to] += len(groups[r])
		if to == sh.Index-1 {
			for _, i := range groups[r] {
				plan.keep[items[i].key] = true
			}
		}
	}
	h := sha256.New()
	for _, it := range items {
		fmt.Fprintln(h, it.id)
	}
	plan.info = reports.Shard{
		Index: sh.Index, Count: sh.Count,
		Scenarios: len(plan.keep), Selected: len(items),
		Selection: hex.EncodeToString(h.Sum(nil)), Files: fileOrder,
	}
	return plan
}

// gateActive says whether the run's Gate keeps scenarios apart (see
// steps.World.enterGate): without the control API, when the config
// declares a fault hook or a provider's rate limit.
func gateActive(env *steps.Env) bool {
	t := env.Target
	if t == nil || t.Control != "" || t.Config == nil {
		return false
	}
	if t.Config.Faults != nil {
		return true
	}
	for _, p := range t.Config.Providers {
		if p != nil && p.RateLimit != nil {
			return true
		}
	}
	return false
}

// MergeError is a set of shards that are not the parts of one run.
type MergeError struct {
	// Dir names the shard's folder at fault ("" for the set as a whole).
	Dir    string
	Reason string
}

func (e *MergeError) Error() string {
	if e.Dir == "" {
		return e.Reason
	}
	return e.Dir + ": " + e.Reason
}

// Merge joins the runs of a sharded run's shards (read back from their
// reports.RunFile), given with the folders they came from, into the run
// an unsharded run would have reported: the same scenarios in the same
// order, the same documented codes, hence the same verdicts, counts and
// coverage. It refuses shards of different runs (another conform, specs,
// feature files, target, versions, options or selection), another number
// of shards, and a missing or repeated shard.
func Merge(dirs []string, runs []*reports.Run) (*reports.Run, error) {
	if len(runs) == 0 {
		return nil, &MergeError{Reason: "no shard to merge"}
	}
	ref := runs[0]
	n := ref.Shard.Count
	seen := make([]string, n+1)
	for i, r := range runs {
		sh := r.Shard
		if sh.Count != n {
			return nil, &MergeError{Dir: dirs[i], Reason: fmt.Sprintf("shard %s is of a run split in %d, %s in %d: not shards of one run", sh, sh.Count, dirs[0], n)}
		}
		if sh.Index < 1 || sh.Index > n {
			return nil, &MergeError{Dir: dirs[i], Reason: fmt.Sprintf("shard %s is out of range", sh)}
		}
		if prev := seen[sh.Index]; prev != "" {
			return nil, &MergeError{Dir: dirs[i], Reason: fmt.Sprintf("shard %s is given twice (also %s)", sh, prev)}
		}
		seen[sh.Index] = dirs[i]
		if why := sameRun(ref, r); why != "" {
			return nil, &MergeError{Dir: dirs[i], Reason: fmt.Sprintf("not a shard of the run of %s: %s", dirs[0], why)}
		}
	}
	var missing []string
	for k := 1; k <= n; k++ {
		if seen[k] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return nil, &MergeError{Reason: fmt.Sprintf("shard %s missing: a run split in %d needs all %d shards", strings.Join(missing, ", "), n, n)}
	}

	out := *ref
	out.Shard = nil
	out.Secrets = nil
	out.Versions = maps.Clone(ref.Versions)
	out.Documented = slices.Clone(ref.Documented)
	out.FeatureFiles = map[string][]byte{}
	prov := *ref.Provenance
	prov.Options = mergedOptions(ref.Provenance.Options, nil)
	delete(prov.Options, "shard")
	prov.Options["shards"] = fmt.Sprintf("%d, merged", n)
	out.Provenance = &prov
	end := ref.StartedAt.Add(ref.Duration)
	var stopped []string
	byURI := map[string]*reports.Feature{}
	for _, r := range runs {
		if r.StartedAt.Before(out.StartedAt) {
			out.StartedAt = r.StartedAt
		}
		end = latest(end, r.StartedAt.Add(r.Duration))
		prov.EndedAt = latest(prov.EndedAt, r.Provenance.EndedAt)
		maps.Copy(out.FeatureFiles, r.FeatureFiles)
		if r.Interrupted != "" {
			stopped = append(stopped, fmt.Sprintf("shard %s: %s", r.Shard, r.Interrupted))
		}
		for _, f := range r.Features {
			if m := byURI[f.URI]; m != nil {
				m.Scenarios = append(m.Scenarios, f.Scenarios...)
				continue
			}
			f.Scenarios = slices.Clone(f.Scenarios)
			byURI[f.URI] = &f
		}
	}
	slices.SortFunc(stopped, strings.Compare)
	out.Interrupted = strings.Join(stopped, "; ")
	out.Duration = end.Sub(out.StartedAt)
	out.Features = nil
	for _, uri := range ref.Shard.Files {
		if f := byURI[uri]; f != nil {
			// A file's scenarios are in file order in a whole run.
			slices.SortStableFunc(f.Scenarios, func(a, b reports.Scenario) int { return cmp.Compare(a.Line, b.Line) })
			out.Features = append(out.Features, *f)
		}
	}
	if ref.Shard.Narrow {
		narrowToCovered(&out)
	}
	return &out, nil
}

// sameRun says how r is not a shard of the same run as ref ("" when it is).
func sameRun(ref, r *reports.Run) string {
	switch {
	case r.Shard.Selection != ref.Shard.Selection || r.Shard.Selected != ref.Shard.Selected:
		return fmt.Sprintf("it selects other scenarios (%d, against %d)", r.Shard.Selected, ref.Shard.Selected)
	case r.Target != ref.Target:
		return fmt.Sprintf("another target (%s, against %s)", r.Target, ref.Target)
	case !maps.Equal(r.Versions, ref.Versions):
		return fmt.Sprintf("other versions (%s, against %s)", r.VersionsLine(), ref.VersionsLine())
	case r.Strict != ref.Strict:
		return "one is --strict, the other not"
	case r.RequireCoverage != ref.RequireCoverage:
		return "another --require-coverage"
	case !slices.Equal(r.Documented, ref.Documented):
		return "other documented codes (other specs)"
	case r.Provenance == nil || ref.Provenance == nil:
		return "no provenance"
	case r.Provenance.Conform != ref.Provenance.Conform:
		return fmt.Sprintf("another conform (%s, against %s)", r.Provenance.Conform, ref.Provenance.Conform)
	case !slices.Equal(r.Provenance.Specs, ref.Provenance.Specs):
		return "other specs"
	case !slices.Equal(r.Provenance.Features, ref.Provenance.Features):
		return "other feature files"
	}
	for _, k := range slices.Sorted(maps.Keys(mergedOptions(ref.Provenance.Options, r.Provenance.Options))) {
		if k == "shard" || k == "report-dir" {
			continue
		}
		if a, b := ref.Provenance.Options[k], r.Provenance.Options[k]; a != b {
			return fmt.Sprintf("another --%s (%q, against %q)", k, b, a)
		}
	}
	return ""
}

func mergedOptions(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

package runner

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/suggest"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
)

// selection decides which scenarios (pickles) of the loaded feature files
// a run runs: those its tag expression selects, of the provider's version
// under test, among the ones picked by file and line when some are.
type selection struct {
	expr     TagExpression
	list     provider.List
	versions map[string]string // version under test by provider; nil: any
	// picks are the pickle ids picked, by feature URI; nil picks every one.
	picks map[string]map[string]bool
	// shard, when set, keeps the scenarios (steps.ScenarioKey) of the
	// shard run (planShard); nil keeps every one.
	shard map[string]bool
}

// newSelection reads the plan's tags and resolves its picks (Lines)
// against files.
func newSelection(p Plan, list provider.List, versions map[string]string, files []*featureFile) (*selection, error) {
	expr, err := ParseTagExpression(p.Tags)
	if err != nil {
		return nil, err
	}
	s := &selection{expr: expr, list: list, versions: versions}
	if p.Lines != nil {
		if s.picks, err = resolvePicks(files, p.Lines); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// has reports whether the run runs pickle p of f.
func (s *selection) has(f *featureFile, p *messages.Pickle) bool {
	if s.picks != nil && !s.picks[f.URI][p.Id] {
		return false
	}
	if s.shard != nil && !s.shard[steps.ScenarioKey(f.URI, p.Id)] {
		return false
	}
	tags := pickleTags(p)
	return s.expr.Match(tags) && versionApplies(s.list, f.Provider, s.versions[f.Provider], tags)
}

// count is how many of f's scenarios the run runs.
func (s *selection) count(f *featureFile) int {
	n := 0
	for _, p := range f.Pickles {
		if s.has(f, p) {
			n++
		}
	}
	return n
}

// nothing is the error of a selection that runs no scenario of files,
// naming the expression's tags that no scenario carries, with the nearest
// tag one does carry: `--tags @nosuchtag` is most often a typo.
func (s *selection) nothing(files []*featureFile, providers []string) error {
	known := map[string]bool{}
	for _, f := range files {
		for _, p := range f.Pickles {
			for _, t := range pickleTags(p) {
				known[t] = true
			}
		}
	}
	var unknown []string
	for _, t := range s.expr.Tags() {
		if !known[t] {
			msg := t
			if near := suggest.Closest(t, slices.Sorted(maps.Keys(known))); near != "" {
				msg += " (did you mean " + near + "?)"
			}
			unknown = append(unknown, msg)
		}
	}
	err := fmt.Errorf("%w (tags %q, providers %s)", ErrNoScenario, s.expr, strings.Join(providers, ", "))
	if s.picks != nil {
		n := 0
		for _, ids := range s.picks {
			n += len(ids)
		}
		err = fmt.Errorf("%w: the tags %q select none of the %d scenarios picked by file and line", ErrNoScenario, s.expr, n)
	}
	if len(unknown) > 0 {
		err = fmt.Errorf("%w: no scenario is tagged %s", err, strings.Join(unknown, ", "))
	}
	return err
}

// versionApplies reports whether a scenario with these tags applies to
// the provider's version under test: one tagged @version:<another
// version> does not run (nor count). An unknown version applies to all.
func versionApplies(list provider.List, providerName, version string, tags []string) bool {
	i := slices.IndexFunc(list, func(d provider.Descriptor) bool { return d.Name == providerName })
	if i < 0 || version == "" {
		return true
	}
	for _, other := range list[i].OtherVersions(version) {
		if slices.Contains(tags, "@version:"+other) {
			return false
		}
	}
	return true
}

// ErrNoSuchFile is a picked feature file that no provider run has.
var ErrNoSuchFile = errors.New("no such feature file")

// resolvePicks turns the picks (file as the user wrote it → lines, 0 for
// the whole file) into the pickle ids they name, by feature URI. A file
// is named by its URI (features/weavr/logout.feature), by its path in the
// features folder (weavr/logout.feature), or by any path on disk ending
// in one of those (./features/weavr/logout.feature). A line names the
// scenario it falls in: its tags, its Scenario line, a step, a blank line
// before the next; in an outline, an Examples row names that row's
// scenario, an Examples block's other lines its rows, and the outline's
// other lines all of them.
func resolvePicks(files []*featureFile, lines map[string][]int) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(lines)) {
		f, err := pickFile(files, name)
		if err != nil {
			return nil, err
		}
		ids := out[f.URI]
		if ids == nil {
			ids = map[string]bool{}
			out[f.URI] = ids
		}
		for _, l := range lines[name] {
			got := f.pickAt(l)
			if len(got) == 0 {
				return nil, fmt.Errorf("%s:%d: no scenario there (%s)", f.URI, l, f.scenarioLines())
			}
			for _, id := range got {
				ids[id] = true
			}
		}
	}
	return out, nil
}

// pickFile finds the feature file a picked name names.
func pickFile(files []*featureFile, name string) (*featureFile, error) {
	clean := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	var found []*featureFile
	for _, f := range files {
		rel := strings.TrimPrefix(f.URI, "features/")
		if clean == f.URI || clean == rel || strings.HasSuffix(clean, "/"+rel) {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		var uris []string
		for _, f := range files {
			uris = append(uris, strings.TrimPrefix(f.URI, "features/"))
		}
		msg := fmt.Sprintf("%s: %v among the providers run (a file is named as in the features folder: weavr/logout.feature)", name, ErrNoSuchFile)
		if near := suggest.Closest(strings.TrimPrefix(clean, "features/"), uris); near != "" {
			msg += "; did you mean " + near + "?"
		}
		return nil, errors.New(msg)
	}
	return nil, fmt.Errorf("%s: names several feature files; give its path in the features folder", name)
}

// pickAt lists the pickle ids a line of the file names (resolvePicks);
// line 0 names them all.
func (f *featureFile) pickAt(line int) []string {
	var out []string
	for _, p := range f.Pickles {
		if line == 0 || f.contains(p, line) {
			out = append(out, p.Id)
		}
	}
	return out
}

// contains reports whether line falls within pickle p's part of the file.
func (f *featureFile) contains(p *messages.Pickle, line int) bool {
	var sc *messages.Scenario
	var row *messages.TableRow
	for _, id := range p.AstNodeIds {
		if s := f.scen[id]; s != nil {
			sc = s
		}
		if r := f.rows[id]; r != nil {
			row = r
		}
	}
	if sc == nil {
		return false
	}
	from, to := f.extent(sc)
	if line < from || line > to {
		return false
	}
	if row == nil {
		return true
	}
	// An outline's row: its own line, its Examples block's other lines, or
	// the outline's lines outside every Examples block.
	if line == int(row.Location.Line) {
		return true
	}
	for i, ex := range sc.Examples {
		exFrom, exTo := startOf(ex.Location, ex.Tags), to
		if i+1 < len(sc.Examples) {
			exTo = startOf(sc.Examples[i+1].Location, sc.Examples[i+1].Tags) - 1
		}
		if line < exFrom || line > exTo {
			continue
		}
		in := slices.ContainsFunc(ex.TableBody, func(r *messages.TableRow) bool { return r.Id == row.Id })
		isRow := slices.ContainsFunc(ex.TableBody, func(r *messages.TableRow) bool { return int(r.Location.Line) == line })
		return in && !isRow
	}
	return true
}

// extent is the lines of a scenario: from its first tag to the line
// before the next scenario, rule or background (or the file's end).
func (f *featureFile) extent(sc *messages.Scenario) (from, to int) {
	from, to = startOf(sc.Location, sc.Tags), 1<<30
	for _, next := range f.starts() {
		if next > int(sc.Location.Line) && next-1 < to {
			to = next - 1
		}
	}
	return from, to
}

// starts are the first lines of the feature's children (scenarios, rules,
// backgrounds) and of the rules' children.
func (f *featureFile) starts() []int {
	var out []int
	if f.Doc.Feature == nil {
		return nil
	}
	for _, c := range f.Doc.Feature.Children {
		switch {
		case c.Scenario != nil:
			out = append(out, startOf(c.Scenario.Location, c.Scenario.Tags))
		case c.Background != nil:
			out = append(out, int(c.Background.Location.Line))
		case c.Rule != nil:
			out = append(out, startOf(c.Rule.Location, c.Rule.Tags))
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					out = append(out, startOf(rc.Scenario.Location, rc.Scenario.Tags))
				}
				if rc.Background != nil {
					out = append(out, int(rc.Background.Location.Line))
				}
			}
		}
	}
	return out
}

// startOf is the first line of a keyword's block: its first tag's, else
// its own.
func startOf(loc *messages.Location, tags []*messages.Tag) int {
	line := int(loc.Line)
	for _, t := range tags {
		line = min(line, int(t.Location.Line))
	}
	return line
}

// scenarioLines names the file's scenario lines, for a message.
func (f *featureFile) scenarioLines() string {
	var lines []string
	for _, p := range f.Pickles {
		lines = append(lines, fmt.Sprint(f.line(p)))
	}
	lines = slices.Compact(lines)
	if len(lines) > 12 {
		lines = append(lines[:12], "…")
	}
	return "its scenarios start at lines " + strings.Join(lines, ", ")
}

// narrowToCovered keeps of the run's documented codes those its scenarios
// cover or are charged with (reports.Coverage): a run of picked scenarios
// is scored on what it ran.
func narrowToCovered(run *reports.Run) {
	keep := map[reports.Code]bool{}
	for _, c := range reports.Coverage(run) {
		if c.Outcome != reports.NotCovered {
			keep[c.Code] = true
		}
	}
	run.Documented = slices.DeleteFunc(run.Documented, func(c reports.Code) bool { return !keep[c] })
}

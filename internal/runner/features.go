package runner

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/steps"
)

// featureFile is one parsed .feature file with what the reports need of
// it: keywords and lines, which godog's pickles do not carry.
type featureFile struct {
	URI      string
	Provider string // the provider whose set it comes from
	Content  []byte
	Doc      *messages.GherkinDocument
	Pickles  []*messages.Pickle
	steps    map[string]*messages.Step // by AST node id
	scen     map[string]*messages.Scenario
	rows     map[string]*messages.TableRow
	// tags are each pickle's tags, read once (by pickle id).
	tags map[string]steps.Tags
}

// loadFeatures reads every .feature file of each named provider's set (at
// the root of its FS), in the providers' order and then by path.
func loadFeatures(sets map[string]fs.FS, providers []string) ([]*featureFile, error) {
	var out []*featureFile
	for _, provider := range providers {
		fsys := sets[provider]
		if fsys == nil {
			continue
		}
		var paths []string
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".feature") {
				paths = append(paths, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s features: %w", provider, err)
		}
		sort.Strings(paths)
		for _, p := range paths {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			f, err := parseFeature("features/"+provider+"/"+p, b)
			if err != nil {
				return nil, err
			}
			f.Provider = provider
			out = append(out, f)
		}
	}
	return out, nil
}

// FeatureSets returns where each provider's feature files are: in its
// descriptor, or, when tree is not nil (`--features DIR`), in the folder of
// tree named after it (a provider without a folder has no scenarios).
func FeatureSets(list provider.List, tree fs.FS) (map[string]fs.FS, error) {
	if tree == nil {
		return list.Features(), nil
	}
	sets := map[string]fs.FS{}
	for _, name := range list.Names() {
		if st, err := fs.Stat(tree, name); err != nil || !st.IsDir() {
			continue
		}
		sub, err := fs.Sub(tree, name)
		if err != nil {
			return nil, err
		}
		sets[name] = sub
	}
	return sets, nil
}

// CheckFeatureTree reports a folder of tree that names no provider of
// list, so that a misspelt folder does not silently run nothing.
func CheckFeatureTree(list provider.List, tree fs.FS) error {
	entries, err := fs.ReadDir(tree, ".")
	if err != nil {
		return fmt.Errorf("features: %w", err)
	}
	known := list.Names()
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(known, e.Name()) {
			return fmt.Errorf("features: folder %q is no provider's (a folder per provider: %s)", e.Name(), strings.Join(known, ", "))
		}
	}
	return nil
}

// parseFeature parses a feature exactly as godog does when given one file's
// contents (same gherkin version, a fresh incrementing id generator), so
// that the ids of godog's pickles and steps are the ids of this document.
func parseFeature(uri string, content []byte) (*featureFile, error) {
	newID := (&messages.Incrementing{}).NewId
	doc, err := gherkin.ParseGherkinDocumentForLanguage(bytes.NewReader(content), gherkin.DefaultDialect, newID)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", uri, err)
	}
	doc.Uri = uri
	f := &featureFile{URI: uri, Content: content, Doc: doc, Pickles: gherkin.Pickles(*doc, uri, newID),
		steps: map[string]*messages.Step{}, scen: map[string]*messages.Scenario{}, rows: map[string]*messages.TableRow{}}
	if doc.Feature == nil {
		return f, nil
	}
	var background []*messages.Step
	add := func(sc *messages.Scenario) {
		f.scen[sc.Id] = sc
		for _, st := range sc.Steps {
			f.steps[st.Id] = st
		}
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				f.rows[row.Id] = row
			}
		}
	}
	for _, child := range doc.Feature.Children {
		switch {
		case child.Background != nil:
			background = append(background, child.Background.Steps...)
		case child.Scenario != nil:
			add(child.Scenario)
		case child.Rule != nil:
			for _, rc := range child.Rule.Children {
				if rc.Background != nil {
					background = append(background, rc.Background.Steps...)
				}
				if rc.Scenario != nil {
					add(rc.Scenario)
				}
			}
		}
	}
	for _, st := range background {
		f.steps[st.Id] = st
	}
	if err := f.readTags(); err != nil {
		return nil, err
	}
	return f, nil
}

// readTags reads every pickle's tags: a malformed tag of a family
// (steps.TagError) is refused, naming the scenario by its line.
func (f *featureFile) readTags() error {
	f.tags = make(map[string]steps.Tags, len(f.Pickles))
	for _, p := range f.Pickles {
		t, err := steps.ScenarioTags(p)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", f.URI, f.line(p), err)
		}
		f.tags[p.Id] = t
	}
	return nil
}

// line is the scenario's line, or its Examples row's for an outline.
func (f *featureFile) line(p *messages.Pickle) int {
	for i := len(p.AstNodeIds) - 1; i >= 0; i-- {
		if row := f.rows[p.AstNodeIds[i]]; row != nil {
			return int(row.Location.Line)
		}
		if sc := f.scen[p.AstNodeIds[i]]; sc != nil {
			return int(sc.Location.Line)
		}
	}
	return 0
}

// FeatureTree is the feature files of the listed providers as one tree, a
// folder per provider ("weavr/login.feature"), the layout `--features DIR`
// has: what a verifier compares attested feature files with.
func FeatureTree(list provider.List) fs.FS { return tree(list.Features()) }

// tree serves each provider's files under its name. It opens files only:
// enough for fs.ReadFile.
type tree map[string]fs.FS

func (t tree) Open(name string) (fs.File, error) {
	first, rest, ok := strings.Cut(name, "/")
	sub := t[first]
	if !ok || sub == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return sub.Open(rest)
}

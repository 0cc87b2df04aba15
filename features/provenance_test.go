package features_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
	"gopkg.in/yaml.v3"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/steps"
)

// exactExpectations are the steps that state an exact expectation of the
// target (contract rule 7): a status, an error code or enum value, a field
// value, a count. Shape checks (a header is present, no body, a pattern)
// are the spec's, not a choice, and are not listed.
var exactExpectations = []*regexp.Regexp{
	regexp.MustCompile(`^the response status should be `),
	regexp.MustCompile(`^the JSON at "[^"]+" should (be|have) `),
	regexp.MustCompile(`errorCode`),
	regexp.MustCompile(`^(Fliqa should refuse|Fiskil answers|Fiskil refuses) `),
	regexp.MustCompile(`should have been sent`),
	regexp.MustCompile(`error_type|should answer \d{3}`),
	regexp.MustCompile(`^the Weavr push challenge should be `),
	regexp.MustCompile(`should number `),
	regexp.MustCompile(`rate limit of \d+`),
	regexp.MustCompile(`^the Fliqa (errorMessage|consent's|consent owner's|scope) `),
}

// sourceComment is the notation of a documented expectation: a comment
// `# source: <ref> ; <ref>` inside a scenario covers its expectations, one
// before the first scenario covers the whole feature.
var sourceComment = regexp.MustCompile(`^\s*#\s*source:\s*(.+?)\s*$`)

// knownSources are the documents a source may cite, relative to the
// shared folder beside the clone (shared/API.md, shared/reference/…,
// shared/seeds/…), with the extract a JSON pointer into it is resolved
// against ("" when the document has none: a section or line is cited).
var knownSources = map[string]string{
	"reference/weavr/multi-current.yml":           "../specs/testdata/weavr-official-3.63.yaml",
	"reference/weavr/multi-3.32.1-generated.yaml": "../specs/testdata/weavr-official-3.32.yaml",
	"reference/weavr/README.md":                   "",
	"reference/fliqa/README.md":                   "",
	"reference/fiskil/README.md":                  "",
	"seeds/weavr-multi-auth.txt":                  "",
	"seeds/fliqa-account-login.txt":               "",
	"seeds/fiskil-auth-session.txt":               "",
	"API.md":                                      "",
}

// expectation is one exact expectation of a scenario.
type expectation struct {
	file     string
	line     int64
	scenario string
	text     string
}

// provenance is what the test finds in the feature files.
type provenance struct {
	// unsourced are the exact expectations neither documented nor decided.
	unsourced []expectation
	// decided are the expectations marked [decided] (or the rule-4 form).
	decided []expectation
	// documented counts the expectations a source covers.
	documented int
	// sources are the cited sources, each with where it is cited.
	sources map[string][]string
}

// TestEveryExpectationDocumentedOrDecided is contract rule 7: every exact
// expectation of every scenario is either documented (a `# source:`
// comment in its scenario or feature names a reference) or decided (the
// step ends in [decided]); every source cited is a known document and,
// for Weavr's OpenAPI documents, a JSON pointer that resolves.
func TestEveryExpectationDocumentedOrDecided(t *testing.T) {
	p, err := scanProvenance(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.unsourced {
		t.Errorf("%s:%d %q: %q has no source and is not marked %s", e.file, e.line, e.scenario, e.text, steps.Decided)
	}
	for _, src := range slices.Sorted(func(yield func(string) bool) {
		for k := range p.sources {
			if !yield(k) {
				return
			}
		}
	}) {
		if err := checkSource(src); err != nil {
			t.Errorf("%s (cited at %s): %v", src, strings.Join(p.sources[src], ", "), err)
		}
	}
	if p.documented == 0 || len(p.decided) == 0 {
		t.Fatalf("found %d documented and %d decided expectations: the scan reads nothing", p.documented, len(p.decided))
	}
	t.Logf("%d exact expectations documented, %d decided", p.documented, len(p.decided))
}

// TestProvenanceScan: the scan catches an expectation without a source,
// takes a scenario's or a feature's source, a [decided] marker, and a
// source that names no known document or a pointer that does not resolve.
func TestProvenanceScan(t *testing.T) {
	tests := []struct {
		name      string
		feature   string
		unsourced int
		decided   int
		badSource bool
	}{
		{"no source", "Feature: f\n  Scenario: s\n    Then the response status should be 401\n", 1, 0, false},
		{"scenario source", "Feature: f\n  Scenario: s\n    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/403\n    Then the response status should be 403\n", 0, 0, false},
		{"feature source", "# source: seeds/weavr-multi-auth.txt\nFeature: f\n  Scenario: s\n    Then the JSON at \"a\" should be \"b\"\n", 0, 0, false},
		{"decided", "Feature: f\n  Scenario: s\n    Then the response status should be 401 [decided]\n    And the JSON at \"e\" should be \"REGEX\" [decided]\n", 0, 2, false},
		{"the source of another scenario", "Feature: f\n  Scenario: a\n    # source: API.md\n    Then the response status should be 200\n  Scenario: b\n    Then the response status should be 401\n", 1, 0, false},
		{"an unknown document", "Feature: f\n  Scenario: s\n    # source: my-notes.txt\n    Then the response status should be 401\n", 0, 0, true},
		{"a pointer that does not resolve", "Feature: f\n  Scenario: s\n    # source: reference/weavr/multi-current.yml#/paths/~1nowhere/post\n    Then the response status should be 401\n", 0, 0, true},
		{"a shape check is no expectation", "Feature: f\n  Scenario: s\n    Then the response should have no body\n", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := scanProvenance(fstestFS(map[string]string{"x/f.feature": tc.feature}))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.unsourced) != tc.unsourced || len(p.decided) != tc.decided {
				t.Errorf("unsourced %v, decided %v; want %d and %d", p.unsourced, p.decided, tc.unsourced, tc.decided)
			}
			bad := false
			for src := range p.sources {
				bad = bad || checkSource(src) != nil
			}
			if bad != tc.badSource {
				t.Errorf("a bad source found: %v, want %v (%v)", bad, tc.badSource, p.sources)
			}
		})
	}
}

// scanProvenance reads every feature file of fsys.
func scanProvenance(fsys fs.FS) (*provenance, error) {
	p := &provenance{sources: map[string][]string{}}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".feature") {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		doc, err := gherkin.ParseGherkinDocumentForLanguage(bytes.NewReader(b), gherkin.DefaultDialect, (&messages.Incrementing{}).NewId)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		p.scanDocument(path, doc)
		return nil
	})
	return p, err
}

// scanDocument sorts the expectations of one feature file.
func (p *provenance) scanDocument(path string, doc *messages.GherkinDocument) {
	if doc.Feature == nil {
		return
	}
	type span struct {
		from, to int64
		sc       *messages.Scenario
	}
	var spans []span
	var background []*messages.Step
	for _, c := range doc.Feature.Children {
		switch {
		case c.Scenario != nil:
			spans = append(spans, span{from: c.Scenario.Location.Line, sc: c.Scenario})
		case c.Background != nil:
			background = append(background, c.Background.Steps...)
		case c.Rule != nil:
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					spans = append(spans, span{from: rc.Scenario.Location.Line, sc: rc.Scenario})
				}
			}
		}
	}
	for i := range spans {
		spans[i].to = 1 << 62
		if i+1 < len(spans) {
			next := spans[i+1].sc
			spans[i].to = next.Location.Line
			for _, tag := range next.Tags {
				spans[i].to = min(spans[i].to, tag.Location.Line)
			}
		}
	}
	var featureSources []string
	scenarioSources := map[*messages.Scenario][]string{}
	for _, c := range doc.Comments {
		m := sourceComment.FindStringSubmatch(c.Text)
		if m == nil {
			continue
		}
		refs := splitSources(m[1])
		where := fmt.Sprintf("%s:%d", path, c.Location.Line)
		for _, r := range refs {
			p.sources[r] = append(p.sources[r], where)
		}
		i := slices.IndexFunc(spans, func(s span) bool { return c.Location.Line > s.from && c.Location.Line < s.to })
		if i < 0 && (len(spans) == 0 || c.Location.Line < spans[0].from) {
			featureSources = append(featureSources, refs...)
		} else if i >= 0 {
			scenarioSources[spans[i].sc] = append(scenarioSources[spans[i].sc], refs...)
		}
	}
	judge := func(sc string, st *messages.Step, sources []string) {
		if !isExpectation(st.Text) {
			return
		}
		e := expectation{file: path, line: st.Location.Line, scenario: sc, text: st.Text}
		switch {
		case strings.HasSuffix(st.Text, " "+steps.Decided) || strings.Contains(st.Text, "or another error status the operation documents") || strings.HasSuffix(st.Text, "with a warning"):
			p.decided = append(p.decided, e)
		case len(sources) > 0:
			p.documented++
		default:
			p.unsourced = append(p.unsourced, e)
		}
	}
	for _, st := range background {
		judge("Background", st, featureSources)
	}
	for _, s := range spans {
		for _, st := range s.sc.Steps {
			judge(s.sc.Name, st, append(slices.Clone(featureSources), scenarioSources[s.sc]...))
		}
	}
}

// isExpectation reports whether a step states an exact expectation.
func isExpectation(text string) bool {
	return slices.ContainsFunc(exactExpectations, func(re *regexp.Regexp) bool { return re.MatchString(text) })
}

// splitSources splits a source comment's references, written "a ; b".
func splitSources(s string) []string {
	var out []string
	for _, r := range strings.Split(s, " ; ") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// checkSource checks one reference: a known document, optionally with a
// JSON pointer ("#/paths/…", resolved in the document's extract), a line
// (":12061" or ":12061-12063") or a section ("§4.7", "§6.1 lockout").
func checkSource(ref string) error {
	doc, rest := ref, ""
	if i := strings.IndexAny(ref, "#: "); i >= 0 {
		doc, rest = ref[:i], ref[i:]
	}
	extract, ok := knownSources[doc]
	if !ok {
		return fmt.Errorf("not a known document (API.md, reference/…, seeds/…)")
	}
	switch {
	case rest == "":
		return nil
	case strings.HasPrefix(rest, "#/"):
		if extract == "" {
			return fmt.Errorf("a JSON pointer into a document that is not OpenAPI")
		}
		return resolvePointer(extract, rest[1:])
	case strings.HasPrefix(rest, ":"):
		for _, n := range strings.Split(rest[1:], "-") {
			if _, err := strconv.Atoi(n); err != nil {
				return fmt.Errorf("%q is not a line or a range of lines", rest[1:])
			}
		}
		return nil
	case strings.HasPrefix(rest, " §"):
		return nil
	}
	return fmt.Errorf("after the document, want #<JSON pointer>, :<line> or \" §<section>\"")
}

// resolvePointer follows an RFC 6901 pointer through a YAML document.
func resolvePointer(file, pointer string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var node any
	if err := yaml.Unmarshal(b, &node); err != nil {
		return err
	}
	for _, raw := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		key := strings.ReplaceAll(strings.ReplaceAll(raw, "~1", "/"), "~0", "~")
		m, ok := node.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %q is not inside an object", pointer, key)
		}
		if node, ok = m[key]; !ok {
			return fmt.Errorf("%s: no %q in %s", pointer, key, file)
		}
	}
	return nil
}

// fstestFS is an in-memory tree of feature files.
func fstestFS(files map[string]string) fs.FS {
	m := fstest.MapFS{}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

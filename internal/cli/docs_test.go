package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestDocsLinksStayInTheRepository checks every relative link of README.md
// and docs/: it must name a file or folder of the repository (and, with a
// #fragment, a heading of that file), never ../shared, which a clone does not
// have.
func TestDocsLinksStayInTheRepository(t *testing.T) {
	root := "../.."
	pages := []string{"README.md"}
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			rel, err := filepath.Rel(root, path)
			pages = append(pages, rel)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 10 {
		t.Fatalf("only %d pages found: %v", len(pages), pages)
	}
	links := 0
	for _, page := range pages {
		text, err := os.ReadFile(filepath.Join(root, page))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(text), "../shared") {
			t.Errorf("%s names ../shared, which is not in the repository", page)
		}
		for _, problem := range brokenLinks(root, page, string(text)) {
			t.Error(problem)
		}
		links += len(relativeLinks(string(text)))
	}
	if links < 40 {
		t.Errorf("only %d relative links found: the link pattern no longer matches", links)
	}
}

// TestBrokenLinksFindsEachKindOfBreak feeds the link check one page per kind
// of link, good and broken.
func TestBrokenLinksFindsEachKindOfBreak(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs", "a.md"), []byte("# Exit codes\n\n## The `harness`: conform run\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, page, text string
		broken           bool
	}{
		{"a file beside", "docs/b.md", "see [a](a.md)", false},
		{"a heading of a file", "docs/b.md", "see [codes](a.md#exit-codes)", false},
		{"a heading with code and a colon", "docs/b.md", "see [h](a.md#the-harness-conform-run)", false},
		{"a folder", "README.md", "see [docs](docs/)", false},
		{"from the root", "README.md", "see [a](docs/a.md)", false},
		{"an external address", "README.md", "see [x](https://example.com/x.md)", false},
		{"inside a code span", "README.md", "write `[x](missing.md)`", false},
		{"inside a fenced block", "README.md", "```md\n[x](missing.md)\n```", false},
		{"a missing file", "docs/b.md", "see [c](c.md)", true},
		{"a missing heading", "docs/b.md", "see [a](a.md#nothing)", true},
		{"out of the repository", "README.md", "see [API](../shared/API.md)", true},
		{"a heading of the page itself, missing", "docs/a.md", "[x](#nowhere)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := brokenLinks(root, tt.page, tt.text)
			if (len(got) > 0) != tt.broken {
				t.Errorf("brokenLinks(%s, %q) = %v, want broken %v", tt.page, tt.text, got, tt.broken)
			}
		})
	}
}

var (
	linkPattern  = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	codeSpan     = regexp.MustCompile("`[^`\n]*`")
	fencedBlock  = regexp.MustCompile("(?ms)^\\s*```.*?^\\s*```")
	headingLine  = regexp.MustCompile(`(?m)^#{1,6} +(.+?) *$`)
	externalLink = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)
)

// relativeLinks lists the targets of a Markdown text's links outside code,
// other than absolute addresses (https:, mailto:).
func relativeLinks(text string) []string {
	text = fencedBlock.ReplaceAllString(text, "")
	text = codeSpan.ReplaceAllString(text, "")
	var links []string
	for _, m := range linkPattern.FindAllStringSubmatch(text, -1) {
		if !externalLink.MatchString(m[1]) {
			links = append(links, m[1])
		}
	}
	return links
}

// brokenLinks says, for each relative link of page (a path below root) that
// does not resolve inside root, what is wrong with it.
func brokenLinks(root, page, text string) []string {
	var problems []string
	for _, link := range relativeLinks(text) {
		target, fragment, _ := strings.Cut(link, "#")
		path := page
		if target != "" {
			path = filepath.Join(filepath.Dir(page), filepath.FromSlash(target))
		}
		if strings.HasPrefix(path, "..") || filepath.IsAbs(path) {
			problems = append(problems, page+": "+link+" leaves the repository")
			continue
		}
		info, err := os.Stat(filepath.Join(root, path))
		if err != nil {
			problems = append(problems, page+": "+link+" names no file of the repository")
			continue
		}
		if fragment == "" {
			continue
		}
		body, err := os.ReadFile(filepath.Join(root, path))
		if info.IsDir() || err != nil || !hasAnchor(string(body), fragment) {
			problems = append(problems, page+": "+link+" names no heading of "+filepath.ToSlash(path))
		}
	}
	return problems
}

// hasAnchor reports whether a heading of text has the anchor GitHub gives
// it: lower case, punctuation dropped, spaces as hyphens.
func hasAnchor(text, anchor string) bool {
	text = fencedBlock.ReplaceAllString(text, "")
	for _, m := range headingLine.FindAllStringSubmatch(text, -1) {
		var slug strings.Builder
		for _, r := range strings.ToLower(m[1]) {
			switch {
			case r == ' ':
				slug.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				slug.WriteRune(r)
			}
		}
		if slug.String() == anchor {
			return true
		}
	}
	return false
}

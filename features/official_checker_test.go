package features_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
)

// officialFinding is one distinct way answers broke the official document.
type officialFinding struct {
	Operation string
	Status    int
	Pointer   string
	Reason    string
}

// officialChecker serves the simulator and judges every answer of one
// provider's API (never the control API) by the provider's own published
// document, collecting violations instead of failing the answer: the
// scenarios run as usual, the document judges on the side.
type officialChecker struct {
	next     http.Handler
	provider string // the API's prefix: "weavr" judges /weavr/...
	spec     *oas.Spec
	// fixtures, when set, is merged into every sandbox created (the
	// `versions` section that picks the provider's version).
	fixtures map[string]any
	secrets  redact.Secrets

	mu       sync.Mutex
	judged   int
	found    map[officialFinding]int
	unrouted map[string]int // answers to requests the document has no operation for
}

func newOfficialChecker(next http.Handler, provider string, spec *oas.Spec, fixtures map[string]any) *officialChecker {
	return &officialChecker{next: next, provider: provider, spec: spec, fixtures: fixtures,
		found: map[officialFinding]int{}, unrouted: map[string]int{}}
}

func (c *officialChecker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	if c.fixtures != nil && r.Method == http.MethodPost && r.URL.Path == "/_control/sandboxes" {
		if merged, ok := mergeFixtures(body, c.fixtures); ok {
			body = merged
			r.Header.Set("Content-Type", "application/json")
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	c.secrets.Learn(r.URL.String(), r.Header, body)

	rec := httptest.NewRecorder()
	c.next.ServeHTTP(rec, r)
	c.secrets.Learn("", rec.Header(), rec.Body.Bytes())
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())

	if rel, ok := strings.CutPrefix(r.URL.Path, "/"+c.provider+"/"); ok {
		c.judge(r.Method, "/"+rel, rec)
	}
}

func (c *officialChecker) judge(method, path string, rec *httptest.ResponseRecorder) {
	op, vs := c.spec.ValidateResponse(oas.Response{Method: method, Path: path, Status: rec.Code,
		Header: rec.Header().Clone(), Body: rec.Body.Bytes()})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.judged++
	if op == nil {
		c.unrouted[fmt.Sprintf("%s %s → %d", method, numbersAsParams(path), rec.Code)]++
		return
	}
	for _, v := range vs {
		c.found[officialFinding{Operation: v.Operation, Status: v.Status, Pointer: v.Pointer, Reason: v.Reason}]++
	}
}

// numbersAsParams writes the numeric segments of a path as {n}, so that
// the answers to one undocumented route count as one.
func numbersAsParams(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			segs[i] = "{n}"
		}
	}
	return strings.Join(segs, "/")
}

// mergeFixtures adds extra's sections to a JSON fixtures document; a body
// that is not a JSON object is left to the simulator to refuse (false).
func mergeFixtures(body []byte, extra map[string]any) ([]byte, bool) {
	doc := map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &doc); err != nil || doc == nil {
			return body, false
		}
	}
	maps.Copy(doc, extra)
	out, err := json.Marshal(doc)
	if err != nil {
		return body, false
	}
	return out, true
}

// findings returns the distinct violations, with how often each occurred,
// sorted by operation, status, pointer and reason; secrets seen in the
// traffic are masked in pointers and reasons.
func (c *officialChecker) findings() ([]officialFinding, []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	masked := map[officialFinding]int{}
	for f, n := range c.found {
		f.Pointer, f.Reason = c.secrets.String(f.Pointer), c.secrets.String(f.Reason)
		masked[f] += n
	}
	keys := slices.SortedFunc(maps.Keys(masked), func(a, b officialFinding) int {
		return cmp.Or(cmp.Compare(a.Operation, b.Operation), cmp.Compare(a.Status, b.Status),
			cmp.Compare(a.Pointer, b.Pointer), cmp.Compare(a.Reason, b.Reason))
	})
	counts := make([]int, len(keys))
	for i, k := range keys {
		counts[i] = masked[k]
	}
	return keys, counts
}

// report renders the checker's findings as a Markdown section.
func (c *officialChecker) report(title, note string) string {
	keys, counts := c.findings()
	c.mu.Lock()
	judged := c.judged
	unrouted := make(map[string]int, len(c.unrouted))
	for k, n := range c.unrouted {
		unrouted[c.secrets.String(k)] += n
	}
	c.mu.Unlock()
	total := 0
	for _, n := range counts {
		total += n
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", title)
	if note != "" {
		fmt.Fprintf(&b, "%s\n\n", note)
	}
	fmt.Fprintf(&b, "%d answers judged; %d violations, %d distinct.\n\n", judged, total, len(keys))
	if len(keys) > 0 {
		b.WriteString("| operation | status | pointer | reason | count |\n|---|---|---|---|---|\n")
		for i, k := range keys {
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %d |\n", k.Operation, k.Status, cell(k.Pointer), cell(k.Reason), counts[i])
		}
		b.WriteString("\n")
	}
	if len(unrouted) > 0 {
		b.WriteString("Not judged (no operation of the document matches the request: method or path undocumented):\n\n")
		for _, k := range slices.Sorted(maps.Keys(unrouted)) {
			fmt.Fprintf(&b, "- `%s` ×%d\n", k, unrouted[k])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	if s == "" {
		return "(whole answer)"
	}
	s = strings.ReplaceAll(s, "\n", " ")
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

package steps

import (
	"maps"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/oas"
)

// withSpec judges w's Weavr answers by an embedded spec of a published
// version (nothing required in the 400 and login bodies, as the
// references say) instead of the strict legacy fixture mockWorld uses.
func withSpec(t *testing.T, w *World, name string) {
	t.Helper()
	s, err := oas.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	specs := maps.Clone(w.env.Specs)
	specs["weavr"] = s
	w.env.Specs = specs
}

// TestDecidedStatus: where the reference ties no status to a cause,
// conform's choice passes, another documented error status passes with a
// warning naming rule 7, and anything else fails (rules 4 and 7); both
// phrasings say the same.
func TestDecidedStatus(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		fail     string // substring of the failure; "" passes
		warnings int
	}{
		{"conform's choice", 401, "", "", 0},
		{"another documented error status", 403, "", "", 1},
		{"an undocumented status", 404, "", "breaks the weavr spec", 0},
		{"a success", 200, `{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"}}`, "expected status 401", 0},
	}
	for _, phrase := range []string{"401 [decided]", "401, or another error status the operation documents"} {
		for _, tc := range tests {
			t.Run(phrase+"/"+tc.name, func(t *testing.T) {
				w, mt, _ := mockWorld(t, "weavr")
				header := []string{"request-ref", "ref-1"}
				if tc.body != "" {
					header = append(header, "Content-Type", "application/json")
				}
				mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(tc.status, tc.body, header...))
				errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    Then the response status should be `+phrase+`
`)
				if len(errs) != 3 {
					t.Fatalf("ran %d steps, want 3: %v", len(errs), errs)
				}
				err := errs[2]
				if errs[1] != nil {
					err = errs[1] // the request step fails on what the spec does not document
				}
				wantJudged(t, w, err, tc.fail, tc.warnings, "rule 7", "conform answers 401 [decided], the target 403")
			})
		}
	}
}

// TestDecidedValue: conform's choice of a value passes; another value of
// the documented enum, or no value where the reference requires none,
// passes with a warning naming rule 7; a value outside the enum fails.
func TestDecidedValue(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		fail     string
		warnings int
	}{
		{"conform's choice", `{"message":"bad","syntaxErrors":{"invalidFields":[{"fieldName":"channel","error":"REGEX"}]}}`, "", 0},
		{"another value of the enum", `{"message":"bad","syntaxErrors":{"invalidFields":[{"fieldName":"channel","error":"IN"}]}}`, "", 1},
		{"no syntaxErrors at all", `{"message":"bad"}`, "", 1},
		{"a value outside the enum", `{"message":"bad","syntaxErrors":{"invalidFields":[{"fieldName":"channel","error":"LOWERCASE"}]}}`, "breaks the weavr spec", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			withSpec(t, w, "weavr-3.32")
			mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(400, tc.body, "request-ref", "ref-1", "Content-Type", "application/json"))
			errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    Then the JSON at "syntaxErrors.invalidFields.0.error" should be "REGEX" [decided]
`)
			err := errs[len(errs)-1]
			if errs[1] != nil {
				err = errs[1]
			}
			wantJudged(t, w, err, tc.fail, tc.warnings, "rule 7", `conform answers "REGEX"`)
		})
	}
}

// TestValueIfPresent: a documented value of a field no reference requires
// fails only when another value is there; its absence is a warning.
func TestValueIfPresent(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		fail     string
		warnings int
	}{
		{"the documented value", `{"token":"t","tokenType":"AUTH"}`, "", 0},
		{"no value", `{"token":"t"}`, "", 1},
		{"another value", `{"token":"t","tokenType":"ACCESS"}`, `expected "AUTH"`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			withSpec(t, w, "weavr-3.32")
			mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(200, tc.body, "request-ref", "ref-1", "Content-Type", "application/json"))
			errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    Then the JSON at "tokenType" should be "AUTH" if present
`)
			err := errs[len(errs)-1]
			if errs[1] != nil {
				err = errs[1]
			}
			wantJudged(t, w, err, tc.fail, tc.warnings, "", "")
		})
	}
}

// TestNewestVersionShape: under Weavr 3.32, a 403 carrying the body 3.63
// documents passes with a warning naming rule 6; a body neither version
// documents still fails, and so does any answer without a newer spec.
func TestNewestVersionShape(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		newest   bool
		fail     string
		warnings int
	}{
		{"3.32's own answer", "", true, "", 0},
		{"3.63's documented body", `{"errorCode":"INSUFFICIENT_PERMISSIONS"}`, true, "", 1},
		{"a body no version documents", `{"errorCode":"NOPE"}`, true, "a body is present where the spec declares none", 0},
		{"3.63's body, no newer spec known", `{"errorCode":"INSUFFICIENT_PERMISSIONS"}`, false, "a body is present where the spec declares none", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			withSpec(t, w, "weavr-3.32")
			if tc.newest {
				s, err := oas.Load("weavr-3.63")
				if err != nil {
					t.Fatal(err)
				}
				w.env.Newest = map[string]*oas.Spec{"weavr": s}
			}
			header := []string{"request-ref", "ref-1"}
			if tc.body != "" {
				header = append(header, "Content-Type", "application/json")
			}
			mt.RegisterResponder("GET", mockRoot+"/weavr/identities", respond(403, tc.body, header...))
			errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a GET request to "/identities"
`)
			err := errs[len(errs)-1]
			wantJudged(t, w, err, tc.fail, tc.warnings, "rule 6", "")
		})
	}
}

// TestDecidedStatusOrSuccess: where no reference requires a refusal,
// conform's status passes, any other documented status (a success too)
// passes with a rule-7 warning, and an undocumented one fails.
func TestDecidedStatusOrSuccess(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		fail     string
		warnings int
	}{
		{"conform's choice", 401, "", "", 0},
		{"a success", 200, `{"token":"t","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"}}`, "", 1},
		{"another documented error", 403, "", "", 1},
		{"an undocumented status", 404, "", "breaks the weavr spec", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			header := []string{"request-ref", "ref-1"}
			if tc.body != "" {
				header = append(header, "Content-Type", "application/json")
			}
			mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(tc.status, tc.body, header...))
			errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    Then the response status should be 401 or a success [decided]
`)
			err := errs[len(errs)-1]
			if errs[1] != nil {
				err = errs[1]
			}
			wantJudged(t, w, err, tc.fail, tc.warnings, "rule 7", "")
		})
	}
}

// TestDecidedCount: conform's count passes; another length or no array
// warns (rule 7); something other than an array fails.
func TestDecidedCount(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		fail     string
		warnings int
	}{
		{"conform's count", `{"message":"bad","syntaxErrors":{"invalidFields":[{"fieldName":"a","error":"REQUIRED"}]}}`, "", 0},
		{"another count", `{"message":"bad","syntaxErrors":{"invalidFields":[{"fieldName":"a","error":"REQUIRED"},{"fieldName":"b","error":"REQUIRED"}]}}`, "", 1},
		{"no array", `{"message":"bad"}`, "", 1},
		{"not an array", `{"message":"bad","syntaxErrors":{"invalidFields":{"fieldName":"a"}}}`, "array", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			withSpec(t, w, "weavr-3.32")
			mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(400, tc.body, "request-ref", "ref-1", "Content-Type", "application/json"))
			errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    Then the JSON at "syntaxErrors.invalidFields" should have 1 item [decided]
`)
			err := errs[len(errs)-1]
			if errs[1] != nil {
				err = errs[1]
			}
			if (tc.fail == "") != (err == nil) {
				t.Fatalf("error %v, want %q", err, tc.fail)
			}
			if ws := w.Warnings(); len(ws) != tc.warnings {
				t.Fatalf("warnings %v, want %d", ws, tc.warnings)
			}
		})
	}
}

// wantJudged checks a step's error against fail ("" for none, else a part
// of the error) and the scenario's warnings: as many as warnings, the
// first naming rule ("" for any) and saying says.
func wantJudged(t *testing.T, w *World, err error, fail string, warnings int, rule, says string) {
	t.Helper()
	switch {
	case fail == "" && err != nil:
		t.Fatalf("failed: %v", err)
	case fail != "" && (err == nil || !strings.Contains(err.Error(), fail)):
		t.Fatalf("error %v, want %q", err, fail)
	}
	ws := w.Warnings()
	if len(ws) != warnings {
		t.Fatalf("warnings %v, want %d", ws, warnings)
	}
	if warnings > 0 && rule != "" && (ws[0].Rule != rule || !strings.Contains(ws[0].String(), says)) {
		t.Errorf("warning %q does not name %s and say %q", ws[0], rule, says)
	}
}

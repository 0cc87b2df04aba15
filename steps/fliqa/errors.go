package fliqa

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// errorSource is where the error-body rules come from, for warnings.
const errorSource = "API.md v2, Fliqa error body; ref §6"

// statusErrorCode is the errorCode the contract and the reference's
// examples pair with a status (ref §6: the only pairings shown), "" for
// another status. Another errorCode for these statuses fails; for any
// other status the reference gives no errorCode, and conform's own choice
// (403 forbidden) is only what a scenario expects, another one a warning.
func statusErrorCode(status int) string {
	switch status {
	case 400:
		return "invalid_parameter"
	case 401:
		return "unauthorized"
	}
	return ""
}

// checkError checks a Fliqa error answer against what the contract makes
// law: the status, the errorCode (where a source pairs one with the
// status, see statusErrorCode) and, when sub is not "", the errorSubCode.
// A body without errorSubCode is allowed (the reference marks only
// errorCode and errorMessage required) and gives a warning; a different
// subcode fails. The rest of the format is checkErrorFormat's.
func (w world) checkError(status int, code, sub string) error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	if last.Status != status {
		return fmt.Errorf("expected status %d, got %d; body: %s", status, last.Status, w.RedactBody(last.Body))
	}
	if err := w.checkErrorFormat(); err != nil {
		return err
	}
	get := func(p string) gjson.Result { return gjson.GetBytes(last.Body, p) }
	var problems []string
	switch got := get("errorCode"); {
	case got.String() == code:
	case statusErrorCode(status) == code:
		problems = append(problems, fmt.Sprintf("errorCode should be %q, got %s", code, w.Describe("errorCode", got)))
	default:
		w.Warn("rule 2", errorSource, "errorCode is %s; conform answers %q for status %d (the reference pairs no errorCode with it)", w.Describe("errorCode", got), code, status)
	}
	got := get("errorSubCode")
	switch {
	case sub == "":
	case !got.Exists() || got.Type == gjson.Null:
		w.Warn("rule 2", errorSource, "the error has no errorSubCode (allowed: not required); the contract names %q for this cause", sub)
	case got.String() != sub:
		problems = append(problems, fmt.Sprintf("errorSubCode should be %q, got %s", sub, w.Describe("errorSubCode", got)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("the Fliqa error is not the expected one:\n  %s\nbody: %s", strings.Join(problems, "\n  "), w.RedactBody(last.Body))
	}
	return nil
}

// checkErrorFormat checks that the last answer is in Fliqa's error format,
// whatever its cause: a JSON object with errorCode and errorMessage (the
// spec validates their types and enums); documentationUrl, when present,
// is the errorCode's page (optionally with #errorSubCode), and its absence
// is a warning, as every example shows one; requestId, when present, is 32
// lowercase hex digits.
func (w world) checkErrorFormat() error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	if !gjson.ValidBytes(last.Body) || !gjson.ParseBytes(last.Body).IsObject() {
		return fmt.Errorf("the Fliqa error body is not a JSON object: %s", w.RedactBody(last.Body))
	}
	get := func(p string) gjson.Result { return gjson.GetBytes(last.Body, p) }
	var problems []string
	code := get("errorCode")
	for _, f := range []string{"errorCode", "errorMessage"} {
		if r := get(f); r.Type != gjson.String {
			problems = append(problems, fmt.Sprintf("%s (required) should be a string, got %s", f, w.Describe(f, r)))
		}
	}
	switch doc := get("documentationUrl"); {
	case !doc.Exists():
		w.Warn("rule 2", errorSource, "the error has no documentationUrl (allowed: not required; every example of the reference has one)")
	case !docURLMatches(doc.String(), code.String(), get("errorSubCode").String()):
		problems = append(problems, fmt.Sprintf("documentationUrl should be %q (optionally followed by #errorSubCode), got %s", docsBase+code.String(), w.Describe("documentationUrl", doc)))
	}
	if id := get("requestId"); id.Exists() && !requestID.MatchString(id.String()) {
		problems = append(problems, fmt.Sprintf("requestId, when present, should be 32 lowercase hex digits, got %s", w.Describe("requestId", id)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("the answer is not in Fliqa's error format:\n  %s\nbody: %s", strings.Join(problems, "\n  "), w.RedactBody(last.Body))
	}
	return nil
}

// docURLMatches reports whether url is the documentation page of code,
// bare or with the body's own subcode as its fragment.
func docURLMatches(url, code, sub string) bool {
	base := docsBase + code
	return url == base || (sub != "" && url == base+"#"+sub)
}

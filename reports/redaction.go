package reports

import (
	"maps"
	"mime"
	"net/http"
	"slices"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps"
)

// redacted returns a deep copy of run with every header, body and text
// redacted, for the writers to work on: redacting once, up front, means no
// writer can forget a field.
//
// Before redacting, it learns the secret values the exchanges carry (a token
// in a response body, the credentials of an Authorization header) into a
// copy of run.Secrets, so that they are also masked where nothing marks them
// as secret, such as an error message that quotes a token.
func redacted(run *Run) *Run {
	sec := run.Secrets.Clone()
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			for _, e := range s.Exchanges {
				sec.Learn(e.URL, e.RequestHeaders, []byte(e.RequestBody))
				sec.Learn("", e.ResponseHeaders, []byte(e.ResponseBody))
			}
			for _, st := range s.Steps {
				sec.Learn("", nil, []byte(st.DocString))
			}
		}
	}

	out := *run
	out.Target = sec.Query(run.Target)
	out.Control = sec.Query(run.Control)
	out.Interrupted = sec.String(run.Interrupted)
	out.Versions = maps.Clone(run.Versions)
	out.Documented = slices.Clone(run.Documented)
	out.Secrets = nil // already applied; a copy must not invite a second use
	out.Features = make([]Feature, len(run.Features))
	for i, f := range run.Features {
		f.Name = sec.String(f.Name)
		f.URI = sec.String(f.URI)
		f.Description = sec.String(f.Description)
		f.Tags = maskAll(sec, f.Tags)
		scenarios := make([]Scenario, len(f.Scenarios))
		for j, s := range f.Scenarios {
			scenarios[j] = redactScenario(sec, s)
		}
		f.Scenarios = scenarios
		out.Features[i] = f
	}
	return &out
}

// redactScenario returns a redacted copy of s. ID, Provider, Operations and
// Statuses are identifiers from the feature file that coverage matches on;
// they are left alone.
func redactScenario(sec *redact.Secrets, s Scenario) Scenario {
	s.Name = sec.String(s.Name)
	s.Tags = maskAll(sec, s.Tags)
	s.Operations = slices.Clone(s.Operations)
	s.Statuses = slices.Clone(s.Statuses)
	s.Reason = sec.String(s.Reason)
	warnings := make([]steps.Warning, len(s.Warnings))
	for i, w := range s.Warnings {
		w.Message, w.Source = sec.String(w.Message), sec.String(w.Source)
		warnings[i] = w
	}
	s.Warnings = warnings
	redacted := make([]Step, len(s.Steps))
	for i, st := range s.Steps {
		st.Text = sec.String(st.Text)
		st.DocString = sec.String(string(redact.JSON([]byte(st.DocString))))
		st.Error = sec.String(st.Error)
		redacted[i] = st
	}
	s.Steps = redacted
	exchanges := make([]steps.Exchange, len(s.Exchanges))
	for i, e := range s.Exchanges {
		e.URL = sec.Query(e.URL)
		e.RequestBody = body(sec, e.RequestHeaders, e.RequestBody)
		e.RequestHeaders = header(sec, e.RequestHeaders)
		e.ResponseBody = body(sec, e.ResponseHeaders, e.ResponseBody)
		e.ResponseHeaders = header(sec, e.ResponseHeaders)
		e.Error = sec.String(e.Error)
		e.Violations = maskAll(sec, e.Violations)
		exchanges[i] = e
	}
	s.Exchanges = exchanges
	return s
}

// header returns h with credential headers masked and remembered secrets
// masked in every other value (a custom header may echo a token).
func header(sec *redact.Secrets, h http.Header) http.Header {
	out := redact.Header(h)
	for name, values := range out {
		out[name] = maskAll(sec, values)
	}
	return out
}

// body returns b with secret JSON fields masked or, for a form-encoded body,
// secret parameters, and then remembered secrets masked.
func body(sec *redact.Secrets, h http.Header, b string) string {
	masked := string(redact.JSON([]byte(b)))
	if masked == b && isForm(h) {
		masked = redact.Form(b)
	}
	return sec.String(masked)
}

// isForm reports whether h declares a form-encoded body.
func isForm(h http.Header) bool {
	for name, values := range h {
		if http.CanonicalHeaderKey(name) != "Content-Type" || len(values) == 0 {
			continue
		}
		media, _, err := mime.ParseMediaType(values[0])
		return err == nil && media == "application/x-www-form-urlencoded"
	}
	return false
}

// maskAll returns a copy of values with remembered secrets masked.
func maskAll(sec *redact.Secrets, values []string) []string {
	if values == nil {
		return nil
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = sec.String(v)
	}
	return out
}

package steps

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v21"
)

// TestRateLimitedRequestsWait: a 429 the scenario did not ask for is
// waited out as its headers say and the request sent again, up to
// maxRateWaits times; a scenario about 429 gets its 429 at once.
func TestRateLimitedRequestsWait(t *testing.T) {
	tests := []struct {
		name       string
		limited    int // how many 429s before a 200
		expects429 bool
		wantStatus int
		wantSent   int
	}{
		{"waited out", 2, false, 204, 3},
		{"not asked for, too many", 5, false, 429, maxRateWaits + 1},
		{"the scenario's own 429", 2, true, 429, 1},
		{"no limit", 0, false, 204, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			w.expects429 = tc.expects429
			sent := 0
			mt.RegisterResponder("POST", mockRoot+"/weavr/logout", func(req *http.Request) (*http.Response, error) {
				sent++
				if sent <= tc.limited {
					return respond(429, "", "x-ratelimit-limit", "5", "x-ratelimit-reset", "0", "request-ref", "r")(req)
				}
				return respond(204, "", "request-ref", "r")(req)
			})
			if err := w.SendTo(context.Background(), "weavr", Request{Method: "POST", Path: "/logout"}); err != nil {
				t.Fatal(err)
			}
			if w.last.Status != tc.wantStatus || sent != tc.wantSent {
				t.Errorf("status %d after %d requests, want %d after %d", w.last.Status, sent, tc.wantStatus, tc.wantSent)
			}
			if len(w.Exchanges()) != sent {
				t.Errorf("%d exchanges recorded for %d requests: every 429 must be in the report", len(w.Exchanges()), sent)
			}
		})
	}
}

func TestRateWait(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"Retry-After", http.Header{"Retry-After": {"2"}}, 2 * time.Second},
		{"Weavr's reset", http.Header{"X-Ratelimit-Reset": {"7"}}, 7 * time.Second},
		{"capped", http.Header{"Retry-After": {"3600"}}, maxRateWait},
		{"nothing said", http.Header{}, time.Second},
		{"a date is not read", http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}, time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := rateWait(tc.header); got != tc.want {
				t.Errorf("rateWait = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestExpects429(t *testing.T) {
	step := func(text string) *messages.PickleStep { return &messages.PickleStep{Text: text} }
	tests := []struct {
		name string
		sc   *godog.Scenario
		want bool
	}{
		{"tagged", &godog.Scenario{Tags: []*messages.PickleTag{{Name: "@status:429"}}}, true},
		{"a step names it", &godog.Scenario{Steps: []*messages.PickleStep{step("the response status should be 429")}}, true},
		{"about something else", &godog.Scenario{Tags: []*messages.PickleTag{{Name: "@status:401"}}, Steps: []*messages.PickleStep{step("the response status should be 401")}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tags, err := ScenarioTags(tc.sc)
			if err != nil {
				t.Fatal(err)
			}
			if got := expects429(tc.sc, tags); got != tc.want {
				t.Errorf("expects429 = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRegression_EmptyBodyNotChunked: sending a request again (after a
// 429) once gave an empty body an unknown length, so it went out chunked,
// and a server that did not read it never noticed the client leaving.
func TestRegression_EmptyBodyNotChunked(t *testing.T) {
	tests := []struct {
		name, body string
		wantLength int64
	}{{"no body", "", 0}, {"a body", `{"a":1}`, 7}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			var got *http.Request
			mt.RegisterResponder("POST", mockRoot+"/weavr/logout", func(req *http.Request) (*http.Response, error) {
				got = req
				return respond(204, "", "request-ref", "r")(req)
			})
			if err := w.SendTo(context.Background(), "weavr", Request{Method: "POST", Path: "/logout", Body: tc.body}); err != nil {
				t.Fatal(err)
			}
			if got.ContentLength != tc.wantLength || len(got.TransferEncoding) > 0 {
				t.Errorf("ContentLength %d, TransferEncoding %v; want %d and none", got.ContentLength, got.TransferEncoding, tc.wantLength)
			}
			if tc.body == "" && got.Body != nil && got.Body != http.NoBody {
				t.Errorf("an empty body went out as %T", got.Body)
			}
		})
	}
}

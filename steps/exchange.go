package steps

import (
	"net/http"
	"time"
)

// Exchange is one HTTP request a scenario sent and the response it got,
// already redacted by the recorder. It lives with the World that records
// it, so that the step engine needs nothing of the report writers.
type Exchange struct {
	// Provider and Operation name the documented operation the request
	// went to ("" for a page no operation describes): a failure is charged
	// to the operation whose answer broke the rule.
	Provider        string
	Operation       string
	Method          string
	URL             string
	RequestHeaders  http.Header
	RequestBody     string
	Status          int // 0 when no response arrived
	ResponseHeaders http.Header
	ResponseBody    string
	// ResponseBodySize and ResponseBodySHA256 describe the whole body the
	// target sent, of which ResponseBody keeps at most Env.MaxRecorded
	// bytes: what a report shows is bounded, what it stands for is not
	// hidden. ResponseBodySHA256 is "" for an empty body.
	ResponseBodySize   int
	ResponseBodySHA256 string
	// HeadersDropped counts the response headers left out of
	// ResponseHeaders, whose values together are kept within
	// Env.MaxRecorded bytes.
	HeadersDropped int
	// Error is set when no usable response arrived (timeout, reset, ...).
	Error string
	// Violations lists each way the response broke its spec, each naming
	// operation, status, JSON pointer and reason.
	Violations []string
	Duration   time.Duration
}

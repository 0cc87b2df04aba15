package conformtest_test

import (
	"net/http"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/conformtest"
)

// lineT is a fakeT that finds, as testing.T does, the line a failure is
// reported at: the first caller of Errorf or Fatalf that did not call
// Helper. It lets a test check that every helper marks itself, so that a
// failure names the test's own line, not one inside conformtest.
type lineT struct {
	*fakeT
	mu      sync.Mutex
	helpers map[string]bool // functions that called Helper
	at      []runtime.Frame // where each failure is reported, in order
}

func newLineT() *lineT { return &lineT{fakeT: &fakeT{}, helpers: map[string]bool{}} }

// Helper marks its caller's function, as testing.T's does.
func (l *lineT) Helper() {
	pc, _, _, ok := runtime.Caller(1)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.helpers[runtime.FuncForPC(pc).Name()] = true
}

func (l *lineT) Errorf(format string, args ...any) {
	l.record()
	l.fakeT.Errorf(format, args...)
}

func (l *lineT) Fatalf(format string, args ...any) {
	l.record()
	l.fakeT.Fatalf(format, args...)
}

// record notes where the failure is reported: the first frame above
// Errorf or Fatalf whose function is not a helper.
func (l *lineT) record() {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs) // runtime.Callers, record, Errorf/Fatalf
	frames := runtime.CallersFrames(pcs[:n])
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		f, more := frames.Next()
		if !l.helpers[f.Function] || !more {
			l.at = append(l.at, f)
			return
		}
	}
}

// run calls fn with l as its testing.TB, then the cleanups.
func (l *lineT) run(fn func(t testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(l)
	}()
	<-done
	l.fakeT.run(func(testing.TB) {}) // runs the cleanups fn registered
}

// failed is where each failure was reported.
func (l *lineT) failed() []runtime.Frame {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]runtime.Frame(nil), l.at...)
}

// TestFailuresReportTheCallersLine: a helper that fails reports the line
// of the test that called it (t.Helper throughout), for each way a helper
// can fail: the frame reported is the case's own function, in this file.
func TestFailuresReportTheCallersLine(t *testing.T) {
	notWeavr := &http.Response{StatusCode: 418, Header: http.Header{}, Request: httptest418()}
	tests := []struct {
		name string
		fn   func(t testing.TB)
	}{
		{"NewServer, bad fixtures", func(t testing.TB) { conformtest.NewServer(t, "weavr: [") }},
		{"URL, unknown provider", func(t testing.TB) { conformtest.NewServer(t, "").URL("nope") }},
		{"AdvanceClock backwards", func(t testing.TB) { conformtest.NewServer(t, "").AdvanceClock(-time.Second) }},
		{"AddFault, unknown operation", func(t testing.TB) {
			conformtest.NewServer(t, "").AddFault(conformtest.Fault{Provider: "weavr", Operation: "nope", Status: 500})
		}},
		{"AddFault, negative Times", func(t testing.TB) {
			conformtest.NewServer(t, "").AddFault(conformtest.Fault{Provider: "weavr", Times: -2})
		}},
		{"AddFixtures, bad document", func(t testing.TB) { conformtest.NewServer(t, "").AddFixtures("fliqa: {inquiries: 7}") }},
		{"Requests, unknown provider", func(t testing.TB) { conformtest.NewServer(t, "").Requests(conformtest.Filter{Provider: "x"}) }},
		{"Disrupt, unknown operation", func(t testing.TB) {
			conformtest.NewServer(t, "").Disrupt(conformtest.Scope{Provider: "weavr", Operation: "x"}, conformtest.Reset())
		}},
		{"Validate, undocumented status", func(t testing.TB) { conformtest.Validate(t, "fiskil", notWeavr, nil) }},
		{"Validate, unknown provider", func(t testing.TB) { conformtest.Validate(t, "nope", notWeavr, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newLineT()
			l.run(tc.fn)
			want := runtime.FuncForPC(reflect.ValueOf(tc.fn).Pointer()).Name()
			at := l.failed()
			if len(at) == 0 {
				t.Fatalf("the helper did not fail")
			}
			for _, f := range at {
				if f.Function != want || filepath.Base(f.File) != "helpers_line_test.go" {
					t.Errorf("a failure is reported at %s:%d (%s), want the case's own line (failures: %s)",
						filepath.Base(f.File), f.Line, f.Function, strings.Join(l.failures(), "; "))
				}
			}
		})
	}
}

// httptest418 is a request to Fiskil's token operation, for a response
// with a status the spec does not document.
func httptest418() *http.Request {
	req, _ := http.NewRequest("POST", "https://sandbox.example/fiskil/v1/token", nil)
	return req
}

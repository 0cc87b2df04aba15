package conformtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// fakeT is a testing.TB whose failures are recorded instead of failing the
// real test, so that a test can assert what the helpers report. Methods it
// does not override reach the nil embedded TB and panic: a helper calling
// one would show at once.
type fakeT struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	fatal    string
	cleanups []func()
}

func (f *fakeT) Helper()      {}
func (f *fakeT) Name() string { return "fake" }

func (f *fakeT) Logf(string, ...any) {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

// Fatalf records the message and ends the calling goroutine, as
// testing.T's does.
func (f *fakeT) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatal = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeT) Cleanup(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleanups = append(f.cleanups, fn)
}

// run calls fn in a goroutine of its own (so that Fatalf ends fn alone)
// and then, as a test's end does, the cleanups, last registered first.
func (f *fakeT) run(fn func(t testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	f.mu.Lock()
	cleanups := slices.Clone(f.cleanups)
	f.mu.Unlock()
	for _, c := range slices.Backward(cleanups) {
		c()
	}
}

// failures is everything fn reported, Fatalf last.
func (f *fakeT) failures() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.errors)
	if f.fatal != "" {
		out = append(out, f.fatal)
	}
	return out
}

// runExample stands in for `go test` in the examples, which have no
// testing.T of their own: it runs fn with a testing.TB, then its cleanups,
// and prints whatever fn reported as a failure.
func runExample(fn func(t testing.TB)) {
	f := &fakeT{}
	f.run(fn)
	for _, msg := range f.failures() {
		fmt.Println("FAIL:", msg)
	}
}

// call sends a JSON request (body nil: none) with the given headers,
// decodes a JSON answer into into (nil ignores it) and returns the status;
// failures fail t.
func call(t testing.TB, c *http.Client, method, url string, header map[string]string, body, into any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	if into != nil && len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatalf("%s %s: %d, the body does not decode: %v", method, url, resp.StatusCode, err)
		}
	}
	return resp.StatusCode
}

// mentions reports whether some failure contains every one of words.
func mentions(failures []string, words ...string) bool {
	return slices.ContainsFunc(failures, func(f string) bool {
		for _, w := range words {
			if !strings.Contains(f, w) {
				return false
			}
		}
		return true
	})
}

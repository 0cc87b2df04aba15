package simtest

import (
	"bytes"
	"io"
	"net/http"
)

// Sink is a reusable http.ResponseWriter for benchmarks: unlike
// httptest.ResponseRecorder it keeps its header map and buffer from one
// request to the next, so that a benchmark's allocations are the
// handler's own.
type Sink struct {
	Code int
	Body bytes.Buffer
	h    http.Header
}

// Reset readies the sink for the next request.
func (s *Sink) Reset() {
	s.Code = 0
	s.Body.Reset()
	if s.h == nil {
		s.h = http.Header{}
	}
	clear(s.h)
}

// Header returns the response header map.
func (s *Sink) Header() http.Header {
	if s.h == nil {
		s.h = http.Header{}
	}
	return s.h
}

// WriteHeader records the status.
func (s *Sink) WriteHeader(code int) {
	if s.Code == 0 {
		s.Code = code
	}
}

// Write records the body.
func (s *Sink) Write(b []byte) (int, error) {
	if s.Code == 0 {
		s.Code = http.StatusOK
	}
	return s.Body.Write(b)
}

// Replay is one request a benchmark sends over and over: the request is
// built once and only its body is rewound each time.
type Replay struct {
	R    *http.Request
	body []byte
	rd   bytes.Reader
	rc   io.ReadCloser // wraps rd once, not on every replay
}

// NewReplay builds a replayable request; body may be empty.
func NewReplay(method, path, body string, header map[string]string) *Replay {
	r, err := http.NewRequest(method, path, nil)
	if err != nil {
		// Only benchmarks' own literals reach here.
		panic("simtest: bad replay request: " + err.Error())
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	if body != "" && r.Header.Get("Content-Type") == "" {
		r.Header.Set("Content-Type", "application/json")
	}
	p := &Replay{R: r, body: []byte(body)}
	p.rc = io.NopCloser(&p.rd)
	r.ContentLength = int64(len(body))
	return p
}

// Serve sends the request through h into s.
func (p *Replay) Serve(h http.Handler, s *Sink) {
	s.Reset()
	p.rd.Reset(p.body)
	p.R.Body = p.rc
	h.ServeHTTP(s, p.R)
}

package conformtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// front is the handler the test's server runs: the simulator, with each
// provider call journaled and, when a disruption is queued for its
// provider, answered through a buffer so that the disruption can change
// the answer after the simulator gave it.
type front struct{ s *Server }

func (f front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := f.s
	provider, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if _, ok := s.ops[provider]; !ok {
		s.sim.ServeHTTP(w, r) // the control API, /healthz
		return
	}
	rec := Request{Provider: provider, Method: r.Method, Path: "/" + rest, Query: r.URL.RawQuery, Header: r.Header.Clone()}
	if r.URL.RawPath != "" {
		_, raw, _ := strings.Cut(strings.TrimPrefix(r.URL.RawPath, "/"), "/")
		rec.Path = "/" + raw
	}
	rec.Body, rec.Truncated, r.Body = keep(r.Body)
	obs := &core.Observation{}
	r = r.WithContext(core.Observe(r.Context(), obs))

	if !s.disrupt.pending(provider) {
		sw := &statusWriter{ResponseWriter: w}
		s.sim.ServeHTTP(sw, r)
		rec.Operation, rec.Status = obs.Operation(), sw.code()
		s.journal.add(rec)
		return
	}
	buf := &buffered{header: http.Header{}}
	s.sim.ServeHTTP(buf, r)
	rec.Operation, rec.Status = obs.Operation(), buf.code()
	d, ok := s.disrupt.take(provider, rec.Operation)
	if ok {
		rec.Disruption = d.kind
	}
	// Journaled before the disruption acts, so that a test waiting on a
	// delayed call already sees it.
	s.journal.add(rec)
	switch {
	case !ok:
	case d.kind == "delay":
		t := time.NewTimer(d.delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		case <-s.done:
		}
	case d.kind == "reset":
		reset(w)
		return
	case d.kind == "malformed":
		buf.malform()
	}
	buf.writeTo(w)
}

// keep reads the first MaxJournalBody bytes of body for the journal and
// returns a body that still yields all of it to the simulator.
func keep(body io.ReadCloser) ([]byte, bool, io.ReadCloser) {
	if body == nil || body == http.NoBody {
		return nil, false, body
	}
	head, _ := io.ReadAll(io.LimitReader(body, MaxJournalBody+1))
	more := len(head) > MaxJournalBody
	kept := head[:min(len(head), MaxJournalBody)]
	return bytes.Clone(kept), more, struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), body), body}
}

// reset drops the connection without an answer: a TCP reset (linger 0)
// where the connection can be taken over, else the server's own abort.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: the stream is reset; net/http logs nothing
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	} else if tc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		if tcp, ok := tc.NetConn().(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
	}
	_ = conn.Close()
}

// statusWriter notes the status the simulator answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code is the status answered (200 when the handler wrote nothing).
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// buffered holds an answer until a disruption has had its say.
type buffered struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *buffered) Header() http.Header { return b.header }

func (b *buffered) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *buffered) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// code is the status answered (200 when the handler wrote nothing).
func (b *buffered) code() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}

// malform cuts the body in half, or makes it "{" where half of it would
// be empty or still valid JSON; a status that allows no body
// becomes 200.
func (b *buffered) malform() {
	half := b.body.Bytes()[:b.body.Len()/2]
	if len(bytes.TrimSpace(half)) == 0 || json.Valid(half) {
		half = []byte("{")
	}
	half = bytes.Clone(half)
	b.body.Reset()
	b.body.Write(half)
	b.header.Del("Content-Length")
	if c := b.code(); c == http.StatusNoContent || c == http.StatusNotModified || c < 200 {
		b.status = http.StatusOK
	}
	if b.header.Get("Content-Type") == "" {
		b.header.Set("Content-Type", "application/json")
	}
}

// writeTo sends the held answer.
func (b *buffered) writeTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.code())
	_, _ = w.Write(b.body.Bytes())
}

// Package hostile is a misbehaving front for tests: http.Handlers that
// wrap a target (usually conform's simulator) and answer as a failing,
// throttling, malicious or silent deployment would. conform's tests put
// one before the simulator to show that no such answer turns a run green,
// grows the harness's memory without bound, hangs it, or writes a raw
// control character to a terminal or a report.
//
// It imports nothing of conform, so that any layer's tests may use it.
package hostile

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

// Escapes is a string of the terminal control sequences a hostile target
// sends: clear screen, a window title (OSC, ended by BEL), cursor up, a
// NUL and a DEL. Nothing of it may reach a console or a report raw.
const Escapes = "\x1b[2J\x1b]0;pwned\x07\x1b[1A\x00\x7f"

// Status answers status (with a Retry-After of 0) to the first n requests
// whose path starts with prefix (every one when n <= 0), and passes the
// rest to next: a control API failing (503) or throttling (429).
func Status(prefix string, status, n int, next http.Handler) http.Handler {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, prefix) && (n <= 0 || seen.Add(1) <= int64(n)) {
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(status)
			fmt.Fprintf(w, "%d %s\n", status, http.StatusText(status))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Silent accepts every request and never answers until the request's
// context ends (the client gives up): an OTP inbox or a fault hook that
// hangs.
func Silent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
}

// Padded passes every request to next and, where next answered a JSON
// object smaller than size bytes, pads it with spaces before its closing
// brace to size bytes: answers of any size that still conform (JSON
// allows any whitespace), so that the verdicts must stay the same however
// large the answers grow.
func Padded(size int, next http.Handler) http.Handler {
	return pad(size, next, func(obj []byte, size int) []byte {
		out := make([]byte, 0, size)
		out = append(out, obj[:len(obj)-1]...)
		out = append(out, bytes.Repeat([]byte(" "), max(size-len(obj), 0))...)
		return append(out, '}')
	})
}

// Nested is Padded with a property "_padding" holding arrays nested 50
// deep, the answer a parser spends most memory on; it conforms only where
// the schema allows additional properties.
func Nested(size int, next http.Handler) http.Handler {
	return pad(size, next, padObject)
}

func pad(size int, next http.Handler, grow func(obj []byte, size int) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		if trimmed := bytes.TrimSpace(body); len(trimmed) > 1 && trimmed[0] == '{' && len(trimmed) < size {
			body = grow(trimmed, size)
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

// ManyHeaders passes every request to next and adds n headers to each
// answer ("X-Hostile-<i>", each 100 bytes).
func ManyHeaders(n int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := strings.Repeat("h", 100)
		for i := range n {
			w.Header().Set("X-Hostile-"+strconv.Itoa(i), v)
		}
		next.ServeHTTP(w, r)
	})
}

// Endless answers 200 with a JSON body that never ends (until the client
// hangs up) to requests whose path starts with prefix, and passes the rest
// to next.
func Endless(prefix string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"a":"`)
		chunk := []byte(strings.Repeat("x", 32<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
}

// Escaping passes every request to next and puts Escapes into the fields
// of the answer a target controls: a header, every string value of a JSON
// error answer (4xx, 5xx), and the start of every body that is not JSON
// (a consent page); successful JSON answers stay whole, so that the
// scenarios reach the pages behind them.
func Escaping(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		switch {
		case len(body) > 0 && body[0] == '{' && rec.status >= 400:
			body = bytes.ReplaceAll(body, []byte(`":"`), []byte(`":"`+jsonEscapes))
		case len(body) > 0 && body[0] != '{' && body[0] != '[':
			body = append([]byte(Escapes), body...)
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		// net/http refuses to send control characters in header values
		// except tab; a raw ESC in a header comes from a front that writes
		// its own bytes, so the header carries the visible part.
		w.Header().Set("X-Hostile", "\t[2J]0;pwned")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

// jsonEscapes is Escapes as a JSON string's content.
const jsonEscapes = `\u001b[2J\u001b]0;pwned\u0007\u001b[1A\u0000\u007f`

// recorder keeps an answer of next so that a front can rewrite it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

// padObject adds "_padding" to a JSON object so that it is size bytes or
// more: arrays nested 50 deep, repeated, a string in each.
func padObject(obj []byte, size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 64)
	b.Write(obj[:len(obj)-1])
	if len(bytes.TrimSpace(obj[1:len(obj)-1])) > 0 {
		b.WriteByte(',')
	}
	b.WriteString(`"_padding":[`)
	nest := strings.Repeat("[", 50) + `"` + strings.Repeat("x", 200) + `"` + strings.Repeat("]", 50)
	for first := true; b.Len() < size; first = false {
		if !first {
			b.WriteByte(',')
		}
		b.WriteString(nest)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// BrokenPages passes every request to next and answers 502 in place of
// every HTML page's status: the scenarios that read a page (a consent
// page) then fail, quoting what the page said.
func BrokenPages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		status := rec.status
		if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			status = http.StatusBadGateway
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		w.Write(rec.body.Bytes())
	})
}

package conformtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
)

// control calls the control API of the test's sandbox in-process (through
// the simulator's handler, no network), so that it goes through the same
// checks as any client's call, and decodes a JSON answer into out (nil
// ignores it). Any status but want fails the test with the simulator's own
// message, prefixed with what the helper was doing.
func (s *Server) control(what, method, path string, body []byte, want int, out any) {
	s.t.Helper()
	s.controlTyped(what, method, path, "application/json", body, want, out)
}

// controlTyped is control with the body's content type: fixtures are YAML.
func (s *Server) controlTyped(what, method, path, contentType string, body []byte, want int, out any) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, "/_control/sandboxes/"+s.id+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	s.sim.ServeHTTP(rec, req)
	if rec.Code != want {
		var e struct {
			Error string `json:"error"`
		}
		msg := rec.Body.String()
		if json.Unmarshal(rec.Body.Bytes(), &e) == nil && e.Error != "" {
			msg = e.Error
		}
		s.t.Fatalf("conformtest: %s: the simulator answered %d: %s", what, rec.Code, msg)
	}
	if out == nil {
		return
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		s.t.Fatalf("conformtest: %s: the simulator's answer does not decode: %v", what, err)
	}
}

// encode is the JSON body of a control request.
func (s *Server) encode(what string, v any) []byte {
	s.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		s.t.Fatalf("conformtest: %s: the request does not encode: %v", what, err)
	}
	return b
}

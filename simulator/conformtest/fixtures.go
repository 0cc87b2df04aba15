package conformtest

import (
	"encoding/json"
	"net/http"
)

// AddFixtures adds to the sandbox what a fixtures document (YAML or JSON,
// the form NewServer takes, without clock) describes: more users,
// inquiries, consent owners, clients, end users, institutions. It returns
// the credentials of what it added; the providers the document leaves out
// have the zero value. A bad document fails the test, and leaves the
// sandbox as it was for the provider whose section is bad.
func (s *Server) AddFixtures(doc string) Credentials {
	s.t.Helper()
	var out struct {
		Credentials map[string]json.RawMessage `json:"credentials"`
	}
	s.controlTyped("AddFixtures", http.MethodPost, "/fixtures", "application/yaml", []byte(doc), http.StatusOK, &out)
	return s.credentials(out.Credentials)
}

package conformtest

import (
	"net/http"
	"time"
)

// AdvanceClock moves the sandbox's clock forward by d, so that tokens, OTPs,
// sessions and lockouts expire without the test waiting. d must be
// positive.
func (s *Server) AdvanceClock(d time.Duration) {
	s.t.Helper()
	if d <= 0 {
		s.t.Fatalf("conformtest: AdvanceClock: the clock only moves forward, got %v", d)
	}
	what := "AdvanceClock(" + d.String() + ")"
	s.control(what, http.MethodPost, "/clock", s.encode(what, map[string]string{"advance": d.String()}), http.StatusOK, nil)
}

package simulator

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// The control API: sandboxes, fixtures, the outbox, the clock and faults,
// documented in specs/control.yaml. Its errors are {"error": "..."}.
func (s *Simulator) routeControl() {
	m := s.mux
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		core.WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "providers": s.names})
	})
	m.HandleFunc("GET /_control/sandboxes", func(w http.ResponseWriter, r *http.Request) {
		core.WriteJSON(w, http.StatusOK, map[string]any{"sandboxes": s.reg.IDs()})
	})
	m.HandleFunc("POST /_control/sandboxes", s.postSandbox)
	m.HandleFunc("DELETE /_control/sandboxes/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == DefaultSandbox && s.reg.Get(DefaultSandbox) != nil {
			// [decided] The walk-throughs and every user of a shared
			// simulator rely on it; a user who wants a clean one makes
			// their own.
			core.ControlError(w, http.StatusConflict, "the default sandbox cannot be deleted: the walk-throughs and other users rely on it; create your own (POST /_control/sandboxes)")
			return
		}
		if !s.reg.Delete(r.PathValue("id")) {
			core.ControlError(w, http.StatusNotFound, "no sandbox %q", r.PathValue("id"))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	m.HandleFunc("POST /_control/sandboxes/{id}/fixtures", s.withSandbox(s.postFixtures))
	m.HandleFunc("GET /_control/sandboxes/{id}/outbox", s.withSandbox(func(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		core.WriteJSON(w, http.StatusOK, map[string]any{"messages": sb.Outbox.List(q.Get("provider"), q.Get("channel"), q.Get("recipient"))})
	}))
	m.HandleFunc("DELETE /_control/sandboxes/{id}/outbox", s.withSandbox(func(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
		sb.Outbox.Clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	m.HandleFunc("GET /_control/sandboxes/{id}/clock", s.withSandbox(writeClock))
	m.HandleFunc("POST /_control/sandboxes/{id}/clock", s.withSandbox(s.postClock))
	m.HandleFunc("GET /_control/sandboxes/{id}/faults", s.withSandbox(func(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
		core.WriteJSON(w, http.StatusOK, map[string]any{"faults": sb.Faults.List()})
	}))
	m.HandleFunc("POST /_control/sandboxes/{id}/faults", s.withSandbox(s.postFault))
	m.HandleFunc("DELETE /_control/sandboxes/{id}/faults", s.withSandbox(func(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
		sb.Faults.Clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	m.HandleFunc("/_control/sandboxes/{id}/{provider}/{rest...}", s.withSandbox(func(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
		p := s.providers[r.PathValue("provider")]
		if p == nil || p.Control == nil {
			core.ControlError(w, http.StatusNotFound, "no control operations for %q", r.PathValue("provider"))
			return
		}
		p.Control(sb, w, r, r.PathValue("rest"))
	}))
	m.HandleFunc("/_control/", func(w http.ResponseWriter, r *http.Request) {
		core.ControlError(w, http.StatusNotFound, "no control operation %s %s", r.Method, r.URL.Path)
	})
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		core.ControlError(w, http.StatusNotFound, "nothing at %s: the providers are under /%s, the control API under /_control", r.URL.Path, strings.Join(s.names, ", /"))
	})
}

// withSandbox finds the sandbox of the path and runs h with it locked. The
// body is read whole first: a slow upload must never hold a sandbox's lock
// (every request of that sandbox would wait on it).
func (s *Simulator) withSandbox(h func(sb *core.Sandbox, w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sb := s.reg.Get(r.PathValue("id"))
		if sb == nil {
			core.ControlError(w, http.StatusNotFound, "no sandbox %q", r.PathValue("id"))
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sb.Lock()
		defer sb.Unlock()
		h(sb, w, r)
	}
}

func (s *Simulator) postSandbox(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	out, err := s.createSandbox("", body)
	if err != nil {
		status := http.StatusInternalServerError
		switch {
		case errors.Is(err, ErrFixtures):
			status = http.StatusBadRequest
		case errors.Is(err, core.ErrTooManySandboxes), errors.Is(err, core.ErrServerBudget):
			status = http.StatusTooManyRequests
		case errors.Is(err, core.ErrSandboxBudget):
			status = http.StatusRequestEntityTooLarge
		}
		core.ControlError(w, status, "%v", err)
		return
	}
	w.Header().Set("Location", "/_control/sandboxes/"+out.ID)
	core.WriteJSON(w, http.StatusCreated, out)
}

func (s *Simulator) postFixtures(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	fx, err := ParseFixtures(body, s.names)
	if err != nil {
		core.ControlError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if fx.Clock != nil {
		core.ControlError(w, http.StatusBadRequest, "fixtures: clock can only be set when the sandbox is created; use POST .../clock to advance it")
		return
	}
	if err := s.reg.Charge(sb, int64(len(body))); err != nil {
		status := http.StatusRequestEntityTooLarge
		if errors.Is(err, core.ErrServerBudget) {
			status = http.StatusTooManyRequests
		}
		core.ControlError(w, status, "%v", err)
		return
	}
	out, err := s.apply(sb, fx, false)
	if err != nil {
		core.ControlError(w, http.StatusBadRequest, "%v", err)
		return
	}
	core.WriteJSON(w, http.StatusOK, out)
}

func writeClock(sb *core.Sandbox, w http.ResponseWriter, _ *http.Request) {
	core.WriteJSON(w, http.StatusOK, map[string]any{
		"now":    sb.Clock.Now().UTC().Format(time.RFC3339Nano),
		"offset": sb.Clock.Offset().String(),
	})
}

func (s *Simulator) postClock(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
	var req struct {
		Advance string `json:"advance"`
	}
	if !decodeStrict(w, r, &req) {
		return
	}
	d, err := time.ParseDuration(req.Advance)
	if err != nil || d <= 0 {
		core.ControlError(w, http.StatusBadRequest, "advance must be a positive duration such as \"6m\" or \"30m1s\", got %q", req.Advance)
		return
	}
	if !sb.Clock.Advance(d) {
		core.ControlError(w, http.StatusBadRequest, "advance %s would move the sandbox clock more than %s from its start in all (it stands %s ahead)", req.Advance, core.MaxClockOffset, sb.Clock.Offset())
		return
	}
	writeClock(sb, w, r)
}

func (s *Simulator) postFault(sb *core.Sandbox, w http.ResponseWriter, r *http.Request) {
	var req struct {
		Provider  string `json:"provider"`
		Operation string `json:"operation"`
		Status    int    `json:"status"`
		Times     *int   `json:"times"`
		Code      string `json:"code"`
	}
	if !decodeStrict(w, r, &req) {
		return
	}
	// An absent times means once; an explicit 0 means until cleared.
	f := core.Fault{Provider: req.Provider, Operation: req.Operation, Status: req.Status, Times: 1, Code: req.Code}
	if req.Times != nil {
		f.Times = *req.Times
	}
	p := s.providers[f.Provider]
	if p == nil {
		core.ControlError(w, http.StatusBadRequest, "unknown provider %q (known: %v)", f.Provider, s.names)
		return
	}
	spec := p.SpecOf(sb)
	op, ok := spec.Operation(f.Operation)
	if !ok {
		ids := []string{}
		for _, o := range spec.Operations() {
			ids = append(ids, o.ID)
		}
		core.ControlError(w, http.StatusBadRequest, "%s has no operation %q (operations: %v)", f.Provider, f.Operation, ids)
		return
	}
	// Only documented statuses: a fault is there to exercise what the spec
	// promises, and a response the spec does not know would be a simulator bug.
	// A `default` response documents every error status the operation
	// does not list.
	if !op.Documents(f.Status) && !(op.HasDefault() && f.Status >= 400 && f.Status <= 599) {
		core.ControlError(w, http.StatusBadRequest, "%s %s does not document status %d (documented: %v)", f.Provider, f.Operation, f.Status, op.Statuses)
		return
	}
	// Only codes of the sandbox's version: another version's code would be
	// an answer no reference of this one allows; a code where the status
	// documents none would be silently dropped, so it is refused too.
	if codes := p.VersionErrorCodes(sb.Version(p.Name), op.ID, f.Status); f.Code != "" && !slices.Contains(codes, f.Code) {
		version := sb.Version(p.Name)
		if version == "" {
			version = p.VersionNames()[0]
		}
		core.ControlError(w, http.StatusBadRequest, "%s %s (version %s) has no code %q for status %d (codes: %v)", f.Provider, f.Operation, version, f.Code, f.Status, codes)
		return
	}
	if f.Times < 0 {
		core.ControlError(w, http.StatusBadRequest, "times must be 0 (until cleared) or more, got %d", f.Times)
		return
	}
	sb.Faults.Add(f)
	core.WriteJSON(w, http.StatusCreated, f)
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Body == nil {
		// A client-side request handed over in-process: no body at all.
		return nil, true
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, core.MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		core.ControlError(w, http.StatusRequestEntityTooLarge, "the body is over the control API's limit of %d bytes", core.MaxBodyBytes)
		return nil, false
	}
	if err != nil {
		core.ControlError(w, http.StatusBadRequest, "the body could not be read: %v", err)
		return nil, false
	}
	return b, true
}

func decodeStrict(w http.ResponseWriter, r *http.Request, v any) bool {
	b, ok := readBody(w, r)
	if !ok {
		return false
	}
	if err := strictJSON(b, v); err != nil {
		core.ControlError(w, http.StatusBadRequest, "the body is not the expected JSON: %v", err)
		return false
	}
	return true
}

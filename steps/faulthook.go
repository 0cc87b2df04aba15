package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// faultHookKey names the config key of the fault hook in messages; its URL
// is never shown, since a deployment may carry a token in it.
const faultHookKey = "config faults.url"

// hasFaultHook says whether the target arms faults through a hook of its
// own instead of the control API.
func (e *Env) hasFaultHook() bool {
	return e.Target.Control == "" && e.Target.Config != nil && e.Target.Config.Faults != nil
}

// declaresRateLimit says whether the target, without the control API,
// declares a provider's rate limit (providers.<p>.rateLimit).
func (e *Env) declaresRateLimit() bool {
	if e.Target.Control != "" || e.Target.Config == nil {
		return false
	}
	for _, p := range e.Target.Config.Providers {
		if p != nil && p.RateLimit != nil {
			return true
		}
	}
	return false
}

// callFaultHook POSTs a fault to the deployment's fault hook (config
// faults), which must answer 2xx. Like a failing control call, a hook that
// fails leaves the scenario unjudged (ERROR), never failed: it says
// nothing of the provider's API. Its call is not recorded as an exchange.
func (w *World) callFaultHook(ctx context.Context, fault map[string]any) error {
	hook := w.env.Target.Config.Faults
	if p, _ := fault["provider"].(string); w.gate != nil && w.gate.Lane() != "" && p != w.gate.Lane() {
		// The gate keeps only the scenario's own provider's scenarios away.
		w.erred = true
		return fmt.Errorf("step library: a %s scenario arms a fault on %s, whose scenarios the gate does not keep away", w.gate.Lane(), p)
	}
	b, err := json.Marshal(fault)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("fault hook (%s): %w", faultHookKey, err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hook.Headers {
		req.Header.Set(k, v)
	}
	// Sent again only when it never had a connection (roundTrip): a hook
	// that armed a fault twice would make the scenario's second call fail.
	resp, err := roundTrip(w.env.Target.Client, req, w.env.Retries)
	if err != nil {
		w.erred = true
		return &TransportError{Method: http.MethodPost, Path: "(" + faultHookKey + ")", Reason: "fault hook: " + w.Secrets.String(strings.ReplaceAll(describeTransportError(err), hook.URL, faultHookKey)), Err: err}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		w.erred = true
		return &FaultHookError{Status: resp.StatusCode, Fault: string(b), Body: w.Secrets.String(string(bytes.TrimSpace(body)))}
	}
	return nil
}

// FaultHookError is a fault hook that answered, but not 2xx: the fault
// was not armed, so the scenario is unjudged (ERROR). It names the hook,
// not the target, which answered nothing wrong; the payload it quotes
// carries no secret (provider, operation, status, times, code).
type FaultHookError struct {
	// Status is the hook's answer.
	Status int
	// Fault is the JSON document POSTed to the hook.
	Fault string
	// Body is the start of the hook's answer, secrets masked.
	Body string
}

// Error names the hook, its answer and the fault it did not arm.
func (e *FaultHookError) Error() string {
	msg := fmt.Sprintf("the fault hook (%s) answered %d, not 2xx: it did not arm the fault %s", faultHookKey, e.Status, e.Fault)
	if e.Status == http.StatusBadRequest || e.Status == http.StatusNotFound || e.Status == http.StatusUnprocessableEntity {
		// The likely cause of a refusal: a hook that expects other names.
		msg += " (a hook receives the provider's own operationId, docs/certify.md \"A fault hook instead of the control API\")"
	}
	if e.Body != "" {
		msg += "; it said: " + e.Body
	}
	return msg
}

// enterGate takes the scenario's lane of the run's Gate, exclusively when
// it needs faults, where the target arms faults through a hook, or its
// provider's declared rate limit (whose budget no other scenario may
// spend meanwhile): before any fixture, so that it never waits for the
// gate holding one.
func (w *World) enterGate(ctx context.Context, lane string, needs []Need) error {
	if w.env.Gate == nil || !(w.env.hasFaultHook() || w.env.declaresRateLimit()) {
		return nil
	}
	exclusive := false
	for _, n := range needs {
		if n.Capability == Faults && w.env.hasFaultHook() || n.Capability.Kind() == KindRateLimit && w.env.declaresRateLimit() {
			exclusive = true
		}
	}
	h, err := w.env.Gate.Enter(ctx, lane, exclusive)
	if err != nil {
		return err
	}
	w.gate = h
	return nil
}

// leaveGate ends the scenario's hold on the Gate.
func (w *World) leaveGate() {
	w.env.Gate.Leave(w.gate)
	w.gate = nil
}

package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// control calls conform's control API at the target and decodes its JSON
// answer into out (when non-nil). Its requests are not recorded as
// exchanges: they are the harness's own plumbing, not the target's API.
func (w *World) control(ctx context.Context, method, path string, in, out any) error {
	if !w.HasControl() {
		return w.NotApplicablef("the target offers no control API (needed to %s %s)", method, path)
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(w.env.Target.Control, "/")+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := w.env.Target.Config.ControlToken; tok != "" {
		req.Header.Set(ControlTokenHeader, tok)
	}
	// The same rule as the scenario's own requests: sent again only when
	// that cannot make the control API act twice (roundTrip).
	resp, err := roundTrip(w.env.Target.Client, req, w.env.Retries)
	if err != nil {
		w.erred = true
		return &TransportError{Method: method, Path: path, Reason: "control API: " + w.Secrets.String(describeTransportError(err)), Err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
	if err != nil {
		return fmt.Errorf("control API %s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		// conform's own plumbing failed, not the target's API: the
		// scenario cannot be judged.
		w.erred = true
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return fmt.Errorf("the control API answered %d to %s %s: %s", resp.StatusCode, method, path, w.Secrets.String(e.Error))
		}
		return fmt.Errorf("the control API answered %d to %s %s", resp.StatusCode, method, path)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("control API %s %s: unexpected answer: %w", method, path, err)
		}
	}
	return nil
}

type sandboxAnswer struct {
	ID          string                     `json:"id"`
	Credentials map[string]json.RawMessage `json:"credentials"`
}

// createSandbox gives the scenario its own sandbox with generated
// credentials for every provider, serving the versions under test, its
// clock frozen at the wall clock's now: time then passes only as the
// scenario advances it, so that "4m59s" is 4m59s however far away the
// target is and however long its round trips take (on a clock that
// followed the wall, a scenario 50 ms away from a busy target could see a
// second pass between its challenge and its answer, and fail).
func (w *World) createSandbox(ctx context.Context) error {
	var sb sandboxAnswer
	doc := map[string]any{"clock": map[string]any{"start": time.Now().UTC().Format(time.RFC3339Nano)}}
	if len(w.env.SandboxVersions) > 0 {
		doc["versions"] = w.env.SandboxVersions
	}
	// The sandbox takes the deployment's declared timings, so that the
	// clock steps, which advance by them, and the sandbox agree.
	// So are its declared limits, each a key of the provider's sandbox
	// document (Weavr's lockoutThreshold, wrongCodeAttempts).
	for _, v := range w.env.Vocabularies {
		declared := w.env.Target.Config.Provider(v.Name).Timings
		limits := w.env.Target.Config.Provider(v.Name).Limits
		if len(declared) == 0 && len(limits) == 0 {
			continue
		}
		pdoc := map[string]any{}
		if len(declared) > 0 {
			t := map[string]string{}
			for name, d := range declared {
				t[name] = d.String()
			}
			pdoc["timings"] = t
		}
		for name, n := range limits {
			pdoc[name] = n
		}
		doc[v.Name] = pdoc
	}
	if err := w.control(ctx, http.MethodPost, "/_control/sandboxes", doc, &sb); err != nil {
		return err
	}
	w.Sandbox = sb.ID
	return w.applyCredentials(sb.Credentials)
}

func (w *World) applyCredentials(creds map[string]json.RawMessage) error {
	for p, raw := range creds {
		if err := w.SetCredentials(p, raw); err != nil {
			return err
		}
		if v, ok := w.env.vocabulary(p); ok && v.Credentials != nil {
			v.Credentials(w)
		}
	}
	return nil
}

func (w *World) deleteSandbox(ctx context.Context) error {
	if w.Sandbox == "" {
		return nil
	}
	return w.control(ctx, http.MethodDelete, "/_control/sandboxes/"+w.Sandbox, nil, nil)
}

// AddFixtures adds a fixtures document to the scenario's sandbox. The
// credentials it returns are merged into the World's.
func (w *World) AddFixtures(ctx context.Context, doc map[string]any) error {
	var sb sandboxAnswer
	if err := w.control(ctx, http.MethodPost, "/_control/sandboxes/"+w.Sandbox+"/fixtures", doc, &sb); err != nil {
		return err
	}
	return w.applyCredentials(sb.Credentials)
}

// Provision makes a fixture of some kind available to the scenario. With
// the control API it is created in the scenario's sandbox from section
// (the provider's fixtures section); without, it must be pre-provisioned
// in the config file under providers.<provider>.fixtures.<kind>, and the
// scenario is not applicable when it is not.
func (w *World) Provision(ctx context.Context, provider, kind string, section map[string]any) (map[string]any, error) {
	if w.HasControl() {
		if err := w.AddFixtures(ctx, map[string]any{provider: section}); err != nil {
			return nil, err
		}
		return section, nil
	}
	if v, ok := w.env.vocabulary(provider); ok && !slices.Contains(v.FixtureKinds, kind) {
		// A step asked for a kind its vocabulary does not declare: a config
		// could never provide it, so the list must be kept true.
		return nil, fmt.Errorf("step library: %s fixture kind %q is not declared in its vocabulary's FixtureKinds", provider, kind)
	}
	if len(w.env.Target.Config.Provider(provider).Fixtures[kind]) == 0 {
		return nil, w.NotApplicableLacking(Fixture(provider, kind))
	}
	l, err := w.leaseFixture(ctx, provider, kind)
	if err != nil {
		return nil, err
	}
	return l.Fixture, nil
}

// advanceSandboxClock moves the sandbox's clock forward through the
// control API.
func (w *World) advanceSandboxClock(ctx context.Context, d time.Duration) error {
	return w.control(ctx, http.MethodPost, "/_control/sandboxes/"+w.Sandbox+"/clock", map[string]string{"advance": d.String()}, nil)
}

// Clock returns the time of the sandbox's clock, which AdvanceClock moves.
func (w *World) Clock(ctx context.Context) (time.Time, error) {
	var clk struct {
		Now time.Time `json:"now"`
	}
	err := w.control(ctx, http.MethodGet, "/_control/sandboxes/"+w.Sandbox+"/clock", nil, &clk)
	return clk.Now, err
}

// AddFault makes the next times calls of an operation answer status:
// through the control API, or else the deployment's fault hook (config
// faults), which takes the same document.
func (w *World) AddFault(ctx context.Context, provider, operation string, status, times int, code string) error {
	f := map[string]any{"provider": provider, "operation": operation, "status": status, "times": times}
	if code != "" {
		f["code"] = code
	}
	if w.env.hasFaultHook() {
		return w.callFaultHook(ctx, f)
	}
	return w.control(ctx, http.MethodPost, "/_control/sandboxes/"+w.Sandbox+"/faults", f, nil)
}

// OutboxMessage is one message of the sandbox's outbox.
type OutboxMessage struct {
	Provider  string `json:"provider"`
	Channel   string `json:"channel"`
	Recipient string `json:"recipient"`
	OTP       string `json:"otp"`
	Text      string `json:"text"`
}

// Outbox returns the messages sent to a recipient ("" for all), oldest
// first. OTPs read from it are remembered as secrets.
func (w *World) Outbox(ctx context.Context, recipient string) ([]OutboxMessage, error) {
	var out struct {
		Messages []OutboxMessage `json:"messages"`
	}
	path := "/_control/sandboxes/" + w.Sandbox + "/outbox"
	if recipient != "" {
		path += "?recipient=" + urlQueryEscape(recipient)
	}
	if err := w.control(ctx, http.MethodGet, path, nil, &out); err != nil {
		return nil, err
	}
	for _, m := range out.Messages {
		w.Secrets.Add(m.OTP)
	}
	return out.Messages, nil
}

// Control calls a provider's own control operations
// (/_control/sandboxes/{id}/<provider>/<rest>).
func (w *World) Control(ctx context.Context, method, provider, rest string, in, out any) error {
	return w.control(ctx, method, "/_control/sandboxes/"+w.Sandbox+"/"+provider+"/"+rest, in, out)
}

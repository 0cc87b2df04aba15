package runner

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// inProcessURL is the made-up root of the built-in simulator: requests to
// it never touch the network.
const inProcessURL = "http://simulator.conform.invalid"

// handlerTransport serves requests with an http.Handler in-process, so the
// built-in simulator costs no sockets.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// BuiltIn is the simulator of the listed providers, in-process, with no
// default sandbox: each scenario makes its own.
func BuiltIn(list provider.List, timeout time.Duration) (*steps.Target, error) {
	sim, err := simulator.New(simulator.Options{Providers: list.Simulators(), NoDefaultSandbox: true})
	if err != nil {
		return nil, err
	}
	return &steps.Target{
		Name:        "built-in simulator",
		Client:      &http.Client{Transport: handlerTransport{sim}, Timeout: timeout},
		Control:     inProcessURL,
		ControlNote: "control API: built in",
		Config:      &config.Config{Target: inProcessURL},
	}, nil
}

// probeAttempts is how often a probe is tried before the target is judged:
// one lost connection must not decide whether a run uses the control API.
const probeAttempts = 3

// Remote points at a deployment and finds out whether it offers the
// control API. An unreachable target is an error (exit 2), not a run of
// failing scenarios; so is a target whose control API could not be probed
// ("auto" with no answer after retries): a run that silently went on
// without it would turn scenarios not applicable and could exit 0.
func Remote(ctx context.Context, cfg *config.Config, timeout time.Duration) (*steps.Target, error) {
	transport := remoteTransport()
	if cfg.CACert != "" {
		pool, err := caPool(cfg.CACert)
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	client := &http.Client{Transport: transport, Timeout: timeout, CheckRedirect: noRedirect}
	probe := cmp.Or(cfg.Target, firstBaseURL(cfg))
	t := &steps.Target{Name: probe, Client: client, Config: cfg}
	if probe == "" {
		return nil, fmt.Errorf("no target: give --target URL or a config file with target or providers.<name>.baseUrl")
	}
	if _, err := get(ctx, client, probe, false); err != nil {
		return nil, fmt.Errorf("the target %s %s", probe, describe(err, timeout))
	}
	if declaredControl(t, cfg) {
		return t, nil
	}
	if cfg.Target == "" {
		t.ControlNote = "control API: not probed (no target URL, only base URLs)"
		return t, nil
	}
	url := strings.TrimSuffix(cfg.Target, "/") + "/_control/sandboxes"
	found, what, err := probeControl(ctx, client, url, cfg.ControlToken)
	if errors.Is(err, errNeedsToken) {
		return nil, fmt.Errorf("%s: GET %s %w", cfg.Target, url, err)
	}
	var unsettledProbe *UnsettledProbe
	if errors.As(err, &unsettledProbe) {
		return nil, fmt.Errorf("could not tell whether %s offers conform's control API: %w (set control: yes or no in the config to skip the probe)", cfg.Target, err)
	}
	if err != nil {
		return nil, fmt.Errorf("could not tell whether %s offers conform's control API: GET %s %s (set control: yes or no in the config to skip the probe)", cfg.Target, url, describe(err, timeout))
	}
	if found {
		t.Control = cfg.Target
	}
	t.ControlNote = "control API: " + what
	return t, nil
}

// caPool is the system's certificates and those of file (PEM).
func caPool(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--cacert: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("--cacert %s: no PEM certificate in it", file)
	}
	return pool, nil
}

// declaredControl obeys a config's control: yes or no, setting the
// target's control root and note, and reports whether it did; for auto
// the caller probes, or says it did not.
func declaredControl(t *steps.Target, cfg *config.Config) bool {
	switch cfg.Control {
	case "yes":
		t.Control = cfg.Target
		t.ControlNote = "control API: used, as the config says (control: yes)"
	case "no":
		t.ControlNote = "control API: not used, as the config says (control: no)"
	default:
		return false
	}
	return true
}

// firstBaseURL is the base URL of the first provider (by name) that has
// one: a target's name and probe when the config gives no target URL.
func firstBaseURL(cfg *config.Config) string {
	for _, name := range slices.Sorted(maps.Keys(cfg.Providers)) {
		if p := cfg.Providers[name]; p != nil && p.BaseURL != "" {
			return p.BaseURL
		}
	}
	return ""
}

// noRedirect keeps every 3xx: the harness's own calls (probes, the control
// API) never follow one, so that nothing they carry reaches a host the
// config did not name. Scenario requests decide for themselves (steps).
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// errNeedsToken is a control API that is there but refuses the harness
// without its token: a run without it would turn scenarios not applicable.
var errNeedsToken = errors.New("answered 401: conform's control API is there but needs its token (controlToken in the config, or --control-token)")

// probeControl asks for the list of sandboxes. found: conform's control
// API answered; otherwise what says which definite answer showed it absent.
// err is set when no attempt got any answer, and when every attempt got a
// 5xx or a 429 (an *UnsettledProbe): a target that is failing or
// throttling has said nothing about whether it offers the control API, and
// reading that as "no control API" would turn its scenarios not
// applicable and could pass the run.
func probeControl(ctx context.Context, client *http.Client, url, token string) (found bool, what string, err error) {
	resp, err := get(ctx, client, url, true, steps.ControlTokenHeader, token)
	if err != nil {
		return false, "", err
	}
	if unsettled(resp.status) {
		return false, "", &UnsettledProbe{URL: url, Status: resp.status, Attempts: probeAttempts}
	}
	if resp.status == http.StatusUnauthorized && strings.Contains(string(resp.body), steps.ControlTokenHeader) {
		return false, "", errNeedsToken
	}
	var v struct {
		Sandboxes []string `json:"sandboxes"`
	}
	if resp.status == http.StatusOK && json.Unmarshal(resp.body, &v) == nil && v.Sandboxes != nil {
		return true, "found (GET " + url + " lists its sandboxes)", nil
	}
	return false, fmt.Sprintf("absent (GET %s answered %d, not conform's list of sandboxes)", url, resp.status), nil
}

// UnsettledProbe is a control-API probe whose every attempt was answered
// with a 5xx or a 429: the run stops (exit 2) rather than go on as if the
// target had no control API.
type UnsettledProbe struct {
	URL      string
	Status   int
	Attempts int
}

func (e *UnsettledProbe) Error() string {
	return fmt.Sprintf("GET %s answered %d %s to each of %d attempts (with back-off): a failing or throttling target says nothing about whether it offers conform's control API", e.URL, e.Status, http.StatusText(e.Status), e.Attempts)
}

// unsettled is a status that says the target could not answer now (a
// server error, a rate limit), not what it offers.
func unsettled(status int) bool {
	return status >= 500 || status == http.StatusTooManyRequests
}

type answer struct {
	status int
	body   []byte
}

// probeBackoff is the wait before the second attempt; it doubles after,
// and a Retry-After up to maxProbeBackoff is obeyed instead.
const (
	probeBackoff    = 200 * time.Millisecond
	maxProbeBackoff = 5 * time.Second
)

// get fetches url, retrying up to probeAttempts times with back-off when
// no answer came (a dropped connection, a timeout) and, when
// retryUnsettled, when the answer was a 5xx or a 429; any other HTTP
// answer is final. The last answer is returned.
func get(ctx context.Context, client *http.Client, url string, retryUnsettled bool, header ...string) (*answer, error) {
	var last error
	var wait time.Duration
	for attempt := range probeAttempts {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, context.Cause(ctx)
			case <-time.After(wait):
			}
		}
		wait = probeBackoff << attempt
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		for i := 0; i+1 < len(header); i += 2 {
			if header[i+1] != "" {
				req.Header.Set(header[i], header[i+1])
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			last = err
			continue
		}
		// As much as a scenario's answer may be: a large list of
		// sandboxes is still conform's control API.
		b, err := io.ReadAll(io.LimitReader(resp.Body, steps.MaxResponseBytes))
		resp.Body.Close()
		if err != nil {
			last = err
			continue
		}
		a := &answer{status: resp.StatusCode, body: b}
		if !retryUnsettled || !unsettled(a.status) || attempt == probeAttempts-1 {
			return a, nil
		}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			wait = min(time.Duration(s)*time.Second, maxProbeBackoff)
		}
		last = nil
	}
	return nil, last
}

// describe tells a slow target from an unreachable one.
func describe(err error, timeout time.Duration) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Sprintf("is slow: no answer within the timeout (%s) after %d attempts; raise --timeout if it is merely slow", timeout, probeAttempts)
	}
	return fmt.Sprintf("is unreachable after %d attempts: %v", probeAttempts, err)
}

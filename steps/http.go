package steps

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
)

// MaxResponseBytes bounds what is read of a response: a target answering
// an endless body fails the step instead of exhausting memory.
const MaxResponseBytes = 4 << 20

// Request is one request a step sends to a provider.
type Request struct {
	Method string
	// Path is relative to the provider's base URL and may carry a query.
	Path string
	// Body is sent as is; ContentType defaults to application/json when
	// there is a body.
	Body        string
	ContentType string
	// Header adds to (or, with an empty value, removes from) the default
	// headers.
	Header http.Header
	// NoRedirect keeps a 3xx response instead of following it; it is the
	// default, kept for the steps that say so.
	NoRedirect bool
	// Follow follows redirects within the same origin (scheme, host and
	// port), for the scenarios that ask; a redirect to another origin is
	// never followed, so that no credential reaches a host the config did
	// not name.
	Follow bool
	// Verbatim sends Path and Body as they are, unexpanded: a body built
	// from secrets must not have a "{{" in a secret taken for a variable.
	Verbatim bool
}

// Send sends a request to the current provider, records it, and validates
// the response against the provider's spec. Placeholders ({{name}}) in the
// path, body and headers are expanded first.
func (w *World) Send(ctx context.Context, req Request) error {
	if w.Provider == "" {
		return fmt.Errorf(`no provider chosen: start the scenario with "Given I use the <provider> API" (%s)`, w.env.titles())
	}
	return w.SendTo(ctx, w.Provider, req)
}

// sentRequest is a request as a step asked for it, to send again.
type sentRequest struct {
	provider string
	req      Request
}

// SendTo is Send to a named provider.
func (w *World) SendTo(ctx context.Context, provider string, req Request) error {
	w.lastRequest = &sentRequest{provider: provider, req: req}
	path, body := req.Path, req.Body
	if !req.Verbatim {
		var err error
		if path, err = w.Expand(path); err != nil {
			return err
		}
		if body, err = w.Expand(body); err != nil {
			return err
		}
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u := w.BaseURL(provider) + path
	hr, err := http.NewRequestWithContext(ctx, req.Method, u, strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("cannot build the request %s %s: %w", req.Method, path, err)
	}
	for k, vs := range w.headers[provider] {
		hr.Header[k] = append([]string(nil), vs...)
	}
	if body != "" {
		ct := req.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			v, err := w.Expand(v)
			if err != nil {
				return err
			}
			if v == "" {
				hr.Header.Del(k)
			} else {
				hr.Header.Set(k, v)
			}
		}
	}
	for k := range w.omit[provider] {
		hr.Header.Del(k)
	}
	for waits := 0; ; waits++ {
		// A fresh body for each send, with the length the first had: an
		// empty body stays "no body" (not a chunked one, which a server
		// reads differently and which kept it from noticing a client that
		// gave up).
		next := hr.Clone(ctx)
		next.Body, next.ContentLength = http.NoBody, 0
		if body != "" {
			next.Body, next.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
		}
		next.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }
		if err := w.do(provider, next, body, !req.Follow || req.NoRedirect, true); err != nil {
			return err
		}
		if w.last.Status != http.StatusTooManyRequests || w.expects429 || waits == maxRateWaits {
			return nil
		}
		// The target is rate-limiting the run, not failing this scenario:
		// wait as it asks (the 429 was recorded and judged by the spec),
		// then send the request again.
		if err := SleepUntil(ctx, time.Now().Add(rateWait(w.last.Header))); err != nil {
			return err
		}
	}
}

// Visit requests a page outside the provider's spec (a consent page the
// provider's end users see) without following redirects: recorded and
// redacted like an API call, but not validated, since no operation
// describes it. A non-nil form is sent as application/x-www-form-urlencoded.
func (w *World) Visit(ctx context.Context, provider, method, rawURL string, form url.Values) error {
	var body string
	if form != nil {
		body = form.Encode()
	}
	hr, err := http.NewRequestWithContext(ctx, method, rawURL, strings.NewReader(body))
	if err != nil {
		return fmt.Errorf("cannot build the request %s %s: %w", method, w.redactURL(rawURL), err)
	}
	hr.Header.Set("Accept", "text/html")
	if form != nil {
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return w.do(provider, hr, body, true, false)
}

// do sends a request, records the exchange redacted, and validates the
// response against the provider's spec when validate is set.
func (w *World) do(provider string, hr *http.Request, body string, noRedirect, validate bool) error {
	c := *w.env.Target.Client
	c.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if noRedirect || !sameOrigin(next.URL, via[0].URL) {
			return http.ErrUseLastResponse
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	client := &c
	// Remember the request's secrets (credential headers, secret body
	// fields) before anything is recorded: a target that echoes them in an
	// error message or a header must not leak them into the reports.
	w.Secrets.Learn(hr.URL.String(), hr.Header, []byte(body))
	x := Exchange{
		Method:         hr.Method,
		URL:            w.redactURL(hr.URL.String()),
		RequestHeaders: w.redactHeader(hr.Header),
		RequestBody:    w.redactRequestBody(hr.Header.Get("Content-Type"), body),
	}
	// The previous answer is let go before the next arrives: a scenario
	// holds one body at a time, however large the answers.
	w.last = nil
	start := time.Now()
	g := guardFrom(hr.Context())
	w.erred = false
	resp, err := roundTrip(client, hr, w.env.Retries)
	// For real waits: the target handled the request between these two.
	defer func() { w.lastSent, w.lastAnswered = start, time.Now() }()
	defer w.env.noteRequest(provider)
	if err != nil {
		x.Duration = time.Since(start)
		x.Error = w.Secrets.String(describeTransportError(err))
		w.record(x)
		w.last = nil
		w.erred = true
		g.unanswered(hr.Method + " " + w.redactURL(hr.URL.String()) + ": " + x.Error)
		return &TransportError{Method: hr.Method, Path: hr.URL.Path, Reason: x.Error, Err: err}
	}
	g.answered()
	defer resp.Body.Close()
	b, err := readBody(resp)
	x.Duration = time.Since(start)
	x.Status = resp.StatusCode
	// Remember what the target issues (tokens in secret fields, cookies),
	// so that it is masked wherever else it appears.
	w.Secrets.Learn("", resp.Header, b)
	x.ResponseHeaders, x.HeadersDropped = boundHeader(w.redactHeader(resp.Header), w.env.maxRecorded())
	if err != nil {
		x.Error = w.Secrets.String("the response body could not be read: " + err.Error())
		w.record(x)
		w.last = nil
		w.erred = true
		return &TransportError{Method: hr.Method, Path: hr.URL.Path, Reason: x.Error, Err: err}
	}
	if len(b) > MaxResponseBytes {
		x.Error = fmt.Sprintf("the response body exceeds %d bytes", MaxResponseBytes)
		w.record(x)
		w.last = nil
		return fmt.Errorf("%s %s: %s", hr.Method, hr.URL.Path, x.Error)
	}
	// Judging a large body (masking it, decoding it against its schema)
	// takes a few times its size for a while: the run judges at most
	// JudgingBudget bytes of them at once, so that many large answers in
	// flight do not add up.
	if weight := int64(len(b)); weight > int64(w.env.maxRecorded()) && w.env.judging != nil {
		weight = min(weight, JudgingBudget)
		if err := w.env.judging.Acquire(hr.Context(), weight); err != nil {
			return err
		}
		defer w.env.judging.Release(weight)
	}
	x.ResponseBody, x.ResponseBodySize, x.ResponseBodySHA256 = w.recordBody(b)
	rel := w.relativePath(provider, resp.Request.URL)
	w.last = &Response{Provider: provider, Method: resp.Request.Method, Path: rel, Status: resp.StatusCode, Header: resp.Header, Body: b}

	x.Provider = provider
	if spec := w.env.Specs[provider]; spec != nil {
		if op, _, err := spec.Match(resp.Request.Method, rel); err == nil {
			x.Operation = op.ID
		}
	}
	var vs oas.Violations
	if spec := w.env.Specs[provider]; validate && spec != nil && !isRedirect(resp.StatusCode) {
		_, vs = spec.ValidateResponse(oas.Response{Method: resp.Request.Method, Path: rel, Status: resp.StatusCode, Header: resp.Header, Body: b})
	}
	if len(vs) > 0 {
		vs = w.acceptNewest(provider, oas.Response{Method: resp.Request.Method, Path: rel, Status: resp.StatusCode, Header: resp.Header, Body: b}, vs)
	}
	for _, v := range vs {
		x.Violations = append(x.Violations, w.Secrets.String(v.Error()))
	}
	w.record(x)
	if len(vs) > 0 {
		return fmt.Errorf("the response breaks the %s spec:\n  %s", provider, strings.Join(x.Violations, "\n  "))
	}
	return nil
}

// DefaultMaxRecorded is how much of a response body, and of its headers,
// an exchange keeps by default (--max-recorded): 64 KiB.
const DefaultMaxRecorded = 64 << 10

func (e *Env) maxRecorded() int {
	if e.MaxRecorded > 0 {
		return e.MaxRecorded
	}
	return DefaultMaxRecorded
}

// recordBody is what an exchange keeps of a response body: redacted whole
// (structure masking needs the whole document), then cut to the run's
// bound with a note of what was left out; with the size and SHA-256 of
// the body as it was sent.
func (w *World) recordBody(b []byte) (kept string, size int, digest string) {
	if len(b) == 0 {
		return "", 0, ""
	}
	sum := sha256.Sum256(b)
	limit := w.env.maxRecorded()
	if len(b) <= limit {
		return w.redactWhole(b), len(b), hex.EncodeToString(sum[:])
	}
	// Masked by structure whole, by value only in what is kept (with a
	// margin, so that a secret across the cut is masked whole): one copy
	// of a large body, not three.
	masked := redact.JSON(b)
	kept = w.Secrets.String(string(masked[:min(len(masked), limit+secretMargin)]))
	if len(kept) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(kept[cut]) {
			cut--
		}
		// A fresh string, so that the whole redacted body is not kept
		// alive by the prefix that shares its memory.
		kept = strings.Clone(kept[:cut]) + fmt.Sprintf("\n… [conform: %d of %d bytes shown (--max-recorded), sha256:%x]", cut, len(b), sum)
	}
	return kept, len(b), hex.EncodeToString(sum[:])
}

// JudgingBudget is how many bytes of large response bodies (above
// Env.MaxRecorded) a run judges at once: 32 MiB.
const JudgingBudget = 32 << 20

// secretMargin is how far past the cut a kept body is masked by value.
const secretMargin = 4 << 10

// readBody reads a response body of at most MaxResponseBytes (one byte
// more tells a larger one), into one buffer of the announced length where
// there is one, so that a large answer is not copied while it is read.
func readBody(resp *http.Response) ([]byte, error) {
	r := io.LimitReader(resp.Body, MaxResponseBytes+1)
	if n := resp.ContentLength; n > 0 && n <= MaxResponseBytes {
		// ReadFrom grows a buffer with less than bytes.MinRead free, and
		// growing doubles it: room for the body and one read more keeps
		// it to the one allocation.
		buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead+1))
		_, err := buf.ReadFrom(r)
		return buf.Bytes(), err
	}
	return io.ReadAll(r)
}

// boundHeader keeps the headers of h, by name, while their names and
// values fit in limit bytes, and says how many it left out.
func boundHeader(h http.Header, limit int) (http.Header, int) {
	size := 0
	for name, values := range h {
		size += len(name)
		for _, v := range values {
			size += len(v)
		}
	}
	if size <= limit {
		return h, 0
	}
	out, dropped, used := http.Header{}, 0, 0
	for _, name := range slices.Sorted(maps.Keys(h)) {
		n := len(name)
		for _, v := range h[name] {
			n += len(v)
		}
		if used+n > limit {
			dropped++
			continue
		}
		used += n
		out[name] = h[name]
	}
	return out, dropped
}

// relativePath is the request path relative to the provider's base URL,
// which is what the spec's paths are written against.
func (w *World) relativePath(provider string, u *url.URL) string {
	base, err := url.Parse(w.env.Target.BaseURL(provider))
	if err != nil {
		return u.Path
	}
	p := strings.TrimPrefix(u.Path, strings.TrimSuffix(base.Path, "/"))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// maxRedirects bounds a same-origin redirect chain a scenario follows.
const maxRedirects = 10

// sameOrigin reports whether two URLs share scheme, host and port: only
// then may a request carrying credentials be redirected.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

func isRedirect(status int) bool { return status >= 300 && status < 400 }

func (w *World) redactRequestBody(contentType, body string) string {
	if strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		return w.Secrets.String(redact.Form(body))
	}
	return w.redactWhole([]byte(body))
}

// redactHeader masks credential headers by name and remembered secrets in
// every other value (a custom header may echo a key or a token).
func (w *World) redactHeader(h http.Header) http.Header {
	out := redact.Header(h)
	for name, values := range out {
		for i, v := range values {
			values[i] = w.Secrets.String(v)
		}
		out[name] = values
	}
	return out
}

func (w *World) redactURL(u string) string {
	return w.Secrets.String(w.Secrets.Query(u))
}

// describeTransportError turns what net/http reports into a sentence a user
// can act on: a hang, a reset and a refusal read differently.
func describeTransportError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return "the request timed out (the target did not answer in time): " + ue.Err.Error()
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "connection refused"):
		return "the connection was refused: is the target running? (" + msg + ")"
	case strings.Contains(msg, "connection reset"), strings.Contains(msg, "EOF"):
		return "the target closed the connection without a complete response: " + msg
	case strings.Contains(msg, "malformed HTTP"):
		return "the target answered something that is not HTTP: " + msg
	}
	return msg
}

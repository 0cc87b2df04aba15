package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Tab is one scenario's tab. Every document it loads (the page, its
// frames) is held at the browser until the tab allows its origin; a
// navigation anywhere else is stopped, and the first one since the last
// Navigate is where the page sent its user (Left).
type Tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   sync.WaitGroup // the interception and watch loops
	main   cdp.FrameID

	mu      sync.Mutex
	allowed map[string]bool   // origins
	served  map[string]string // URL -> HTML the tab answers itself
	left    *url.URL
	docs    map[cdp.FrameID]Document // the last document of each frame
	events  []Event                  // since the last Events
	closed  bool
	// worlds are the isolated worlds made for scripts, by frame and
	// document (loader), so that a page looked at every 100ms does not
	// gather a world per look.
	worlds map[string]runtime.ExecutionContextID
	// through, when set, answers the allowed origins' documents instead
	// of the network: the harness's own client, for a target served in
	// its process (the built-in simulator) that no browser can reach.
	through *http.Client
}

// Document is a document a frame loaded: its URL, status and media type.
type Document struct {
	URL    string
	Status int
	MIME   string
}

// Event is a document request of the tab, for the reports: loaded (with
// its status) or stopped (an origin the tab does not allow). Nothing of
// its body is kept.
type Event struct {
	Method  string
	URL     string
	Status  int
	MIME    string
	Stopped bool
	Framed  bool // in a frame, not the page itself
}

// Tab opens a tab that loads documents from the allowed origins only
// ("https://host:port"); it starts the browser on first use.
func (b *Browser) Tab(allowed ...string) (*Tab, error) {
	bctx, err := b.start()
	if err != nil {
		return nil, err
	}
	ctx, cancel := chromedp.NewContext(bctx)
	t := &Tab{ctx: ctx, cancel: cancel, allowed: map[string]bool{}, served: map[string]string{}, docs: map[cdp.FrameID]Document{}, worlds: map[string]runtime.ExecutionContextID{}}
	t.Allow(allowed...)
	watchdog := time.AfterFunc(StartTimeout, cancel)
	defer watchdog.Stop()
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	responses := chromedp.Events(ctx, network.ResponseReceived)
	t.done.Add(2)
	go t.intercept(paused)
	go t.watch(responses)
	fail := func(err error) (*Tab, error) {
		t.Close()
		return nil, fmt.Errorf("opening a browser tab: %w", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return fail(err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageRequest},
	}}); err != nil {
		return fail(err)
	}
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return fail(err)
	}
	t.mu.Lock()
	t.main = tree.FrameTree.Frame.ID
	t.mu.Unlock()
	return t, nil
}

// Allow lets the tab load documents from more origins.
func (t *Tab) Allow(origins ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, o := range origins {
		t.allowed[strings.ToLower(strings.TrimSuffix(o, "/"))] = true
	}
}

// Serve makes the tab answer a document request for rawURL itself, with
// html: the page of an integrator that no server hosts (the Link SDK's
// parent).
func (t *Tab) Serve(rawURL, html string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.served[rawURL] = html
}

// Through makes the tab load the allowed origins' documents with the
// client instead of the network; the browser then never connects to them.
// Redirects are the browser's to follow (the client must not follow them).
func (t *Tab) Through(c *http.Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.through = c
}

// Close closes the tab and waits for its loops.
func (t *Tab) Close() {
	t.mu.Lock()
	closed := t.closed
	t.closed = true
	t.mu.Unlock()
	if closed {
		return
	}
	t.cancel()
	t.done.Wait()
}

// origin is the lower-case origin of a URL, "" for none.
func origin(u *url.URL) string {
	if u == nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// intercept decides on every document request: the tab's own answer, the
// network for an allowed origin, or stopped.
func (t *Tab) intercept(paused iter.Seq2[fetch.EventRequestPaused, error]) {
	defer t.done.Done()
	for ev, err := range paused {
		if err != nil {
			return
		}
		raw := ev.Request.URL
		u, perr := url.Parse(raw)
		key := raw
		if perr == nil {
			u2 := *u
			u2.Fragment = ""
			key = u2.String()
		}
		t.mu.Lock()
		html, served := t.served[key]
		allowed := perr == nil && t.allowed[origin(u)]
		through := t.through
		framed := ev.FrameID != t.main && t.main != ""
		if !served && !allowed {
			if t.left == nil && perr == nil {
				t.left = u
			}
			t.events = append(t.events, Event{Method: ev.Request.Method, URL: raw, Stopped: true, Framed: framed})
		}
		t.mu.Unlock()
		var cerr error
		switch {
		case served:
			_, cerr = chromedp.Call(t.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 200,
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}, {Name: "Cache-Control", Value: "no-store"}},
				Body:            []byte(html)})
		case allowed && through != nil:
			t.done.Add(1)
			go func() {
				defer t.done.Done()
				t.fetchThrough(through, ev)
			}()
		case allowed:
			_, cerr = chromedp.Call(t.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		default:
			_, cerr = chromedp.Call(t.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
		if cerr != nil && t.ctx.Err() != nil {
			return
		}
	}
}

// maxThroughBytes bounds a document loaded through the client.
const maxThroughBytes = 4 << 20

// fetchThrough answers a paused document request with the client's
// answer, or fails it when the client gets none.
func (t *Tab) fetchThrough(c *http.Client, ev fetch.EventRequestPaused) {
	fail := func() {
		_, _ = chromedp.Call(t.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionFailed})
	}
	var body []byte
	for _, e := range ev.Request.PostDataEntries {
		body = append(body, e.Bytes...)
	}
	req, err := http.NewRequestWithContext(t.ctx, ev.Request.Method, ev.Request.URL, bytes.NewReader(body))
	if err != nil {
		fail()
		return
	}
	for k, v := range ev.Request.Headers {
		if s, ok := v.(string); ok && !strings.EqualFold(k, "Accept-Encoding") {
			req.Header.Set(k, s)
		}
	}
	// The fetch metadata the browser adds only after interception, which a
	// page may read to tell a framed visit (the Link SDK's) from a page.
	if req.Header.Get("Sec-Fetch-Dest") == "" {
		dest := "document"
		t.mu.Lock()
		framed := ev.FrameID != t.main
		t.mu.Unlock()
		if framed {
			dest = "iframe"
		}
		req.Header.Set("Sec-Fetch-Dest", dest)
	}
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := cc.Do(req)
	if err != nil {
		fail()
		return
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxThroughBytes))
	if err != nil {
		fail()
		return
	}
	var hs []*fetch.HeaderEntry
	for k, vs := range resp.Header {
		if strings.EqualFold(k, "Content-Length") || strings.EqualFold(k, "Content-Encoding") || strings.EqualFold(k, "Transfer-Encoding") {
			continue
		}
		for _, v := range vs {
			hs = append(hs, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	_, _ = chromedp.Call(t.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: int64(resp.StatusCode),
		ResponseHeaders: hs, Body: b})
}

// watch keeps the status of every document the tab loads.
func (t *Tab) watch(responses iter.Seq2[network.EventResponseReceived, error]) {
	defer t.done.Done()
	for ev, err := range responses {
		if err != nil {
			return
		}
		if ev.Type != network.ResourceTypeDocument || ev.Response == nil {
			continue
		}
		d := Document{URL: ev.Response.URL, Status: int(ev.Response.Status), MIME: ev.Response.MimeType}
		t.mu.Lock()
		t.docs[ev.FrameID] = d
		t.events = append(t.events, Event{Method: "GET", URL: d.URL, Status: d.Status, MIME: d.MIME, Framed: ev.FrameID != t.main})
		t.mu.Unlock()
	}
}

// Events are the document requests since the last call.
func (t *Tab) Events() []Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.events
	t.events = nil
	return out
}

// Left is where the page sent its user: the first navigation to an origin
// the tab does not allow since the last Navigate; nil for none yet.
func (t *Tab) Left() *url.URL {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.left == nil {
		return nil
	}
	u := *t.left
	return &u
}

// Page is the last document the page itself (not a frame) loaded since
// the last Navigate; false for none.
func (t *Tab) Page() (Document, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d, ok := t.docs[t.main]
	return d, ok
}

// bound is a context of the tab that ends with ctx or after d.
func (t *Tab) bound(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	c, cancel := context.WithTimeout(t.ctx, d)
	stop := context.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

// Navigate opens rawURL in the tab, forgetting where earlier pages led.
// It returns once the browser took the navigation, not when the page is
// loaded: a navigation the tab stops is an outcome, not an error.
func (t *Tab) Navigate(ctx context.Context, rawURL string, within time.Duration) error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return ErrClosed
	}
	t.left = nil
	t.docs = map[cdp.FrameID]Document{}
	t.mu.Unlock()
	c, cancel := t.bound(ctx, within)
	defer cancel()
	_, err := chromedp.Call(c, page.Navigate, page.NavigateParams{URL: rawURL})
	if err != nil {
		return fmt.Errorf("the browser did not open the page: %w", err)
	}
	return nil
}

// Where says in which document a script runs: the page itself, or the
// first frame in it (the Link SDK's iframe).
type Where int

// The documents of Where.
const (
	InPage Where = iota
	InFrame
)

// ErrNoDocument is a document that is not there (yet): a frame not yet
// attached, a page between two documents.
var ErrNoDocument = errors.New("no document to run in")

// Eval runs a JavaScript expression in an isolated world of the document
// (the page's own script cannot see or change it; the DOM is shared) and
// decodes its JSON-serialisable value into out.
func (t *Tab) Eval(ctx context.Context, where Where, expr string, out any, within time.Duration) error {
	c, cancel := t.bound(ctx, within)
	defer cancel()
	tree, err := chromedp.Call(c, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return err
	}
	fr := tree.FrameTree.Frame
	if where == InFrame {
		if len(tree.FrameTree.ChildFrames) == 0 {
			return ErrNoDocument
		}
		fr = tree.FrameTree.ChildFrames[0].Frame
	}
	key := string(fr.ID) + "/" + string(fr.LoaderID)
	t.mu.Lock()
	id, ok := t.worlds[key]
	t.mu.Unlock()
	if !ok {
		w, err := chromedp.Call(c, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: fr.ID, WorldName: "conform"})
		if err != nil {
			return fmt.Errorf("%w: %v", ErrNoDocument, err)
		}
		id = w.ExecutionContextID
		t.mu.Lock()
		t.worlds[key] = id
		t.mu.Unlock()
	}
	yes := true
	res, err := chromedp.Call(c, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, ContextID: id, ReturnByValue: &yes, Silent: &yes})
	if err != nil {
		// The document went (a navigation): a new world next time.
		t.mu.Lock()
		delete(t.worlds, key)
		t.mu.Unlock()
		return fmt.Errorf("%w: %v", ErrNoDocument, err)
	}
	if res.ExceptionDetails != nil {
		return fmt.Errorf("the script failed: %s", res.ExceptionDetails.Text)
	}
	if res.Result == nil || len(res.Result.Value) == 0 {
		return ErrNoDocument
	}
	return json.Unmarshal(res.Result.Value, out)
}

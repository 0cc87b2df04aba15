// Package browser drives pages in a headless Chromium for the harness: one
// browser per run, started on first use and shared by the scenarios, a tab
// per scenario. A tab loads documents only from the origins it is allowed:
// any other navigation (a redirect to the integrator's redirect_uri, a
// page that leads elsewhere) is stopped before it leaves the browser and
// kept as where the page sent its user. It never copies what a page
// answers anywhere but into its own checks.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// StartTimeout bounds Chromium's start (its first start on a busy machine
// takes seconds).
const StartTimeout = 60 * time.Second

// Find is the path of a Chromium (or Chrome) on PATH, "" when there is
// none.
func Find() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is a headless Chromium that starts on its first tab and stops
// on Close; safe for concurrent use. A Browser closed may be used again:
// it starts anew.
type Browser struct {
	path string

	mu     sync.Mutex
	ctx    context.Context // the browser's chromedp context; nil until started
	cancel context.CancelFunc
	err    error // why the last start failed, so that no tab waits for it again
}

// New is a browser that runs the Chromium at path.
func New(path string) *Browser { return &Browser{path: path} }

// Path is the Chromium the browser runs.
func (b *Browser) Path() string { return b.path }

// StartError is a browser that could not start.
type StartError struct {
	Path string
	Err  error
}

func (e *StartError) Error() string {
	return fmt.Sprintf("the browser %s did not start within %s: %v", e.Path, StartTimeout, e.Err)
}

func (e *StartError) Unwrap() error { return e.Err }

// start starts the browser once.
func (b *Browser) start() (context.Context, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ctx != nil {
		return b.ctx, nil
	}
	if b.err != nil {
		return nil, b.err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(b.path),
		chromedp.NoSandbox, // root in CI containers
		chromedp.Flag("headless", "new"),
		chromedp.Flag("disable-gpu", true),
		// The Link SDK's iframe is another site than its parent: without
		// site isolation it stays in the parent's process, where the tab's
		// interception and evaluation reach it. The parent (served by the
		// tab itself) counts as a public site, and the page under test is
		// often on this machine or a private network: the local-network
		// checks would keep it out of the iframe. Plain http stays http.
		// The browser holds no user data, and loads only the pages under
		// test and their resources.
		chromedp.Flag("disable-features", "SitePerProcess,IsolateOrigins,HttpsUpgrades,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks"),
		chromedp.Flag("disable-site-isolation-trials", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	// The first run binds the browser's life to the context it runs with,
	// so the start is bounded by a watchdog instead of a timeout context.
	watchdog := time.AfterFunc(StartTimeout, cancelCtx)
	err := chromedp.Do(ctx)
	if !watchdog.Stop() && err == nil {
		err = context.DeadlineExceeded
	}
	if err != nil {
		cancelCtx()
		cancelAlloc()
		b.err = &StartError{Path: b.path, Err: err}
		return nil, b.err
	}
	b.ctx, b.cancel = ctx, func() { cancelCtx(); cancelAlloc() }
	return ctx, nil
}

// Close stops the browser and every tab; it waits for Chromium to exit.
func (b *Browser) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ctx != nil {
		// Cancel closes the browser gracefully and waits for it.
		_ = chromedp.Cancel(b.ctx)
		b.cancel()
	}
	b.ctx, b.cancel, b.err = nil, nil, nil
}

// ErrClosed is a tab used after its Close.
var ErrClosed = errors.New("the browser tab is closed")

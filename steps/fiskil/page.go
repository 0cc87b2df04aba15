package fiskil

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/browser"
	"github.com/conformhq/conform/steps/config"
)

// builtinPage is conform's own consent page (simulator/fiskil/pages_html.go)
// described the way a vendor describes theirs, by what its user reads: it
// is the description used against conform's simulator when the config
// declares none.
func builtinPage() *config.ConsentPage {
	label := func(s string) *config.Control { return &config.Control{Label: s} }
	return &config.ConsentPage{
		OTP: label("One-time password"), SandboxOTP: pageOTP,
		Approve: label("Approve"), Deny: label("Deny"), Cancel: label("Cancel"),
		Ineligible: label("Simulate: not eligible"), UpstreamFailure: label("Simulate: bank failure"),
	}
}

// pageOTP is the one-time password conform's consent page accepts; any
// other fails the check.
const pageOTP = "123456"

// page is the description of the consent page the scenario drives: the
// config's, or conform's own behind its control API.
func (w world) page() (*config.ConsentPage, error) {
	if cp := w.ConsentPage(name); cp != nil {
		return cp, nil
	}
	if w.HasControl() {
		return builtinPage(), nil
	}
	return nil, w.NotApplicableLacking(steps.ConsentPage(name))
}

// builtin: the scenario drives conform's own page (no description in the
// config, the simulator behind its control API), which the browser loads
// through the target's own client: the built-in simulator has no address
// a browser could reach.
func (w world) builtin() bool { return w.ConsentPage(name) == nil && w.HasControl() }

// The end user's goals on the page: a decision, a wrong code, or none
// (the page is only opened).
const (
	goalOpen     = ""
	goalWrongOTP = "wrong one-time password"
)

// goalControl is the control that carries out a goal: a wrong code is
// sent by approving with it.
func goalControl(goal string) string {
	if goal == goalWrongOTP {
		return config.ControlApprove
	}
	return goal
}

// Variables the page steps keep for the checks.
const (
	pageFlowVar = "fiskil_page_flow" // "page" or "link": how the page was last opened
	pageDidVar  = "fiskil_page_did"  // what the end user did, for messages
)

// The two ways the consent page is opened.
const (
	flowPage = "page"
	flowLink = "link"
)

// pollEvery is how often the page is looked at while the end user waits.
const pollEvery = 100 * time.Millisecond

// drive opens rawURL in the scenario's tab (as a page, or as the Link SDK
// parent's iframe) and does what the goal needs, as the page's user would:
// the code typed where the page asks for it (before or after a decision,
// on one page or two), the decision's control clicked. It returns when the
// flow ended (the page sent the user elsewhere, or posted to the parent),
// when an opened page shows its controls, or when the description's
// timeout is up: the checks say what is wrong, not this step.
func (w world) drive(ctx context.Context, rawURL, flow, goal string) error {
	cp, err := w.page()
	if err != nil {
		return err
	}
	if err := w.Followable(name, rawURL); err != nil {
		return err
	}
	tab, err := w.Tab(name, w.builtin())
	if err != nil {
		return err
	}
	defer w.RecordTab(name)
	w.Set(pageFlowVar, flow)
	where, open := browser.InPage, rawURL
	if flow == flowLink {
		where = browser.InFrame
		parent, html, err := linkParent(rawURL)
		if err != nil {
			return err
		}
		tab.Serve(parent, html)
		open = parent
	}
	timeout := cp.TimeoutOrDefault()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := tab.Navigate(ctx, open, timeout); err != nil {
		return err
	}
	controls := cp.Controls()
	code := cp.SandboxOTP
	if goal == goalWrongOTP {
		code = cp.Wrong()
	}
	var did []string
	defer func() { w.Set(pageDidVar, strings.Join(did, ", ")) }()
	var doc string
	var clicked, filled, submitted bool
	clicks := 0
	for {
		if w.ended(ctx, tab, flow) {
			return nil
		}
		p, err := tab.Probe(ctx, where, controls, false, timeout)
		if err == nil && p.Ready != "loading" {
			if p.Doc != doc {
				doc, clicked, filled, submitted = p.Doc, false, false, false
			}
			shown := func(c string) bool { return p.Visible[c] }
			act := func(c string, fill bool) error {
				var ok bool
				var err error
				if fill {
					ok, err = tab.Fill(ctx, where, controls[c], code, timeout)
				} else {
					ok, err = tab.Click(ctx, where, controls[c], timeout)
				}
				if err == nil && ok {
					verb := "clicked "
					if fill {
						verb = "typed the code into "
					}
					did = append(did, verb+c)
				}
				return err
			}
			goalCtl := goalControl(goal)
			switch {
			case goal == goalOpen:
				if d, ok := tab.Page(); (ok && (d.Status < 200 || d.Status > 299)) || anyShown(p.Visible) {
					return nil
				}
			case !clicked && clicks < 3 && shown(goalCtl):
				if goalCtl == config.ControlApprove && shown(config.ControlOTP) && !filled {
					filled = act(config.ControlOTP, true) == nil
				}
				clicked = act(goalCtl, false) == nil
				clicks++
			case shown(config.ControlOTP) && !filled:
				filled = act(config.ControlOTP, true) == nil
				if shown(config.ControlSubmitOTP) {
					submitted = act(config.ControlSubmitOTP, false) == nil
				}
			case filled && !submitted && shown(config.ControlSubmitOTP):
				submitted = act(config.ControlSubmitOTP, false) == nil
			}
		}
		t := time.NewTimer(pollEvery)
		select {
		case <-ctx.Done():
			t.Stop()
			if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
				did = append(did, fmt.Sprintf("then waited %s", timeout))
				return nil // the checks say what the page did not do
			}
			return ctx.Err()
		case <-t.C:
		}
	}
}

// anyShown: the page shows one of its controls.
func anyShown(visible map[string]bool) bool {
	for _, v := range visible {
		if v {
			return true
		}
	}
	return false
}

// ended says whether the flow is over: the page sent its user to another
// origin (redirect_uri, cancel_uri), or, in the Link SDK flow, its parent
// settled on a message.
func (w world) ended(ctx context.Context, tab *browser.Tab, flow string) bool {
	if tab.Left() != nil {
		return true
	}
	if flow != flowLink {
		return false
	}
	_, ok, _ := readLinkResult(ctx, tab)
	return ok
}

// openedTab is the scenario's tab, which a page step must have opened.
func (w world) openedTab() (*browser.Tab, error) {
	if _, ok := w.Get(pageFlowVar); !ok {
		return nil, errors.New(`no consent page was opened: "When the end user opens the consent page" (or a decision) must come first`)
	}
	return w.Tab(name, w.builtin())
}

// didNote says what the end user did, for failure messages.
func (w world) didNote() string {
	if did, _ := w.Get(pageDidVar); did != "" {
		return " (the end user " + did + ")"
	}
	return " (the end user found nothing to do)"
}

package browser

import (
	"context"
	"encoding/json"
	"time"

	"github.com/conformhq/conform/steps/config"
)

// controlsJS finds a page's controls as its user would: by a CSS selector,
// or by the text the user reads (a button's or link's text, an input
// button's value, a field's labels, aria-label, aria-labelledby, title or
// placeholder), whole first and then as a part, ignoring case and
// spacing. Only controls shown and enabled count. It ends in a function of
// (op, controls, arg) that returns a JSON-serialisable value.
const controlsJS = `(function () {
  function norm(s) { return String(s || '').replace(/\s+/g, ' ').trim().toLowerCase(); }
  function shown(el) {
    if (!el || el.disabled) { return false; }
    var r = el.getBoundingClientRect(), st = window.getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
  }
  function names(el) {
    var n = [];
    if (el.labels) { for (var i = 0; i < el.labels.length; i++) { n.push(el.labels[i].textContent); } }
    ['aria-label', 'title', 'placeholder'].forEach(function (a) { if (el.getAttribute(a)) { n.push(el.getAttribute(a)); } });
    var by = el.getAttribute('aria-labelledby');
    if (by) { by.split(/\s+/).forEach(function (id) { var l = document.getElementById(id); if (l) { n.push(l.textContent); } }); }
    var tag = el.tagName;
    if (tag === 'INPUT' && /^(submit|button|reset|image)$/i.test(el.type)) { n.push(el.value || el.alt); }
    else if (tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') { n.push(el.innerText || el.textContent); }
    return n.map(norm).filter(function (s) { return s !== ''; });
  }
  function find(c) {
    if (!c) { return null; }
    var els;
    if (c.selector) {
      try { els = document.querySelectorAll(c.selector); } catch (e) { return null; }
      for (var i = 0; i < els.length; i++) { if (shown(els[i])) { return els[i]; } }
      return null;
    }
    var want = norm(c.label);
    els = Array.prototype.filter.call(document.querySelectorAll('button,a,input,textarea,select,[role=button],[role=link],[role=textbox]'), shown);
    for (var pass = 0; pass < 2; pass++) {
      for (var j = 0; j < els.length; j++) {
        var ns = names(els[j]);
        for (var k = 0; k < ns.length; k++) {
          if (pass === 0 ? ns[k] === want : ns[k].indexOf(want) >= 0) { return els[j]; }
        }
      }
    }
    return null;
  }
  function fill(el, v) {
    el.focus();
    var proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    var d = Object.getOwnPropertyDescriptor(proto, 'value');
    if (d && d.set) { d.set.call(el, v); } else { el.value = v; }
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return function (op, controls, arg) {
    var root = document.documentElement;
    if (op === 'probe') {
      var fresh = false;
      if (root && !root.hasAttribute('data-conform-doc')) {
        root.setAttribute('data-conform-doc', String(Math.random()).slice(2));
        fresh = true;
      }
      var vis = {};
      Object.keys(controls).forEach(function (k) { vis[k] = find(controls[k]) !== null; });
      return {doc: root ? root.getAttribute('data-conform-doc') : '', fresh: fresh, ready: document.readyState,
              url: String(location.href), visible: vis,
              text: arg && document.body ? String(document.body.innerText || '').slice(0, 4096) : ''};
    }
    var el = find(controls.c);
    if (!el) { return false; }
    if (op === 'fill') { fill(el, arg); } else { el.click(); }
    return true;
  };
})()`

// Probe is what a look at a document finds.
type Probe struct {
	// Doc tells documents apart: it changes when the document does.
	Doc string `json:"doc"`
	// Fresh: the first look at this document.
	Fresh bool   `json:"fresh"`
	Ready string `json:"ready"`
	URL   string `json:"url"`
	// Visible says which of the controls looked for are shown.
	Visible map[string]bool `json:"visible"`
	// Text is the start of the document's text, when asked for.
	Text string `json:"text"`
}

// Probe looks at a document: which of the controls it shows, and its text
// if withText.
func (t *Tab) Probe(ctx context.Context, where Where, controls map[string]config.Control, withText bool, within time.Duration) (Probe, error) {
	var p Probe
	err := t.Eval(ctx, where, call("probe", controls, withText), &p, within)
	return p, err
}

// Fill types value into the control, as the page's own listeners see a
// user type; false when it is not shown.
func (t *Tab) Fill(ctx context.Context, where Where, c config.Control, value string, within time.Duration) (bool, error) {
	var ok bool
	err := t.Eval(ctx, where, call("fill", map[string]config.Control{"c": c}, value), &ok, within)
	return ok, err
}

// Click clicks the control; false when it is not shown.
func (t *Tab) Click(ctx context.Context, where Where, c config.Control, within time.Duration) (bool, error) {
	var ok bool
	err := t.Eval(ctx, where, call("click", map[string]config.Control{"c": c}, nil), &ok, within)
	return ok, err
}

// call is the expression that runs controlsJS's function with the
// arguments, passed as JSON (never spliced into the script as text).
func call(op string, controls map[string]config.Control, arg any) string {
	type jsControl struct {
		Selector string `json:"selector,omitempty"`
		Label    string `json:"label,omitempty"`
	}
	cs := map[string]jsControl{}
	for k, c := range controls {
		cs[k] = jsControl{Selector: c.Selector, Label: c.Label}
	}
	o, _ := json.Marshal(op)
	c, _ := json.Marshal(cs)
	a, _ := json.Marshal(arg)
	return controlsJS + "(" + string(o) + "," + string(c) + "," + string(a) + ")"
}

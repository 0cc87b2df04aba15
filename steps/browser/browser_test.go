package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conformhq/conform/steps/config"
)

// The page of the tests: controls found by label in every way a user
// reads one, a hidden decoy, and a link that leaves for another origin.
const testPage = `<!doctype html><html><body>
<button style="display:none">Approve</button>
<label for="code">One-time code</label><input id="code">
<label>PIN <input id="pin"></label>
<input id="aria" aria-label="Card number">
<input id="ph" placeholder="Your e-mail">
<input type="submit" id="send" value="Send it">
<a id="away" href="%s/landed?x=1">Leave for the  shop</a>
<button id="ok">Approve access</button>
<button id="approve-exact">Approve</button>
</body></html>`

func TestTab(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	path := Find()
	if path == "" {
		t.Skip("chromium is not installed")
	}
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, testPage, foreign.URL)
	}))
	defer srv.Close()
	b := New(path)
	defer b.Close()
	tab, err := b.Tab(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	ctx := context.Background()
	if err := tab.Navigate(ctx, srv.URL+"/page", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	controls := map[string]config.Control{
		"label for": {Label: "one-time CODE"}, "wrapping label": {Label: "PIN"}, "aria": {Label: "Card number"},
		"placeholder": {Label: "Your e-mail"}, "input button": {Label: "Send it"}, "link, spacing ignored": {Label: "leave for the shop"},
		"exact before part": {Label: "Approve"}, "part": {Label: "access"}, "selector": {Selector: "#ok"},
		"absent": {Label: "Deny"}, "hidden only": {Selector: "button[style]"}, "bad selector": {Selector: "[["},
	}
	var p Probe
	deadline := time.Now().Add(20 * time.Second)
	for {
		p, err = tab.Probe(ctx, InPage, controls, false, 5*time.Second)
		if err == nil && p.Ready == "complete" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"label for": true, "wrapping label": true, "aria": true, "placeholder": true, "input button": true,
		"link, spacing ignored": true, "exact before part": true, "part": true, "selector": true, "absent": false, "hidden only": false, "bad selector": false} {
		if p.Visible[name] != want {
			t.Errorf("%s: shown = %v, want %v", name, p.Visible[name], want)
		}
	}
	var id string
	if err := tab.Eval(ctx, InPage, `(function(){ var b = document.querySelectorAll('button'); for (var i = 0; i < b.length; i++) { b[i].onclick = function(){ document.body.setAttribute('data-clicked', this.id); }; } return 'ok'; })()`, &id, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if ok, err := tab.Click(ctx, InPage, config.Control{Label: "Approve"}, 5*time.Second); !ok || err != nil {
		t.Fatalf("click: %v, %v", ok, err)
	}
	if ok, err := tab.Fill(ctx, InPage, config.Control{Label: "PIN"}, "4321", 5*time.Second); !ok || err != nil {
		t.Fatalf("fill: %v, %v", ok, err)
	}
	var got []string
	if err := tab.Eval(ctx, InPage, `[document.body.getAttribute('data-clicked'), document.getElementById('pin').value]`, &got, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != "approve-exact" || got[1] != "4321" {
		t.Errorf("clicked and filled %q, want the exact Approve and 4321", got)
	}
	if tab.Left() != nil {
		t.Fatalf("left before any navigation: %s", tab.Left())
	}
	if _, err := tab.Click(ctx, InPage, config.Control{Selector: "#away"}, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	for tab.Left() == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if l := tab.Left(); l == nil || l.String() != foreign.URL+"/landed?x=1" {
		t.Errorf("Left = %v, want the foreign page", l)
	}
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("the undeclared origin got %d requests", n)
	}
	if d, ok := tab.Page(); !ok || d.Status != 200 || d.MIME != "text/html" {
		t.Errorf("Page = %+v, %v; want the 200 HTML page", d, ok)
	}
}

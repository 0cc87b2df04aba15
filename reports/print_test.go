package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// a4Width is the printable width of an A4 page with report.html's 12 mm
// margins, in CSS pixels (96 per inch): 186 mm.
const a4Width = 703

// wideRun is a run whose matrix has as many status columns as the widest
// provider: every one must fit the printed page.
func wideRun() *Run {
	run := fixtureRun()
	run.Documented = nil
	for _, st := range []int{200, 201, 204, 400, 401, 403, 404, 409, 410, 415, 423, 429, 500, 503, 504} {
		run.Documented = append(run.Documented, Code{Provider: "weavr", Operation: "verifyStepupOtpWithAVeryLongOperationName", Method: "POST", Path: "/stepup/challenges/otp/{channel}/verify/and/a/long/path", Status: st})
	}
	return run
}

// TestReportPrintsOnA4 renders report.html in headless Chromium as print
// media on an A4 page, to PNG and to PDF, and checks that every status
// column of the coverage matrix is inside the page; a stylesheet that lets
// the matrix overflow must be caught.
func TestReportPrintsOnA4(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	path := chromiumPath(t)
	var html bytes.Buffer
	if err := writeHTML(&html, redacted(wideRun())); err != nil {
		t.Fatal(err)
	}
	// broken undoes the print stylesheet's hold on the matrix, as a report
	// without it would print.
	broken := strings.Replace(html.String(), "</style>", "@media print{table.matrix{display:block!important;width:auto!important;table-layout:auto!important}.cell{min-width:6rem!important}}</style>", 1)

	browser := startBrowser(t, path)

	for _, tc := range []struct {
		name    string
		page    string
		outside bool
	}{{"report.html", html.String(), false}, {"without the print stylesheet", broken, true}} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "report.html")
			if err := os.WriteFile(file, []byte(tc.page), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(browser, 60*time.Second)
			defer cancel()
			printMedia := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			})
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(a4Width, 1000, chromedp.EmulatePortrait), printMedia, chromedp.Navigate("file://"+file)); err != nil {
				t.Fatal(err)
			}
			outside, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.matrix th")].filter(th => {
				const r = th.getBoundingClientRect(); return r.left < 0 || r.right > `+strconv.Itoa(a4Width)+`;
			}).map(th => th.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(0.47)))
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("CONFORM_PRINT_OUT"); dir != "" {
				_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".png"), png, 0o644)
				_ = os.WriteFile(filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".pdf"), pdf, 0o644)
			}
			if !bytes.HasPrefix(png, []byte("\x89PNG")) && !bytes.HasPrefix(png, []byte("\xff\xd8")) || !bytes.HasPrefix(pdf, []byte("%PDF")) {
				t.Fatalf("no PNG (%d bytes) or PDF (%d bytes)", len(png), len(pdf))
			}
			if tc.outside && len(outside) == 0 {
				t.Fatal("an overflowing matrix was not caught: the check cannot fail")
			}
			if !tc.outside && len(outside) > 0 {
				t.Errorf("status columns outside the A4 page: %v", outside)
			}
		})
	}
}

// chromiumPath finds chromium, or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts chromium")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium; .ci/run does): the browser tests need it")
	}
	return path
}

// startBrowser starts headless Chromium for the test and returns its
// context; it ends with the test.
func startBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("headless", "new"), chromedp.Flag("disable-gpu", true))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browser, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	watchdog := time.AfterFunc(90*time.Second, cancel) // the first start, on a busy machine
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("chromium did not start: %v", err)
	}
	watchdog.Stop()
	return browser
}

// openReport writes run's report.html to a file and opens it in a new tab
// of browser, as print media when print is set.
func openReport(t *testing.T, browser context.Context, page string, print bool) context.Context {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	actions := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(a4Width, 1000, chromedp.EmulatePortrait)}
	if print {
		actions = append(actions, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
	}
	if err := chromedp.Do(ctx, append(actions, chromedp.Navigate("file://"+file))...); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// renderHTML renders report.html of run, redacted as WriteAll would.
func renderHTML(t *testing.T, run *Run) string {
	t.Helper()
	var html bytes.Buffer
	if err := writeHTML(&html, redacted(run)); err != nil {
		t.Fatal(err)
	}
	return html.String()
}

// passingRun is the fixture run without its failed and errored scenarios.
func passingRun() *Run {
	run := fixtureRun()
	for i := range run.Features {
		f := &run.Features[i]
		f.Scenarios = slices.DeleteFunc(f.Scenarios, func(s Scenario) bool { return s.Outcome == Failed || s.Outcome == Errored })
	}
	return run
}

// interruptedRun is the passing run stopped by Ctrl-C: however green what
// ran, it is not a pass.
func interruptedRun() *Run {
	run := passingRun()
	run.Interrupted = "interrupted (Ctrl-C)"
	return run
}

// identicalFailures is the fixture run with its failed scenario repeated n
// times, every copy failed by the same cause.
func identicalFailures(n int) *Run {
	run := fixtureRun()
	f := &run.Features[0]
	failed := f.Scenarios[1]
	failed.Cause = &Cause{Provider: "weavr", Operation: "verifyStepUp", Status: 401, Rule: "/errorCode: missing required property"}
	f.Scenarios = f.Scenarios[:1]
	for i := range n {
		s := failed
		s.Line = 14 + 10*i
		s.ID = fmt.Sprintf("features/weavr/login.feature:%d", s.Line)
		f.Scenarios = append(f.Scenarios, s)
	}
	return run
}

// TestVerdictBanner renders report.html of a passing, a failing and an
// interrupted run in Chromium and reads the banner as a reader sees it:
// first on the page, its word, and its colour.
func TestVerdictBanner(t *testing.T) {
	browser := startBrowser(t, chromiumPath(t))
	for _, tc := range []struct {
		name       string
		run        *Run
		word       string
		background string
	}{
		{"passing", passingRun(), "PASSED", "rgb(26, 127, 55)"},
		{"failing", fixtureRun(), "FAILED", "rgb(207, 34, 46)"},
		{"interrupted", interruptedRun(), "INTERRUPTED", "rgb(188, 76, 0)"},
		{"certification asked, too little checked", func() *Run { r := passingRun(); r.RequireCoverage = 0.9; return r }(), "PASSED NOT CERTIFIED", "rgb(26, 127, 55)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := openReport(t, browser, renderHTML(t, tc.run), false)
			type banner struct {
				First      bool    `json:"first"`
				Word       string  `json:"word"`
				Background string  `json:"background"`
				Colour     string  `json:"colour"`
				Top        float64 `json:"top"`
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[banner](`(() => {
				const b = document.getElementById("verdict");
				const words = [b.querySelector("strong"), b.querySelector(".cert")].filter(e => e).map(e => e.textContent.trim());
				const st = getComputedStyle(b);
				return {first: document.body.firstElementChild === b, word: words.join(" "),
					background: st.backgroundColor, colour: st.color, top: b.getBoundingClientRect().top};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if !got.First || got.Top > 40 {
				t.Errorf("the banner is not the first thing on the page (first %v, top %.0fpx)", got.First, got.Top)
			}
			if got.Word != tc.word {
				t.Errorf("banner says %q, want %q", got.Word, tc.word)
			}
			if got.Background != tc.background || got.Colour != "rgb(255, 255, 255)" {
				t.Errorf("banner is %s on %s, want white on %s", got.Colour, got.Background, tc.background)
			}
			// A passed step of a failed scenario is not painted as a failure.
			red, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".step-passed")].filter(li => {
				const [r, g, b] = getComputedStyle(li).color.match(/\d+/g).map(Number); return r > 120 && g < 80 && b < 80;
			}).map(li => li.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			if len(red) > 0 {
				t.Errorf("passed steps in red: %q", red)
			}
		})
	}
}

// pdfPages counts the pages of a PDF Chromium printed: one /Type /Page
// object each (the /Pages tree excluded).
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf, -1))
}

// TestFailuresPrintOnFewPages prints report.html of a run with 5
// identical failures on A4: at most 6 pages. The same report with every
// fold opened (as the old report printed) must exceed it, so that the
// count is shown able to fail.
func TestFailuresPrintOnFewPages(t *testing.T) {
	browser := startBrowser(t, chromiumPath(t))
	page := renderHTML(t, identicalFailures(5))
	unfolded := strings.ReplaceAll(strings.ReplaceAll(page, `<details class="`, `<details open class="`), "@media print{", "@media print{.print-only{display:none!important}")
	for _, tc := range []struct {
		name     string
		page     string
		maxPages int
		over     bool
	}{{"report.html", page, 6, false}, {"every fold opened", unfolded, 6, true}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := openReport(t, browser, tc.page, true)
			// No heading is left alone at the foot of a page.
			loose, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("h1, h2, h3")].filter(h => getComputedStyle(h).breakAfter !== "avoid").map(h => h.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			if len(loose) > 0 && !tc.over {
				t.Errorf("headings that may be orphaned at a page's foot: %q", loose)
			}
			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(0.47), chromedp.PDFPreferCSSPageSize()))
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("CONFORM_PRINT_OUT"); dir != "" {
				_ = os.WriteFile(filepath.Join(dir, "failures-"+strings.ReplaceAll(tc.name, " ", "-")+".pdf"), pdf, 0o644)
			}
			n := pdfPages(pdf)
			t.Logf("%d A4 pages", n)
			if n == 0 {
				t.Fatal("no page counted: is the PDF still readable?")
			}
			if over := n > tc.maxPages; over != tc.over {
				t.Errorf("%d A4 pages, limit %d (over expected: %v)", n, tc.maxPages, tc.over)
			}
		})
	}
}

package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium; .ci/run does): the print test needs it")
	}
	var html bytes.Buffer
	if err := writeHTML(&html, redacted(wideRun())); err != nil {
		t.Fatal(err)
	}
	// broken undoes the print stylesheet's hold on the matrix, as a report
	// without it would print.
	broken := strings.Replace(html.String(), "</style>", "@media print{table.matrix{display:block!important;width:auto!important;table-layout:auto!important}.cell{min-width:6rem!important}}</style>", 1)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("headless", "new"), chromedp.Flag("disable-gpu", true))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	watchdog := time.AfterFunc(90*time.Second, cancel) // the first start, on a busy machine
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("chromium did not start: %v", err)
	}
	watchdog.Stop()

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

package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// healthcheck GETs the simulator's /healthz and exits 0 on 200, 1 on
// anything else: a FROM scratch image has no shell and no curl, so its
// HEALTHCHECK runs conform itself.
func healthcheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("conform healthcheck")
	url := fl.String("url", "http://127.0.0.1:8080/healthz", "the health endpoint of a running `conform serve`")
	timeout := fl.Duration("timeout", 3*time.Second, "give up after this long")
	if err := parse(fl, args, stderr); err != nil {
		return parseExit(err)
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "conform healthcheck: unexpected arguments %v\n", fl.Args())
		return ExitUsage
	}
	if *timeout <= 0 {
		fmt.Fprintln(stderr, "conform healthcheck: --timeout must be positive")
		return ExitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		fmt.Fprintf(stderr, "conform healthcheck: bad --url: %v\n", err)
		return ExitUsage
	}
	// No proxy: the check is about this simulator, from next to it.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "conform healthcheck: unhealthy: %v\n", err)
		return ExitFailed
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "conform healthcheck: unhealthy: %s answered %s\n", *url, resp.Status)
		return ExitFailed
	}
	fmt.Fprintf(stdout, "healthy: %s\n", *url)
	return ExitOK
}

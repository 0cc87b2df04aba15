package cli

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/simulator"
)

// serve runs the simulator until ctx is cancelled (SIGINT, SIGTERM), then
// shuts down gracefully.
func serve(ctx context.Context, providers provider.List, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conform serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	fixtures := fs.String("fixtures", "", "fixtures file (YAML or JSON) for the default sandbox, replacing the built-in ones")
	seed := fs.Uint64("seed", 0, "seed for reproducible ids, tokens and OTPs (0: random)")
	logFormat := fs.String("log-format", "text", "request log format: text or json")
	maxSandboxes := fs.Int("max-sandboxes", 1000, "the most sandboxes the control API creates; past it, 429 (0: no bound)")
	sandboxIdle := fs.Duration("sandbox-idle", time.Hour, "delete a sandbox that nothing has used for this long, the default sandbox excepted (0: never)")
	sandboxBudget := fs.Int64("sandbox-budget", 4<<20, "the bytes of fixtures documents one sandbox may take (its state is about 25 times that); past it, 413 (0: no bound)")
	serverBudget := fs.Int64("server-budget", 256<<20, "the bytes of fixtures documents all sandboxes together may take; past it, 429 (0: no bound)")
	allowedHosts := fs.String("allowed-hosts", "", "comma-separated host names the control API answers besides loopback names, IP addresses and the --addr host (e.g. conform.internal behind a proxy); others get 403 (DNS rebinding)")
	controlToken := fs.String("control-token", "", "the token the control API requires (header Conform-Control-Token); beyond loopback one is generated when not given ($CONFORM_CONTROL_TOKEN)")
	if err := parse(fs, args, stderr); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "conform serve: unexpected arguments %v\n", fs.Args())
		return ExitUsage
	}
	var handler slog.Handler
	switch *logFormat {
	case "text":
		handler = slog.NewTextHandler(stderr, nil)
	case "json":
		handler = slog.NewJSONHandler(stderr, nil)
	default:
		fmt.Fprintf(stderr, "conform serve: --log-format must be text or json, not %q\n", *logFormat)
		return ExitUsage
	}
	log := slog.New(handler)
	if *maxSandboxes < 0 || *sandboxIdle < 0 {
		fmt.Fprintf(stderr, "conform serve: --max-sandboxes and --sandbox-idle must not be negative\n")
		return ExitUsage
	}
	opts := simulator.Options{Providers: providers.Simulators(), Seed: *seed, Logger: log, MaxSandboxes: *maxSandboxes, AllowedHosts: ownHosts(*addr, *allowedHosts),
		SandboxBudget: *sandboxBudget, ServerBudget: *serverBudget}
	if *fixtures != "" {
		b, err := readFixtures(*fixtures)
		if err != nil {
			fmt.Fprintf(stderr, "conform serve: %v\n", err)
			return ExitUsage
		}
		opts.Fixtures = b
	}
	sim, err := simulator.New(opts)
	if err != nil {
		fmt.Fprintf(stderr, "conform serve: %v\n", err)
		return ExitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "conform serve: cannot listen on %s: %v\n", *addr, err)
		return ExitUsage
	}
	token := cmp.Or(*controlToken, os.Getenv("CONFORM_CONTROL_TOKEN"))
	where, loopback := interfaces(ln.Addr())
	if !loopback && token == "" {
		token = rand.Text()
	}
	if token != "" {
		sim.SetControlToken(token)
	}
	// A client must send its whole request in time: a slow one ties up a
	// connection, never a sandbox (bodies are read before any lock).
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "conform simulator listening on http://%s: %s (providers under /%s; control API under /_control; default sandbox %q)\n",
		ln.Addr(), where, strings.Join(providers.Names(), ", /"), simulator.DefaultSandbox)
	switch {
	case token != "" && *controlToken == "" && os.Getenv("CONFORM_CONTROL_TOKEN") == "":
		// Printed once, here, for the operator: never in the request log.
		fmt.Fprintf(stdout, "the control API needs this token (header %s), since the simulator is reachable beyond this machine: %s\n", simulator.ControlTokenHeader, token)
	case token != "":
		fmt.Fprintf(stdout, "the control API needs the token given (header %s)\n", simulator.ControlTokenHeader)
	default:
		fmt.Fprintln(stdout, "the control API is open to this machine only (loopback)")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if *sandboxIdle > 0 {
		go evictIdle(ctx, sim, *sandboxIdle, log)
	}
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "conform serve: %v\n", err)
		return ExitFailed
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "conform serve: shutdown: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

// interfaces says in words which interfaces addr listens on, and whether
// they are all loopback (only this machine can reach them).
func interfaces(addr net.Addr) (string, bool) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String(), false
	}
	if tcp.IP.IsLoopback() {
		return "loopback only (this machine)", true
	}
	if !tcp.IP.IsUnspecified() {
		return "the interface " + tcp.IP.String() + " (reachable from other machines)", false
	}
	var ips []string
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				ips = append(ips, n.IP.String())
			}
		}
	}
	return "every interface (" + strings.Join(ips, ", ") + "), reachable from other machines", false
}

// maxFixturesBytes bounds a --fixtures file: fixtures describe a handful of
// users, clients and institutions, and a huge file would cost gigabytes.
const maxFixturesBytes = 1 << 20

// readFixtures reads a fixtures file of at most maxFixturesBytes.
func readFixtures(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the fixtures file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFixturesBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the fixtures file: %w", err)
	}
	if len(b) > maxFixturesBytes {
		return nil, fmt.Errorf("the fixtures file %s is larger than %d bytes", path, maxFixturesBytes)
	}
	return b, nil
}

// evictIdle deletes idle sandboxes until ctx ends, checking a few times
// per idle period.
func evictIdle(ctx context.Context, sim *simulator.Simulator, idle time.Duration, log *slog.Logger) {
	tick := time.NewTicker(max(idle/4, time.Second))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if ids := sim.EvictIdle(idle); len(ids) > 0 {
				log.Info("evicted idle sandboxes", "count", len(ids), "idle", idle)
			}
		}
	}
}

// ownHosts are the host names a served simulator's control API answers
// (beside loopback names and IP literals): the --addr host and
// --allowed-hosts. Never nil, so that the Host check is on.
func ownHosts(addr, allowed string) []string {
	out := []string{}
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
		out = append(out, h)
	}
	for _, h := range strings.Split(allowed, ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

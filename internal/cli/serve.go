package cli

import (
	"context"
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
	opts := simulator.Options{Providers: providers.Simulators(), Seed: *seed, Logger: log}
	if *fixtures != "" {
		b, err := os.ReadFile(*fixtures)
		if err != nil {
			fmt.Fprintf(stderr, "conform serve: cannot read the fixtures file: %v\n", err)
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
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "conform simulator listening on http://%s (providers under /%s; control API under /_control; default sandbox %q)\n",
		ln.Addr(), strings.Join(providers.Names(), ", /"), simulator.DefaultSandbox)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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

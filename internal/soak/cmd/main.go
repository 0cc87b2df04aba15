// Command soak runs conform's soak test (make soak): the simulator on
// loopback, in this process, under a long mixed load with slow clients.
// It exits 1 when a check fails.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/conformhq/conform/internal/soak"
)

func main() {
	cfg := soak.DefaultConfig()
	flag.IntVar(&cfg.Requests, "requests", cfg.Requests, "requests the fast clients send in all")
	flag.IntVar(&cfg.Every, "every", cfg.Every, "print RSS and p99 (and move the sandbox clocks) every this many requests")
	flag.IntVar(&cfg.Sandboxes, "sandboxes", cfg.Sandboxes, "sandboxes live at once")
	flag.IntVar(&cfg.Churned, "churned", cfg.Churned, "how many of them are replaced during the run")
	flag.IntVar(&cfg.ChurnEvery, "churn-every", cfg.ChurnEvery, "replace a sandbox every this many requests")
	flag.IntVar(&cfg.Workers, "workers", cfg.Workers, "fast clients")
	flag.IntVar(&cfg.SlowClients, "slow", cfg.SlowClients, "slow clients (bodies sent, answers read, byte by byte)")
	flag.DurationVar(&cfg.SlowDuration, "slow-duration", cfg.SlowDuration, "how long each slow request lasts")
	flag.DurationVar(&cfg.Deadline, "deadline", cfg.Deadline, "bound on the whole run")
	flag.Float64Var(&cfg.MaxGrowth, "max-growth", cfg.MaxGrowth, "RSS after the run over RSS at the first mark, at most")
	flag.Parse()
	res, err := soak.Run(cfg, nil, os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "soak: %v\n", err)
		os.Exit(2)
	}
	if !res.Passed() {
		os.Exit(1)
	}
}

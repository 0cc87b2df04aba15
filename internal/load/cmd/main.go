// Command load runs conform's load benchmark (make load): the simulator and
// a bare net/http server side by side on loopback, round after round.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/conformhq/conform/internal/load"
)

func main() {
	cfg := load.DefaultConfig()
	flag.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "rounds of the whole mix")
	flag.DurationVar(&cfg.Duration, "duration", cfg.Duration, "how long each operation is driven, per server and round")
	flag.IntVar(&cfg.Rate, "rate", cfg.Rate, "requests per second per attack; 0 drives as fast as the connections allow")
	flag.IntVar(&cfg.Connections, "connections", cfg.Connections, "keep-alive connections (and workers) per attack")
	flag.Parse()
	if _, err := load.Run(cfg, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "load: %v\n", err)
		os.Exit(1)
	}
}

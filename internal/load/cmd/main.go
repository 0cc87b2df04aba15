// Command load runs conform's load benchmark (make load): the simulator and
// a bare net/http server side by side on loopback, round after round. Its
// flags are load.Config's.
package main

import (
	"os"

	"github.com/conformhq/conform/internal/load"
	"github.com/conformhq/conform/internal/toolmain"
)

func main() {
	cfg := load.DefaultConfig()
	os.Exit(toolmain.Main("load", os.Args[1:], os.Stderr, &cfg, func() (bool, error) {
		_, err := load.Run(cfg, os.Stdout)
		return err == nil, err
	}))
}

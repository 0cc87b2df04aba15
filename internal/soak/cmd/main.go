// Command soak runs conform's soak test (make soak): the simulator on
// loopback, in this process, under a long mixed load with slow clients.
// It exits 1 when a check fails, 2 when the run cannot go. Its flags are
// soak.Config's.
package main

import (
	"os"

	"github.com/conformhq/conform/internal/soak"
	"github.com/conformhq/conform/internal/toolmain"
)

func main() {
	cfg := soak.DefaultConfig()
	os.Exit(toolmain.Main("soak", os.Args[1:], os.Stderr, &cfg, func() (bool, error) {
		res, err := soak.Run(cfg, nil, os.Stdout)
		return err == nil && res.Passed(), err
	}))
}

// Command toolmain runs one of conform's measuring tools, named by its first
// argument, with the tool's flags after it:
//
//	load   the simulator and a bare net/http server side by side on
//	       loopback, round after round (make load)
//	soak   the simulator on loopback, in this process, under a long mixed
//	       load with slow clients; exits 1 when a check fails (make soak)
//
// Any other first argument, or none, exits 2.
package main

import (
	"os"

	"github.com/conformhq/conform/internal/load"
	"github.com/conformhq/conform/internal/soak"
	"github.com/conformhq/conform/internal/toolmain"
)

func main() {
	loadCfg, soakCfg := load.DefaultConfig(), soak.DefaultConfig()
	os.Exit(toolmain.Select(os.Args[1:], os.Stderr, []toolmain.Tool{
		{Name: "load", Config: &loadCfg, Run: func() (bool, error) {
			_, err := load.Run(loadCfg, os.Stdout)
			return err == nil, err
		}},
		{Name: "soak", Config: &soakCfg, Run: func() (bool, error) {
			res, err := soak.Run(soakCfg, nil, os.Stdout)
			return err == nil && res.Passed(), err
		}},
	}))
}

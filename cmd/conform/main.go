// Command conform is a conformance harness and simulator for the Fliqa,
// Weavr and Fiskil APIs. See the README, or run `conform help`.
package main

import (
	"os"

	"github.com/conformhq/conform/internal/cli"
	"github.com/conformhq/conform/internal/provider/all"
)

func main() {
	os.Exit(cli.Main(all.Providers(), os.Args[1:], os.Stdout, os.Stderr))
}

// Command conform is a conformance harness and simulator for the Fliqa,
// Weavr and Fiskil APIs. See the README, or run `conform help`.
package main

import (
	"os"

	"github.com/conformhq/conform/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

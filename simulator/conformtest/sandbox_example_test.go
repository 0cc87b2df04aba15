package conformtest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// A test that drives the simulator's control API itself (specs/control.yaml)
// names its sandbox by SandboxID: here it moves the sandbox's clock on by
// an hour and reads it back.
func ExampleServer_SandboxID() {
	runExample(func(t testing.TB) {
		srv := conformtest.NewServer(t, "")
		clock := srv.BaseURL() + "/_control/sandboxes/" + srv.SandboxID() + "/clock"
		status := call(t, http.DefaultClient, "POST", clock, nil, map[string]string{"advance": "1h"}, nil)
		fmt.Println("advance", status)
		var read struct{ Offset string }
		status = call(t, http.DefaultClient, "GET", clock, nil, nil, &read)
		fmt.Println("clock", status, read.Offset)
	})
	// Output:
	// advance 200
	// clock 200 1h0m0s
}

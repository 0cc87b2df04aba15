package consumer

import (
	"os"
	"testing"

	"github.com/conformhq/conform/simulator/conformtest"
)

// TestFailsAtItsOwnLine fails on purpose, when CONSUMER_MUST_FAIL is set:
// conformtest's test checks that go test reports the failure at the
// marked line of this file, not inside conformtest.
func TestFailsAtItsOwnLine(t *testing.T) {
	if os.Getenv("CONSUMER_MUST_FAIL") == "" {
		t.Skip("fails on purpose only when CONSUMER_MUST_FAIL is set")
	}
	srv := conformtest.NewServer(t, "")
	srv.AddFault(conformtest.Fault{Provider: "weavr", Operation: "noSuchOperation", Status: 500}) // reported here
}

package core_test

import (
	"slices"
	"testing"

	"github.com/conformhq/conform/simulator/core"
)

// TestProviderErrorCodes: Prepare reads the enums of the provider's
// ErrorCode once, and a caller changing what it got leaves them intact.
func TestProviderErrorCodes(t *testing.T) {
	p, _, _ := fakeProvider(t, func(c *core.Call) {})
	if got := p.ErrorCodes("createToken", 400); got != nil {
		t.Fatalf("before Prepare: %v", got)
	}
	p.ErrorCode = "name"
	if err := p.Prepare(); err != nil {
		t.Fatal(err)
	}
	want := []string{"missing_field", "decode_payload", "missing_payload"}
	got := p.ErrorCodes("createToken", 400)
	if !slices.Equal(got, want) {
		t.Fatalf("ErrorCodes = %v, want %v", got, want)
	}
	got[0] = "changed"
	if again := p.ErrorCodes("createToken", 400); !slices.Equal(again, want) {
		t.Fatalf("a caller changed the provider's codes: %v", again)
	}
	if got := p.ErrorCodes("createToken", 200); got != nil {
		t.Fatalf("a success has no codes: %v", got)
	}
}

package core

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// DecodeFixtures reads a provider's section of a fixtures document into
// fx, the opening of every Fixtures hook: an absent or null section leaves
// fx as it is, a field fx does not have is refused, and the error names the
// provider ("weavr fixtures: ..."). It never quotes the section's values.
func DecodeFixtures(provider string, raw json.RawMessage, fx any) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil
	}
	if err := DecodeStrict(provider, t, fx); err != nil {
		return fmt.Errorf("%s fixtures: %w", provider, err)
	}
	return nil
}

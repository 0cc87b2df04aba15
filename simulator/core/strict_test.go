package core

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type strictInner struct {
	Password string `json:"password"`
}

type strictEmbedded struct {
	APIKey string `json:"apiKey"`
}

type strictDoc struct {
	strictEmbedded
	Users   []strictInner          `json:"users"`
	ByName  map[string]strictInner `json:"byName"`
	Start   time.Time              `json:"start"`
	Skipped string                 `json:"-"`
}

// TestDecodeStrict: an unknown key is named by its path in the document,
// at any depth, with the nearest key allowed there; keys encoding/json
// accepts (any case, an embedded struct's) are not refused.
func TestDecodeStrict(t *testing.T) {
	tests := []struct {
		name, doc, want string // want "" decodes
	}{
		{"known keys", `{"apiKey":"k","users":[{"password":"p"}],"byName":{"a":{"password":"p"}},"start":"2026-01-01T00:00:00Z"}`, ""},
		{"a key in another case, as encoding/json allows", `{"APIKEY":"k"}`, ""},
		{"top level", `{"apiKy":"k"}`, "weavr.apiKy is not a fixtures key; did you mean apiKey: …?"},
		{"in a list", `{"users":[{"password":"p"},{"pasword":"p"}]}`, "weavr.users[1].pasword is not a fixtures key; did you mean password: …?"},
		{"in a map", `{"byName":{"a":{"passwd":"p"}}}`, "weavr.byName.a.passwd is not a fixtures key; did you mean password: …?"},
		{"nothing near", `{"zzzzzz":1}`, "weavr.zzzzzz is not a fixtures key (allowed there: apiKey, byName, start, users)"},
		{"a key json leaves out", `{"Skipped":"x"}`, "weavr.Skipped is not a fixtures key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d strictDoc
			err := DecodeStrict("weavr", []byte(tc.doc), &d)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ke *FixtureKeyError
			if !errors.As(err, &ke) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want a FixtureKeyError with %q", err, tc.want)
			}
			if strings.Contains(err.Error(), `"p"`) || strings.Contains(err.Error(), `"k"`) {
				t.Errorf("the message repeats a value: %v", err)
			}
		})
	}
}

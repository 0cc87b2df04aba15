package redact

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

const m = `"` + Mask + `"`

func TestJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"flat", `{"email":"a@b.c","password":"hunter22"}`, `{"email":"a@b.c","password":` + m + `}`},
		{
			"weavr password object",
			`{"password":{"value":"Pa55word!"},"value":"kept"}`,
			`{"password":{"value":` + m + `},"value":"kept"}`,
		},
		{
			"old and new password objects",
			`{"oldPassword":{"value":"old-pass"},"newPassword":{"value":"new-pass"}}`,
			`{"oldPassword":{"value":` + m + `},"newPassword":{"value":` + m + `}}`,
		},
		{
			"nested deep",
			`{"a":{"b":{"c":[{"token":"t0k3n","id":7}]}}}`,
			`{"a":{"b":{"c":[{"token":` + m + `,"id":7}]}}}`,
		},
		{
			"array of objects",
			`[{"otp":"123456"},{"verificationCode":"654321"},{"pin":1234}]`,
			`[{"otp":` + m + `},{"verificationCode":` + m + `},{"pin":` + m + `}]`,
		},
		{
			"array under secret field masked whole",
			`{"apiKey":["k1","k2"],"n":1}`,
			`{"apiKey":` + m + `,"n":1}`,
		},
		{
			"object under non-password secret masked whole",
			`{"token":{"jwt":"abc.def.ghi"}}`,
			`{"token":` + m + `}`,
		},
		{
			"case-insensitive names",
			`{"AccessToken":"x1","ACCESS_TOKEN":"x2","Client_Secret":"x3"}`,
			`{"AccessToken":` + m + `,"ACCESS_TOKEN":` + m + `,"Client_Secret":` + m + `}`,
		},
		{
			"escaped key name",
			`{"pass\u0077ord":"hunter22"}`,
			`{"pass\u0077ord":` + m + `}`,
		},
		{
			"all listed names",
			`{"access_token":"a","refresh_token":"b","secret":"c","apiSecret":"d","api_secret":"e","api_key":"f"}`,
			`{"access_token":` + m + `,"refresh_token":` + m + `,"secret":` + m + `,"apiSecret":` + m + `,"api_secret":` + m + `,"api_key":` + m + `}`,
		},
		{
			"value outside password object kept",
			`{"amount":{"value":"12.50","currency":"EUR"}}`,
			`{"amount":{"value":"12.50","currency":"EUR"}}`,
		},
		{
			"null and booleans kept",
			`{"token":null,"otp":true,"pin":false}`,
			`{"token":null,"otp":true,"pin":false}`,
		},
		{
			"numbers and whitespace untouched",
			"{\n  \"amount\": 1.50e+3,\n  \"big\": 12345678901234567890,\n  \"token\" : \"x\"\n}",
			"{\n  \"amount\": 1.50e+3,\n  \"big\": 12345678901234567890,\n  \"token\" : " + m + "\n}",
		},
		{
			"string with escaped quotes and braces",
			`{"note":"say \"}{\" ok","token":"a\"b"}`,
			`{"note":"say \"}{\" ok","token":` + m + `}`,
		},
		{"empty object", `{}`, `{}`},
		{"empty array", ` [ ] `, ` [ ] `},
		{"scalar document", `"password"`, `"password"`},
		{"non-JSON", `password=hunter22`, `password=hunter22`},
		{"invalid JSON kept", `{"password":"hunter22"`, `{"password":"hunter22"`},
		{"empty body", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(JSON([]byte(tt.in)))
			if got != tt.want {
				t.Errorf("JSON(%s)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestJSONCopies(t *testing.T) {
	in := []byte(`{"token":"abcdef"}`)
	orig := bytes.Clone(in)
	_ = JSON(in)
	if !bytes.Equal(in, orig) {
		t.Errorf("JSON modified its argument: %s", in)
	}
}

func TestSecretValues(t *testing.T) {
	got := secretValues([]byte(`{"password":{"value":"Pa55word!"},"token":{"a":["t1",2]},"pin":1234,"id":"x"}`))
	want := []string{"Pa55word!", "t1", "2", "1234"}
	if !slices.Equal(got, want) {
		t.Errorf("secretValues = %q, want %q", got, want)
	}
}

// FuzzJSON checks that masking valid JSON yields valid JSON, is idempotent,
// and never panics on any input.
func FuzzJSON(f *testing.F) {
	for _, seed := range []string{
		`{"password":{"value":"x"}}`, `[{"token":[1,{"a":2}]}]`, `{"a" : { "otp" : 12 } }`,
		`"s"`, `12`, `{"pin":"\u00e9\"\\"}`, `{"`, `nul`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out := JSON(in)
		if !json.Valid(in) {
			if !bytes.Equal(out, in) {
				t.Fatalf("invalid JSON changed: %q -> %q", in, out)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("JSON(%q) = %q, not valid JSON", in, out)
		}
		if again := JSON(out); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q -> %q", out, again)
		}
	})
}

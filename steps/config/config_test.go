package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func lookupFrom(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

// expandText expands a whole text as Parse expands each value, refusing
// unset variables without default as Parse does.
func expandText(src []byte, lookup func(string) (string, bool)) ([]byte, error) {
	out, missing, err := expand(string(src), lookup)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, missingError(missing)
	}
	return []byte(out), nil
}

func TestExpand(t *testing.T) {
	env := map[string]string{"KEY": "s3cret", "EMPTY": "", "URL": "http://x.test"}
	tests := []struct {
		name    string
		src     string
		want    string
		wantErr []string // substrings; the error must name every missing variable
	}{
		{name: "no reference", src: "target: http://x.test", want: "target: http://x.test"},
		{name: "set", src: "apiKey: ${KEY}", want: "apiKey: s3cret"},
		{name: "set to empty", src: "apiKey: '${EMPTY}'", want: "apiKey: ''"},
		{name: "set wins over default", src: "apiKey: ${KEY:-fallback}", want: "apiKey: s3cret"},
		{name: "empty takes the default, as in sh and Compose", src: "apiKey: '${EMPTY:-fallback}'", want: "apiKey: 'fallback'"},
		{name: "default", src: "apiKey: ${NOPE:-fallback}", want: "apiKey: fallback"},
		{name: "empty default", src: "apiKey: '${NOPE:-}'", want: "apiKey: ''"},
		{name: "several", src: "${URL}/${KEY}", want: "http://x.test/s3cret"},
		{name: "not a reference", src: "$KEY, $.otp, a $ b, 5$", want: "$KEY, $.otp, a $ b, 5$"},
		{name: "a literal $", src: "pa$$word-${KEY}", want: "pa$word-s3cret"},
		{name: "default holding a reference", src: "${NOPE:-${URL}/x}", want: "http://x.test/x"},
		{name: "default with a colon and slashes", src: "${NOPE:-http://y.test:8080/p}", want: "http://y.test:8080/p"},
		{name: "unused default's reference need not be set", src: "${KEY:-${NOPE}}", want: "s3cret"},
		{name: "missing", src: "apiKey: ${NOPE}", wantErr: []string{"NOPE"}},
		{name: "missing in a used default", src: "${NOPE:-${ALSO_NOPE}}", wantErr: []string{"ALSO_NOPE"}},
		{name: "not a variable name", src: "${1X}", wantErr: []string{"holds no environment variable's name"}},
		{name: "alternative value refused", src: "${KEY:+alt}", wantErr: []string{"${KEY:+…} is not supported"}},
		{name: "error form refused, never a value", src: "${NOPE:?set it}", wantErr: []string{"${NOPE:?…} is not supported"}},
		{name: "unclosed reference", src: "${KEY", wantErr: []string{"missing closing brace", "$$"}},
		{name: "all missing named, sorted", src: "${ZED} ${ALPHA} ${KEY}", wantErr: []string{"ALPHA, ZED"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := expandText([]byte(tc.src), lookupFrom(env))
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("expandText(%q) = %q, want an error", tc.src, got)
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not name %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("expandText(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"unknown top-level field", "target: http://x.test\ntargt: http://y.test\n", "line 2: targt is not a config key; did you mean\n    target: …"},
		{"unknown field after blank lines and comments", "# c\n\ntarget: http://x.test\n\n\nproviders:\n  weavr:\n    credential: {}\n", "line 8: providers.weavr.credential is not a config key; did you mean\n    providers:\n      weavr:\n        credentials: …"},
		{"duplicate key", "target: http://x.test\ntarget: http://y.test\n", "already defined"},
		{"unknown provider field", "providers:\n  weavr:\n    apikey: x\n", "apikey"},
		{"bad control value", "control: maybe\n", `control must be auto, yes or no, not "maybe"`},
		{"bad target URL scheme", "target: ftp://x.test\n", "not an http(s) URL"},
		{"target without host", "target: http://\n", "not an http(s) URL"},
		{"relative target", "target: /weavr\n", "not an http(s) URL"},
		{"unparsable target", "target: \"http://x.test/%zz\"\n", "target"},
		{"bad base URL", "providers:\n  fliqa:\n    baseUrl: localhost:8080\n", "providers.fliqa.baseUrl"},
		{"negative timeout", "timeout: -1s\n", "timeout must not be negative"},
		{"bad timeout", "timeout: soon\n", "config"},
		{"not YAML", "{{{", "config"},
		{"wrong shape", "providers: [weavr]\n", "config"},
		{"unset variable", "target: ${CONFORM_CONFIG_TEST_UNSET}\n", "CONFORM_CONFIG_TEST_UNSET"},
		{"reference that does not parse, its line named", "target: http://x.test\nproviders:\n  weavr:\n    credentials: {apiKey: \"pa${ss\"}\n", "line 4: a ${…} reference does not parse"},
		{"negative maxWait", "maxWait: -1m\n", "maxWait must not be negative"},
		{"zero timing", "providers:\n  weavr:\n    timings: {lockoutPeriod: 0s}\n", "providers.weavr.timings.lockoutPeriod must be a positive duration"},
		{"rate limit without a window", "providers:\n  weavr:\n    rateLimit: {limit: 20}\n", "providers.weavr.rateLimit needs limit (1 or more requests) and window"},
		{"rate limit of no request", "providers:\n  weavr:\n    rateLimit: {limit: 0, window: 60s}\n", "providers.weavr.rateLimit needs limit"},
		{"timing not a duration", "providers:\n  weavr:\n    timings: {lockoutPeriod: soon}\n", "config"},
		{"zero limit", "providers:\n  weavr:\n    limits: {lockoutThreshold: 0}\n", "providers.weavr.limits.lockoutThreshold must be a count of 1 or more, got 0"},
		{"limit not a count", "providers:\n  weavr:\n    limits: {lockoutThreshold: five}\n", "config"},
		{"two OTP sources", "providers:\n  weavr:\n    otp: {sandboxCode: \"123456\", command: [echo]}\n", "providers.weavr.otp: give exactly one of sandboxCode, command and inbox"},
		{"empty OTP source", "providers:\n  weavr:\n    otp: {}\n", "providers.weavr.otp: give exactly one"},
		{"OTP command without a program", "providers:\n  fliqa:\n    otp: {command: [\"\"]}\n", "providers.fliqa.otp.command"},
		{"OTP timeout without a command", "providers:\n  fliqa:\n    otp: {sandboxCode: \"1\", timeout: 5s}\n", "providers.fliqa.otp.timeout"},
		{"inbox without a path", "providers:\n  fliqa:\n    otp: {inbox: {url: \"http://mail.test/{recipient}\"}}\n", "providers.fliqa.otp.inbox needs url and path"},
		{"inbox URL not http", "providers:\n  fliqa:\n    otp: {inbox: {url: \"mail.test/{recipient}\", path: otp}}\n", "providers.fliqa.otp.inbox.url"},
		{"unknown OTP field", "providers:\n  fliqa:\n    otp: {script: x}\n", "providers.fliqa.otp.script is not a config key (allowed there: sandboxCode, command, timeout, inbox)"},
		{"fault hook without a URL", "faults: {headers: {X-Key: k}}\n", "faults.url: required"},
		{"fault hook URL not http", "faults: {url: chaos.test/arm}\n", "faults.url"},
		{"fault hook header not a name", "faults: {url: \"http://chaos.test\", headers: {\"X Key\": k}}\n", `faults.headers: "X Key" is not a header name`},
		{"unknown fault hook field", "faults: {url: \"http://chaos.test\", method: PUT}\n", "faults.method is not a config key (allowed there: url, headers)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.src), lookupFrom(nil))
			if err == nil {
				t.Fatalf("Parse accepted %q: %+v", tc.src, c)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "config:") {
				t.Errorf("error %q does not say it is about the config", err)
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	src := `
target: https://sandbox.example.com/
control: "yes"
timeout: 3s
providers:
  weavr:
    credentials:
      apiKey: ${WEAVR_KEY}
    simulate: true
    fixtures:
      user:
        email: ada@example.com
        password: ${WEAVR_PASSWORD:-Secret-Passw0rd}
  fliqa:
    baseUrl: https://fliqa.example.com/api/
  fiskil:
`
	c, err := Parse([]byte(src), lookupFrom(map[string]string{"WEAVR_KEY": "k-123"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Control != "yes" || c.Timeout != 3*time.Second {
		t.Errorf("control %q timeout %v", c.Control, c.Timeout)
	}
	if got := c.Provider("weavr").Credentials["apiKey"]; got != "k-123" {
		t.Errorf("weavr apiKey = %q", got)
	}
	if got := c.Provider("weavr").Fixtures["user"][0]["password"]; got != "Secret-Passw0rd" {
		t.Errorf("weavr user password = %v", got)
	}
	if !c.Provider("weavr").Simulate || c.Provider("fliqa").Simulate {
		t.Errorf("simulate: weavr %v, fliqa %v; want true, false", c.Provider("weavr").Simulate, c.Provider("fliqa").Simulate)
	}
	if p := (*Config)(nil).Provider("weavr"); p == nil {
		t.Error("Provider of a nil config is nil")
	}
	if p := c.Provider("fiskil"); p == nil || len(p.Credentials) != 0 {
		t.Errorf("Provider of a null section = %+v, want an empty provider", p)
	}
	if p := c.Provider("nobody"); p == nil {
		t.Error("Provider of an unknown name is nil")
	}
}

func TestParseDefaults(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		control string
	}{
		{"empty document", "", "auto"},
		{"comment only", "# nothing\n", "auto"},
		{"explicit auto", "control: auto\n", "auto"},
		{"no", "control: \"no\"\n", "no"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.src), lookupFrom(nil))
			if err != nil {
				t.Fatal(err)
			}
			if c.Control != tc.control {
				t.Errorf("Control = %q, want %q", c.Control, tc.control)
			}
			if c.Timeout != 0 {
				t.Errorf("Timeout = %v, want 0 (the CLI's default applies)", c.Timeout)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	c := &Config{
		Target: "http://target.test/root/",
		Providers: map[string]*Provider{
			"fliqa":  {BaseURL: "https://fliqa.example.com/api/"},
			"fiskil": {Credentials: map[string]string{"clientId": "x"}},
			"weavr":  nil,
		},
	}
	tests := []struct {
		provider string
		want     string
	}{
		{"fliqa", "https://fliqa.example.com/api"},
		{"fiskil", "http://target.test/root/fiskil"},
		{"weavr", "http://target.test/root/weavr"},
		{"other", "http://target.test/root/other"},
	}
	for _, tc := range tests {
		t.Run(tc.provider, func(t *testing.T) {
			if got := c.BaseURL(tc.provider); got != tc.want {
				t.Errorf("BaseURL(%q) = %q, want %q", tc.provider, got, tc.want)
			}
		})
	}
	t.Run("target without trailing slash", func(t *testing.T) {
		c := &Config{Target: "http://target.test"}
		if got := c.BaseURL("weavr"); got != "http://target.test/weavr" {
			t.Errorf("BaseURL = %q", got)
		}
	})
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("target: http://x.test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if c.Target != "http://x.test" || c.Control != "auto" {
		t.Errorf("Load = %+v", c)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("Load of a missing file = %v, want an error naming it", err)
	}
}

// TestRegression_ExpandedValuesAreYAML: ${VAR} used to be substituted into
// the text before it was parsed, so a secret was read as YAML: "pass #1"
// lost everything after the "#" (a comment), "a: b" or "*x" broke the
// file, and a ${VAR} mentioned in a comment had to be set.
func TestRegression_ExpandedValuesAreYAML(t *testing.T) {
	tests := []struct {
		name  string
		value string
	}{
		{"hash", "pass #1"},
		{"colon", "a: b"},
		{"alias marker", "*star"},
		{"anchor marker", "&amp"},
		{"tag marker", "!bang"},
		{"quotes", `it's "quoted"`},
		{"flow", "[1, 2]"},
		{"braces", "{x}"},
		{"newline", "line1\nline2"},
		{"digits", "0012345"},
		{"leading dash", "- item"},
		{"plain", "weavr-demo-api-key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "target: http://x.test\n# export WEAVR_KEY=${WEAVR_KEY_IN_COMMENT} first\nproviders:\n  weavr:\n    credentials:\n      apiKey: ${WEAVR_KEY}\n      quoted: \"${WEAVR_KEY}\"\n      prefixed: key-${WEAVR_KEY}\n"
			c, err := Parse([]byte(src), lookupFrom(map[string]string{"WEAVR_KEY": tc.value}))
			if err != nil {
				t.Fatalf("Parse with WEAVR_KEY=%q: %v", tc.value, err)
			}
			creds := c.Provider("weavr").Credentials
			if creds["apiKey"] != tc.value {
				t.Errorf("apiKey = %q, want %q", creds["apiKey"], tc.value)
			}
			if creds["quoted"] != tc.value {
				t.Errorf("quoted = %q, want %q", creds["quoted"], tc.value)
			}
			if creds["prefixed"] != "key-"+tc.value {
				t.Errorf("prefixed = %q, want %q", creds["prefixed"], "key-"+tc.value)
			}
		})
	}
	t.Run("typed values still expand", func(t *testing.T) {
		c, err := Parse([]byte("target: ${T}\ntimeout: ${TO:-4s}\ncontrol: ${C}\n"), lookupFrom(map[string]string{"T": "http://x.test", "C": "no"}))
		if err != nil {
			t.Fatal(err)
		}
		if c.Target != "http://x.test" || c.Timeout != 4*time.Second || c.Control != "no" {
			t.Errorf("config = %+v", c)
		}
	})
}

func TestParseTimingsAndOTP(t *testing.T) {
	c, err := Parse([]byte(`
maxWait: 35m
providers:
  weavr:
    timings: {tokenIdleLifetime: 10s, lockoutPeriod: 1m}
    otp: {sandboxCode: "123456"}
  fliqa:
    otp:
      inbox: {url: "http://mail.test/api?to={recipient}", path: "messages.0.otp"}
  fiskil:
    otp: {command: [./otp.sh, --latest], timeout: 5s}
`), lookupFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxWait != 35*time.Minute {
		t.Errorf("maxWait %s", c.MaxWait)
	}
	if got := c.Provider("weavr").Timings["tokenIdleLifetime"]; got != 10*time.Second {
		t.Errorf("tokenIdleLifetime %s", got)
	}
	if c.Provider("weavr").OTP.SandboxCode != "123456" {
		t.Errorf("sandboxCode %q", c.Provider("weavr").OTP.SandboxCode)
	}
	if timeout, interval := c.Provider("fliqa").OTP.Inbox.Limits(); timeout != DefaultOTPTimeout || interval != DefaultInboxInterval {
		t.Errorf("inbox limits %s %s, want the defaults", timeout, interval)
	}
	if got := c.Provider("fiskil").OTP.CommandTimeout(); got != 5*time.Second {
		t.Errorf("command timeout %s", got)
	}
}

func TestParseFaultHook(t *testing.T) {
	c, err := Parse([]byte(`
faults:
  url: ${CHAOS_URL}/arm
  headers: {Authorization: "Bearer ${CHAOS_TOKEN}"}
`), lookupFrom(map[string]string{"CHAOS_URL": "https://chaos.vendor.test", "CHAOS_TOKEN": "t0k#en"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Faults == nil || c.Faults.URL != "https://chaos.vendor.test/arm" {
		t.Fatalf("faults %+v", c.Faults)
	}
	if got := c.Faults.Headers["Authorization"]; got != "Bearer t0k#en" {
		t.Errorf("header %q", got)
	}
	none, err := Parse([]byte("target: http://x.test\n"), lookupFrom(nil))
	if err != nil || none.Faults != nil {
		t.Errorf("a config without faults: %+v, %v", none.Faults, err)
	}
}

// TestCheckLimits: a limit the provider does not have is refused, naming
// the key at fault and the limits it has.
func TestCheckLimits(t *testing.T) {
	known := map[string][]string{"weavr": {"lockoutThreshold", "wrongCodeAttempts"}}
	tests := []struct {
		name, src, want string
	}{
		{"declared", "providers:\n  weavr:\n    limits: {lockoutThreshold: 3}\n", ""},
		{"unknown name, key at fault", "providers:\n  weavr:\n    limits: {lockout: 3}\n", "config: providers.weavr.limits.lockout: no such limit (known: lockoutThreshold, wrongCodeAttempts)"},
		{"provider without limits", "providers:\n  fiskil:\n    limits: {tokens: 3}\n", "config: providers.fiskil.limits.tokens: no such limit (known: none)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.src), lookupFrom(nil))
			if err != nil {
				t.Fatal(err)
			}
			err = c.CheckLimits(known)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || err.Error() != tc.want):
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckTimings(t *testing.T) {
	known := map[string][]string{"weavr": {"tokenIdleLifetime", "lockoutPeriod", "challengeExpiry"}}
	tests := []struct {
		name, src, want string
	}{
		{"declared", "providers:\n  weavr:\n    timings: {lockoutPeriod: 1m}\n", ""},
		{"unknown name, key at fault", "providers:\n  weavr:\n    timings: {lockout: 1m}\n", "config: providers.weavr.timings.lockout: no such timing (known: challengeExpiry, lockoutPeriod, tokenIdleLifetime)"},
		{"provider without timings", "providers:\n  fiskil:\n    timings: {tokenLifetime: 1m}\n", "config: providers.fiskil.timings.tokenLifetime: no such timing (known: none)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.src), lookupFrom(nil))
			if err != nil {
				t.Fatal(err)
			}
			err = c.CheckTimings(known)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckCredentials(t *testing.T) {
	known := map[string][]string{"weavr": {"apiKey"}, "fiskil": {"clientId", "clientSecret", "token"}}
	tests := []struct {
		name, src, want string
	}{
		{"known keys", "providers:\n  weavr:\n    credentials: {apiKey: k}\n  fiskil:\n    credentials: {clientId: c, clientSecret: s}\n", ""},
		{"misspelt key, key at fault", "providers:\n  fiskil:\n    credentials: {clientId: c, clientSecrt: s}\n", "config: providers.fiskil.credentials.clientSecrt: no such credential (known: clientId, clientSecret, token)"},
		{"provider without credentials", "providers:\n  fliqa:\n    credentials: {apiKey: k}\n", "config: providers.fliqa.credentials.apiKey: no such credential (known: none)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.src), lookupFrom(nil))
			if err != nil {
				t.Fatal(err)
			}
			err = c.CheckCredentials(known)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckProviders(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // "" for accepted
	}{
		{"known", "providers:\n  weavr:\n    baseUrl: http://x.test\n", ""},
		{"none", "target: http://x.test\n", ""},
		{"unknown", "providers:\n  stripe:\n    baseUrl: http://x.test\n", `unknown provider "stripe" (known: fliqa, weavr)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.doc), func(string) (string, bool) { return "", false })
			if err != nil {
				t.Fatal(err)
			}
			err = c.CheckProviders([]string{"weavr", "fliqa"})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestExpandErrorsQuoteNoValue: a value that does not expand may be a
// secret written in the file: the error names its line, never its text.
func TestExpandErrorsQuoteNoValue(t *testing.T) {
	const secret = "Sup3r-s3cret"
	tests := []struct{ name, value string }{
		{"unclosed", secret + "${x"},
		{"empty reference", secret + "${}"},
		{"not a name", "${" + secret + "}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte("target: http://x.test\nproviders:\n  weavr:\n    credentials: {apiKey: \""+tc.value+"\"}\n"), lookupFrom(nil))
			if err == nil || !strings.Contains(err.Error(), "line 4") || strings.Contains(err.Error(), secret) {
				t.Errorf("error %v: want one naming line 4 and not quoting the value", err)
			}
		})
	}
}

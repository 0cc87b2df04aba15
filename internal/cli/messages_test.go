package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMessagesSayWhatToDo holds each mistake a user makes and the message
// it gets: what is wrong, where, and what to write instead; never the
// library's words it replaces, never a word printed before it.
func TestMessagesSayWhatToDo(t *testing.T) {
	passing := writeFiles(t, map[string]string{"weavr/login.feature": passingFeature})
	files := writeFiles(t, map[string]string{
		"contrl.yaml":   "target: http://127.0.0.1:1\ncontrl: \"no\"\n",
		"nested.yaml":   "target: http://127.0.0.1:1\nproviders:\n  weavr:\n    baseUrll: http://127.0.0.1:1/weavr\n",
		"fixtures.yaml": "weavr:\n  users:\n    - email: a@example.com\n      pasword: secret-value\n",
		"clock.yaml":    "clock:\n  strat: \"2026-01-01T00:00:00Z\"\n",
		"existing.key":  "already here\n",
	})
	unsigned := t.TempDir()
	signed := filepath.Join(t.TempDir(), "signed")
	key, other := filepath.Join(t.TempDir(), "k"), filepath.Join(t.TempDir(), "other")
	for _, prefix := range []string{key, other} {
		if code, stdout, stderr := mainWith(t, context.Background(), "keygen", "--out", prefix); code != ExitOK {
			t.Fatalf("keygen: exit %d\n%s\n%s", code, stdout, stderr)
		}
	}
	if code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", passing, "--progress", "none", "--attest", key+".key", "--report-dir", signed); code != ExitOK {
		t.Fatalf("signed run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	report := func() string { return filepath.Join(t.TempDir(), "r") }
	tests := []struct {
		name string
		args []string
		code int
		// want are parts of the output (stdout and stderr), in order.
		want []string
		// never are the words the message replaces.
		never []string
		// alone: the message is all the output, one line on stderr.
		alone bool
	}{
		{name: "target without its scheme", args: []string{"run", "--target", "127.0.0.1:8080", "--report-dir", report()}, code: ExitUsage,
			want: []string{`--target: "127.0.0.1:8080" has no scheme: did you mean http://127.0.0.1:8080?`}, never: []string{"first path segment"}, alone: true},
		{name: "timeout without its unit", args: []string{"run", "--timeout", "10"}, code: ExitUsage,
			want: []string{`--timeout "10" is not a duration: give it with its unit, e.g. 10s`}, never: []string{"parse error"}},
		{name: "deadline in words", args: []string{"run", "--deadline", "ten minutes"}, code: ExitUsage,
			want: []string{`--deadline "ten minutes" is not a duration: give it with its unit, e.g. 10s`}},
		{name: "config typo", args: []string{"run", "--config", filepath.Join(files, "contrl.yaml"), "--report-dir", report()}, code: ExitUsage,
			want: []string{"config " + filepath.Join(files, "contrl.yaml") + ": line 2: contrl is not a config key; did you mean\n    control: …"}, never: []string{"not found in type", "config.Config"}},
		{name: "config typo, nested", args: []string{"run", "--config", filepath.Join(files, "nested.yaml"), "--report-dir", report()}, code: ExitUsage,
			want: []string{"nested.yaml: line 4: providers.weavr.baseUrll is not a config key; did you mean\n    providers:\n      weavr:\n        baseUrl: …"}},
		{name: "fixtures typo in YAML", args: []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", filepath.Join(files, "fixtures.yaml")}, code: ExitUsage,
			want: []string{"weavr.users[0].pasword is not a fixtures key; did you mean password: …?"}, never: []string{"json: unknown field", "secret-value", "weavr: weavr"}},
		{name: "fixtures typo in a section of the document", args: []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", filepath.Join(files, "clock.yaml")}, code: ExitUsage,
			want: []string{"bad fixtures: clock.strat is not a fixtures key (allowed there: start)"}, never: []string{"fixtures: fixtures", "clock: clock"}},
		{name: "verify an unsigned folder", args: []string{"verify", "--key", key + ".pub", unsigned}, code: ExitFailed,
			want: []string{"NOT VERIFIED", "not signed: run with --attest KEY"}, never: []string{"no such file"}},
		{name: "verify with another key", args: []string{"verify", "--key", other + ".pub", signed}, code: ExitFailed,
			want: []string{"NOT VERIFIED", "signed with another key (key id "}, never: []string{"threshold"}},
		{name: "verify with a key that is no key", args: []string{"verify", signed, "--key", filepath.Join(files, "existing.key")}, code: ExitUsage,
			want: []string{"--key " + filepath.Join(files, "existing.key") + ": not an ed25519 key in PEM"}, never: []string{"verify: verify"}},
		{name: "a command mistyped", args: []string{"servee"}, code: ExitUsage,
			want: []string{`unknown command "servee"; did you mean serve?`}},
		{name: "a flag mistyped", args: []string{"run", "--taget", "http://x"}, code: ExitUsage,
			want: []string{"did you mean --target?"}},
		{name: "a tag no scenario has", args: []string{"run", "--features", passing, "--tags", "@nosuchtag", "--report-dir", report()}, code: ExitUsage,
			want: []string{"no scenario is tagged @nosuchtag"}, alone: true},
		{name: "a tag no scenario has, listing needs", args: []string{"run", "--features", passing, "--tags", "@nosuchtag", "--list-needs"}, code: ExitUsage,
			want: []string{"no scenario is tagged @nosuchtag"}, alone: true},
		{name: "a tag mistyped", args: []string{"run", "--tags", "@weavrr and not @wip", "--report-dir", report()}, code: ExitUsage,
			want: []string{"no scenario is tagged @weavrr (did you mean @weavr?), @wip"}, alone: true},
		{name: "a malformed tag expression", args: []string{"run", "--tags", "(@weavr or @fliqa", "--report-dir", report()}, code: ExitUsage,
			want: []string{`--tags "(@weavr or @fliqa": unmatched '(' at character 1: it is never closed`}, alone: true},
		{name: "godog's old tag syntax", args: []string{"run", "--features", passing, "--tags", "@weavr && ~@wip", "--list-needs"}, code: ExitOK,
			want: []string{`--tags "@weavr && ~@wip" is godog's old syntax, still read; in Cucumber's, which conform now uses: --tags '@weavr and not @wip'`}},
		{name: "a line with no scenario", args: []string{"run", "--features", passing, "weavr/login.feature:1", "--report-dir", report()}, code: ExitUsage,
			want: []string{"features/weavr/login.feature:1: no scenario there (its scenarios start at lines 4)"}, alone: true},
		{name: "a scenario argument without its file", args: []string{"run", ":11"}, code: ExitUsage,
			want: []string{"name scenarios as FILE.feature (all of a file) or FILE.feature:LINE (the scenario at any of its lines), e.g. weavr/logout.feature:11"}},
		{name: "keygen over an existing key", args: []string{"keygen", "--out", filepath.Join(files, "existing")}, code: ExitUsage,
			want: []string{"existing.key exists already, and a key is never overwritten: choose another --out PREFIX"}, never: []string{"keygen: keygen"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := mainWith(t, context.Background(), tc.args...)
			out := stdout + stderr
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, out)
			}
			rest := out
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks %q (in order)\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tc.never {
				if strings.Contains(out, n) {
					t.Errorf("output has %q\n%s", n, out)
				}
			}
			if tc.alone && (stdout != "" || strings.Count(strings.TrimSuffix(stderr, "\n"), "\n") > 0) {
				t.Errorf("the message is not alone: stdout %q, stderr %q", stdout, stderr)
			}
		})
	}
}

// TestConfigDiscovery: conform.yaml in the working folder is used and
// announced on stderr; --config wins over it, and --config ” runs without
// any.
func TestConfigDiscovery(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"conform.yaml": "target: http://found.invalid:1\ncontrol: \"no\"\n",
		"other.yaml":   "target: http://other.invalid:1\ncontrol: \"no\"\n",
	})
	t.Chdir(dir)
	tests := []struct {
		name      string
		args      []string
		announced bool
		target    string
	}{
		{"found", nil, true, "found.invalid"},
		{"--config wins", []string{"--config", "other.yaml"}, false, "other.invalid"},
		{"--config '' uses none", []string{"--config", ""}, false, "built-in simulator"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run", "--list-needs", "--provider", "weavr"}, tc.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			if got := strings.Contains(stderr, "conform run: using conform.yaml"); got != tc.announced {
				t.Errorf("announced %v, want %v: stderr %q", got, tc.announced, stderr)
			}
			if !strings.Contains(stdout, tc.target) {
				t.Errorf("the run's target is not %s:\n%s", tc.target, stdout)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "conform-report")); err == nil {
		t.Error("--list-needs wrote reports")
	}
}

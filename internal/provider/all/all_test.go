package all

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/providers"
)

// The providers' list and the simulator's own list name the same
// providers, in the same order, and every descriptor is its record's.
func TestListsAgree(t *testing.T) {
	l := Providers()
	if err := l.Check(); err != nil {
		t.Fatal(err)
	}
	sims := providers.All()
	if !slices.Equal(l.Names(), sims.Names()) {
		t.Fatalf("internal/provider/all lists %q, simulator/providers %q", l.Names(), sims.Names())
	}
	for i, d := range l {
		rec := sims[i].Record
		if err := rec.Check(); err != nil {
			t.Error(err)
		}
		if !slices.Equal(d.VersionNames(), rec.VersionNames()) || d.ErrorCode != rec.ErrorCode || !slices.Equal(d.Credentials, rec.Credentials) {
			t.Errorf("%s: the descriptor does not say what its record says", d.Name)
		}
		if v := d.Vocabulary(); v.Name != rec.Name || v.Title != rec.Title {
			t.Errorf("%s: the vocabulary is %s/%s, the record %s/%s", d.Name, v.Name, v.Title, rec.Name, rec.Title)
		}
		p, err := d.Simulator()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.VersionNames(), rec.VersionNames()) || p.ErrorCode != rec.ErrorCode.Property {
			t.Errorf("%s: the simulator serves %q (%s), the record %q (%s)", d.Name, p.VersionNames(), p.ErrorCode, rec.VersionNames(), rec.ErrorCode.Property)
		}
	}
}

// `make conformance` runs every version a provider has beyond its default
// (`--spec <provider>=<version>`), and names no version its record lacks.
func TestMakeConformanceRunsEveryVersion(t *testing.T) {
	f, err := os.Open("../../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	spec := regexp.MustCompile(`--spec (\w+)=([\w.]+)`)
	var got []string
	in := false
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "conformance:"):
			in = true
		case in && !strings.HasPrefix(line, "\t"):
			in = false
		case in:
			for _, m := range spec.FindAllStringSubmatch(line, -1) {
				got = append(got, m[1]+"="+m[2])
			}
		}
	}
	var want []string
	for _, p := range providers.All() {
		for _, v := range p.Record.Versions[1:] {
			want = append(want, p.Record.Name+"="+v.Name)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("make conformance runs --spec %q; the records' versions beyond the default are %q", got, want)
	}
}

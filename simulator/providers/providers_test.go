package providers

import (
	"slices"
	"strings"
	"testing"
)

func TestAll(t *testing.T) {
	l := All()
	if got := l.Names(); !slices.Equal(got, []string{"fliqa", "weavr", "fiskil"}) {
		t.Errorf("names %q", got)
	}
	for i, build := range l.Simulators() {
		p, err := build()
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != l[i].Record.Name || !slices.Equal(p.VersionNames(), l[i].Record.VersionNames()) {
			t.Errorf("%s serves %s %q, its record says %q", l[i].Record.Name, p.Name, p.VersionNames(), l[i].Record.VersionNames())
		}
	}
	specs, err := l.Specs()
	if err != nil {
		t.Fatal(err)
	}
	if specs["weavr"].Name != l[1].Record.Default().Spec {
		t.Errorf("weavr's spec is %s, not its default version's", specs["weavr"].Name)
	}
	if _, err := l.Spec("weaver"); err == nil || !strings.Contains(err.Error(), `unknown provider "weaver" (fliqa, weavr, fiskil)`) {
		t.Errorf("Spec(weaver) = %v", err)
	}
}

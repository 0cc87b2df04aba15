package core_test

import (
	"slices"
	"testing"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// twoVersions is a provider serving Weavr's two specs with no-op handlers.
func twoVersions(t *testing.T) *core.Provider {
	t.Helper()
	p := &core.Provider{Name: "weavr", ErrorCode: "errorCode", Handlers: map[string]core.Handler{}}
	for _, name := range []string{"3.32", "3.63"} {
		spec, err := oas.Load("weavr-" + name)
		if err != nil {
			t.Fatal(err)
		}
		p.Versions = append(p.Versions, core.Version{Name: name, Spec: spec})
		for _, op := range spec.Operations() {
			p.Handlers[op.ID] = func(*core.Call) {}
		}
	}
	if err := p.Prepare(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVersions(t *testing.T) {
	p := twoVersions(t)
	reg := core.NewRegistry(1, nil)
	tests := []struct {
		name     string
		set      string // the sandbox's version ("" for none)
		wantSpec string
		wantCode bool // whether RETRY_IN_15SEC (3.63 only) is a stepupSCAChallenge 409 code
	}{
		{name: "none chosen serves the default", set: "", wantSpec: "weavr-3.32", wantCode: false},
		{name: "the default named", set: "3.32", wantSpec: "weavr-3.32", wantCode: false},
		{name: "the newer one", set: "3.63", wantSpec: "weavr-3.63", wantCode: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, err := reg.Create("")
			if err != nil {
				t.Fatal(err)
			}
			sb.SetVersion(p.Name, tt.set)
			if got := sb.Version(p.Name); got != tt.set {
				t.Errorf("Version = %q, want %q", got, tt.set)
			}
			if got := p.SpecOf(sb).Name; got != tt.wantSpec {
				t.Errorf("SpecOf = %s, want %s", got, tt.wantSpec)
			}
			codes := p.VersionErrorCodes(sb.Version(p.Name), "stepupSCAChallenge", 409)
			if slices.Contains(codes, "RETRY_IN_15SEC") != tt.wantCode {
				t.Errorf("codes %v", codes)
			}
		})
	}
	if p.Spec.Name != "weavr-3.32" || !slices.Equal(p.VersionNames(), []string{"3.32", "3.63"}) {
		t.Errorf("default spec %s, versions %v", p.Spec.Name, p.VersionNames())
	}
	if err := p.CheckVersion("4.0"); err == nil {
		t.Error("CheckVersion accepted an unknown version")
	}
}

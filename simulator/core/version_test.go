package core_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/record"
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

// TestHasAsksTheVersionsTraits: a provider built from a record answers
// Call.Has from the traits of the version its sandbox serves.
func TestHasAsksTheVersionsTraits(t *testing.T) {
	rec := record.Provider{Name: "fiskil", Title: "Fiskil", ErrorCode: record.ErrorCode{Property: "name"},
		Versions: []record.Version{{Name: "1", Spec: "fiskil"}, {Name: "2", Spec: "fiskil", Traits: []string{"paged"}}}}
	var got []string
	handler := func(c *core.Call) {
		got = append(got, fmt.Sprintf("%s paged=%v other=%v", c.Version(), c.Has("paged"), c.Has("other")))
		c.Empty(http.StatusNoContent)
	}
	parts := core.Provider{
		Name: "ignored", ErrorCode: "ignored",
		Handlers: map[string]core.Handler{"createToken": handler, "createEndUser": handler, "addAuthSession": handler},
		Resolve:  func(c *core.Call) *core.Sandbox { return c.Registry.Lookup("client", c.R.Header.Get("X-Client")) },
		Invalid:  func(c *core.Call, _ *oas.RequestError) { c.Empty(http.StatusBadRequest) },
		Fault:    func(c *core.Call, f core.Fault) { c.Empty(f.Status) },
		NotFound: func(c *core.Call) { c.Empty(http.StatusNotFound) },
	}
	p, err := core.FromRecord(rec, parts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "fiskil" || p.ErrorCode != "name" || !slices.Equal(p.VersionNames(), []string{"1", "2"}) {
		t.Fatalf("FromRecord: %s %s %v", p.Name, p.ErrorCode, p.VersionNames())
	}
	reg := core.NewRegistry(1, nil)
	for _, v := range []string{"", "2"} {
		sb, err := reg.Create("")
		if err != nil {
			t.Fatal(err)
		}
		sb.Bind("client", "c"+v)
		sb.SetVersion("fiskil", v)
		req := httptest.NewRequest(http.MethodPost, "/v1/token", strings.NewReader(`{"client_id":"a","client_secret":"b"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Client", "c"+v)
		p.Serve(reg, nil).ServeHTTP(httptest.NewRecorder(), req)
	}
	want := []string{"1 paged=false other=false", "2 paged=true other=false"}
	if !slices.Equal(got, want) {
		t.Errorf("calls saw %q, want %q", got, want)
	}
	if _, err := core.FromRecord(record.Provider{Name: "x", Versions: []record.Version{{Name: "1", Spec: "nowhere"}}}, parts); err == nil {
		t.Error("FromRecord built a provider whose spec does not load")
	}
	if _, err := core.FromRecord(rec, core.Provider{}); err == nil {
		t.Error("FromRecord built a provider without handlers")
	}
}

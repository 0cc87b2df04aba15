package steps

import (
	"strings"
	"testing"

	"github.com/conformhq/conform/steps/config"
)

func TestNewEnvChecksVocabularies(t *testing.T) {
	tests := []struct {
		name         string
		vocabularies []Vocabulary
		wantErr      string // "" when the vocabularies are accepted
	}{
		{name: "none", vocabularies: nil},
		{name: "distinct", vocabularies: testVocabularies},
		{name: "title differs from name", vocabularies: []Vocabulary{{Name: "acme", Title: "Acme Bank"}, {Name: "weavr", Title: "Weavr"}}},
		{name: "no name", vocabularies: []Vocabulary{{Title: "Weavr"}}, wantErr: "needs a name and a title"},
		{name: "no title", vocabularies: []Vocabulary{{Name: "weavr"}}, wantErr: "needs a name and a title"},
		{name: "same name twice", vocabularies: []Vocabulary{{Name: "weavr", Title: "Weavr"}, {Name: "weavr", Title: "Weavr Multi"}}, wantErr: `are both called "weavr"`},
		{name: "same title in another case", vocabularies: []Vocabulary{{Name: "a", Title: "Bank"}, {Name: "b", Title: "BANK"}}, wantErr: `"a" and "b" are both called "BANK"`},
		{name: "a title that is another's name", vocabularies: []Vocabulary{{Name: "acme", Title: "Acme"}, {Name: "b", Title: "acme"}}, wantErr: "are both called"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, err := NewEnv(&Target{}, EnvOptions{Vocabularies: tc.vocabularies})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("NewEnv refused the vocabularies: %v", err)
				}
				if len(env.Vocabularies) != len(tc.vocabularies) || env.Specs == nil {
					t.Errorf("the Env keeps %d vocabularies (want %d) and specs %v", len(env.Vocabularies), len(tc.vocabularies), env.Specs)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("NewEnv = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestProviderChoice: "I use the <provider> API" accepts each vocabulary's
// title or name in any case, and nothing else.
func TestProviderChoice(t *testing.T) {
	vocabularies := []Vocabulary{{Name: "weavr", Title: "Weavr"}, {Name: "acme", Title: "A.B Bank"}}
	tests := []struct {
		name string
		step string
		want string // the chosen provider; "" when the step must be undefined
	}{
		{name: "title", step: "Given I use the Weavr API", want: "weavr"},
		{name: "lower case", step: "Given I use the weavr API", want: "weavr"},
		{name: "upper case", step: "Given I use the WEAVR API", want: "weavr"},
		{name: "title unlike the name", step: "Given I use the A.B Bank API", want: "acme"},
		{name: "name unlike the title", step: "Given I use the Acme API", want: "acme"},
		{name: "a dot in a title is no wildcard", step: "Given I use the AxB Bank API"},
		{name: "unknown provider", step: "Given I use the Fliqa API"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, err := NewEnv(&Target{Config: &config.Config{}}, EnvOptions{Vocabularies: vocabularies})
			if err != nil {
				t.Fatal(err)
			}
			w := newWorld(env)
			errs := stepRun(t, w, "    "+tc.step+"\n")
			if len(errs) != 1 {
				t.Fatalf("ran %d steps, want 1", len(errs))
			}
			if tc.want == "" {
				if errs[0] == nil {
					t.Fatalf("the step chose %q, want it undefined", w.Provider)
				}
				return
			}
			if errs[0] != nil || w.Provider != tc.want {
				t.Errorf("provider = %q (error %v), want %q", w.Provider, errs[0], tc.want)
			}
		})
	}
}

func TestVocabularyCredentialsRunWithConfigCredentials(t *testing.T) {
	calls := map[string]int{}
	hook := func(name string) func(*World) {
		return func(w *World) {
			calls[name]++
			if k, ok := w.Credential(name, "apiKey"); ok {
				w.SetHeader(name, "Api-Key", k)
			}
		}
	}
	cfg := &config.Config{Providers: map[string]*config.Provider{
		"weavr": {Credentials: map[string]string{"apiKey": "weavr-key-secret"}},
	}}
	env, err := NewEnv(&Target{Config: cfg}, EnvOptions{Vocabularies: []Vocabulary{
		{Name: "weavr", Title: "Weavr", Credentials: hook("weavr")},
		{Name: "fliqa", Title: "Fliqa", Credentials: hook("fliqa")},
		{Name: "fiskil", Title: "Fiskil"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(env)
	w.useConfigCredentials()
	if calls["weavr"] != 1 || calls["fliqa"] != 0 {
		t.Errorf("hooks ran %v, want weavr's once and not fliqa's (it has no credentials)", calls)
	}
	if !w.HasHeader("weavr", "api-key") || w.HasHeader("fliqa", "Api-Key") {
		t.Errorf("default headers: weavr %v, fliqa %v; want weavr's only", w.HasHeader("weavr", "api-key"), w.HasHeader("fliqa", "Api-Key"))
	}
	if got := w.Secrets.String("weavr-key-secret"); got == "weavr-key-secret" {
		t.Errorf("the config's api key is not a secret of the scenario: %q", got)
	}
}

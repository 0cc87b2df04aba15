package steps

import (
	"slices"
	"testing"

	"github.com/conformhq/conform/steps/config"
)

func TestProviderOrigins(t *testing.T) {
	page := &config.ConsentPage{Origins: []string{"https://Auth.Vendor.example/", "https://api.vendor.example"}}
	tests := []struct {
		name string
		cfg  *config.Config
		want []string
	}{
		{name: "the base URL's alone", cfg: &config.Config{Target: "http://127.0.0.1:8080"}, want: []string{"http://127.0.0.1:8080"}},
		{name: "and the consent page's, once each, in lower case",
			cfg:  &config.Config{Providers: map[string]*config.Provider{"fiskil": {BaseURL: "https://api.vendor.example/fiskil", ConsentPage: page}}},
			want: []string{"https://api.vendor.example", "https://auth.vendor.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (&Target{Config: tt.cfg}).origins("fiskil"); !slices.Equal(got, tt.want) {
				t.Errorf("origins = %q, want %q", got, tt.want)
			}
		})
	}
}

package simulator

import (
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator/core"
)

// providers are conform's own providers, as `conform serve` mounts them.
func providers() []func() (*core.Provider, error) { return all.Providers().Simulators() }

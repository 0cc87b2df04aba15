package fliqa

import (
	"net/http"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// control serves the sandbox's Fliqa state for tests and scenarios:
// GET consents lists the consents created, oldest first.
func control(sb *core.Sandbox, w http.ResponseWriter, r *http.Request, rest string) {
	if strings.Trim(rest, "/") != "consents" {
		core.ControlError(w, http.StatusNotFound, "unknown fliqa control path: only GET consents")
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		core.ControlError(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	cs := stateOf(sb).consents
	if cs == nil {
		cs = []*consent{}
	}
	core.WriteJSON(w, http.StatusOK, cs)
}

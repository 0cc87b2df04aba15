package fliqa

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// control serves the sandbox's Fliqa state for tests and scenarios:
// GET consents lists the consents created, oldest first.
func control(sb *core.Sandbox, w http.ResponseWriter, r *http.Request, rest string) {
	w.Header().Set("Content-Type", "application/json")
	if strings.Trim(rest, "/") != "consents" {
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "unknown fliqa control path: only GET consents"})
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		w.WriteHeader(http.StatusMethodNotAllowed)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "method not allowed"})
		return
	}
	cs := stateOf(sb).consents
	if cs == nil {
		cs = []*consent{}
	}
	_ = json.NewEncoder(w).Encode(cs)
}

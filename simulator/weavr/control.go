package weavr

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// control serves the control API's view of push challenges, under
// /_control/sandboxes/{id}/weavr/ (the sandbox is locked); Weavr's own
// sandbox simulate API is served too, at /weavr/simulate/api (simulate.go):
//
//	GET  challenges                       every push challenge, oldest first
//	GET  challenges/{id}                  one push challenge
//	POST challenges/{id}/verify_success   the user approves: the session is stepped up
//	POST challenges/{id}/verify_invalid   the user declines: no step-up
//	POST challenges/{id}/verify_expired   the notification times out: no step-up
//
// The POSTs answer 204; an unknown challenge is 404 and one no longer pending
// 409, both with {"error": "..."}.
func control(sb *core.Sandbox, w http.ResponseWriter, r *http.Request, rest string) {
	s, now := stateOf(sb), sb.Clock.Now()
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	if parts[0] != "challenges" || len(parts) > 3 {
		core.ControlError(w, http.StatusNotFound, "no weavr control operation %q (known: challenges, challenges/{id}, challenges/{id}/verify_success|verify_invalid|verify_expired)", rest)
		return
	}
	if len(parts) == 1 {
		if r.Method != http.MethodGet {
			core.ControlError(w, http.StatusMethodNotAllowed, "challenges takes GET")
			return
		}
		list := make([]challengeView, 0, len(s.challenges))
		for _, ch := range s.challenges {
			list = append(list, view(ch, now))
		}
		sort.Slice(list, func(i, j int) bool {
			if !list[i].StartedAt.Equal(list[j].StartedAt) {
				return list[i].StartedAt.Before(list[j].StartedAt)
			}
			return list[i].ID < list[j].ID
		})
		core.WriteJSON(w, http.StatusOK, map[string]any{"challenges": list})
		return
	}
	ch := s.challenges[parts[1]]
	if ch == nil {
		core.ControlError(w, http.StatusNotFound, "no push challenge %q in this sandbox", parts[1])
		return
	}
	if len(parts) == 2 {
		if r.Method != http.MethodGet {
			core.ControlError(w, http.StatusMethodNotAllowed, "challenges/{id} takes GET")
			return
		}
		core.WriteJSON(w, http.StatusOK, view(ch, now))
		return
	}
	status, ok := map[string]string{"verify_success": statusVerified, "verify_invalid": statusInvalid, "verify_expired": statusExpired}[parts[2]]
	if !ok {
		core.ControlError(w, http.StatusNotFound, "no challenge operation %q (known: verify_success, verify_invalid, verify_expired)", parts[2])
		return
	}
	if r.Method != http.MethodPost {
		core.ControlError(w, http.StatusMethodNotAllowed, "%s takes POST", parts[2])
		return
	}
	if !completeChallenge(ch, status, now) {
		core.ControlError(w, http.StatusConflict, "push challenge %q is no longer pending: %s", ch.id, ch.status)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// challengeView is a push challenge as the control API shows it.
type challengeView struct {
	ID          string     `json:"id"`
	Channel     string     `json:"channel"`
	Status      string     `json:"status"`
	Email       string     `json:"email"`
	StartedAt   time.Time  `json:"startedAt"`
	CompletedAt *time.Time `json:"completedAt,omitempty"`
}

func view(ch *pushChallenge, now time.Time) challengeView {
	ch.pending(now) // brings an unanswered challenge's expiry up to date
	v := challengeView{ID: ch.id, Channel: ch.channel, Status: ch.status, Email: ch.session.user.email, StartedAt: ch.started}
	if !ch.completed.IsZero() {
		at := ch.completed
		v.CompletedAt = &at
	}
	return v
}

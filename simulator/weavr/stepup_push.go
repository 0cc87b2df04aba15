package weavr

import (
	"net/http"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// isPushChannel reports whether Weavr supports the push channel.
func isPushChannel(ch string) bool { return ch == "AUTHY" || ch == "BIOMETRIC" }

// The states of a push challenge, as the control API shows them.
const (
	statusPending   = "PENDING"
	statusVerified  = "VERIFIED"
	statusInvalid   = "INVALID"
	statusExpired   = "EXPIRED"
	statusCancelled = "CANCELLED" // the session ended first
)

// pushChallenge is a push notification awaiting the user's answer, which
// the control API gives in the simulator.
type pushChallenge struct {
	id        string
	channel   string
	status    string
	session   *session
	started   time.Time
	completed time.Time
	ttl       time.Duration // unanswered this long, it expires
}

// pending reports whether the challenge still awaits an answer; one left
// unanswered for its ttl expires, as the notification would.
func (ch *pushChallenge) pending(now time.Time) bool {
	if ch.status == statusPending && !now.Before(ch.started.Add(ch.ttl)) {
		ch.complete(statusExpired, ch.started.Add(ch.ttl))
	}
	return ch.status == statusPending
}

func (ch *pushChallenge) complete(status string, at time.Time) {
	ch.status, ch.completed = status, at
}

// stepupSCAChallengePush sends a push notification to the user's device for the
// channel; one challenge per session may be in flight at a time.
func stepupSCAChallengePush(c *core.Call) {
	s, t, ok := authorize(c, accessOr403)
	if !ok {
		return
	}
	sess, ch, now := t.session, c.Params["channel"], c.Now()
	switch {
	case sess.steppedUp:
		refuse(c, http.StatusMethodNotAllowed, "STEPPED_UP")
	case !isPushChannel(ch):
		conflict(c, codeChannelNotSupported)
	case !sess.user.pushDevices[ch]:
		conflict(c, codeChannelNotRegistered)
	case sess.push != nil && sess.push.pending(now):
		conflict(c, codeStateInvalid)
	default:
		id := c.Sandbox.IDs.Digits(18)
		for s.challenges[id] != nil {
			id = c.Sandbox.IDs.Digits(18)
		}
		p := &pushChallenge{id: id, channel: ch, status: statusPending, session: sess, started: now, ttl: s.timings.challengeExpiry}
		s.challenges[id] = p
		sess.push = p
		c.JSON(http.StatusOK, map[string]string{"id": id})
	}
}

package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// logout ends the session of its AUTH or ACCESS token. Credentials that
// sign in through a third-party provider get that provider's logout page to
// visit.
func logout(c *core.Call) {
	s, t, ok := authorize(c, sessionOr401)
	if !ok {
		return
	}
	u := t.session.user
	s.end(c.Sandbox, t.session, c.Now())
	if u.thirdPartyURL != "" {
		c.JSON(http.StatusOK, map[string]string{"url": u.thirdPartyURL})
		return
	}
	c.Empty(http.StatusNoContent)
}

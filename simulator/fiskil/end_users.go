package fiskil

import (
	"net/http"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// endUserRequest is createEndUser's body, already validated.
type endUserRequest struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	ABN   string `json:"abn"`
}

// createEndUser registers the end user who will consent. No field is
// required (F-EU-GEN); only a given e-mail address must be unique. A token
// lacking the scope is 403, as on auth sessions [decided].
func createEndUser(c *core.Call) {
	var req endUserRequest
	if !writeRequest(c, &req) {
		return
	}
	st := stateOf(c.Sandbox)
	if _, taken := st.emails[normalEmail(req.Email)]; taken && req.Email != "" {
		errorf(c, http.StatusBadRequest, "end_user_already_exists", "an end user with this email already exists")
		return
	}
	u := &endUser{id: st.newEndUserID(c.Sandbox), email: req.Email, name: req.Name, phone: req.Phone, abn: req.ABN}
	st.addEndUser(u)
	c.JSON(http.StatusOK, map[string]string{"end_user_id": u.id})
}

// normalEmail is the form e-mail uniqueness is judged on: addresses differing
// only in case reach the same mailbox in practice.
func normalEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func (st *state) newEndUserID(sb *core.Sandbox) string {
	for {
		id := "eu_" + sb.IDs.Alnum(27)
		if st.endUsers[id] == nil {
			return id
		}
	}
}

func (st *state) addEndUser(u *endUser) {
	st.endUsers[u.id] = u
	if u.email != "" {
		st.emails[normalEmail(u.email)] = u.id
	}
}

package weavr

import (
	"github.com/conformhq/conform/simulator/simtest"
	"net/http"
	"testing"
)

// TestLockoutExactUnderConcurrency: wrong passwords sent all at once lock a
// user exactly as the same number sent one after another does. The count
// and the lock live under the sandbox lock, so no two failures can both
// read "four so far" and both answer 403.
func TestLockoutExactUnderConcurrency(t *testing.T) {
	const right, wrong = "Secret-Passw0rd", "Wrong-Passw0rd"
	cases := []struct {
		name     string
		fixtures string
		email    string
		n        int
		want     map[int]int // status → how many of the n answer it
		after    int         // the right password's status afterwards
	}{
		{name: "50 wrong at once lock as 5 in a row do", email: "ada@example.com", n: 50,
			want: map[int]int{http.StatusForbidden: 5, http.StatusLocked: 45}, after: http.StatusLocked},
		{name: "4 wrong at once do not lock", email: "ada@example.com", n: 4,
			want: map[int]int{http.StatusForbidden: 4}, after: http.StatusOK},
		{name: "a threshold of 2 from fixtures holds under 20 at once", email: "ada@example.com", n: 20,
			fixtures: `{"apiKey":"weavr-demo-api-key","lockoutThreshold":2,"users":[{"email":"ada@example.com","password":"Secret-Passw0rd"}]}`,
			want:     map[int]int{http.StatusForbidden: 2, http.StatusLocked: 18}, after: http.StatusLocked},
		{name: "50 at once for an unknown e-mail lock nothing", email: "ghost@example.com", n: 50,
			want: map[int]int{http.StatusForbidden: 50}, after: http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.fixtures)
			got := simtest.AtOnce(tc.n, func() int {
				return e.do(req{path: "/login_with_password", key: demoKey, body: loginBody(tc.email, wrong)}).status
			})
			simtest.WantStatuses(t, got, tc.want)
			if r := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody(tc.email, right)}); r.status != tc.after {
				t.Errorf("the right password afterwards: %d, want %d", r.status, tc.after)
			}
		})
	}
}

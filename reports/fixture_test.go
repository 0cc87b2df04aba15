package reports

import (
	"net/http"
	"time"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps"
)

// The secrets of the fixture run. None may appear in any report.
const (
	fixturePassword = "Sup3r-S3cret!pw"
	fixtureToken    = "eyJhbGciOiJIUzI1NiJ9.fixture-token.sig"
	fixtureOTP      = "918273"
	fixtureAPIKey   = "ak_live_fixture_0123"
)

// fixtureRun returns a run with a passed, a failed and a not-applicable
// scenario, and a documented code that nothing covers. The failed scenario's
// exchanges carry a Bearer token, a password in a JSON body and an OTP, in
// the places a careless recorder would leave them.
func fixtureRun() *Run {
	secrets := &redact.Secrets{}
	secrets.Add(fixturePassword) // the harness knows the password it logs in with
	loginBody := `{"email":"ana@example.com","password":{"value":"` + fixturePassword + `"}}`
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	return &Run{
		Target:   "https://sandbox.example.com/v1",
		Control:  "control API: absent (GET https://sandbox.example.com/v1/_control/sandboxes answered 404)",
		Versions: map[string]string{"weavr": "3.63", "fliqa": "1", "fiskil": "1"},
		Provenance: &Provenance{
			Conform:      "conform v1.2.3 (commit 0123456789abcdef) go1.26.8",
			Specs:        []Digest{{Name: "weavr-3.63", SHA256: "aa11"}, {Name: "fliqa", SHA256: "bb22"}},
			Features:     []Digest{{Name: "features/weavr/login.feature", SHA256: "cc33"}},
			FeaturesNote: "built into this conform",
			BaseURLs:     map[string]string{"weavr": "https://sandbox.example.com/v1/weavr?api_key=" + fixtureAPIKey},
			Options:      map[string]string{"tags": "@weavr", "concurrency": "4"},
			EndedAt:      time.Date(2025, 3, 14, 9, 26, 55, 345e6, time.UTC),
		},
		StartedAt: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC),
		Duration:  2345 * time.Millisecond,
		Secrets:   secrets,
		Documented: []Code{
			{Provider: "weavr", Operation: "verifyStepUp", Method: "POST", Path: "/stepup/challenges/otp/{channel}/verify", Status: 401},
			{Provider: "weavr", Operation: "loginWithPassword", Method: "POST", Path: "/login_with_password", Status: 200},
			{Provider: "fliqa", Operation: "createSession", Method: "POST", Path: "/sessions", Status: 201},
			{Provider: "fiskil", Operation: "getToken", Method: "POST", Path: "/token", Status: 200},
			{Provider: "fiskil", Operation: "getToken", Method: "POST", Path: "/token", Status: 401},
		},
		Features: []Feature{
			{
				Name:        "Weavr login",
				URI:         "features/weavr/login.feature",
				Description: "Logging in with a password and stepping up with an OTP.",
				Tags:        []string{"@weavr"},
				Scenarios: []Scenario{
					{
						ID:         "features/weavr/login.feature:8",
						Name:       "Log in with a valid password",
						Line:       8,
						Tags:       []string{"@weavr", "@op:loginWithPassword", "@status:200"},
						Provider:   "weavr",
						Operations: []string{"loginWithPassword"},
						Statuses:   []int{200},
						Outcome:    Passed,
						Duration:   120 * time.Millisecond,
						Warnings: []steps.Warning{{Rule: "rule 4", Source: "weavr spec, POST /login_with_password: documented statuses [200 400 401 403]",
							Message: "the reference gives no status for this cause; conform answers 401, the target 403"}},
						Steps: []Step{
							{Keyword: "Given ", Text: "a verified user", Line: 9, Status: StepPassed, Duration: 20 * time.Millisecond},
							{Keyword: "When ", Text: "the user logs in with password \"" + fixturePassword + "\"", Line: 10, Status: StepPassed, Duration: 90 * time.Millisecond},
							{Keyword: "Then ", Text: "the response status is 200", Line: 11, Status: StepPassed, Duration: 10 * time.Millisecond},
						},
						Exchanges: []steps.Exchange{{
							Method: "POST", URL: "https://sandbox.example.com/v1/login_with_password",
							RequestHeaders: http.Header{"Content-Type": {"application/json"}, "Api-Key": {fixtureAPIKey}},
							RequestBody:    loginBody,
							Status:         200, ResponseHeaders: jsonHeader,
							ResponseBody: `{"token":"` + fixtureToken + `","expiresIn":3600}`,
							Duration:     85 * time.Millisecond,
						}},
					},
					{
						ID:         "features/weavr/login.feature:14",
						Name:       "Step-up with a wrong OTP is rejected <401> & logged",
						Line:       14,
						Tags:       []string{"@weavr", "@op:verifyStepUp", "@status:401"},
						Provider:   "weavr",
						Operations: []string{"verifyStepUp"},
						Statuses:   []int{401},
						Outcome:    Failed,
						Reason:     "response to verifyStepUp broke the spec (token " + fixtureToken + " was sent)",
						Duration:   310 * time.Millisecond,
						Steps: []Step{
							{
								Keyword: "Given ", Text: "the user is logged in with", Line: 15, Status: StepPassed, Duration: 100 * time.Millisecond,
								DocString: `{"email": "ana@example.com", "password": {"value": "` + fixturePassword + `"}}`,
							},
							{Keyword: "When ", Text: "the user submits the OTP \"" + fixtureOTP + "\"", Line: 20, Status: StepPassed, Duration: 200 * time.Millisecond},
							{
								Keyword: "Then ", Text: "the response matches the spec", Line: 21, Status: StepFailed, Duration: 5 * time.Millisecond,
								Error: "verifyStepUp 401 /errorCode: missing required property",
							},
							{Keyword: "And ", Text: "no session is created", Line: 22, Status: StepSkipped},
						},
						Exchanges: []steps.Exchange{
							{
								Method: "POST", URL: "https://sandbox.example.com/v1/login_with_password",
								RequestHeaders: jsonHeader, RequestBody: loginBody,
								Status: 200, ResponseHeaders: jsonHeader,
								ResponseBody: `{"token":"` + fixtureToken + `","expiresIn":3600}`,
								Duration:     90 * time.Millisecond,
							},
							{
								Method: "POST", URL: "https://sandbox.example.com/v1/stepup/challenges/otp/SMS/verify?otp=" + fixtureOTP,
								RequestHeaders: http.Header{
									"Authorization": {"Bearer " + fixtureToken},
									"api-key":       {fixtureAPIKey},
									"Content-Type":  {"application/json"},
								},
								RequestBody:     `{"verificationCode":"` + fixtureOTP + `"}`,
								Status:          401,
								ResponseHeaders: http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"sid=" + fixtureToken + "; Path=/; HttpOnly"}},
								ResponseBody:    `{"message":"wrong OTP","amount":1.50e+2}`,
								Violations:      []string{"verifyStepUp 401 /errorCode: missing required property"},
								Duration:        110 * time.Millisecond,
							},
						},
					},
				},
			},
			{
				Name: "Fiskil tokens",
				URI:  "features/fiskil/token.feature",
				Tags: []string{"@fiskil"},
				Scenarios: []Scenario{{
					ID:         "features/fiskil/token.feature:5",
					Name:       "A wrong secret is refused",
					Line:       5,
					Tags:       []string{"@fiskil", "@op:getToken", "@status:401"},
					Provider:   "fiskil",
					Operations: []string{"getToken"},
					Statuses:   []int{401},
					Outcome:    Errored,
					Reason:     "When I send a POST request to \"/token\": POST /token: no response from the target: the connection was refused",
					Steps: []Step{
						{Keyword: "When ", Text: "I send a POST request to \"/token\"", Line: 6, Status: StepFailed, Error: "POST /token: no response from the target: the connection was refused"},
						{Keyword: "Then ", Text: "the response status should be 401", Line: 7, Status: StepSkipped},
					},
					Exchanges: []steps.Exchange{{Method: "POST", URL: "https://sandbox.example.com/v1/token", Error: "the connection was refused"}},
				}},
			},
			{
				Name: "Fliqa sessions",
				URI:  "features/fliqa/sessions.feature",
				Tags: []string{"@fliqa"},
				Scenarios: []Scenario{{
					ID:         "features/fliqa/sessions.feature:6",
					Name:       "An expired session is refused",
					Line:       6,
					Tags:       []string{"@fliqa", "@op:createSession", "@status:201", "@control"},
					Provider:   "fliqa",
					Operations: []string{"createSession"},
					Statuses:   []int{201},
					Outcome:    NotApplicable,
					Reason:     "needs clock (only conform's control API offers it)",
					Missing:    []steps.Missing{{Capability: steps.Clock, Provide: "only conform's control API offers it"}},
					Steps: []Step{
						{Keyword: "Given ", Text: "a session that has expired", Line: 7, Status: StepSkipped},
						{Keyword: "Then ", Text: "creating a payment is refused", Line: 8, Status: StepSkipped},
					},
				}},
			},
		},
	}
}

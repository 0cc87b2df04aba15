// Package weavr is the step vocabulary of Weavr Multi. Every step that needs
// a user takes a fresh one, unique to the scenario: created in the
// scenario's sandbox through the control API, or, against a target without
// it, taken from the config file (providers.weavr.fixtures.<kind>: email,
// password and, where noted, more), the scenario being not applicable when
// that kind is absent. The user's details are then the variables {{email}},
// {{password}}, {{wrongPassword}}, {{identityType}}, {{identityId}},
// {{credentialsType}}, {{credentialsId}} and {{mobile}} (those that are
// known).
//
// Users (fixture kind in brackets):
//
//	Given a Weavr user                                      [user: identity {type, id} too]
//	Given a Weavr user with an enrolled SMS factor          [smsUser; mobile for the outbox checks]
//	Given a Weavr user without an SMS factor                [unenrolledUser: no SMS factor, no push device]
//	Given a Weavr user about to enrol an SMS factor         [enrolmentUser: no SMS factor; the scenario enrols one]
//	Given a Weavr user whose password has expired           [expiredPasswordUser]
//	Given a Weavr user whose expired password will be changed [expiredPasswordChangeUser: the scenario changes it]
//	Given a Weavr user whose password will be changed       [passwordChangeUser: the scenario changes it]
//	Given a Weavr user of a third-party auth provider       [thirdPartyUser: logoutUrl too] ({{logoutUrl}})
//	Given a Weavr user with a push device "AUTHY"           [authyUser; "BIOMETRIC": biometricUser]
//	Given a Weavr user with a consumer and a corporate identity
//	                                                        [multiIdentityUser: consumerId, corporateId] ({{consumerId}}, {{corporateId}})
//	Given a Weavr user who may be locked out                [lockoutUser: the scenario locks it for lockoutPeriod]
//	Given a Weavr user who may be locked out during a session [sessionLockoutUser: locked for 30 minutes too]
//	Given a Weavr user with a previous password             [previousPasswordUser: previousPassword, a password
//	                                                        it used before] ({{previousPassword}})
//
// The user's session (each request's status is checked):
//
//	Given the Weavr user is logged in                  {{authToken}}; the requests that follow carry it
//	Given the Weavr user has an access token           logs in if needed, then GET /identities and
//	                                                   POST /access_token for the user's identity:
//	                                                   {{accessToken}}, carried from then on
//	Given the Weavr user has logged in with the expired password
//	                                                   409: {{temporaryToken}}, carried from then on
//	Given the Weavr user has failed to log in "lockoutThreshold - 1" times
//	                                                   wrong passwords, each answered 403 (a count: a number,
//	                                                   or a limit plus or minus one; an undeclared limit
//	                                                   without the control API: N/A naming
//	                                                   limit:weavr/lockoutThreshold); without the control
//	                                                   API, a right login first, so that a config user's
//	                                                   earlier failures do not count
//	When the Weavr user fails to log in until the credentials are locked, at most "lockoutThreshold" times
//	                                                   wrong passwords until a 423: exactly after the
//	                                                   threshold where it is known, else within 10 [decided]
//	When the Weavr user logs in with the right password
//	When the Weavr user logs in with a wrong password  (the Then steps check the answer)
//	Given the Weavr user keeps the session alive       GET /identities with the current token: 200
//	Given the Weavr user has started an SMS step-up challenge        204
//	Given the Weavr session is stepped up by SMS                     start, then verify 123456: 204s
//	                                                   (without the control API: the code of the config's
//	                                                   providers.weavr.otp, e.g. sandboxCode "123456")
//	Given the Weavr user has started enrolling an SMS factor         204
//	Given a Weavr push challenge on "AUTHY" is in flight             200: {{challengeId}}
//	When the Weavr push challenge is completed with "verify_success" (or verify_invalid,
//	                                                   verify_expired) through Weavr's sandbox simulate API,
//	                                                   POST /simulate/api/factors/{{credentialsId}}/challenges/
//	                                                   {{challengeId}}/<outcome> (programme-key and api-key, bearer
//	                                                   token): 200 {code: COMPLETED|DENIED}
//	When the Weavr push challenge is completed with "verify_success" through the control API
//	When the Weavr user sends the wrong code "wrongCodeAttempts" times to "/stepup/challenges/otp/SMS/verify"
//	                                                   each wrong code (000000) answered 409; "at least
//	                                                   "wrongCodeAttempts + 1"": 11 where none is declared
//	Given the Weavr challenge retry gap has passed     the clock advances by the declared
//	                                                   timings.challengeRetryGap; nothing where none is
//	Given the Weavr user has logged out                204 (or 200 for a third-party auth user)
//
// Checks:
//
//	Then the Weavr push challenge should be "VERIFIED"   (control API: PENDING, VERIFIED, INVALID, EXPIRED, CANCELLED)
//	Then the response should announce a rate limit of 2 requests, resetting within 60 seconds
//	                                                   (x-ratelimit-limit is Weavr's policy list "2, 2;w=60, …",
//	                                                   its first number 2; x-ratelimit-reset 0 to 60)
//	Then the response should announce a rate-limit policy, resetting within 600 seconds
//
// Version-agnostic checks (3.32 and 3.63 answer differently; the spec of
// the version under test already judges the shape):
//
//	Then the Weavr identities listed should number 2            (3.32's array or 3.63's {identities})
//	Then the Weavr identities listed should include "{{identityId}}" of type "{{identityType}}"
//	Then every Weavr identity listed should have a name
//	Then the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"
//	                                                   (3.32's 403 has no body, 3.63's has this one)
//	Then the Weavr errorCode should be "ALREADY_VERIFIED", or "STATE_INVALID" with a warning
//	                                                   (two codes fit the cause: rule 4)
package weavr

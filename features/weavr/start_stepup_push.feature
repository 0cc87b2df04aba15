@weavr
Feature: Weavr step-up by push notification
  POST /stepup/challenges/push/{channel} sends a push notification to the user's AUTHY or
  BIOMETRIC device. The user answers it out of band: Weavr's sandbox simulate API stands in for
  the user (POST /simulate/api/factors/{credentials}/challenges/{id}/verify_success,
  verify_invalid, verify_expired; conform's simulator serves it too, and its control API offers
  the same); only verify_success steps the session up. One push challenge of a session may be
  in flight at a time.

  Background:
    Given I use the Weavr API

  @op:stepupSCAChallengePush @status:200
  Scenario Outline: an ACCESS token starts a push challenge on the user's <device> device
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/200 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "<device>"
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/push/<device>"
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "id" should match "^\S+$"

    Examples:
      | device    |
      | AUTHY     |
      | BIOMETRIC |

  @op:stepupSCAChallengePush @status:200
  Scenario: the push challenge started is pending the user's answer
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/200 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 200
    When I remember the JSON at "id" as "challengeId"
    Then the Weavr push challenge should be "PENDING"

  @op:stepupSCAChallengePush @status:409 @code:STATE_INVALID
  Scenario: a second push challenge while one is in flight is in the wrong state
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/409 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And a Weavr push challenge on "AUTHY" is in flight
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "STATE_INVALID" [decided]

  @op:stepupSCAChallengePush @status:405
  Scenario: a push challenge approved by the user steps the session up
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/405 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And a Weavr push challenge on "AUTHY" is in flight
    When the Weavr push challenge is completed with "verify_success"
    Then the Weavr push challenge should be "VERIFIED"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 405 or a success [decided]
    And the response should have the header "request-ref"

  @op:stepupSCAChallengePush @status:405
  Scenario: a session stepped up by push has no SMS step-up left either
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/405 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And a Weavr push challenge on "AUTHY" is in flight
    When the Weavr push challenge is completed with "verify_success" through the control API
    And I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 405 or a success [decided]

  @op:stepupSCAChallengePush @status:200
  Scenario Outline: a push challenge the user answers with <outcome> does not step the session up
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/200 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And a Weavr push challenge on "AUTHY" is in flight
    When the Weavr push challenge is completed with "<outcome>"
    Then the Weavr push challenge should be "<state>"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 200
    And the JSON at "id" should match "^\S+$"

    Examples:
      | outcome        | state   |
      | verify_invalid | INVALID |
      | verify_expired | EXPIRED |

  @op:stepupSCAChallengePush @status:200
  Scenario: a push challenge left unanswered for 5 minutes expires, and a new one can start
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/200 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And a Weavr push challenge on "AUTHY" is in flight
    And the sandbox clock advances by "4/5 challengeExpiry"
    # only the challenge ages past its life: the token is kept alive
    And the Weavr user keeps the session alive
    And the sandbox clock advances by "1/5 challengeExpiry + 1s"
    Then the Weavr push challenge should be "EXPIRED"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 200

  @op:stepupSCAChallengePush @status:409 @code:STATE_INVALID
  Scenario: a push challenge unanswered for 4 minutes 59 seconds is still in flight
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/409 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And a Weavr push challenge on "AUTHY" is in flight
    And the sandbox clock advances by "challengeExpiry - 1s"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "STATE_INVALID" [decided]

  @op:stepupSCAChallengePush @status:400
  Scenario: a channel that is not upper-case letters is refused
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/400 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/push/authy"
    Then the response status should be 400 [decided]
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "channel" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "REGEX" [decided]

  @op:stepupSCAChallengePush @status:401
  Scenario: a request without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/401 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the request omits the header "Authorization"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:stepupSCAChallengePush @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: an AUTH token is forbidden where an ACCESS token is needed
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/403 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user is logged in
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 403 [decided]
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:stepupSCAChallengePush @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a temporary token is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/403 ; reference/weavr/README.md §6.2
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 403 [decided]
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:stepupSCAChallengePush @status:409 @code:CHANNEL_NOT_SUPPORTED
  Scenario: a channel other than AUTHY and BIOMETRIC is not supported
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/409 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/push/SMS"
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "CHANNEL_NOT_SUPPORTED" [decided]

  @op:stepupSCAChallengePush @status:409 @code:CHANNEL_NOT_REGISTERED
  Scenario: a channel without a device of the user is not registered
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/409 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/push/BIOMETRIC"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHANNEL_NOT_REGISTERED"

  @op:stepupSCAChallengePush @status:429
  Scenario: push challenges beyond the api key's rate limit are refused with the limit's headers
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/429 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And the sandbox allows 2 requests per "1/5 tokenIdleLifetime" for each api key
    # a fresh rate-limit window, so that the login and token exchange do not count
    And the sandbox clock advances by "rateLimitWindow"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 200
    When the last request is sent again until the api key's rate limit is used up
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce the rate limit in force, resetting within its window
    And the response should have no body

 
  Scenario Outline: a push challenge while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/503 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And the next call to weavr "stepupSCAChallengePush" fails with status <status>
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:stepupSCAChallengePush @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:stepupSCAChallengePush @status:503
    Examples: the service unavailable
      | status |
      | 503    |

 
  Scenario Outline: a push challenge provoked by fault control carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1push~1{channel}/post/responses/409 ; reference/weavr/README.md §6.2
    Given a Weavr user with a push device "AUTHY"
    And the Weavr user has an access token
    And the next call to weavr "stepupSCAChallengePush" answers with status 409 and code "<code>"
    When I send a POST request to "/stepup/challenges/push/AUTHY"
    Then the response status should be 409
    And the JSON at "errorCode" should be "<code>"

    @op:stepupSCAChallengePush @status:409 @code:CHALLENGE_LIMIT_EXCEEDED
    Examples: CHALLENGE_LIMIT_EXCEEDED
      | code |
      | CHALLENGE_LIMIT_EXCEEDED |

@weavr
Feature: Weavr step-up by SMS one-time password: the challenge
  POST /stepup/challenges/otp/SMS sends a one-time password to the mobile enrolled as the
  user's SMS factor (in sandbox always 123456). It needs an ACCESS token; a session already
  stepped up has nothing left to step up (405).

  Background:
    Given I use the Weavr API

  @op:stepupSCAChallenge @status:204
  Scenario: an ACCESS token starts an SMS challenge for a user with an SMS factor
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 204
    And the response should have the header "request-ref"
    And the response should have no body

  @op:stepupSCAChallenge @status:204
  Scenario: the challenge's code is sent by SMS to the enrolled mobile, and it is the sandbox code
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 204
    And 1 SMS message should have been sent to "{{mobile}}"
    When I remember the OTP last sent to "{{mobile}}" as "smsCode"
    And I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "{{smsCode}}"}
      """
    Then the response status should be 204

  @op:stepupSCAChallenge @status:204
  Scenario: starting a challenge again replaces the pending one, which still verifies with the sandbox code
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And the Weavr challenge retry gap has passed
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 204
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204

  @op:stepupSCAChallenge @status:400
  Scenario: a channel that is not upper-case letters is refused
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/400 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/sms"
    Then the response status should be 400 [decided]
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "channel" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "REGEX" [decided]

  @op:stepupSCAChallenge @status:401
  Scenario: a request without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the request omits the header "Authorization"
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:stepupSCAChallenge @status:401
  Scenario: an ACCESS token whose session was logged out is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has logged out
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 401
    And the response should have no body

  @op:stepupSCAChallenge @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: an AUTH token is forbidden where an ACCESS token is needed
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And I authenticate with "{{authToken}}"
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 403 [decided]
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:stepupSCAChallenge @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a temporary token is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 403 [decided]
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:stepupSCAChallenge @status:405
  Scenario: a session already stepped up has nothing left to step up
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/405 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr session is stepped up by SMS
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 405 or a success [decided]
    And the response should have the header "request-ref"

  @op:stepupSCAChallenge @status:405
  Scenario: the step-up holds for the whole session, under a new ACCESS token too
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/405 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr session is stepped up by SMS
    When I authenticate with "{{authToken}}"
    And I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 200
    When I remember the JSON at "token" as "secondAccessToken"
    And I authenticate with "{{secondAccessToken}}"
    And I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 405 or a success [decided]

  @op:stepupSCAChallenge @status:204
  Scenario: a new login is a new session, not stepped up
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr session is stepped up by SMS
    And the Weavr user is logged in
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 204

  @op:stepupSCAChallenge @status:409 @code:CHANNEL_NOT_SUPPORTED
  Scenario: a channel other than SMS is not supported
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/EMAIL"
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "CHANNEL_NOT_SUPPORTED" [decided]

  @op:stepupSCAChallenge @status:409 @code:CHANNEL_NOT_REGISTERED
  Scenario: a user without an SMS factor cannot be challenged by SMS
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHANNEL_NOT_REGISTERED"

  @op:stepupSCAChallenge @status:429
  Scenario: challenges beyond the api key's rate limit are refused with the limit's headers
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/429 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the sandbox allows 2 requests per "1/5 tokenIdleLifetime" for each api key
    # a fresh rate-limit window, so that the login and token exchange do not count
    And the sandbox clock advances by "rateLimitWindow"
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 204
    When the last request is sent again until the api key's rate limit is used up
    Given the Weavr challenge retry gap has passed
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce the rate limit in force, resetting within its window
    And the response should have no body

 
  Scenario Outline: a challenge while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/503 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the next call to weavr "stepupSCAChallenge" fails with status <status>
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:stepupSCAChallenge @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:stepupSCAChallenge @status:503
    Examples: the service unavailable
      | status |
      | 503    |

 
  Scenario Outline: an SMS step-up challenge provoked by fault control carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the next call to weavr "stepupSCAChallenge" answers with status 409 and code "<code>"
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 409
    And the JSON at "errorCode" should be "<code>"

    @op:stepupSCAChallenge @status:409 @code:MOBILE_NUMBER_INVALID @version:3.63
    Examples: MOBILE_NUMBER_INVALID (3.63)
      | code |
      | MOBILE_NUMBER_INVALID |

    @op:stepupSCAChallenge @status:409 @code:MOBILE_COUNTRY_NOT_SUPPORTED @version:3.63
    Examples: MOBILE_COUNTRY_NOT_SUPPORTED (3.63)
      | code |
      | MOBILE_COUNTRY_NOT_SUPPORTED |

    @op:stepupSCAChallenge @status:409 @code:RETRY_IN_15SEC @version:3.63
    Examples: RETRY_IN_15SEC (3.63)
      | code |
      | RETRY_IN_15SEC |

    @op:stepupSCAChallenge @status:409 @code:CHALLENGE_LIMIT_EXCEEDED @version:3.63
    Examples: CHALLENGE_LIMIT_EXCEEDED (3.63)
      | code |
      | CHALLENGE_LIMIT_EXCEEDED |

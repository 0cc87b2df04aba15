@weavr
Feature: Weavr step-up by SMS one-time password: the verification
  POST /stepup/challenges/otp/SMS/verify completes the pending SMS challenge with its code
  (in sandbox always 123456); the session is then stepped up. A challenge is good for 5 minutes.

  Background:
    Given I use the Weavr API

  @op:stepupSCAVerify @status:204
  Scenario: the sandbox code verifies the challenge and steps the session up
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204
    And the response should have the header "request-ref"
    And the response should have no body
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 405 or a success [decided]

  @op:stepupSCAVerify @status:204
  Scenario: a challenge 4 minutes 59 seconds old still verifies
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And the sandbox clock advances by "4/5 challengeExpiry"
    # only the challenge ages past its life: the token is kept alive
    And the Weavr user keeps the session alive
    And the sandbox clock advances by "1/5 challengeExpiry - 1s"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204

  @op:stepupSCAVerify @status:409 @code:VERIFICATION_CODE_EXPIRED
  Scenario: a challenge more than 5 minutes old has expired
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And the sandbox clock advances by "4/5 challengeExpiry"
    # only the challenge ages past its life: the token is kept alive
    And the Weavr user keeps the session alive
    And the sandbox clock advances by "1/5 challengeExpiry + 1s"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_EXPIRED"

  @op:stepupSCAVerify @status:409 @code:VERIFICATION_CODE_INVALID
  Scenario: a wrong code is invalid and the challenge stays pending
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "000000"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_INVALID"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204

  @op:stepupSCAVerify @status:409 @code:STATE_INVALID
  Scenario: a code without a pending challenge is in the wrong state
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "STATE_INVALID" [decided]

  @op:stepupSCAVerify @status:409 @code:STATE_INVALID @version:3.32
  Scenario: in 3.32 a challenge already verified is in the wrong state
    # source: reference/weavr/multi-3.32.1-generated.yaml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr session is stepped up by SMS
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "STATE_INVALID" [decided]

  @op:stepupSCAVerify @status:409 @code:ALREADY_VERIFIED @version:3.63
  Scenario: in 3.63 a challenge already verified is ALREADY_VERIFIED
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr session is stepped up by SMS
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the Weavr errorCode should be "ALREADY_VERIFIED", or "STATE_INVALID" with a warning

  @op:stepupSCAVerify @status:409 @code:CHANNEL_NOT_SUPPORTED
  Scenario: a channel other than SMS is not supported
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When I send a POST request to "/stepup/challenges/otp/EMAIL/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "CHANNEL_NOT_SUPPORTED" [decided]

  @op:stepupSCAVerify @status:409 @code:CHANNEL_NOT_REGISTERED
  Scenario: a user without an SMS factor has no SMS challenge to verify
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHANNEL_NOT_REGISTERED"

  @op:stepupSCAVerify @status:400
  Scenario Outline: a verification with <case> is refused naming the field
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/400 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When I send a POST request to "<path>" with body:
      """
      <body>
      """
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "<field>" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "<error>" [decided]

    Examples:
      | case                  | path                                 | body                          | field            | error    |
      | no code               | /stepup/challenges/otp/SMS/verify    | {}                            | verificationCode | REQUIRED |
      | a lower-case channel  | /stepup/challenges/otp/sms/verify    | {"verificationCode": "123456"} | channel         | REGEX    |
      | a code with a space   | /stepup/challenges/otp/SMS/verify    | {"verificationCode": "123 56"} | verificationCode | REGEX   |

    @version:3.63
    Examples: 3.63 takes exactly six digits
      | case                  | path                                 | body                          | field            | error    |
      | a five-digit code     | /stepup/challenges/otp/SMS/verify    | {"verificationCode": "12345"} | verificationCode | REGEX    |
      | a code with letters   | /stepup/challenges/otp/SMS/verify    | {"verificationCode": "12345a"} | verificationCode | REGEX   |

  @op:stepupSCAVerify @status:409 @code:VERIFICATION_CODE_INVALID @version:3.32
  Scenario: in 3.32 a five-digit code is only a wrong code
    # source: reference/weavr/multi-3.32.1-generated.yaml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "12345"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_INVALID"

  @op:stepupSCAVerify @status:401
  Scenario: a verification without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And the request omits the header "Authorization"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:stepupSCAVerify @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: an AUTH token is forbidden where an ACCESS token is needed
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And I authenticate with "{{authToken}}"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 403 [decided]
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:stepupSCAVerify @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a temporary token is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 403 [decided]
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:stepupSCAVerify @status:429
  Scenario: verifications beyond the api key's rate limit are refused with the limit's headers
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/429 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And the sandbox allows 2 requests per "1/5 tokenIdleLifetime" for each api key
    # a fresh rate-limit window, so that the setup's requests do not count
    And the sandbox clock advances by "rateLimitWindow"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "000000"}
      """
    Then the response status should be 409
    When the last request is sent again until the api key's rate limit is used up
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce the rate limit in force, resetting within its window
    And the response should have no body

 
  Scenario Outline: a verification while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/503 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    And the next call to weavr "stepupSCAVerify" fails with status <status>
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:stepupSCAVerify @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:stepupSCAVerify @status:503
    Examples: the service unavailable
      | status |
      | 503    |

  @op:stepupSCAVerify @status:409 @code:VERIFICATION_CODE_INVALID @code:STATE_INVALID @version:3.32
  Scenario: in 3.32 the last wrong code allowed ends the challenge, which is then in the wrong state
    # source: reference/weavr/multi-3.32.1-generated.yaml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When the Weavr user sends the wrong code "wrongCodeAttempts" times to "/stepup/challenges/otp/SMS/verify"
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_INVALID"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "STATE_INVALID" [decided]

  @op:stepupSCAVerify @status:409 @code:ONE_CHALLENGE_LIMIT_REMAINING @version:3.63
  Scenario: in 3.63 the wrong code before the last attempt warns that one attempt is left
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When the Weavr user sends the wrong code "wrongCodeAttempts - 2" times to "/stepup/challenges/otp/SMS/verify"
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_INVALID"
    When the Weavr user sends the wrong code 1 time to "/stepup/challenges/otp/SMS/verify"
    Then the response status should be 409
    And the JSON at "errorCode" should be "ONE_CHALLENGE_LIMIT_REMAINING"
    # the one attempt left still verifies
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204

  @op:stepupSCAVerify @status:409 @code:CHALLENGE_LIMIT_EXCEEDED @version:3.63
  Scenario: in 3.63 the last wrong code allowed ends the challenge: even the right code is then refused
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When the Weavr user sends the wrong code "wrongCodeAttempts" times to "/stepup/challenges/otp/SMS/verify"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHALLENGE_LIMIT_EXCEEDED"
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHALLENGE_LIMIT_EXCEEDED"
    # a new challenge starts the count again
    Given the Weavr challenge retry gap has passed
    And the Weavr user has started an SMS step-up challenge
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204

  @op:stepupSCAVerify @status:409
  Scenario: however many wrong codes are sent, a challenge never survives one past the limit
    # source: reference/weavr/multi-current.yml#/paths/~1stepup~1challenges~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    And the Weavr user has started an SMS step-up challenge
    When the Weavr user sends the wrong code at least "wrongCodeAttempts + 1" times to "/stepup/challenges/otp/SMS/verify"
    Then the response status should be 409
    When I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409

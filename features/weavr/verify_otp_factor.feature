@weavr
Feature: Weavr SMS factor enrolment: the confirmation
  POST /authentication_factors/otp/SMS/verify confirms the pending enrolment with the code sent
  (in sandbox always 123456), within 5 minutes; the SMS factor is then registered and step-up by
  SMS becomes possible. It needs an ACCESS token.

  Background:
    Given I use the Weavr API

  @op:enrolDeviceUsingOtpStepTwo @status:204
  @consumes:weavr/enrolmentUser
  Scenario: the sandbox code confirms the enrolment, and step-up by SMS becomes possible
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user about to enrol an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204
    And the response should have the header "request-ref"
    And the response should have no body
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 204
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHANNEL_ALREADY_REGISTERED"

  @op:enrolDeviceUsingOtpStepTwo @status:204
  @consumes:weavr/enrolmentUser
  Scenario: an enrolment 4 minutes 59 seconds old is still confirmed
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user about to enrol an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the sandbox clock advances by "4/5 challengeExpiry"
    # only the enrolment ages past its life: the token is kept alive
    And the Weavr user keeps the session alive
    And the sandbox clock advances by "1/5 challengeExpiry - 1s"
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 204

  @op:enrolDeviceUsingOtpStepTwo @status:409 @code:VERIFICATION_CODE_EXPIRED
  @exclusive:weavr/unenrolledUser
  Scenario: an enrolment more than 5 minutes old has expired
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the sandbox clock advances by "4/5 challengeExpiry"
    # only the enrolment ages past its life: the token is kept alive
    And the Weavr user keeps the session alive
    And the sandbox clock advances by "1/5 challengeExpiry + 1s"
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_EXPIRED"

  @op:enrolDeviceUsingOtpStepTwo @status:409 @code:VERIFICATION_CODE_INVALID
  @exclusive:weavr/unenrolledUser
  Scenario: a wrong code is invalid and the SMS factor stays unregistered
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "000000"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "VERIFICATION_CODE_INVALID"
    When I send a POST request to "/stepup/challenges/otp/SMS"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHANNEL_NOT_REGISTERED"

  @op:enrolDeviceUsingOtpStepTwo @status:409 @code:VERIFICATION_CODE_INVALID @version:3.32
  Scenario: in 3.32 a code without a pending enrolment is refused as a wrong code
    # source: reference/weavr/multi-3.32.1-generated.yaml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "VERIFICATION_CODE_INVALID" [decided]

  @op:enrolDeviceUsingOtpStepTwo @status:409 @code:STATE_INVALID @version:3.63
  Scenario: in 3.63 a code without a pending enrolment is in the wrong state
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "STATE_INVALID" [decided]

  @op:enrolDeviceUsingOtpStepTwo @status:409 @code:CHANNEL_NOT_SUPPORTED
  @exclusive:weavr/unenrolledUser
  Scenario: a channel other than SMS is not supported
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    When I send a POST request to "/authentication_factors/otp/EMAIL/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "CHANNEL_NOT_SUPPORTED" [decided]

  @op:enrolDeviceUsingOtpStepTwo @status:400
  @exclusive:weavr/unenrolledUser
  Scenario Outline: a confirmation with <case> is refused naming the field
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/400 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    When I send a POST request to "<path>" with body:
      """
      <body>
      """
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "<field>" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "<error>" [decided]

    Examples:
      | case                 | path                                     | body                            | field            | error    |
      | no code              | /authentication_factors/otp/SMS/verify   | {}                              | verificationCode | REQUIRED |
      | a lower-case channel | /authentication_factors/otp/sms/verify   | {"verificationCode": "123456"}  | channel          | REGEX    |
      | a code with a space  | /authentication_factors/otp/SMS/verify   | {"verificationCode": "123 56"}  | verificationCode | REGEX    |

    @version:3.63
    Examples: 3.63 takes exactly six digits
      | case                 | path                                     | body                            | field            | error    |
      | a seven-digit code   | /authentication_factors/otp/SMS/verify   | {"verificationCode": "1234567"} | verificationCode | REGEX    |

  @op:enrolDeviceUsingOtpStepTwo @status:401
  @exclusive:weavr/unenrolledUser
  Scenario: an AUTH token is unauthorized where an ACCESS token is needed
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And I authenticate with "{{authToken}}"
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 401 [decided]
    And the response should have the header "request-ref"

  @op:enrolDeviceUsingOtpStepTwo @status:401
  Scenario: a temporary token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 401 [decided]

  @op:enrolDeviceUsingOtpStepTwo @status:401
  Scenario: a confirmation without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the request omits the header "Authorization"
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 401
    And the response should have no body

  @op:enrolDeviceUsingOtpStepTwo @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a refusal of permissions, provoked by fault control, has a body only where the version documents one
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the next call to weavr "enrolDeviceUsingOtpStepTwo" fails with status 403
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 403
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:enrolDeviceUsingOtpStepTwo @status:404
  Scenario: a not-found answer, provoked by fault control, is Weavr's Error
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/404 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the next call to weavr "enrolDeviceUsingOtpStepTwo" fails with status 404
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 404
    And the response should have the header "request-ref"

  @op:enrolDeviceUsingOtpStepTwo @status:429
  Scenario: a rate limit, provoked by fault control, announces Weavr's policy list
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/429 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the next call to weavr "enrolDeviceUsingOtpStepTwo" fails with status 429
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce a rate-limit policy, resetting within 600 seconds
    And the response should have no body

 
  Scenario Outline: enrolDeviceUsingOtpStepTwo while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/503 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the next call to weavr "enrolDeviceUsingOtpStepTwo" fails with status <status>
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:enrolDeviceUsingOtpStepTwo @status:500
    Examples: 500
      | status |
      | 500 |

    @op:enrolDeviceUsingOtpStepTwo @status:503
    Examples: 503
      | status |
      | 503 |

 
  Scenario Outline: a confirmation provoked by fault control carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    And the next call to weavr "enrolDeviceUsingOtpStepTwo" answers with status 409 and code "<code>"
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "<code>"

    @op:enrolDeviceUsingOtpStepTwo @status:409 @code:CHANNEL_ALREADY_REGISTERED
    Examples: CHANNEL_ALREADY_REGISTERED
      | code |
      | CHANNEL_ALREADY_REGISTERED |

    @op:enrolDeviceUsingOtpStepTwo @status:409 @code:CREDENTIALS_INACTIVE
    Examples: CREDENTIALS_INACTIVE
      | code |
      | CREDENTIALS_INACTIVE |
    @op:enrolDeviceUsingOtpStepTwo @status:409 @code:TYPE_DOES_NOT_SUPPORT_ENROLMENT @version:3.63
    Examples: TYPE_DOES_NOT_SUPPORT_ENROLMENT (3.63)
      | code |
      | TYPE_DOES_NOT_SUPPORT_ENROLMENT |

  @op:enrolDeviceUsingOtpStepTwo @status:409 @code:ONE_CHALLENGE_LIMIT_REMAINING @code:CHALLENGE_LIMIT_EXCEEDED @version:3.63
  @exclusive:weavr/unenrolledUser
  Scenario: in 3.63 the wrong code before the last attempt warns and the last ends the enrolment
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}~1verify/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    When the Weavr user sends the wrong code "wrongCodeAttempts - 1" times to "/authentication_factors/otp/SMS/verify"
    Then the response status should be 409
    And the JSON at "errorCode" should be "ONE_CHALLENGE_LIMIT_REMAINING"
    When the Weavr user sends the wrong code 1 time to "/authentication_factors/otp/SMS/verify"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHALLENGE_LIMIT_EXCEEDED"
    When I send a POST request to "/authentication_factors/otp/SMS/verify" with body:
      """
      {"verificationCode": "123456"}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHALLENGE_LIMIT_EXCEEDED"

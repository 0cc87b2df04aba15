@weavr
Feature: Weavr SMS factor enrolment: the start
  POST /authentication_factors/otp/SMS starts enrolling the user's mobile as the SMS factor
  used by step-up: a one-time password (in sandbox always 123456) is sent, to be confirmed
  through …/verify within 5 minutes. It needs an ACCESS token; any other token is unauthorized.

  Background:
    Given I use the Weavr API

  @op:enrolDeviceUsingOtpStepOne @status:204
  @exclusive:weavr/unenrolledUser
  Scenario: an ACCESS token starts enrolling the mobile of a user without an SMS factor
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 204
    And the response should have the header "request-ref"
    And the response should have no body

  @op:enrolDeviceUsingOtpStepOne @status:204
  Scenario: the enrolment code is sent by SMS to the user's mobile
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 204
    And 1 SMS message should have been sent to "{{mobile}}"

  @op:enrolDeviceUsingOtpStepOne @status:204
  @exclusive:weavr/unenrolledUser
  Scenario: starting the enrolment again replaces the pending one
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/204 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the Weavr user has started enrolling an SMS factor
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 204

  @op:enrolDeviceUsingOtpStepOne @status:400
  Scenario: a channel that is not upper-case letters is refused
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/400 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/sms"
    Then the response status should be 400 [decided]
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "channel" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "REGEX" [decided]

  @op:enrolDeviceUsingOtpStepOne @status:401
  Scenario: a request without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the request omits the header "Authorization"
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:enrolDeviceUsingOtpStepOne @status:401
  Scenario: an AUTH token is unauthorized where an ACCESS token is needed
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user is logged in
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 401 [decided]

  @op:enrolDeviceUsingOtpStepOne @status:401
  Scenario: a temporary token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 401 [decided]

  @op:enrolDeviceUsingOtpStepOne @status:409 @code:CHANNEL_NOT_SUPPORTED
  Scenario: a channel other than SMS is not supported
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/EMAIL"
    Then the response status should be 409 [decided]
    And the JSON at "errorCode" should be "CHANNEL_NOT_SUPPORTED" [decided]

  @op:enrolDeviceUsingOtpStepOne @status:409 @code:CHANNEL_ALREADY_REGISTERED
  Scenario: a user whose SMS factor is enrolled already cannot enrol again
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user with an enrolled SMS factor
    And the Weavr user has an access token
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 409
    And the JSON at "errorCode" should be "CHANNEL_ALREADY_REGISTERED"

  @op:enrolDeviceUsingOtpStepOne @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a refusal of permissions, provoked by fault control, has a body only where the version documents one
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the next call to weavr "enrolDeviceUsingOtpStepOne" fails with status 403
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 403
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:enrolDeviceUsingOtpStepOne @status:404
  Scenario: a not-found answer, provoked by fault control, is Weavr's Error
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/404 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the next call to weavr "enrolDeviceUsingOtpStepOne" fails with status 404
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 404
    And the response should have the header "request-ref"

  @op:enrolDeviceUsingOtpStepOne @status:429
  Scenario: a rate limit, provoked by fault control, announces Weavr's policy list
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/429 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the next call to weavr "enrolDeviceUsingOtpStepOne" fails with status 429
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce a rate-limit policy, resetting within 600 seconds
    And the response should have no body

 
  Scenario Outline: enrolDeviceUsingOtpStepOne while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/503 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the next call to weavr "enrolDeviceUsingOtpStepOne" fails with status <status>
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:enrolDeviceUsingOtpStepOne @status:500
    Examples: 500
      | status |
      | 500 |

    @op:enrolDeviceUsingOtpStepOne @status:503
    Examples: 503
      | status |
      | 503 |

 
  Scenario Outline: an enrolment provoked by fault control carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1authentication_factors~1otp~1{channel}/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user without an SMS factor
    And the Weavr user has an access token
    And the next call to weavr "enrolDeviceUsingOtpStepOne" answers with status 409 and code "<code>"
    When I send a POST request to "/authentication_factors/otp/SMS"
    Then the response status should be 409
    And the JSON at "errorCode" should be "<code>"

    @op:enrolDeviceUsingOtpStepOne @status:409 @code:MOBILE_NUMBER_NOT_AVAILABLE
    Examples: MOBILE_NUMBER_NOT_AVAILABLE
      | code |
      | MOBILE_NUMBER_NOT_AVAILABLE |

    @op:enrolDeviceUsingOtpStepOne @status:409 @code:MOBILE_NUMBER_INVALID
    Examples: MOBILE_NUMBER_INVALID
      | code |
      | MOBILE_NUMBER_INVALID |

    @op:enrolDeviceUsingOtpStepOne @status:409 @code:MOBILE_COUNTRY_NOT_SUPPORTED
    Examples: MOBILE_COUNTRY_NOT_SUPPORTED
      | code |
      | MOBILE_COUNTRY_NOT_SUPPORTED |

    @op:enrolDeviceUsingOtpStepOne @status:409 @code:CREDENTIALS_INACTIVE
    Examples: CREDENTIALS_INACTIVE
      | code |
      | CREDENTIALS_INACTIVE |
    @op:enrolDeviceUsingOtpStepOne @status:409 @code:TYPE_DOES_NOT_SUPPORT_ENROLMENT @version:3.63
    Examples: TYPE_DOES_NOT_SUPPORT_ENROLMENT (3.63)
      | code |
      | TYPE_DOES_NOT_SUPPORT_ENROLMENT |

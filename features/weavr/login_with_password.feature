@weavr
Feature: Weavr login with password
  POST /login_with_password authenticates an e-mail and password and answers an AUTH token.
  An expired password gets a temporary token instead (409), and after consecutive failed logins
  the credentials are locked for 30 minutes (423, whatever the password). How many failures lock
  is documented nowhere: the deployment declares it (providers.weavr.limits.lockoutThreshold;
  the simulator's is 5 [decided]), else a lock within 10 failures is accepted [decided].

  Background:
    Given I use the Weavr API

  @op:loginWithPassword @status:200
  Scenario: the right e-mail and password give an AUTH token for the user's identity
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/200 ; reference/weavr/README.md §6.1
    Given a Weavr user
    When I send a POST request to "/login_with_password" with body:
      """
      {"email": "{{email}}", "password": {"value": "{{password}}"}}
      """
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "tokenType" should be "AUTH" if present
    And the JSON at "token" should match "^\S+$"
    And the JSON at "identity.type" should be "{{identityType}}"
    And the JSON at "identity.id" should be "{{identityId}}"
    And the JSON at "credentials.type" should match "^(ROOT|USER)$"

  @op:loginWithPassword @status:400
  Scenario Outline: a login request with <case> is refused naming the field
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/400 ; reference/weavr/README.md §6.1
    When I send a POST request to "/login_with_password" with body:
      """
      <body>
      """
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields" should have 1 item [decided]
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "<field>" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "<error>" [decided]

    Examples:
      | case                       | body                                                          | field          | error    |
      | no e-mail                  | {"password": {"value": "Secret-Passw0rd"}}                    | email          | REQUIRED |
      | an e-mail that is no address | {"email": "ada", "password": {"value": "Secret-Passw0rd"}}  | email          | REGEX    |
      | no password                | {"email": "ada@example.com"}                                  | password       | REQUIRED |
      | no password value          | {"email": "ada@example.com", "password": {}}                  | password.value | REQUIRED |
      | an empty password          | {"email": "ada@example.com", "password": {"value": ""}}       | password.value | HAS_TEXT |

  @op:loginWithPassword @status:400
  Scenario: a login request whose body is not JSON is refused with a message and no field
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/400 ; reference/weavr/README.md §6.1
    When I send a POST request to "/login_with_password" with body:
      """
      {"email":
      """
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "message" should match "."
    And the JSON at "syntaxErrors.invalidFields" should have 0 items [decided]

  @op:loginWithPassword @status:401
  Scenario: a login without an api key is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the request omits the header "api-key"
    When the Weavr user logs in with the right password
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:loginWithPassword @status:401
  Scenario: a login with an unknown api key is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/401 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the request header "api-key" is "not-a-weavr-api-key"
    When the Weavr user logs in with the right password
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:loginWithPassword @status:403
  @exclusive:weavr/user
  Scenario: a wrong password is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user
    When the Weavr user logs in with a wrong password
    Then the response status should be 403
    And the response should have no body

  @op:loginWithPassword @status:403
  Scenario: an e-mail with no credentials is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user
    When I send a POST request to "/login_with_password" with body:
      """
      {"email": "nobody.{{email}}", "password": {"value": "{{password}}"}}
      """
    Then the response status should be 403
    And the response should have no body

  @op:loginWithPassword @status:409
  Scenario: an expired password gets a temporary token instead of an AUTH token
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/409 ; reference/weavr/README.md §6.1
    Given a Weavr user whose password has expired
    When the Weavr user logs in with the right password
    Then the response status should be 409
    And the JSON at "token" should match "^\S+$"
    And the JSON at "tokenType" should not exist
    And the JSON at "errorCode" should not exist

  @op:loginWithPassword @status:403
  Scenario: an expired password that is wrong is forbidden, without a temporary token
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/403 ; reference/weavr/README.md §6.1
    Given a Weavr user whose password has expired
    When the Weavr user logs in with a wrong password
    Then the response status should be 403
    And the response should have no body

  @op:loginWithPassword @status:423
  @consumes:weavr/lockoutUser
  Scenario: consecutive failed logins lock the credentials at the lockout threshold, whatever the password
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/423 ; reference/weavr/README.md §6.1
    Given a Weavr user who may be locked out
    When the Weavr user fails to log in until the credentials are locked, at most "lockoutThreshold" times
    Then the response status should be 423
    When the Weavr user logs in with the right password
    Then the response status should be 423
    And the response should have the header "request-ref"
    And the response should have no body
    When the Weavr user logs in with a wrong password
    Then the response status should be 423

  @op:loginWithPassword @status:200
  @exclusive:weavr/user
  Scenario: consecutive failed logins one short of the lockout threshold do not lock the credentials
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/200 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the Weavr user has failed to log in "lockoutThreshold - 1" times
    When the Weavr user logs in with the right password
    Then the response status should be 200
    And the JSON at "tokenType" should be "AUTH" if present

  @op:loginWithPassword @status:200
  @exclusive:weavr/user
  Scenario: a successful login resets the count of failed logins
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/200 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the Weavr user has failed to log in "lockoutThreshold - 1" times
    And the Weavr user is logged in
    And the Weavr user has failed to log in "lockoutThreshold - 1" times
    When the Weavr user logs in with the right password
    Then the response status should be 200
    And the JSON at "tokenType" should be "AUTH" if present

  @op:loginWithPassword @status:423
  @consumes:weavr/lockoutUser
  Scenario: the lockout still holds just before 30 minutes have passed
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/423 ; reference/weavr/README.md §6.1
    Given a Weavr user who may be locked out
    And the Weavr user has failed to log in until the credentials are locked, at most "lockoutThreshold" times
    And the sandbox clock advances by "lockoutPeriod - 1s"
    When the Weavr user logs in with the right password
    Then the response status should be 423

  @op:loginWithPassword @status:200
  @exclusive:weavr/lockoutUser
  Scenario: the lockout is released after 30 minutes
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/200 ; reference/weavr/README.md §6.1
    Given a Weavr user who may be locked out
    And the Weavr user has failed to log in until the credentials are locked, at most "lockoutThreshold" times
    And the sandbox clock advances by "lockoutPeriod"
    When the Weavr user logs in with the right password
    Then the response status should be 200
    And the JSON at "tokenType" should be "AUTH" if present

  @op:loginWithPassword @status:429
  Scenario: logins beyond the api key's rate limit are refused with the limit's headers
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/429 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the sandbox allows 2 requests per "1m" for each api key
    When the Weavr user logs in with the right password
    Then the response status should be 200
    When the last request is sent again until the api key's rate limit is used up
    When the Weavr user logs in with the right password
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce the rate limit in force, resetting within its window
    And the response should have no body

  @op:loginWithPassword @status:200
  Scenario: logins pass again once the rate-limit window has reset
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/200 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the sandbox allows 1 request per "1m" for each api key
    And the Weavr user is logged in
    And the last request is sent again until the api key's rate limit is used up
    And the sandbox clock advances by "rateLimitWindow"
    When the Weavr user logs in with the right password
    Then the response status should be 200

 
  Scenario Outline: a login while the service fails answers <status> without a body, and only that once
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/503 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the next call to weavr "loginWithPassword" fails with status <status>
    When the Weavr user logs in with the right password
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body
    When the Weavr user logs in with the right password
    Then the response status should be 200

    @op:loginWithPassword @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:loginWithPassword @status:503
    Examples: the service unavailable
      | status |
      | 503    |

  @version:3.63
  Scenario Outline: in 3.63 a token error <status>, provoked by fault control, carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/404 ; reference/weavr/multi-current.yml#/paths/~1login_with_password/post/responses/410 ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the next call to weavr "loginWithPassword" answers with status <status> and code "<code>"
    When the Weavr user logs in with the right password
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the JSON at "errorCode" should be "<code>"

    @op:loginWithPassword @status:404 @code:TOKEN_EXPIRED
    Examples: 404 TOKEN_EXPIRED
      | status | code |
      | 404 | TOKEN_EXPIRED |

    @op:loginWithPassword @status:404 @code:TOKEN_NOT_FOUND
    Examples: 404 TOKEN_NOT_FOUND
      | status | code |
      | 404 | TOKEN_NOT_FOUND |

    @op:loginWithPassword @status:410 @code:TOKEN_EXPIRED
    Examples: 410 TOKEN_EXPIRED
      | status | code |
      | 410 | TOKEN_EXPIRED |

    @op:loginWithPassword @status:410 @code:TOKEN_NOT_FOUND
    Examples: 410 TOKEN_NOT_FOUND
      | status | code |
      | 410 | TOKEN_NOT_FOUND |

  @op:loginWithPassword
  Scenario: an error status the operation does not list, provoked by fault control, is its default Error
    # source: reference/weavr/multi-current.yml#/paths/~1login_with_password/post ; reference/weavr/README.md §6.1
    Given a Weavr user
    And the next call to weavr "loginWithPassword" fails with status 502
    When the Weavr user logs in with the right password
    Then the response status should be 502

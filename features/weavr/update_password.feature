@weavr
Feature: Weavr password update
  POST /passwords/update changes the password of the token's credentials and answers a new AUTH
  token. It takes any token of the credentials, including the temporary token that a login with
  an expired password gets (the only thing that token is good for). It checks, in order: the old
  password, the new one's length (8 characters at least), its reuse.

  Background:
    Given I use the Weavr API

  @op:passwordUpdate @status:200
  @consumes:weavr/passwordChangeUser
  Scenario: an AUTH token changes the password; the new one logs in and the old one no longer does
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/200 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "passwordInfo.identityId.type" should be "{{identityType}}"
    And the JSON at "passwordInfo.identityId.id" should be "{{identityId}}"
    And the JSON at "passwordInfo.expiryDate" should match "^[0-9]+$"
    # the token answered is an AUTH token of the credentials
    When I remember the JSON at "token" as "newAuthToken"
    And I authenticate with "{{newAuthToken}}"
    And I send a GET request to "/identities"
    Then the response status should be 200
    And the Weavr identities listed should include "{{identityId}}" of type "{{identityType}}"
    When I send a POST request to "/login_with_password" with body:
      """
      {"email": "{{email}}", "password": {"value": "New-{{password}}"}}
      """
    Then the response status should be 200
    When I send a POST request to "/login_with_password" with body:
      """
      {"email": "{{email}}", "password": {"value": "{{password}}"}}
      """
    Then the response status should be 403

  @op:passwordUpdate @status:200
  @consumes:weavr/expiredPasswordChangeUser
  Scenario: the temporary token of an expired password changes it, and the new password logs in normally
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/200 ; reference/weavr/README.md §3.4
    Given a Weavr user whose expired password will be changed
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "token" should match "^\S+$"
    And the JSON at "passwordInfo.expiryDate" should match "^[0-9]+$"
    When I send a POST request to "/login_with_password" with body:
      """
      {"email": "{{email}}", "password": {"value": "New-{{password}}"}}
      """
    Then the response status should be 200
    And the JSON at "tokenType" should be "AUTH" if present

  @op:passwordUpdate @status:409 @code:PASSWORD_INCORRECT
  @exclusive:weavr/user
  Scenario: a wrong old password is incorrect
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{wrongPassword}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "PASSWORD_INCORRECT"

  @op:passwordUpdate @status:409 @code:PASSWORD_TOO_SHORT
  Scenario Outline: a new password of <length> characters is too short
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "<new password>"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "PASSWORD_TOO_SHORT"

    Examples:
      | length | new password |
      | 7      | Short-7      |
      | 0      |              |

  @op:passwordUpdate @status:409 @code:PASSWORD_ALREADY_USED
  Scenario: the current password cannot be the new one
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "{{password}}"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "PASSWORD_ALREADY_USED"

  @op:passwordUpdate @status:409 @code:PASSWORD_ALREADY_USED
  Scenario: a password used before cannot be the new one
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user with a previous password
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "{{previousPassword}}"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "PASSWORD_ALREADY_USED"

  @op:passwordUpdate @status:409 @code:PASSWORD_INCORRECT
  @exclusive:weavr/user
  Scenario: the old password is checked before the new one
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{wrongPassword}}"}, "newPassword": {"value": "Sh0rt-1"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "PASSWORD_INCORRECT" [decided]

  @op:passwordUpdate @status:400
  Scenario Outline: a password update with <case> is refused naming the field
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/400 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      <body>
      """
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "<field>" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "<error>" [decided]

    Examples:
      | case                   | body                                                                        | field             | error    |
      | no new password        | {"oldPassword": {"value": "{{password}}"}}                                  | newPassword       | REQUIRED |
      | no old password        | {"newPassword": {"value": "New-{{password}}"}}                              | oldPassword       | REQUIRED |
      | an empty old password  | {"oldPassword": {"value": ""}, "newPassword": {"value": "New-{{password}}"}} | oldPassword.value | HAS_TEXT |
      | no new password value  | {"oldPassword": {"value": "{{password}}"}, "newPassword": {}}               | newPassword.value | REQUIRED |

  @op:passwordUpdate @status:401
  Scenario: a password update without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/401 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the request omits the header "Authorization"
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:passwordUpdate @status:401
  Scenario: a password update with a logged-out token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/401 ; reference/weavr/README.md §3.4
    Given a Weavr user
    And the Weavr user is logged in
    And the Weavr user has logged out
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 401
    And the response should have no body

  @op:passwordUpdate @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a refusal of permissions, provoked by fault control, has a body only where the version documents one
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/403 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    And the next call to weavr "passwordUpdate" fails with status 403
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 403
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:passwordUpdate @status:429
  Scenario: a rate limit, provoked by fault control, announces Weavr's policy list
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/429 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    And the next call to weavr "passwordUpdate" fails with status 429
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce a rate-limit policy, resetting within 600 seconds
    And the response should have no body

 
  Scenario Outline: passwordUpdate while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/503 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    And the next call to weavr "passwordUpdate" fails with status <status>
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:passwordUpdate @status:500
    Examples: 500
      | status |
      | 500 |

    @op:passwordUpdate @status:503
    Examples: 503
      | status |
      | 503 |

  @version:3.63
  Scenario Outline: in 3.63 a token error <status>, provoked by fault control, carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/404 ; reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/410 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    And the next call to weavr "passwordUpdate" answers with status <status> and code "<code>"
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the JSON at "errorCode" should be "<code>"

    @op:passwordUpdate @status:404 @code:TOKEN_EXPIRED
    Examples: 404 TOKEN_EXPIRED
      | status | code |
      | 404 | TOKEN_EXPIRED |

    @op:passwordUpdate @status:404 @code:TOKEN_NOT_FOUND
    Examples: 404 TOKEN_NOT_FOUND
      | status | code |
      | 404 | TOKEN_NOT_FOUND |

    @op:passwordUpdate @status:410 @code:TOKEN_EXPIRED
    Examples: 410 TOKEN_EXPIRED
      | status | code |
      | 410 | TOKEN_EXPIRED |

    @op:passwordUpdate @status:410 @code:TOKEN_NOT_FOUND
    Examples: 410 TOKEN_NOT_FOUND
      | status | code |
      | 410 | TOKEN_NOT_FOUND |

 
  Scenario Outline: a password update provoked by fault control carries <code>
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    And the next call to weavr "passwordUpdate" answers with status 409 and code "<code>"
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "New-{{password}}"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "<code>"

    @op:passwordUpdate @status:409 @code:PASSWORD_TOO_SIMPLE
    Examples: PASSWORD_TOO_SIMPLE
      | code |
      | PASSWORD_TOO_SIMPLE |

  @op:passwordUpdate @status:409 @code:PASSWORD_TOO_LONG
  @consumes:weavr/passwordChangeUser
  Scenario: a new password of 31 characters is too long
    # source: reference/weavr/multi-current.yml#/paths/~1passwords~1update/post/responses/409 ; reference/weavr/README.md §3.4
    Given a Weavr user whose password will be changed
    And the Weavr user is logged in
    When I send a POST request to "/passwords/update" with body:
      """
      {"oldPassword": {"value": "{{password}}"}, "newPassword": {"value": "Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1"}}
      """
    Then the response status should be 409
    And the JSON at "errorCode" should be "PASSWORD_TOO_LONG"

@fliqa
Feature: Fliqa access token for an inquiry
  An api key and its secret get an access token for one inquiry, in one
  environment (sandbox or production) and channel (api or sdk). The token
  carries the inquiry's scope and lives expiresIn seconds.

  Background:
    Given I use the Fliqa API

  @op:getAccessToken @status:200
  Scenario Outline: an api key gets an access token for a known inquiry over the <channel> channel
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    When I send a GET request to "/account/auth/token/sandbox/<channel>/{{inquiryId}}"
    Then the response status should be 200
    And the JSON at "accessToken" should match "^\S+$"
    And the Fliqa scope should include "account_owner"
    And the Fliqa access token should expire expiresIn seconds after it was issued

    Examples:
      | channel |
      | api     |
      | sdk     |

  @op:getAccessToken @status:200
  Scenario: the access token carries the scope of its inquiry
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_info"
    When I send a GET request to "/account/auth/token/sandbox/api/{{inquiryId}}"
    Then the response status should be 200
    And the Fliqa scope should include "account_info"
    And the Fliqa scope should not include "account_owner"

  @op:getAccessToken @status:200
  Scenario Outline: a key enabled only for the <environment> environment gets tokens there
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    And a Fliqa api key enabled only for the "<environment>" environment
    When I send a GET request to "/account/auth/token/<environment>/api/{{inquiryId}}"
    Then the response status should be 200
    And the JSON at "accessToken" should match "^\S+$"

    Examples:
      | environment |
      | sandbox     |
      | production  |

  @op:getAccessToken @status:403 @code:access_not_allowed
  Scenario Outline: a key enabled only for <enabled> is refused tokens for <requested>
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    And a Fliqa api key enabled only for the "<enabled>" environment
    When I send a GET request to "/account/auth/token/<requested>/api/{{inquiryId}}"
    Then Fliqa should refuse with 403 "forbidden" and subcode "access_not_allowed"

    Examples:
      | enabled    | requested  |
      | sandbox    | production |
      | production | sandbox    |

  @op:getAccessToken @status:401 @code:api_key_secret_header_must_be_provided
  Scenario Outline: a request without the <header> header is refused
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    And the request omits the header "<header>"
    When I send a GET request to "/account/auth/token/sandbox/api/{{inquiryId}}"
    Then Fliqa should refuse with 401 "unauthorized" and subcode "api_key_secret_header_must_be_provided"

    Examples:
      | header     |
      | Api-Key    |
      | Api-Secret |

  @op:getAccessToken @status:401 @code:not_authorized
  Scenario Outline: a request with <what> is refused
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    And the request header "<header>" is "<value>"
    When I send a GET request to "/account/auth/token/sandbox/api/{{inquiryId}}"
    Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"

    Examples:
      | what                          | header     | value                    |
      | an unknown api key            | Api-Key    | no-such-fliqa-api-key    |
      | a secret not matching the key | Api-Secret | not-the-fliqa-api-secret |

  @op:getAccessToken @status:403 @code:access_not_allowed
  Scenario: a token for an unknown inquiry is refused
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    When I send a GET request to "/account/auth/token/sandbox/api/no-such-inquiry-0123456789abcdef"
    Then the response status should be 403, or another error status the operation documents
    And the response should be a Fliqa error

  @op:getAccessToken @status:403 @code:access_not_allowed
  Scenario Outline: a token for the <what> "<value>" is refused
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    When I send a GET request to "/account/auth/token/<environment>/<channel>/{{inquiryId}}"
    Then the response status should be 403, or another error status the operation documents
    And the response should be a Fliqa error

    Examples:
      | what                     | value   | environment | channel |
      | undocumented environment | staging | staging     | api     |
      | undocumented channel     | web     | sandbox     | web     |

  @op:getAccessToken @status:401 @code:not_authorized
  Scenario: an error is in Fliqa's error format and names its documentation page by errorCode
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given the request header "Api-Secret" is "not-the-fliqa-api-secret"
    When I send a GET request to "/account/auth/token/sandbox/api/any-inquiry"
    Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"
    And the response should be a Fliqa error

  @op:getAccessToken @status:401 @code:not_authorized
  Scenario: every request gets its own request id
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given the request header "Api-Secret" is "not-the-fliqa-api-secret"
    When I send a GET request to "/account/auth/token/sandbox/api/any-inquiry"
    And I remember the Fliqa requestId as "firstRequestId"
    And I send a GET request to "/account/auth/token/sandbox/api/any-inquiry"
    Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"
    And the Fliqa requestId should differ from "{{firstRequestId}}"

  @op:getAccessToken @status:403 @code:domain_not_allowed
  Scenario: the cause-less subcode domain_not_allowed is a 403 forbidden
    # source: reference/fliqa/README.md §1 ; reference/fliqa/README.md §6
    Given a Fliqa inquiry with scope "account_owner"
    And the next call to fliqa "getAccessToken" fails with status 403 and code "domain_not_allowed"
    When I send a GET request to "/account/auth/token/sandbox/api/{{inquiryId}}"
    Then Fliqa should refuse with 403 "forbidden" and subcode "domain_not_allowed"

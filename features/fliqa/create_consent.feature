@fliqa
Feature: Fliqa consent creation with the one-time password
  The one-time password sent at login creates a consent for the access
  token's inquiry. It works once, and only until it expires.

  Background:
    Given I use the Fliqa API

  @op:createConsent @status:201
  @exclusive:fliqa/consentOwner
  Scenario: the one-time password sent by SMS creates an initiated consent for the phone number
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}", "msisdn": "{{msisdn}}"}
      """
    Then the response status should be 201
    And the JSON at "status" should be "initiated"
    And the JSON at "consentId" should match "^\S+$"
    And the Fliqa consent's "providerId" should be "{{providerId}}" if present
    And the Fliqa consent's "inquiryId" should be "{{inquiryId}}" if present
    And the Fliqa consent owner's phone number should be "{{msisdn}}" if present

  @op:createConsent @status:201
  @exclusive:fliqa/consentOwner
  Scenario: the one-time password sent by e-mail creates an initiated consent for the e-mail address
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by e-mail
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}", "email": "{{email}}"}
      """
    Then the response status should be 201
    And the JSON at "status" should be "initiated"
    And the JSON at "consentId" should match "^\S+$"
    And the Fliqa consent's "inquiryId" should be "{{inquiryId}}" if present
    And the Fliqa consent owner's e-mail address should be "{{email}}" if present

  @op:createConsent @status:201
  @exclusive:fliqa/consentOwner
  Scenario: the consent is in the language the request asks for, if supported
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent?locale=sl" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}"}
      """
    Then the response status should be 201
    And the JSON at "status" should be "initiated"
    And the Fliqa consent should be in the language "sl" if supported

  @op:createConsent @status:201
  @exclusive:fliqa/consentOwner
  Scenario: the consent keeps the internal data given with it
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}", "data": [{"key": "customer_id", "value": "external_id_1234"}]}
      """
    Then the response status should be 201
    And the JSON at "status" should be "initiated"
    And the Fliqa consent should keep the data "customer_id" = "external_id_1234" if present

  @op:createConsent @status:401 @code:invalid_pin
  @exclusive:fliqa/consentOwner
  Scenario: a one-time password works only once
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}"}
      """
    And the response status should be 201
    And I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "invalid_pin"

  @op:createConsent @status:401 @code:invalid_pin
  @exclusive:fliqa/consentOwner
  Scenario: a wrong one-time password is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    And I remember a wrong Fliqa one-time password as "wrongOtp"
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{wrongOtp}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "invalid_pin"

  @op:createConsent @status:401 @code:invalid_pin
  @exclusive:fliqa/consentOwner
  Scenario: a consent without the one-time password is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    # The reference marks otp required but gives no status for its absence
    # (rule 4): conform answers 401 invalid_pin, as for a wrong one.
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}"}
      """
    Then the response status should be 401, or another error status the operation documents
    And the response should be a Fliqa error

  @op:createConsent @status:401 @code:invalid_pin
  Scenario: a one-time password is refused when none was sent
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    And a Fliqa provider (bank) to consent with
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "482915"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "invalid_pin"

  @op:createConsent @status:201
  @exclusive:fliqa/consentOwner
  Scenario: a one-time password is still accepted just before it expires
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given Fliqa one-time passwords expire after "1/3 accessTokenLifetime"
    And a Fliqa provider (bank) to consent with
    And a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When the sandbox clock advances by "otpLifetime - 1s"
    And I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}"}
      """
    Then the response status should be 201
    And the JSON at "status" should be "initiated"

  @op:createConsent @status:401 @code:invalid_pin
  @exclusive:fliqa/consentOwner
  Scenario: a one-time password is refused once its lifetime has passed
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given Fliqa one-time passwords expire after "1/3 accessTokenLifetime"
    And a Fliqa provider (bank) to consent with
    And a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When the sandbox clock advances by "otpLifetime + 1s"
    And I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "invalid_pin"

  @op:createConsent @status:400 @code:invalid_parameter
  @exclusive:fliqa/consentOwner
  Scenario: a consent with no providerId is refused as missing its provider
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent" with body:
      """
      {"otp": "{{otp}}"}
      """
    Then Fliqa should refuse with 400 "invalid_parameter"
    And the Fliqa errorMessage should be "Missing consent 'provider'!", as the reference shows

  @op:createConsent @status:400 @code:invalid_parameter
  @exclusive:fliqa/consentOwner
  Scenario: a consent with an empty providerId is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    # An empty providerId is not the documented "no providerId" (rule 4):
    # conform answers it the same, 400 "Missing consent 'provider'!".
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "", "otp": "{{otp}}"}
      """
    Then the response status should be 400, or another error status the operation documents
    And the response should be a Fliqa error

  @op:createConsent @status:401 @code:authorization_header_must_be_provided
  Scenario: a consent without an Authorization header is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    And a Fliqa provider (bank) to consent with
    And the request omits the header "Authorization"
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "482915"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "authorization_header_must_be_provided"

  @op:createConsent @status:401 @code:not_authorized
  Scenario: a consent with an unknown access token is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given I authenticate with "no-such-fliqa-access-token"
    And a Fliqa provider (bank) to consent with
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "482915"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"

  @op:createConsent @status:401 @code:access_token_expired
  @exclusive:fliqa/consentOwner
  Scenario: a consent with an expired access token is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa provider (bank) to consent with
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the Fliqa consent owner has received a one-time password by SMS
    When the sandbox clock advances by "accessTokenLifetime + 1s"
    And I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "{{otp}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "access_token_expired"

  @op:createConsent @status:401 @code:invalid_access_scope
  Scenario: a consent with a token whose scope lacks account_owner is refused
    # source: reference/fliqa/README.md §3 ; reference/fliqa/README.md §4 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_info"
    And a Fliqa provider (bank) to consent with
    When I send a POST request to "/account/consent" with body:
      """
      {"providerId": "{{providerId}}", "otp": "482915"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "invalid_access_scope"

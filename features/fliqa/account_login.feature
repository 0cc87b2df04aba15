@fliqa
Feature: Fliqa consent owner login
  With an access token whose scope has account_owner, a consent owner logs
  in by phone number or e-mail address: Fliqa sends a one-time password of
  otpLength digits by SMS when msisdn is given, otherwise by e-mail.

  Background:
    Given I use the Fliqa API

  @op:consentGetOtp @status:200
  Scenario: a registered consent owner logs in with a phone number
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then the response status should be 200
    And the Fliqa answer should announce the length of the one-time password

  @op:consentGetOtp @status:200
  Scenario: a registered consent owner logs in with an e-mail address
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"email": "{{email}}"}
      """
    Then the response status should be 200
    And the Fliqa answer should announce the length of the one-time password

  @op:consentGetOtp @status:200
  @exclusive:fliqa/consentOwner
  Scenario: the one-time password goes by SMS when a phone number is given, even with an e-mail address
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}", "email": "{{email}}"}
      """
    Then the response status should be 200
    And the one-time password sent by SMS to "{{msisdn}}" should have otpLength digits
    And 1 SMS message should have been sent to "{{msisdn}}" [decided]
    And 0 e-mail messages should have been sent to "{{email}}" [decided]

  @op:consentGetOtp @status:200
  @exclusive:fliqa/consentOwner
  Scenario: the one-time password goes by e-mail when no phone number is given
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"email": "{{email}}"}
      """
    Then the response status should be 200
    And the one-time password sent by e-mail to "{{email}}" should have otpLength digits
    And 1 e-mail message should have been sent to "{{email}}" [decided]
    And 0 SMS messages should have been sent to "{{msisdn}}" [decided]

  @op:consentGetOtp @status:200
  @exclusive:fliqa/consentOwner
  Scenario Outline: otpLength announces the length of the one-time password sent: <digits> digits
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given the Fliqa sandbox sends one-time passwords of <digits> digits
    And a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then the response status should be 200
    And the JSON at "otpLength" should be <digits>
    And the one-time password sent by SMS to "{{msisdn}}" should have otpLength digits

    Examples:
      | digits |
      | 4      |
      | 8      |

  @op:consentGetOtp @status:200
  Scenario: an access token still works 1 second before it expires
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When the sandbox clock advances by "accessTokenLifetime - 1s"
    And I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then the response status should be 200

  @op:consentGetOtp @status:401 @code:access_token_expired
  Scenario: an access token is refused 1 second after it expires
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    When the sandbox clock advances by "accessTokenLifetime + 1s"
    And I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "access_token_expired"

  @op:consentGetOtp @status:400
  Scenario Outline: a phone number that is not one is refused with libphonenumber's reason: <case>
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "<msisdn>"}
      """
    Then Fliqa should refuse with 400 "invalid_parameter" and subcode "<subcode>"

    @code:phone_number_start_with_plus_and_country
    Examples: no leading + and country calling code
      | case            | msisdn      | subcode                                  |
      | no leading +    | 38640123456 | phone_number_start_with_plus_and_country |
      | national format | 040 123 456 | phone_number_start_with_plus_and_country |

    @code:could_not_interpret_numbers_after_plus
    Examples: no known country calling code after the +
      | case                 | msisdn     | subcode                                |
      | unknown country code | +999123456 | could_not_interpret_numbers_after_plus |

    @code:supplied_string_not_phone_number
    Examples: not a phone number at all
      | case    | msisdn | subcode                          |
      | letters | +abc   | supplied_string_not_phone_number |

    @code:string_supplied_too_short_to_be_phone_number
    Examples: too short
      | case                | msisdn | subcode                                      |
      | one digit after +44 | +441   | string_supplied_too_short_to_be_phone_number |

    @code:string_supplied_too_long_to_be_phone_number
    Examples: national number longer than 17 digits
      | case                     | msisdn                | subcode                                     |
      | 18-digit national number | +44123456789012345678 | string_supplied_too_long_to_be_phone_number |

    @code:string_supplied_was_too_long_to_parse
    Examples: longer than 250 characters
      | case             | msisdn                                                                                                                                                                                                                                                      | subcode                               |
      | + and 250 digits | +1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111 | string_supplied_was_too_long_to_parse |

    @code:phone_number_invalid
    Examples: parses, but is no valid number
      | case                   | msisdn | subcode              |
      | too few digits for +44 | +4412  | phone_number_invalid |

  @op:consentGetOtp @status:400 @code:email_or_phone_number_required
  Scenario: a login naming neither a phone number nor an e-mail address is refused
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {}
      """
    Then Fliqa should refuse with 400 "invalid_parameter" and subcode "email_or_phone_number_required"

  @op:consentGetOtp @status:400 @code:email_invalid
  Scenario Outline: an e-mail address that is not one is refused: <case>
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"email": "<email>"}
      """
    Then Fliqa should refuse with 400 "invalid_parameter" and subcode "email_invalid"

    Examples:
      | case      | email             |
      | no @      | owner.example.com |
      | no domain | owner@            |

  @op:consentGetOtp @status:400 @code:invalid_parameter
  Scenario: an invalid parameter error is in Fliqa's error format
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"email": "owner.example.com"}
      """
    Then the response status should be 400
    And the response should be a Fliqa error
    And the JSON at "errorCode" should be "invalid_parameter"

  @op:consentGetOtp @status:400 @code:unspecified
  Scenario: the cause-less subcode unspecified is a 400 invalid_parameter
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the next call to fliqa "consentGetOtp" fails with status 400 and code "unspecified"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then Fliqa should refuse with 400 "invalid_parameter" and subcode "unspecified"

  @op:consentGetOtp @status:401 @code:authorization_header_must_be_provided
  Scenario: a login without an Authorization header is refused
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_owner"
    And the request omits the header "Authorization"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "authorization_header_must_be_provided"

  @op:consentGetOtp @status:401 @code:not_authorized
  Scenario: a login with an unknown access token is refused
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And I authenticate with "no-such-fliqa-access-token"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"

  @op:consentGetOtp @status:401 @code:invalid_access_scope
  Scenario: a login with a token whose scope lacks account_owner is refused
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a registered Fliqa consent owner
    And a Fliqa access token for an inquiry with scope "account_info"
    When I send a POST request to "/account/login" with body:
      """
      {"msisdn": "{{msisdn}}"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "invalid_access_scope"

  @op:consentGetOtp @status:401 @code:phone_or_email_not_registered
  Scenario Outline: a login for an unregistered <what> is refused
    # source: reference/fliqa/README.md §2 ; reference/fliqa/README.md §6
    Given a Fliqa access token for an inquiry with scope "account_owner"
    When I send a POST request to "/account/login" with body:
      """
      {"<field>": "<value>"}
      """
    Then Fliqa should refuse with 401 "unauthorized" and subcode "phone_or_email_not_registered"

    Examples:
      | what           | field  | value                         |
      | phone number   | msisdn | +14155552671                  |
      | e-mail address | email  | nobody-registered@example.com |

// Package fliqa is the step vocabulary of Fliqa.
//
// Fixtures (created in the scenario's sandbox with the control API; without
// it taken from the config file, providers.fliqa.fixtures.<kind>, or the
// scenario is not applicable):
//
//	Given a Fliqa inquiry with scope "account_owner"
//	    kind "inquiry" (scope has account_owner) or
//	    "inquiryWithoutAccountOwner" (it has not): {id}; sets {{inquiryId}}
//	Given a Fliqa access token for an inquiry with scope "account_owner"
//	    the inquiry as above, then GET /account/auth/token/sandbox/api/{id};
//	    sets {{inquiryId}}, {{accessToken}}, {{expiresIn}} and the
//	    Authorization: Bearer header of later Fliqa requests
//	Given a registered Fliqa consent owner
//	    kind "consentOwner": {msisdn, email}; sets {{msisdn}} and {{email}}
//	Given a Fliqa provider (bank) to consent with
//	    kind "consentProvider": {id}; sets {{providerId}} (with the control
//	    API an id of the scenario's own: the simulator accepts any)
//	Given a Fliqa api key enabled only for the "sandbox" environment
//	    kind "sandboxOnlyKey" or "productionOnlyKey": {apiKey, apiSecret};
//	    sets {{apiKey}}, {{apiSecret}} and the Api-Key, Api-Secret headers
//
// Sandbox settings (control API only: settings:fliqa):
//
//	Given the Fliqa sandbox sends one-time passwords of 8 digits
//	Given Fliqa one-time passwords expire after "2m"
//
// Actions:
//
//	Given the Fliqa consent owner has received a one-time password by SMS
//	Given the Fliqa consent owner has received a one-time password by e-mail
//	    POST /account/login with {{msisdn}} (or {{email}}), then the OTP is
//	    read into {{otp}} from the outbox (control API), else from the
//	    config's OTP source (providers.fliqa.otp)
//	Given I remember a wrong Fliqa one-time password as "wrongOtp"
//	    a code of the same length as {{otp}} differing in every digit
//	When the sandbox clock advances by "accessTokenLifetime - 1s"
//	When the sandbox clock advances by "otpLifetime + 1s"
//	    the engine's clock step; Fliqa's timings are accessTokenLifetime
//	    (the token answer's expiresIn sets it for the scenario) and
//	    otpLifetime ("Fliqa one-time passwords expire after "2m"" sets it)
//
// Assertions (contract rules 1 and 2: what the reference does not require
// is checked when present, and its absence is a warning, never a failure):
//
//	Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"
//	Then Fliqa should refuse with 400 "invalid_parameter"
//	    status and errorCode; the errorSubCode when named (absent: a
//	    warning); then the error format, as below
//	Then the response should be a Fliqa error
//	    a JSON object with errorCode and errorMessage; documentationUrl
//	    https://documentation.fliqa.io/api/errors/{errorCode}, optionally
//	    #{errorSubCode} (absent: a warning); requestId, when present, 32
//	    lowercase hex digits. With the rule-4 step for undocumented causes.
//	Then the Fliqa errorMessage should be "Missing consent 'provider'!", as the reference shows
//	    a different message is a warning
//	Then the Fliqa scope should include "account_owner"
//	Then the Fliqa scope should not include "account_owner"
//	Then the Fliqa access token should expire expiresIn seconds after it was issued
//	Then the Fliqa answer should announce the length of the one-time password
//	Then the one-time password sent by SMS to "{{msisdn}}" should have otpLength digits
//	Then the one-time password sent by e-mail to "{{email}}" should have otpLength digits
//	When I remember the Fliqa requestId as "firstRequestId"
//	Then the Fliqa requestId should differ from "{{firstRequestId}}"
//	    not applicable when the target sends no requestId
//	Then the Fliqa consent's "providerId" should be "{{providerId}}" if present
//	Then the Fliqa consent owner's phone number should be "{{msisdn}}" if present
//	Then the Fliqa consent owner's e-mail address should be "{{email}}" if present
//	Then the Fliqa consent should keep the data "customer_id" = "external_id_1234" if present
//	Then the Fliqa consent should be in the language "sl" if supported
//	    another language is a warning (served "if supported")
package fliqa

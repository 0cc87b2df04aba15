package fliqa

import (
	"fmt"
	"time"
)

// otpText is the SMS or e-mail text carrying an OTP, in the request's
// locale where the simulator knows it and in English otherwise, as Fliqa
// serves a language only "if supported".
func otpText(locale, code string, ttl time.Duration) string {
	mins := int(ttl.Round(time.Minute) / time.Minute)
	if mins < 1 {
		mins = 1
	}
	switch locale {
	case "sl":
		return fmt.Sprintf("Vaša Fliqa koda za potrditev je %s. Veljavna je %d min.", code, mins)
	case "de":
		return fmt.Sprintf("Ihr Fliqa-Bestätigungscode lautet %s. Er ist %d Min. gültig.", code, mins)
	case "hr":
		return fmt.Sprintf("Vaš Fliqa kod za potvrdu je %s. Vrijedi %d min.", code, mins)
	}
	return fmt.Sprintf("Your Fliqa verification code is %s. It is valid for %d min.", code, mins)
}

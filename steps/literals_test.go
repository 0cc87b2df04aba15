package steps

import (
	"strings"
	"testing"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/specs/redact"
)

// TestRegression_FeatureFileValuesMaskIDs: a wrong code written in a
// feature file ("000000") was taken for a secret and masked inside every
// identity id and phone number of the run. Values written in the open stay
// readable; what the run holds (an OTP received, a token issued) is masked
// wherever it appears.
func TestRegression_FeatureFileValuesMaskIDs(t *testing.T) {
	sc := &godog.Scenario{Steps: []*messages.PickleStep{
		{Text: `I send a POST request to "/stepup/challenges/otp/SMS/verify" with body:`, Argument: &messages.PickleStepArgument{
			DocString: &messages.PickleDocString{Content: `{"verificationCode": "000000", "note": "{{otp}}"}`}}},
		{Text: `the request header "x-phone" is "+61400000008"`},
	}}
	lits := literals(sc)
	for _, want := range []string{"000000", "+61400000008", "/stepup/challenges/otp/SMS/verify"} {
		if !strings.Contains(strings.Join(lits, "\n"), want) {
			t.Errorf("literals %q lack %q", lits, want)
		}
	}
	for _, l := range lits {
		if strings.Contains(l, "{{") {
			t.Errorf("a placeholder's value was taken for a literal: %q", l)
		}
	}

	sec := &redact.Secrets{}
	sec.Public(lits...)
	// What a request and its answer teach: the literal wrong code (open)
	// and a token the target issued (secret).
	sec.Learn("", nil, []byte(`{"verificationCode":"000000"}`))
	sec.Learn("", nil, []byte(`{"token":"tok-issued-4242"}`))
	text := `identity 210000000000000001, phone +61400000008, token tok-issued-4242`
	got := sec.String(text)
	if !strings.Contains(got, "210000000000000001") || !strings.Contains(got, "+61400000008") {
		t.Errorf("a value written in the open masked an id or a phone: %s", got)
	}
	if strings.Contains(got, "tok-issued-4242") {
		t.Errorf("the issued token survived: %s", got)
	}
	// Structure still masks the open value where it is a secret field.
	if body := string(redact.JSON([]byte(`{"verificationCode":"000000"}`))); strings.Contains(body, "000000") {
		t.Errorf("the code in its secret field was not masked: %s", body)
	}
}

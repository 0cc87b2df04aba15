package conformtest

import (
	"net/http"
	"net/url"
	"time"
)

// Message is one SMS or e-mail a provider sent from the sandbox: where a
// test finds the OTP a real user would have received, as the control API
// lists it (GET …/outbox).
type Message struct {
	ID       string `json:"id"`
	Provider string `json:"provider"`
	// Channel is sms or email.
	Channel string `json:"channel"`
	// Recipient is a phone number in E.164 or an e-mail address.
	Recipient string `json:"recipient"`
	// OTP is the one-time code the message carries, "" for none.
	OTP  string `json:"otp,omitempty"`
	Text string `json:"text"`
	// SentAt is on the sandbox's clock (see AdvanceClock).
	SentAt time.Time `json:"sentAt"`
}

// Outbox lists the messages the sandbox sent, oldest first (the newest
// 1000 are kept).
func (s *Server) Outbox() []Message {
	s.t.Helper()
	return s.outbox("")
}

// LastOTP returns the OTP of the newest message sent to recipient, spelled
// as the provider recorded it (a phone number in E.164 such as
// "+38640123456", or an e-mail address), and false when no message to it
// carried one.
func (s *Server) LastOTP(recipient string) (string, bool) {
	s.t.Helper()
	msgs := s.outbox(recipient)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].OTP != "" {
			return msgs[i].OTP, true
		}
	}
	return "", false
}

// outbox reads the messages, to one recipient or ("") to all.
func (s *Server) outbox(recipient string) []Message {
	s.t.Helper()
	path := "/outbox"
	if recipient != "" {
		path += "?recipient=" + url.QueryEscape(recipient)
	}
	var out struct {
		Messages []Message `json:"messages"`
	}
	s.control("Outbox", http.MethodGet, path, nil, http.StatusOK, &out)
	return out.Messages
}

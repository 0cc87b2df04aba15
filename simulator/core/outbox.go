package core

import "time"

// Message is one SMS or e-mail a provider sent.
type Message struct {
	ID        string    `json:"id"`
	Provider  string    `json:"provider"`
	Channel   string    `json:"channel"` // sms or email
	Recipient string    `json:"recipient"`
	OTP       string    `json:"otp,omitempty"`
	Text      string    `json:"text"`
	SentAt    time.Time `json:"sentAt"`
}

// Outbox keeps the messages a sandbox sent, oldest first.
type Outbox struct {
	msgs []Message
}

// Add records a message.
func (o *Outbox) Add(m Message) { o.msgs = append(o.msgs, m) }

// List returns the messages matching the filters ("" matches all).
func (o *Outbox) List(provider, channel, recipient string) []Message {
	out := []Message{}
	for _, m := range o.msgs {
		if (provider == "" || m.Provider == provider) && (channel == "" || m.Channel == channel) &&
			(recipient == "" || m.Recipient == recipient) {
			out = append(out, m)
		}
	}
	return out
}

// Clear empties the outbox.
func (o *Outbox) Clear() { o.msgs = nil }

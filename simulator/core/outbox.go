package core

import "time"

// OutboxLimit is how many messages a sandbox's outbox keeps: the newest
// ones, since a developer or scenario reads the code it just asked for, and
// a long-running sandbox must not keep every message it ever sent.
const OutboxLimit = 1000

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

// Outbox keeps the last OutboxLimit messages a sandbox sent, oldest first.
type Outbox struct {
	msgs []Message
}

// Add records a message, forgetting the oldest beyond OutboxLimit.
func (o *Outbox) Add(m Message) {
	o.msgs = append(o.msgs, m)
	// Trimming only once twice the limit is reached copies each message at
	// most once more: constant work per message, amortised.
	if len(o.msgs) >= 2*OutboxLimit {
		o.msgs = append(make([]Message, 0, 2*OutboxLimit), o.kept()...)
	}
}

// kept is the messages within the limit.
func (o *Outbox) kept() []Message {
	return o.msgs[max(0, len(o.msgs)-OutboxLimit):]
}

// List returns the messages matching the filters ("" matches all).
func (o *Outbox) List(provider, channel, recipient string) []Message {
	out := []Message{}
	for _, m := range o.kept() {
		if (provider == "" || m.Provider == provider) && (channel == "" || m.Channel == channel) &&
			(recipient == "" || m.Recipient == recipient) {
			out = append(out, m)
		}
	}
	return out
}

// Len is the number of messages kept.
func (o *Outbox) Len() int { return len(o.kept()) }

// Clear empties the outbox.
func (o *Outbox) Clear() { o.msgs = nil }

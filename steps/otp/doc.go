// Package otp reads the one-time passwords a provider sends, for a target
// without the control API's outbox: a deployment's fixed sandbox code, a
// command that prints the OTP, or an HTTP inbox polled until it shows a
// new one (Source, built from the config by FromConfig). Errors never
// quote an OTP, a command's output or an inbox's body.
//
// Package steps makes the OTP a secret of the scenario (World.ReceiveOTP).
package otp

package rules

// messaging returns the rules for messaging and e-mail services (Slack, Discord, Telegram, Twilio, SendGrid, Mailgun, Mailchimp, …).
func messaging() []Rule {
	return nil
}

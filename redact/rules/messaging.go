package rules

var (
	msgSlackBody   = NewSet("0-9A-Za-z-")
	msgSlackCookie = NewSet("0-9A-Za-z%+/=-")
	msgWebhookPath = NewSet("0-9A-Za-z_/-")
	msgTeamsPath   = NewSet("0-9A-Za-z@/-")
	msgTgToken     = NewSet("0-9A-Za-z_:-")
	msgDiscordTok  = NewSet("0-9A-Za-z_.-")
	msgSigChars    = NewSet("0-9A-Za-z%+/=_-")
	msgUrlEnd      = NewSet(" \t\r\n\"'`<>\\")
)

// msgSlackDigitsThen validates Slack tokens made of numeric groups and a final base62 secret:
// digits-digits(-digits…)-secret.
func msgSlackDigitsThen(groups, lastMin, lastMax int) func([]byte) bool {
	return func(tok []byte) bool {
		return genSegments(tok[5:], '-', groups+1, groups+1, func(i, n int, p []byte) bool {
			if i < n-1 {
				return genDigitsLen(p, 8, 14)
			}
			return genInLen(p, &AlNum, lastMin, lastMax)
		})
	}
}

// msgSlackBot accepts current (digits-digits-secret) and legacy (digits-secret) bot tokens.
func msgSlackBot(tok []byte) bool {
	return msgSlackDigitsThen(2, 18, 34)(tok) || msgSlackDigitsThen(1, 18, 26)(tok)
}

// msgSlackApp validates xapp-<digit>-<AN id>-<digits>-<secret>.
func msgSlackApp(tok []byte) bool {
	return genSegments(tok[5:], '-', 4, 4, func(i, n int, p []byte) bool {
		switch i {
		case 0:
			return genDigitsLen(p, 1, 2)
		case 1:
			return genInLen(p, &UpperAlNum, 8, 14)
		case 2:
			return genDigitsLen(p, 8, 16)
		}
		return genInLen(p, &LowerAlNum, 32, 80)
	})
}

// msgSlackLegacy validates the older xoxa-/xoxr-/xoxo-/xoxs- tokens: numeric groups and a
// secret of at least eight base62 characters.
func msgSlackLegacy(tok []byte) bool {
	return genSegments(tok[5:], '-', 2, 5, func(i, n int, p []byte) bool {
		if i < n-1 {
			return genDigitsLen(p, 1, 14)
		}
		return genInLen(p, &AlNum, 8, 64) && genHasDigit(p) && genHasLetter(p)
	})
}

// msgSlackConfig validates configuration tokens: a version digit and a long upper-case secret.
func msgSlackConfig(skip, lo, hi int) func([]byte) bool {
	return func(tok []byte) bool {
		return genSegments(tok[skip:], '-', 2, 2, func(i, n int, p []byte) bool {
			if i == 0 {
				return genDigitsLen(p, 1, 2)
			}
			return genInLen(p, &UpperAlNum, lo, hi)
		})
	}
}

// msgSlackHook validates services/T…/B…/secret.
func msgSlackHook(p []byte) bool {
	return genSegments(p, '/', 3, 3, func(i, n int, s []byte) bool {
		switch i {
		case 0:
			return len(s) > 1 && s[0] == 'T' && genInLen(s, &UpperAlNum, 9, 13)
		case 1:
			return len(s) > 1 && s[0] == 'B' && genInLen(s, &UpperAlNum, 9, 13)
		}
		return genInLen(s, &AlNum, 24, 24)
	})
}

// msgSlackWorkflowHook validates workflows|triggers/T…/A…/<digits>/<secret>.
func msgSlackWorkflowHook(p []byte) bool {
	return genSegments(p, '/', 4, 4, func(i, n int, s []byte) bool {
		switch i {
		case 0:
			return len(s) > 1 && s[0] == 'T' && genInLen(s, &UpperAlNum, 9, 13)
		case 1:
			return len(s) > 1 && s[0] == 'A' && genInLen(s, &UpperAlNum, 9, 13)
		case 2:
			return genDigitsLen(s, 15, 20)
		}
		return genInLen(s, &AlNum, 24, 40)
	})
}

// msgDiscordHook validates <snowflake>/<token>.
func msgDiscordHook(p []byte) bool {
	return genSegments(p, '/', 2, 2, func(i, n int, s []byte) bool {
		if i == 0 {
			return genDigitsLen(s, 17, 20)
		}
		return genInLen(s, &Base64URL, 60, 80)
	})
}

// msgDiscordBot validates a bot token: base64 of the numeric bot id, a timestamp part and an
// HMAC part, separated by dots.
func msgDiscordBot(v []byte) bool {
	return genSegments(v, '.', 3, 3, func(i, n int, s []byte) bool {
		switch i {
		case 0:
			if !genInLen(s, &Base64URL, 23, 28) {
				return false
			}
			var buf [24]byte
			k, ok := genB64Decode(buf[:], s)
			return ok && genDigitsLen(buf[:k], 17, 20)
		case 1:
			return genInLen(s, &Base64URL, 6, 7)
		}
		return genInLen(s, &Base64URL, 27, 40)
	})
}

// msgTelegramBot validates <bot id>:<35 base64url>.
func msgTelegramBot(v []byte) bool {
	return genSegments(v, ':', 2, 2, func(i, n int, s []byte) bool {
		if i == 0 {
			return genDigitsLen(s, 5, 16)
		}
		return genInLen(s, &Base64URL, 35, 35) && s[0] == 'A'
	})
}

// msgTelegramBare matches a bot token around its ":AA": 6-12 digits before the colon, 35
// base64url characters after it starting with "AA", bounded on both sides.
func msgTelegramBare(text []byte, kw, kwEnd int) (int, int, bool) {
	if text[kwEnd-2] != 'A' || text[kwEnd-1] != 'A' {
		return 0, 0, false
	}
	start := kw
	for start > 0 && kw-start < 13 && text[start-1] >= '0' && text[start-1] <= '9' {
		start--
	}
	if n := kw - start; n < 6 || n > 12 || !BoundaryBefore(text, start, &Word) {
		return 0, 0, false
	}
	end := Span(text, kw+1, &Base64URL, 36)
	if end-(kw+1) != 35 || !BoundaryAfter(text, end, &Base64URL) || Entropy(text[kw+1:end]) < 3.5 {
		return 0, 0, false
	}
	return start, end, true
}

// msgTelegramURLToken matches the bot token in an api.telegram.org/bot<token>/ URL.
func msgTelegramURLToken(text []byte, kw, kwEnd int) (int, int, bool) {
	end := Span(text, kwEnd, &msgTgToken, 64)
	if end-kwEnd > 60 || !msgTelegramBot(text[kwEnd:end]) {
		return 0, 0, false
	}
	return kwEnd, end, true
}

// msgTeamsHook validates the path of an Office 365 connector webhook.
func msgTeamsHook(p []byte) bool {
	ok := false
	genSegments(p, '/', 1, 8, func(i, n int, s []byte) bool {
		if genEqualFold(s, "incomingwebhook") {
			ok = true
		}
		return true
	})
	return ok && len(p) >= 100
}

// msgMailchimpKey matches <32 hex>-us<1-2 digits> at the "-us" keyword.
func msgMailchimpKey(text []byte, kw, kwEnd int) (int, int, bool) {
	if !genHasPrefixAt(text, kw, "-us") || kw < 32 {
		return 0, 0, false
	}
	s := kw - 32
	if !genAllIn(text[s:kw], &Hex) || !BoundaryBefore(text, s, &AlNum) || LooksPlaceholder(text[s:kw]) {
		return 0, 0, false
	}
	e := Span(text, kwEnd, &Digits, 3)
	if e-kwEnd < 1 || e-kwEnd > 2 || !BoundaryAfter(text, e, &AlNum) {
		return 0, 0, false
	}
	return s, e, true
}

// msgPowerAutomateSig matches the sig= query parameter of a Power Automate / Logic Apps trigger
// URL (Teams Workflows webhooks): the signature is the credential.
func msgPowerAutomateSig(text []byte, kw, kwEnd int) (int, int, bool) {
	limit := kwEnd + 768
	if limit > len(text) {
		limit = len(text)
	}
	for i := kwEnd; i+4 < limit && !msgUrlEnd.Has(text[i]); i++ {
		if (text[i] == '&' || text[i] == '?') && genHasPrefixAt(text, i+1, "sig=") {
			s := i + 5
			e := Span(text, s, &msgSigChars, 256)
			for e > s && text[e-1] == '.' {
				e--
			}
			if e-s < 20 || LooksPlaceholder(text[s:e]) {
				return 0, 0, false
			}
			return s, e, true
		}
	}
	return 0, 0, false
}

// msgIntercomToken validates an Intercom access token: base64 of "tok:…".
func msgIntercomToken(tok []byte) bool {
	return genB64Prefixed(tok, "tok:")
}

// messaging returns the rules for messaging and e-mail services (Slack, Discord, Telegram, Twilio, SendGrid, Mailgun, Mailchimp, …).
func messaging() []Rule {
	return []Rule{
		{
			ID: "slack-bot-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack bot token xoxb-",
			Keywords:    []string{"xoxb-"},
			Match:       Token("xoxb-", TokenOpts{Min: 20, Max: 80, Body: msgSlackBody, Validate: msgSlackBot}),
		},
		{
			ID: "slack-user-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack user token xoxp-",
			Keywords:    []string{"xoxp-"},
			Match:       Token("xoxp-", TokenOpts{Min: 40, Max: 100, Body: msgSlackBody, Validate: msgSlackDigitsThen(3, 28, 34)}),
		},
		{
			ID: "slack-app-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack app-level token xapp-",
			Keywords:    []string{"xapp-"},
			Match:       Token("xapp-", TokenOpts{Min: 40, Max: 120, Body: msgSlackBody, Validate: msgSlackApp}),
		},
		{
			ID: "slack-config-access-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack configuration access token xoxe.xoxp- / xoxe.xoxb-",
			Keywords:    []string{"xoxe.xoxp-", "xoxe.xoxb-"},
			Match: genTokenAny([]string{"xoxe.xoxp-", "xoxe.xoxb-"}, TokenOpts{Min: 160, Max: 172, Body: msgSlackBody,
				Validate: msgSlackConfig(10, 155, 170)}),
		},
		{
			ID: "slack-config-refresh-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack configuration refresh token xoxe-",
			Keywords:    []string{"xoxe-"},
			Match:       Token("xoxe-", TokenOpts{Min: 140, Max: 160, Body: msgSlackBody, Validate: msgSlackConfig(5, 138, 155)}),
		},
		{
			ID: "slack-legacy-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "legacy Slack workspace and user tokens xoxa-, xoxr-, xoxo-, xoxs-",
			Keywords:    []string{"xoxa-", "xoxr-", "xoxo-", "xoxs-"},
			Match:       genTokenAny([]string{"xoxa-", "xoxr-", "xoxo-", "xoxs-"}, TokenOpts{Min: 12, Max: 120, Body: msgSlackBody, Validate: msgSlackLegacy}),
		},
		{
			ID: "slack-session-token", Type: "SLACK_TOKEN", Category: Secret,
			Description: "Slack browser session token xoxc- and its d=xoxd- cookie",
			Keywords:    []string{"xoxc-", "xoxd-"},
			Match:       genTokenAny([]string{"xoxc-", "xoxd-"}, TokenOpts{Min: 40, Max: 400, Body: msgSlackCookie, MinEntropy: 3.5}),
		},
		{
			ID: "slack-webhook-url", Type: "SLACK_WEBHOOK", Category: Secret,
			Description: "Slack incoming webhook URL hooks.slack.com/services/T…/B…/…",
			Keywords:    []string{"hooks.slack.com/services/"},
			Match:       genUrlSecret(msgWebhookPath, 80, msgSlackHook),
		},
		{
			ID: "slack-workflow-webhook-url", Type: "SLACK_WEBHOOK", Category: Secret,
			Description: "Slack workflow or trigger webhook URL",
			Keywords:    []string{"hooks.slack.com/workflows/", "hooks.slack.com/triggers/"},
			Match:       genUrlSecret(msgWebhookPath, 120, msgSlackWorkflowHook),
		},
		{
			ID: "discord-webhook-url", Type: "DISCORD_WEBHOOK", Category: Secret,
			Description: "Discord webhook URL /api/webhooks/<id>/<token>",
			Keywords:    []string{"discord.com/api/webhooks/", "discordapp.com/api/webhooks/"},
			Match:       genUrlSecret(msgWebhookPath, 110, msgDiscordHook),
		},
		{
			ID: "discord-bot-token", Type: "DISCORD_TOKEN", Category: Secret,
			Description: "Discord bot token (id.timestamp.hmac) under a discord key",
			Keywords:    []string{"discord"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token", "bot", "secret"}, chars: msgDiscordTok, min: 58, max: 80, validate: msgDiscordBot}),
			Heuristic:   true,
		},
		{
			ID: "discord-client-secret", Type: "DISCORD_TOKEN", Category: Secret,
			Description: "Discord OAuth client secret (32 base64url) under a discord secret key",
			Keywords:    []string{"discord"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"secret"}, chars: Base64URL, min: 32, minEntropy: 3.5}),
			Heuristic:   true,
		},
		{
			ID: "telegram-bot-token-url", Type: "TELEGRAM_TOKEN", Category: Secret,
			Description: "Telegram bot token in an api.telegram.org/bot<token> URL",
			Keywords:    []string{"api.telegram.org/bot", "api.telegram.org/file/bot"},
			Match:       msgTelegramURLToken,
		},
		{
			ID: "telegram-bot-token", Type: "TELEGRAM_TOKEN", Category: Secret,
			Description: "Telegram bot token <id>:<35 base64url> under a telegram key",
			Keywords:    []string{"telegram", "tgram", "tg_bot", "tg-bot"},
			Match:       genKeyedValue(genKeyedOpts{chars: msgTgToken, min: 41, max: 52, validate: msgTelegramBot}),
			Heuristic:   true,
		},
		{
			ID: "telegram-bot-token-bare", Type: "TELEGRAM_TOKEN", Category: Secret,
			Description: "Telegram bot token <6-12 digit bot id>:AA<33 base64url> anywhere (the AA marker and exact length make it distinctive)",
			Keywords:    []string{":AA"},
			Match:       msgTelegramBare,
		},
		{
			ID: "twilio-api-key-bare", Type: "TWILIO_KEY", Category: Secret,
			Description: "Twilio API key SID: SK + 32 lower-case hex, anywhere",
			Keywords:    []string{"SK"},
			Match:       Token("SK", TokenOpts{Min: 32, Body: Hex, MinEntropy: 3}),
		},
		{
			ID: "twilio-api-key", Type: "TWILIO_KEY", Category: Secret,
			Description: "Twilio API key SID SK + 32 hex under a twilio key",
			Keywords:    []string{"twilio"},
			Match: genKeyedValue(genKeyedOpts{chars: AlNum, min: 34, validate: func(v []byte) bool {
				return genHasPrefixAt(v, 0, "SK") && genAllIn(v[2:], &Hex)
			}}),
			Heuristic: true,
		},
		{
			ID: "twilio-auth-token", Type: "TWILIO_KEY", Category: Secret,
			Description: "Twilio auth token or API secret (32 hex or base62) under a twilio token/secret key",
			Keywords:    []string{"twilio"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token", "secret"}, chars: AlNum, min: 32, minEntropy: 3.2}),
			Heuristic:   true,
		},
		{
			ID: "sendgrid-api-key", Type: "SENDGRID_KEY", Category: Secret,
			Description: "SendGrid API key SG.<22>.<43>",
			Keywords:    []string{"SG."},
			Match: Token("SG.", TokenOpts{Min: 66, Body: Base64URL.Union(NewSet(".")), Validate: func(t []byte) bool {
				return genSegments(t[3:], '.', 2, 2, func(i, n int, p []byte) bool {
					if i == 0 {
						return genInLen(p, &Base64URL, 22, 22)
					}
					return genInLen(p, &Base64URL, 43, 43)
				})
			}}),
		},
		{
			ID: "mailgun-api-key", Type: "MAILGUN_KEY", Category: Secret,
			Description: "Mailgun private API key key-<32> near a mailgun context",
			Keywords:    []string{"key-"},
			Match: genNearToken(Token("key-", TokenOpts{Min: 32, Body: LowerAlNum, MinEntropy: 3.5, Before: &msgSlackBody}),
				256, []string{"mailgun"}),
			Heuristic: true,
		},
		{
			ID: "mailgun-private-key", Type: "MAILGUN_KEY", Category: Secret,
			Description: "current Mailgun API or signing key (32 hex-8 hex-8 hex) under a mailgun key",
			Keywords:    []string{"mailgun"},
			Match: genKeyedValue(genKeyedOpts{chars: msgSlackBody, min: 50, validate: func(v []byte) bool {
				return genSegments(v, '-', 3, 3, func(i, n int, p []byte) bool {
					if i == 0 {
						return genInLen(p, &Hex, 32, 32)
					}
					return genInLen(p, &Hex, 8, 8)
				})
			}}),
			Heuristic: true,
		},
		{
			ID: "mailchimp-api-key", Type: "MAILCHIMP_KEY", Category: Secret,
			Description: "Mailchimp Marketing API key <32 hex>-us<N>",
			Keywords:    []string{"-us"},
			Match:       msgMailchimpKey,
		},
		{
			ID: "mandrill-api-key", Type: "MAILCHIMP_KEY", Category: Secret,
			Description: "Mandrill API key (22 base64url) under a mandrill key",
			Keywords:    []string{"mandrill"},
			Match:       genKeyedValue(genKeyedOpts{chars: Base64URL, min: 22, minEntropy: 3.5}),
			Heuristic:   true,
		},
		{
			ID: "brevo-api-key", Type: "BREVO_KEY", Category: Secret,
			Description: "Brevo (Sendinblue) API key xkeysib-<64 hex>-<16>",
			Keywords:    []string{"xkeysib-"},
			Match:       Token("xkeysib-", TokenOpts{Min: 81, Body: msgSlackBody, Validate: msgBrevoShape(8)}),
		},
		{
			ID: "brevo-smtp-key", Type: "BREVO_KEY", Category: Secret,
			Description: "Brevo (Sendinblue) SMTP key xsmtpsib-<64 hex>-<16>",
			Keywords:    []string{"xsmtpsib-"},
			Match:       Token("xsmtpsib-", TokenOpts{Min: 81, Body: msgSlackBody, Validate: msgBrevoShape(9)}),
		},
		{
			ID: "postmark-server-token", Type: "POSTMARK_TOKEN", Category: Secret,
			Description: "Postmark server or account token (UUID) under a postmark key or header",
			Keywords:    []string{"postmark"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token", "key"}, chars: NewSet("0-9a-fA-F-"), min: 36, validate: IsUUID}),
			Heuristic:   true,
		},
		{
			ID: "teams-webhook-url", Type: "TEAMS_WEBHOOK", Category: Secret,
			Description: "Microsoft Teams (Office 365 connector) incoming webhook URL",
			Keywords:    []string{".webhook.office.com/webhookb2/", "outlook.office.com/webhook/"},
			Match:       msgUrlSecretAfterDot(msgTeamsPath, 300, msgTeamsHook),
		},
		{
			ID: "teams-workflow-webhook-sig", Type: "TEAMS_WEBHOOK", Category: Secret,
			Description: "signature of a Teams Workflows / Power Automate / Logic Apps trigger URL",
			Keywords:    []string{".environment.api.powerplatform.com", ".logic.azure.com"},
			Match:       msgPowerAutomateSig,
		},
		{
			ID: "zapier-webhook-url", Type: "ZAPIER_WEBHOOK", Category: Secret,
			Description: "Zapier catch-hook URL hooks.zapier.com/hooks/catch/<id>/<key>",
			Keywords:    []string{"hooks.zapier.com/hooks/catch/"},
			Match: genUrlSecret(msgWebhookPath, 60, func(p []byte) bool {
				return genSegments(msgTrimSlash(p), '/', 2, 2, func(i, n int, s []byte) bool {
					if i == 0 {
						return genDigitsLen(s, 4, 12)
					}
					return genInLen(s, &LowerAlNum, 5, 12)
				})
			}),
		},
		{
			ID: "zendesk-api-token", Type: "ZENDESK_TOKEN", Category: Secret,
			Description: "Zendesk API token (40 base62) under a zendesk key",
			Keywords:    []string{"zendesk"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token", "key", "secret"}, chars: AlNum, min: 40, minEntropy: 3.5}),
			Heuristic:   true,
		},
		{
			ID: "intercom-access-token", Type: "INTERCOM_TOKEN", Category: Secret,
			Description: "Intercom access token (base64 of tok:…)",
			Keywords:    []string{"dG9rO"},
			Match:       Token("dG9rO", TokenOpts{Min: 40, Max: 90, Body: Base64.Union(NewSet("=")), Validate: msgIntercomToken}),
		},
		{
			ID: "pusher-app-secret", Type: "PUSHER_SECRET", Category: Secret,
			Description: "Pusher Channels app secret (20 hex) under a pusher secret key",
			Keywords:    []string{"pusher"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"secret"}, chars: Hex, min: 20, minEntropy: 3.0}),
			Heuristic:   true,
		},
		{
			ID: "sparkpost-api-key", Type: "SPARKPOST_KEY", Category: Secret,
			Description: "SparkPost API key (40 hex) under a sparkpost key",
			Keywords:    []string{"sparkpost"},
			Match:       genKeyedValue(genKeyedOpts{chars: Hex, min: 40, minEntropy: 3.2}),
			Heuristic:   true,
		},
		{
			ID: "telnyx-api-key", Type: "TELNYX_KEY", Category: Secret,
			Description: "Telnyx API v2 key KEY<55 base64url> under a telnyx key",
			Keywords:    []string{"telnyx"},
			Match: genKeyedValue(genKeyedOpts{chars: Base64URL, min: 58, validate: func(v []byte) bool {
				return genHasPrefixAt(v, 0, "KEY")
			}}),
			Heuristic: true,
		},
		{
			ID: "vonage-api-secret", Type: "VONAGE_SECRET", Category: Secret,
			Description: "Vonage (Nexmo) API secret (16 base62) under a vonage/nexmo secret key",
			Keywords:    []string{"vonage", "nexmo"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"secret"}, chars: AlNum, min: 16, minEntropy: 3.2}),
			Heuristic:   true,
		},
		{
			ID: "plivo-auth-token", Type: "PLIVO_TOKEN", Category: Secret,
			Description: "Plivo auth token (40 base62) under a plivo token key",
			Keywords:    []string{"plivo"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token", "secret"}, chars: Base64URL, min: 40, minEntropy: 3.5}),
			Heuristic:   true,
		},
		{
			ID: "mattermost-access-token", Type: "MATTERMOST_TOKEN", Category: Secret,
			Description: "Mattermost personal access token (26 base36) under a mattermost token key",
			Keywords:    []string{"mattermost"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token"}, chars: LowerAlNum, min: 26, minEntropy: 3.5}),
			Heuristic:   true,
		},
		{
			ID: "messagebird-api-key", Type: "MESSAGEBIRD_KEY", Category: Secret,
			Description: "MessageBird API key (25 base62) under a messagebird key",
			Keywords:    []string{"messagebird"},
			Match:       genKeyedValue(genKeyedOpts{chars: AlNum, min: 25, minEntropy: 3.5}),
			Heuristic:   true,
		},
		{
			ID: "sendbird-api-token", Type: "SENDBIRD_TOKEN", Category: Secret,
			Description: "Sendbird API token (40 hex) under a sendbird token key",
			Keywords:    []string{"sendbird"},
			Match:       genKeyedValue(genKeyedOpts{need: []string{"token", "key"}, chars: Hex, min: 40, minEntropy: 3.2}),
			Heuristic:   true,
		},
	}
}

// msgBrevoShape validates <prefix><64 hex>-<16 base62>; skip is the prefix length.
func msgBrevoShape(skip int) func([]byte) bool {
	return func(t []byte) bool {
		return genSegments(t[skip:], '-', 2, 2, func(i, n int, p []byte) bool {
			if i == 0 {
				return genInLen(p, &Hex, 64, 64)
			}
			return genInLen(p, &AlNum, 16, 16)
		})
	}
}

// msgTrimSlash drops one trailing '/'.
func msgTrimSlash(p []byte) []byte {
	if len(p) > 0 && p[len(p)-1] == '/' {
		return p[:len(p)-1]
	}
	return p
}

// msgUrlSecretAfterDot is genUrlSecret for keywords that begin inside a host name
// (".webhook.office.com/…" after the tenant label): the span then starts at the host.
func msgUrlSecretAfterDot(chars Set, max int, valid func([]byte) bool) Matcher {
	host := NewSet("0-9A-Za-z-")
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		s := kw
		if text[kw] == '.' {
			for s > 0 && kw-s < 64 && host.Has(text[s-1]) {
				s--
			}
			if s == kw {
				return 0, 0, false
			}
		} else if kw > 0 && AlNum.Has(text[kw-1]) {
			return 0, 0, false
		}
		end := Span(text, kwEnd, &chars, max+1)
		if end-kwEnd > max {
			return 0, 0, false
		}
		p := text[kwEnd:end]
		if LooksPlaceholder(p) || !valid(p) {
			return 0, 0, false
		}
		return s, end, true
	}
}

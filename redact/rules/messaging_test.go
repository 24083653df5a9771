package rules_test

import (
	"encoding/base64"
	"strings"
)

var (
	slackBot     = "xoxb-" + mgiTok("sb1", 12, mgiDigits) + "-" + mgiTok("sb2", 13, mgiDigits) + "-" + mgiTok("sb3", 24, mgiAlnum)
	slackBotOld  = "xoxb-" + mgiTok("sbo1", 11, mgiDigits) + "-" + mgiTok("sbo2", 24, mgiAlnum)
	slackUser    = "xoxp-" + mgiTok("su1", 12, mgiDigits) + "-" + mgiTok("su2", 12, mgiDigits) + "-" + mgiTok("su3", 13, mgiDigits) + "-" + mgiTok("su4", 32, mgiHex)
	slackApp     = "xapp-1-A" + mgiTok("sa1", 10, mgiUpper) + "-" + mgiTok("sa2", 13, mgiDigits) + "-" + mgiTok("sa3", 64, mgiHex)
	slackCfg     = "xoxe.xoxp-1-" + mgiTok("scfg", 166, mgiUpper)
	slackRefresh = "xoxe-1-" + mgiTok("sref", 146, mgiUpper)
	slackLegacy  = "xoxs-" + mgiTok("sl1", 10, mgiDigits) + "-" + mgiTok("sl2", 10, mgiDigits) + "-" + mgiTok("sl3", 12, mgiDigits) + "-" + mgiTok("sl4", 64, mgiHex)
	slackXoxa    = "xoxa-2-" + mgiTok("sxa", 30, mgiAlnum)
	slackCookie  = "xoxd-" + mgiTok("sck", 60, mgiAlnum) + "%2F" + mgiTok("sck2", 40, mgiAlnum) + "%3D"
	slackHookP   = "T" + mgiTok("sh1", 10, mgiUpper) + "/B" + mgiTok("sh2", 10, mgiUpper) + "/" + mgiTok("sh3", 24, mgiAlnum)
	slackWfP     = "T" + mgiTok("sw1", 10, mgiUpper) + "/A" + mgiTok("sw2", 10, mgiUpper) + "/" + mgiTok("sw3", 18, mgiDigits) + "/" + mgiTok("sw4", 32, mgiAlnum)
	discordHookP = mgiTok("dh1", 19, mgiDigits) + "/" + mgiTok("dh2", 68, mgiB64u)
	discordBotT  = base64.RawURLEncoding.EncodeToString([]byte("1"+mgiTok("dbid", 17, mgiDigits))) + "." + mgiTok("dbts", 6, mgiB64u) + "." + mgiTok("dbmac", 38, mgiB64u)
	telegramTok  = mgiTok("tgid", 10, mgiDigits) + ":AA" + mgiTok("tgsec", 33, mgiB64u)
	twilioSK     = "SK" + mgiTok("twsk", 32, mgiHex)
	twilioTok    = mgiTok("twtok", 32, mgiHex)
	sendgridKey  = "SG." + mgiTok("sg1", 22, mgiB64u) + "." + mgiTok("sg2", 43, mgiB64u)
	mailgunOld   = "key-" + mgiTok("mgold", 32, mgiLan)
	mailgunNew   = mgiTok("mgn1", 32, mgiHex) + "-" + mgiTok("mgn2", 8, mgiHex) + "-" + mgiTok("mgn3", 8, mgiHex)
	mailchimpKey = mgiTok("mc", 32, mgiHex) + "-us21"
	mandrillKey  = mgiTok("mandrill", 22, mgiB64u)
	brevoKey     = "xkeysib-" + mgiTok("brevo1", 64, mgiHex) + "-" + mgiTok("brevo2", 16, mgiAlnum)
	brevoSMTP    = "xsmtpsib-" + mgiTok("bsmtp1", 64, mgiHex) + "-" + mgiTok("bsmtp2", 16, mgiAlnum)
	teamsHookP   = mgiUUID("th1") + "@" + mgiUUID("th2") + "/IncomingWebhook/" + mgiTok("th3", 32, mgiAlnum) + "/" + mgiUUID("th4")
	paSig        = mgiTok("pasig", 43, mgiB64u)
	intercomTok  = base64.StdEncoding.EncodeToString([]byte("tok:" + mgiUUID("ic1") + ":1:0"))
)

// messagingExamples are the true and false positives of the rules in messaging.go.
var messagingExamples = map[string]examples{
	"slack-bot-token": {
		tp: []string{"SLACK_BOT_TOKEN=" + mgiMark(slackBot), `client = WebClient(token="` + mgiMark(slackBotOld) + `")`},
		fp: []string{"xoxb-" + strings.Repeat("x", 40), "xoxb-1234-abc", "myxoxb-" + slackBot[5:], "Xoxb-" + slackBot[5:]},
	},
	"slack-user-token": {
		tp: []string{"token: " + mgiMark(slackUser)},
		fp: []string{"xoxp-" + mgiTok("su4", 32, mgiHex), "xoxp-YOUR-TOKEN-HERE"},
	},
	"slack-app-token": {
		tp: []string{"SLACK_APP_TOKEN=" + mgiMark(slackApp)},
		fp: []string{"xapp-1-A0000-token", "xapp-" + mgiTok("sa3", 64, mgiHex)},
	},
	"slack-config-access-token": {
		tp: []string{"config token " + mgiMark(slackCfg) + " expires in 12h"},
		fp: []string{"xoxe.xoxp-1-" + mgiTok("scfg", 40, mgiUpper)},
	},
	"slack-config-refresh-token": {
		tp: []string{`"refresh_token": "` + mgiMark(slackRefresh) + `"`},
		fp: []string{"xoxe-1-SHORT", "xoxe-" + mgiTok("sref", 146, mgiUpper)},
	},
	"slack-legacy-token": {
		tp: []string{"legacy " + mgiMark(slackLegacy), "workspace token " + mgiMark(slackXoxa)},
		fp: []string{"xoxs-not-a-token", "xoxa-2-" + strings.Repeat("a", 30)},
	},
	"slack-session-token": {
		tp: []string{"Cookie: d=" + mgiMark(slackCookie) + "; d-s=1"},
		fp: []string{"xoxd-" + strings.Repeat("ab", 30), "xoxc-short"},
	},
	"slack-webhook-url": {
		tp: []string{"SLACK_WEBHOOK=https://" + mgiMark("hooks.slack.com/services/"+slackHookP), "post to https://" + mgiMark("hooks.slack.com/services/"+slackHookP) + "."},
		fp: []string{"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "https://hooks.slack.com/services/", "see hooks.slack.com/services/ for docs"},
	},
	"slack-workflow-webhook-url": {
		tp: []string{"https://" + mgiMark("hooks.slack.com/triggers/"+slackWfP)},
		fp: []string{"https://hooks.slack.com/workflows/T0/A0/1/x"},
	},
	"discord-webhook-url": {
		tp: []string{"DISCORD_WEBHOOK_URL=https://" + mgiMark("discord.com/api/webhooks/"+discordHookP), "https://" + mgiMark("discordapp.com/api/webhooks/"+discordHookP)},
		fp: []string{"https://discord.com/api/webhooks/{id}/{token}", "https://discord.com/api/webhooks/123/abc"},
	},
	"discord-bot-token": {
		tp: []string{"DISCORD_BOT_TOKEN=" + mgiMark(discordBotT), `{"discord_token": "` + mgiMark(discordBotT) + `"}`},
		fp: []string{"DISCORD_BOT_TOKEN=" + mgiTok("dnot", 26, mgiB64u) + "." + mgiTok("x", 6, mgiB64u) + "." + mgiTok("y", 38, mgiB64u), "discord bot token: see the developer portal"},
	},
	"discord-client-secret": {
		tp: []string{"DISCORD_CLIENT_SECRET=" + mgiMark(mgiTok("dcs", 32, mgiB64u))},
		fp: []string{"DISCORD_CLIENT_ID=" + mgiTok("dcs", 32, mgiB64u), "DISCORD_CLIENT_SECRET=${SECRET}"},
	},
	"telegram-bot-token-url": {
		tp: []string{"curl https://api.telegram.org/bot" + mgiMark(telegramTok) + "/getMe"},
		fp: []string{"https://api.telegram.org/bot<token>/getMe", "https://api.telegram.org/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/getMe"},
	},
	"telegram-bot-token": {
		tp: []string{"TELEGRAM_BOT_TOKEN=" + mgiMark(telegramTok), `telegram_token: "` + mgiMark(telegramTok) + `"`},
		fp: []string{"TELEGRAM_CHAT_ID=" + mgiTok("tgc", 10, mgiDigits), "telegram token is " + telegramTok[:10]},
	},
	"telegram-bot-token-bare": {
		tp: []string{"my bot token is " + mgiMark(telegramTok) + " but it stopped working", `{"content":"use ` + mgiMark(telegramTok) + `"}`},
		fp: []string{"time 12:AAbc", "id 12345:AA" + strings.Repeat("b", 33), "x" + telegramTok, telegramTok + "x"},
	},
	"twilio-api-key-bare": {
		tp: []string{"the key " + mgiMark(twilioSK) + " leaked", `"` + mgiMark(twilioSK) + `"`},
		fp: []string{"SK" + strings.Repeat("0", 32), "ask" + twilioSK[2:], twilioSK + "ab", "SKIP the tasks", "sk" + twilioSK[2:]},
	},
	"twilio-api-key": {
		tp: []string{"TWILIO_API_KEY=" + mgiMark(twilioSK)},
		fp: []string{"TWILIO_API_KEY=SKXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "TWILIO_ACCOUNT_SID=AC" + mgiTok("twac", 32, mgiHex)},
	},
	"twilio-auth-token": {
		tp: []string{"TWILIO_AUTH_TOKEN=" + mgiMark(twilioTok), `twilio_api_secret: "` + mgiMark(mgiTok("twsec", 32, mgiAlnum)) + `"`},
		fp: []string{"TWILIO_ACCOUNT_SID=AC" + mgiTok("twac", 32, mgiHex), "TWILIO_AUTH_TOKEN=your_auth_token"},
	},
	"sendgrid-api-key": {
		tp: []string{"SENDGRID_API_KEY=" + mgiMark(sendgridKey)},
		fp: []string{"SG." + mgiTok("sg1", 22, mgiB64u), "sg." + sendgridKey[3:], "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	},
	"mailgun-api-key": {
		tp: []string{"MAILGUN_API_KEY=" + mgiMark(mailgunOld), "mailgun.Client(domain, " + `"` + mgiMark(mailgunOld) + `")`},
		fp: []string{"cache key-" + mgiTok("mgold", 32, mgiLan) + " expired", "MAILGUN_API_KEY=key-" + strings.Repeat("0", 32)},
	},
	"mailgun-private-key": {
		tp: []string{"MAILGUN_API_KEY=" + mgiMark(mailgunNew)},
		fp: []string{"MAILGUN_DOMAIN=mg.acme.test", "MAILGUN_API_KEY=" + mgiTok("mgn1", 32, mgiHex)},
	},
	"mailchimp-api-key": {
		tp: []string{"MAILCHIMP_KEY=" + mgiMark(mailchimpKey), `apikey: "` + mgiMark(mailchimpKey) + `"`},
		fp: []string{"locale en-us", "run-user-us12", mgiTok("mc", 31, mgiHex) + "-us21", mgiTok("mc", 32, mgiHex) + "-usage"},
	},
	"mandrill-api-key": {
		tp: []string{"MANDRILL_API_KEY=" + mgiMark(mandrillKey)},
		fp: []string{"MANDRILL_API_KEY=" + mgiTok("mandrill", 12, mgiB64u), "mandrill is Mailchimp's transactional service"},
	},
	"brevo-api-key": {
		tp: []string{"BREVO_API_KEY=" + mgiMark(brevoKey)},
		fp: []string{"xkeysib-" + mgiTok("brevo1", 64, mgiHex), "xkeysib-your-api-key"},
	},
	"brevo-smtp-key": {
		tp: []string{"smtp password " + mgiMark(brevoSMTP)},
		fp: []string{"xsmtpsib-" + mgiTok("bsmtp1", 64, mgiHex) + "-short"},
	},
	"postmark-server-token": {
		tp: []string{"X-Postmark-Server-Token: " + mgiMark(mgiUUID("pm")), "POSTMARK_API_TOKEN=" + mgiMark(mgiUUID("pm2"))},
		fp: []string{"POSTMARK_API_TOKEN=00000000-0000-0000-0000-000000000000", "POSTMARK_STREAM=outbound"},
	},
	"teams-webhook-url": {
		tp: []string{"https://" + mgiMark("acme.webhook.office.com/webhookb2/"+teamsHookP), "url: https://" + mgiMark("outlook.office.com/webhook/"+teamsHookP)},
		fp: []string{"https://acme.webhook.office.com/webhookb2/", "https://acme.webhook.office.com/webhookb2/" + mgiUUID("th1") + "/other"},
	},
	"teams-workflow-webhook-sig": {
		tp: []string{"https://default" + mgiTok("pa1", 20, mgiHex) + ".ab.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/" + mgiTok("pa2", 32, mgiHex) + "/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + mgiMark(paSig),
			"https://prod-12.westus.logic.azure.com:443/workflows/" + mgiTok("la", 32, mgiHex) + "/triggers/manual/paths/invoke?api-version=2016-06-01&sig=" + mgiMark(paSig) + " done"},
		fp: []string{"https://prod-12.westus.logic.azure.com/workflows/abc?sig=<signature>", "see learn.logic.azure.com for docs"},
	},
	"zapier-webhook-url": {
		tp: []string{"https://" + mgiMark("hooks.zapier.com/hooks/catch/"+mgiTok("zap1", 7, mgiDigits)+"/"+mgiTok("zap2", 7, mgiLan)+"/")},
		fp: []string{"https://hooks.zapier.com/hooks/catch/", "https://hooks.zapier.com/hooks/catch/123/abc/"},
	},
	"zendesk-api-token": {
		tp: []string{"ZENDESK_API_TOKEN=" + mgiMark(mgiTok("zd", 40, mgiAlnum))},
		fp: []string{"ZENDESK_SUBDOMAIN=acme", "ZENDESK_API_TOKEN=" + mgiTok("zd", 20, mgiAlnum)},
	},
	"intercom-access-token": {
		tp: []string{"INTERCOM_TOKEN=" + mgiMark(intercomTok)},
		fp: []string{base64.StdEncoding.EncodeToString([]byte("token:" + mgiUUID("ic2") + ":1:0")), "dG9rOmFiYw=="},
	},
	"pusher-app-secret": {
		tp: []string{"PUSHER_APP_SECRET=" + mgiMark(mgiTok("pusher", 20, mgiHex))},
		fp: []string{"PUSHER_APP_KEY=" + mgiTok("pusher", 20, mgiHex), "PUSHER_APP_SECRET=" + mgiTok("pusher", 12, mgiHex)},
	},
	"sparkpost-api-key": {
		tp: []string{"SPARKPOST_API_KEY=" + mgiMark(mgiTok("sp", 40, mgiHex))},
		fp: []string{"SPARKPOST_API_KEY=" + strings.Repeat("0", 40), "sparkpost: see docs"},
	},
	"telnyx-api-key": {
		tp: []string{"TELNYX_API_KEY=" + mgiMark("KEY"+mgiTok("telnyx", 55, mgiB64u))},
		fp: []string{"TELNYX_API_KEY=" + mgiTok("telnyx", 58, mgiB64u), "TELNYX_PUBLIC_KEY=KEY"},
	},
	"vonage-api-secret": {
		tp: []string{"VONAGE_API_SECRET=" + mgiMark(mgiTok("vonage", 16, mgiAlnum)), "NEXMO_API_SECRET: " + mgiMark(mgiTok("nexmo", 16, mgiAlnum))},
		fp: []string{"VONAGE_API_KEY=" + mgiTok("vk", 8, mgiHex), "VONAGE_API_SECRET=aaaaaaaaaaaaaaaa"},
	},
	"plivo-auth-token": {
		tp: []string{"PLIVO_AUTH_TOKEN=" + mgiMark(mgiTok("plivo", 40, mgiAlnum))},
		fp: []string{"PLIVO_AUTH_ID=" + mgiTok("plid", 20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")},
	},
	"mattermost-access-token": {
		tp: []string{"MATTERMOST_TOKEN=" + mgiMark(mgiTok("mm", 26, mgiLan))},
		fp: []string{"MATTERMOST_URL=https://chat.acme.test", "MATTERMOST_TOKEN=" + mgiTok("mm", 20, mgiLan)},
	},
	"messagebird-api-key": {
		tp: []string{"MESSAGEBIRD_API_KEY=" + mgiMark(mgiTok("mb", 25, mgiAlnum))},
		fp: []string{"MESSAGEBIRD_ORIGINATOR=Acme", "messagebird: " + mgiTok("mb", 12, mgiAlnum)},
	},
	"sendbird-api-token": {
		tp: []string{"SENDBIRD_API_TOKEN=" + mgiMark(mgiTok("sbird", 40, mgiHex))},
		fp: []string{"SENDBIRD_APP_ID=" + mgiUUID("sbapp"), "SENDBIRD_API_TOKEN=" + mgiTok("sbird", 32, mgiHex)},
	},
}

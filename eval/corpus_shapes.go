package eval

import (
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/hushlog/hush/internal/synth"
)

// secretVar is a secret type with the variable name it usually sits under in code and
// config files.
type secretVar struct{ typ, name string }

var secretVars = []secretVar{
	{"GITHUB_TOKEN", "GITHUB_TOKEN"}, {"GITHUB_TOKEN", "GH_PAT"}, {"GITLAB_TOKEN", "GITLAB_TOKEN"},
	{"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"}, {"AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"},
	{"OPENAI_API_KEY", "OPENAI_API_KEY"}, {"ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"},
	{"SLACK_TOKEN", "SLACK_BOT_TOKEN"}, {"SLACK_WEBHOOK", "SLACK_WEBHOOK"},
	{"STRIPE_SECRET_KEY", "STRIPE_SECRET_KEY"}, {"STRIPE_WEBHOOK_SECRET", "STRIPE_WEBHOOK_SECRET"},
	{"GCP_API_KEY", "GOOGLE_API_KEY"}, {"NPM_TOKEN", "NPM_TOKEN"}, {"PYPI_TOKEN", "TWINE_PASSWORD"},
	{"HUGGINGFACE_TOKEN", "HF_TOKEN"}, {"SENDGRID_KEY", "SENDGRID_KEY"},
	{"TWILIO_KEY", "TWILIO_KEY"}, {"TELEGRAM_TOKEN", "TELEGRAM_TOKEN"},
	{"DIGITALOCEAN_TOKEN", "DIGITALOCEAN_TOKEN"}, {"SHOPIFY_TOKEN", "SHOPIFY_ACCESS_TOKEN"},
	{"DOCKER_HUB_TOKEN", "DOCKER_HUB_TOKEN"}, {"GROQ_API_KEY", "GROQ_API_KEY"}, {"XAI_API_KEY", "XAI_API_KEY"},
	{"PERPLEXITY_API_KEY", "PERPLEXITY_API_KEY"}, {"REPLICATE_API_TOKEN", "REPLICATE_API_TOKEN"},
	{"VAULT_TOKEN", "VAULT_TOKEN"}, {"DATABRICKS_TOKEN", "DATABRICKS_TOKEN"}, {"POSTMAN_KEY", "POSTMAN_KEY"},
	{"LINEAR_KEY", "LINEAR_KEY"}, {"NEW_RELIC_KEY", "NEW_RELIC_API_KEY"},
	{"AZURE_STORAGE_KEY", "AZURE_STORAGE_KEY"}, {"ALIBABA_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
	{"JWT", "SESSION_JWT"}, {"PASSWORD", "DB_PASSWORD"}, {"GENERIC_SECRET", "SESSION_SECRET"},
}

// fillerLines are config lines without secrets, many of them hard negatives.
var fillerLines = []string{
	"PORT={port}", "LOG_LEVEL=debug", "API_BASE=https://{host}", "MODEL={model}", "APP_VERSION={version}",
	"OPENAI_API_KEY={placeholder}", "BUILD_SHA={sha}", "REQUEST_TIMEOUT=30s", "DB_PASSWORD_FILE=/run/secrets/db_password",
	"AWS_ACCESS_KEY_ID={example_key}", "TOKEN_TTL=3600", "FEATURE_FLAGS=streaming,tools", "INSTANCE_ID={uuid}",
	"CACHE_URL=redis://{loopback}:{port}/0", "SECRET_KEY_NAME={func}",
}

func (c *builder) secretVar() secretVar { return synth.Pick(c.g, secretVars) }

// assign writes one "name = value" in the style given ("env", "yaml", "py", "js", "json").
func (c *builder) assign(style string, v secretVar) {
	name := v.name
	lower := strings.ToLower(name)
	switch style {
	case "yaml":
		c.raw("  " + lower + ": ")
		c.value(v.typ, c.gens[v.typ](c.g))
	case "py":
		c.raw(name + " = \"")
		c.value(v.typ, c.gens[v.typ](c.g))
		c.raw("\"")
	case "js":
		c.raw("const " + camel(lower) + " = '")
		c.value(v.typ, c.gens[v.typ](c.g))
		c.raw("';")
	case "json":
		c.raw("\"" + lower + "\": \"")
		c.value(v.typ, c.gens[v.typ](c.g))
		c.raw("\"")
	default:
		c.raw(name + "=")
		c.value(v.typ, c.gens[v.typ](c.g))
	}
}

func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func (c *builder) fillers(n int, style string) {
	for range n {
		line := synth.Pick(c.g, fillerLines)
		if style == "yaml" {
			k, v, _ := strings.Cut(line, "=")
			line = "  " + strings.ToLower(k) + ": " + v
		}
		c.t(line + "\n")
	}
}

// urlCreds writes a connection string whose password is labelled URL_CREDENTIALS.
func (c *builder) urlCreds() {
	c.t(synth.Pick(c.g, []string{"postgres://{user}:", "mongodb+srv://{user}:", "redis://default:", "amqp://{user}:", "mysql://{user}:"}))
	// Passwords in URLs are percent-encoded, as url.UserPassword writes them.
	pw := url.UserPassword("u", c.g.Password()+c.g.String(synth.AlNum, 4)).String()
	c.value("URL_CREDENTIALS", pw[len("u:"):])
	c.t("@{host}:{port}/" + synth.Pick(c.g, []string{"app", "orders", "0", "vhost"}))
}

// authHeader writes an Authorization header whose credential is labelled AUTH_HEADER.
func (c *builder) authHeader() {
	if c.g.Intn(2) == 0 {
		c.raw("Authorization: Basic ")
		c.value("AUTH_HEADER", base64.StdEncoding.EncodeToString([]byte(synth.Pick(c.g, []string{"admin", "deploy", "svc"})+":"+c.g.Password())))
		return
	}
	c.raw("Authorization: Bearer ")
	c.value("AUTH_HEADER", c.g.String(synth.B64URL, 40))
}

var prompts = []string{
	"Can you tell me why this fails? ", "Please review this config. ", "Refactor this for me: ",
	"I keep getting a 401, what is wrong here? ", "Summarise what this does. ", "Convert this to TypeScript. ",
}

// piiSentences are sentences of support tickets and e-mails; each labels its values.
var piiSentences = []string{
	"Hi, my name is {PERSON} and I can't log in. ", "Please send the invoice to {EMAIL_ADDRESS}. ",
	"You can reach me on {PHONE_NUMBER} after 5pm. ", "The card I used was {CREDIT_CARD}. ",
	"My IBAN is {IBAN_CODE}, please refund there. ", "For verification, my SSN is {US_SSN}. ",
	"My National Insurance number is {UK_NINO}. ", "Aadhaar: {IN_AADHAAR}, PAN: {IN_PAN}. ",
	"I live at {STREET_ADDRESS}. ", "Date of birth: {DATE_OF_BIRTH}. ", "The login came from {IP_ADDRESS}. ",
	"Device MAC is {MAC_ADDRESS}. ", "Send the payout to {CRYPTO_WALLET}. ",
	"Routing number {US_BANK_ROUTING}, account ending 4471. ", "Ship it to {PERSON}, {STREET_ADDRESS}. ",
	"I was born on {DATE_OF_BIRTH} and my email is {EMAIL_ADDRESS}. ",
}

// neutralSentences are sentences without personal data, several with hard negatives.
var neutralSentences = []string{
	"Order {order} was charged {price}. ", "The request id was {uuid}. ", "We are on {version} of the SDK. ",
	"It happened at {date}. ", "The build {short} passed. ", "Latency was {latency} on {model}. ",
	"The service listens on port {port}. ", "Ticket opened in the {word} queue. ",
}

func corpusShapes() []shape {
	return []shape{
		{"env-file", func(c *builder) {
			c.t("# ." + synth.Pick(c.g, []string{"env", "env.production", "env.local"}) + "\n")
			for range 1 + c.g.Intn(3) {
				c.fillers(c.g.Intn(3), "env")
				c.assign("env", c.secretVar())
				c.raw("\n")
			}
			if c.g.Intn(3) == 0 {
				c.raw("DATABASE_URL=")
				c.urlCreds()
				c.raw("\n")
			}
			c.fillers(1+c.g.Intn(2), "env")
		}},
		{"yaml-config", func(c *builder) {
			c.t("service: {word}\nversion: {version}\nsecrets:\n")
			for range 1 + c.g.Intn(3) {
				c.assign("yaml", c.secretVar())
				c.raw("\n")
			}
			c.t("upstream:\n  model: {model}\n  timeout: 30s\n")
			c.fillers(1+c.g.Intn(2), "yaml")
		}},
		{"chat-code", func(c *builder) {
			c.t(synth.Pick(c.g, prompts) + "\n\n```" + synth.Pick(c.g, []string{"python", "js"}) + "\n")
			style := synth.Pick(c.g, []string{"py", "js"})
			c.t("import os  # {func}\n")
			c.assign(style, c.secretVar())
			c.t("\nresp = client.chat(model=\"{model}\", max_tokens=512)\n```\n")
			if c.g.Intn(3) == 0 {
				c.pick(neutralSentences...)
			}
		}},
		{"curl", func(c *builder) {
			switch c.g.Intn(4) {
			case 0:
				c.t("curl https://api.openai.com/v1/chat/completions -H \"Content-Type: application/json\" -H \"Authorization: Bearer {OPENAI_API_KEY}\" -d '{\"model\": \"{model}\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}'\n")
			case 1:
				c.t("curl https://api.anthropic.com/v1/messages -H \"x-api-key: {ANTHROPIC_API_KEY}\" -H \"anthropic-version: 2023-06-01\" -d @body.json\n")
			case 2:
				c.raw("curl -s -H \"")
				c.authHeader()
				c.t("\" https://{host}/v1/reports?since={date}\n")
			default:
				c.t("curl -X POST {SLACK_WEBHOOK} -d '{\"text\": \"deploy {short} done\"}'\n")
			}
		}},
		{"log-trace", func(c *builder) {
			c.t("{date} INFO  request_id={uuid} route=/v1/chat/completions model={model} latency={latency}\n")
			c.t(synth.Pick(c.g, []string{
				"{date} WARN  login failed for {EMAIL_ADDRESS} from {IP_ADDRESS}\n",
				"{date} ERROR payment declined card={CREDIT_CARD} order={order}\n",
				"{date} DEBUG user={PERSON} phone={PHONE_NUMBER}\n",
				"{date} INFO  health check ok from {loopback}:{port}\n",
			}))
			if c.g.Intn(2) == 0 {
				c.raw("Traceback (most recent call last):\n  File \"app/db.py\", line 42, in connect\n    engine = create_engine(\"")
				c.urlCreds()
				c.raw("\")\nsqlalchemy.exc.OperationalError: could not connect to server\n")
			} else {
				c.t("panic: runtime error: invalid memory address\ngoroutine 1 [running]:\nmain.handler(0xc000{num})\n\t/src/app/main.go:88 +0x1d\n")
			}
		}},
		{"k8s-manifest", func(c *builder) {
			c.t("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {word}-secrets\n  uid: {uuid}\ntype: Opaque\nstringData:\n")
			for range 1 + c.g.Intn(2) {
				c.raw("  ")
				c.assign("yaml", c.secretVar())
				c.raw("\n")
			}
			c.t("---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: {word}\n        image: registry.example.com/{word}@sha256:{sha256}\n        env:\n        - name: MODEL\n          value: {model}\n")
		}},
		{"openai-request", func(c *builder) {
			c.t("{\"model\": \"{model}\", \"temperature\": 0.2, \"messages\": [{\"role\": \"system\", \"content\": \"You are a helpful assistant.\"}, {\"role\": \"user\", \"content\": \"")
			c.esc = 1
			c.t(synth.Pick(c.g, prompts) + "\n")
			if c.g.Intn(2) == 0 {
				c.assign("env", c.secretVar())
			} else {
				c.pick(piiSentences...)
			}
			c.esc = 0
			c.raw("\"}]")
			if c.g.Intn(2) == 0 {
				c.raw(", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"send_email\", \"parameters\": {\"type\": \"object\"}}}]")
			}
			c.raw("}")
		}},
		{"openai-tool-call", func(c *builder) {
			c.t("{\"id\": \"chatcmpl-{short}{short}\", \"object\": \"chat.completion\", \"model\": \"{model}\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_{short}\", \"type\": \"function\", \"function\": {\"name\": \"")
			c.raw(synth.Pick(c.g, []string{"send_email", "create_customer", "lookup_order"}))
			c.raw("\", \"arguments\": \"")
			c.esc = 1
			c.raw("{\"to\": \"")
			c.esc = 2
			c.t("{EMAIL_ADDRESS}")
			c.esc = 1
			c.raw("\", \"name\": \"")
			c.esc = 2
			c.t("{PERSON}")
			c.esc = 1
			c.raw("\", \"phone\": \"")
			c.esc = 2
			c.t("{PHONE_NUMBER}")
			c.esc = 1
			c.raw("\"}")
			c.esc = 0
			c.t("\"}}]}, \"finish_reason\": \"tool_calls\"}], \"usage\": {\"prompt_tokens\": {num}, \"completion_tokens\": 41}, \"system_fingerprint\": \"fp_{short}\"}")
		}},
		{"openai-response", func(c *builder) {
			c.t("{\"id\": \"chatcmpl-{short}\", \"model\": \"{model}\", \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"")
			c.esc = 1
			c.t("Sure. I updated the record for {PERSON}. ")
			c.pick(piiSentences...)
			c.pick(neutralSentences...)
			c.esc = 0
			c.t("\"}, \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": {num}, \"completion_tokens\": {num}, \"total_tokens\": {num}}}")
		}},
		{"anthropic-request", func(c *builder) {
			c.t("{\"model\": \"{model}\", \"max_tokens\": 1024, \"system\": \"Answer briefly.\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"")
			c.esc = 1
			c.t(synth.Pick(c.g, prompts) + "\n")
			if c.g.Intn(2) == 0 {
				c.value("PRIVATE_KEY", c.g.PrivateKeyPEM("\n"))
			} else {
				c.assign("yaml", c.secretVar())
			}
			c.esc = 0
			c.raw("\"}]}]}")
		}},
		{"anthropic-tool-use", func(c *builder) {
			c.t("{\"id\": \"msg_{short}\", \"type\": \"message\", \"role\": \"assistant\", \"model\": \"{model}\", \"content\": [{\"type\": \"tool_use\", \"id\": \"toolu_{short}\", \"name\": \"update_profile\", \"input\": {\"full_name\": \"")
			c.esc = 1
			c.t("{PERSON}")
			c.esc = 0
			c.raw("\", \"address\": \"")
			c.esc = 1
			c.t("{STREET_ADDRESS}")
			c.esc = 0
			c.raw("\", \"dob\": \"")
			c.esc = 1
			c.t("{DATE_OF_BIRTH}")
			c.esc = 0
			c.t("\"}}], \"stop_reason\": \"tool_use\", \"usage\": {\"input_tokens\": {num}, \"output_tokens\": 64}}")
		}},
		{"support-ticket", func(c *builder) {
			c.t("Subject: Problem with order {order}\nFrom: {EMAIL_ADDRESS}\n\n")
			c.t(synth.Pick(c.g, []string{"Hello,\n\n", "Dear support team,\n\n", "Hi there,\n\n"}))
			for range 2 + c.g.Intn(3) {
				c.pick(piiSentences...)
			}
			c.pick(neutralSentences...)
			c.t("\n\nThanks,\n{PERSON}\n")
		}},
		{"email-multilingual", func(c *builder) {
			c.t(synth.Pick(c.g, []string{"Bonjour,\n\nJe m'appelle {PERSON}. Mon adresse est {STREET_ADDRESS}. ", "Hallo,\n\nmein Name ist {PERSON}, ich wohne in der {STREET_ADDRESS}. ",
				"Hola,\n\nme llamo {PERSON} y vivo en {STREET_ADDRESS}. ", "Hello,\n\nI am {PERSON} and my address is {STREET_ADDRESS}. "}))
			c.t(synth.Pick(c.g, []string{"Tel: {PHONE_NUMBER}. ", "E-mail: {EMAIL_ADDRESS}. ", "IBAN: {IBAN_CODE}. "}))
			c.t("\n\n-- \n{PERSON}\n")
		}},
		{"chat-pasted-token", func(c *builder) {
			// A secret pasted into a sentence, without a variable name: only secrets with a
			// format of their own (not free-form passwords or hex keys) can be told apart.
			v := c.secretVar()
			for v.typ == "PASSWORD" || v.typ == "GENERIC_SECRET" {
				v = c.secretVar()
			}
			c.t(synth.Pick(c.g, []string{"Is this key still valid? ", "why does the API reject ", "I rotated it to ", "Use "}))
			c.value(v.typ, c.gens[v.typ](c.g))
			c.t(synth.Pick(c.g, []string{" - it worked yesterday.", " for the {word} job.", " but I get a 403 on {model}.", "\n"}))
		}},
		{"http-headers", func(c *builder) {
			c.t("POST /v1/chat/completions HTTP/1.1\nHost: {host}\nUser-Agent: openai-python/1.{num}\nX-Request-Id: {uuid}\n")
			c.authHeader()
			c.t("\nContent-Type: application/json\n\nHTTP/1.1 200 OK\nDate: {date}\n")
		}},
		{"hard-negative", func(c *builder) {
			for range 3 + c.g.Intn(4) {
				c.t(synth.Pick(c.g, []string{
					"commit {sha}\n", "integrity: {sri}\n", "request {uuid} finished in {latency}\n", "model: {model} ({version})\n",
					"api_key: {placeholder}\n", "aws_access_key_id = {example_key}\n", "avatar: {b64img}\n", "listening on {loopback}:{port}\n",
					"sha256sum: {sha256}  release.tar.gz\n", "def {func}(name): return vault.read(name)\n", "Order {order} total {price} on {date}\n",
					"password: ${DB_PASSWORD}\n", "token = os.environ[\"GITHUB_TOKEN\"]\n", "Authorization: Bearer <token>\n", "key id {short} rotated at {date}\n",
				}))
			}
		}},
	}
}

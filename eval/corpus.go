package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hushlog/hush/internal/synth"
)

// CorpusSeed is the seed of the checked-in corpus, testdata/eval/hush-corpus.jsonl.
const CorpusSeed = 20260401

// CorpusCases is the number of cases in the checked-in corpus.
const CorpusCases = 3600

// valueGens make the values the corpus templates name in braces. Upper-case names are
// labelled types (the value's span is recorded with that type); lower-case names are
// unlabelled fillers, many of them hard negatives that redaction must leave alone.
func valueGens() map[string]func(g *synth.Gen) string {
	ghp := func(p string) func(g *synth.Gen) string { return func(g *synth.Gen) string { return g.GitHubToken(p) } }
	return map[string]func(g *synth.Gen) string{
		// Secrets.
		"GITHUB_TOKEN": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{ghp("ghp_"), ghp("gho_"), ghp("ghs_"), ghp("ghu_")})(g)
		},
		"GITHUB_FINE_GRAINED": (*synth.Gen).GitHubFineGrained,
		"GITLAB_TOKEN":        (*synth.Gen).GitLabPAT,
		"AWS_ACCESS_KEY_ID": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{(*synth.Gen).AWSKeyID, (*synth.Gen).AWSTempKeyID})(g)
		},
		"AWS_SECRET_ACCESS_KEY": (*synth.Gen).AWSSecret,
		"OPENAI_API_KEY": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{(*synth.Gen).OpenAIProjectKey, (*synth.Gen).OpenAIServiceKey, (*synth.Gen).OpenAILegacyKey})(g)
		},
		"ANTHROPIC_API_KEY": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{(*synth.Gen).AnthropicKey, (*synth.Gen).AnthropicAdminKey})(g)
		},
		"SLACK_TOKEN": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{(*synth.Gen).SlackBotToken, (*synth.Gen).SlackUserToken})(g)
		},
		"SLACK_WEBHOOK": (*synth.Gen).SlackWebhookURL,
		"STRIPE_SECRET_KEY": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{(*synth.Gen).StripeLiveKey, (*synth.Gen).StripeRestrictedKey})(g)
		},
		"STRIPE_WEBHOOK_SECRET": (*synth.Gen).StripeWebhookSecret,
		"GCP_API_KEY":           (*synth.Gen).GoogleAPIKey,
		"NPM_TOKEN":             (*synth.Gen).NPMToken,
		"PYPI_TOKEN":            (*synth.Gen).PyPIToken,
		"HUGGINGFACE_TOKEN":     (*synth.Gen).HuggingFaceToken,
		"SENDGRID_KEY":          (*synth.Gen).SendGridKey,
		"TWILIO_KEY":            (*synth.Gen).TwilioAPIKey,
		"TELEGRAM_TOKEN":        (*synth.Gen).TelegramBotToken,
		"DIGITALOCEAN_TOKEN":    (*synth.Gen).DigitalOceanToken,
		"SHOPIFY_TOKEN":         (*synth.Gen).ShopifyToken,
		"DOCKER_HUB_TOKEN":      (*synth.Gen).DockerHubToken,
		"GROQ_API_KEY":          (*synth.Gen).GroqKey,
		"XAI_API_KEY":           (*synth.Gen).XAIKey,
		"PERPLEXITY_API_KEY":    (*synth.Gen).PerplexityKey,
		"REPLICATE_API_TOKEN":   (*synth.Gen).ReplicateToken,
		"VAULT_TOKEN":           (*synth.Gen).VaultToken,
		"DATABRICKS_TOKEN":      (*synth.Gen).DatabricksToken,
		"POSTMAN_KEY":           (*synth.Gen).PostmanKey,
		"LINEAR_KEY":            (*synth.Gen).LinearKey,
		"NEW_RELIC_KEY":         (*synth.Gen).NewRelicKey,
		"AZURE_STORAGE_KEY":     (*synth.Gen).AzureStorageKey,
		"ALIBABA_ACCESS_KEY_ID": (*synth.Gen).AlibabaKeyID,
		"JWT":                   (*synth.Gen).JWT,
		"PRIVATE_KEY":           func(g *synth.Gen) string { return g.PrivateKeyPEM("\n") },
		"PASSWORD":              (*synth.Gen).Password,
		"GENERIC_SECRET":        (*synth.Gen).GenericSecret,
		// Personal data.
		"EMAIL_ADDRESS": (*synth.Gen).Email,
		"PHONE_NUMBER": func(g *synth.Gen) string {
			return g.PhoneOf(synth.Pick(g, []string{"US", "GB", "DE", "FR", "IN", "BR"}))
		},
		"CREDIT_CARD": func(g *synth.Gen) string { return g.CardNumber(synth.Pick(g, []string{"", " ", "-"})) },
		"IBAN_CODE":   ibanValue,
		"US_SSN":      (*synth.Gen).SSN,
		"UK_NINO":     (*synth.Gen).UKNINO,
		"IN_AADHAAR":  (*synth.Gen).Aadhaar,
		"IN_PAN":      (*synth.Gen).PAN,
		"IP_ADDRESS":  (*synth.Gen).IPv4,
		"MAC_ADDRESS": (*synth.Gen).MAC,
		"CRYPTO_WALLET": func(g *synth.Gen) string {
			return synth.Pick(g, []func(*synth.Gen) string{(*synth.Gen).BitcoinAddress, (*synth.Gen).EthereumAddress})(g)
		},
		"US_BANK_ROUTING": (*synth.Gen).ABARouting,
		"DATE_OF_BIRTH":   (*synth.Gen).DateOfBirth,
		"STREET_ADDRESS":  (*synth.Gen).StreetAddress,
		"PERSON":          (*synth.Gen).IntlName,
		// Fillers and hard negatives.
		"uuid":    (*synth.Gen).UUID,
		"sha":     func(g *synth.Gen) string { return g.Hex(40) },
		"short":   func(g *synth.Gen) string { return g.Hex(7) },
		"sha256":  func(g *synth.Gen) string { return g.Hex(64) },
		"sri":     func(g *synth.Gen) string { return "sha384-" + g.String(synth.B64, 64) },
		"version": func(g *synth.Gen) string { return fmt.Sprintf("v%d.%d.%d", g.Intn(4), g.Intn(30), g.Intn(100)) },
		"model": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3-mini", "claude-sonnet-4-5", "claude-3-5-haiku-20241022", "llama-3.1-70b-instruct", "mistral-large-2411"})
		},
		"date": func(g *synth.Gen) string {
			return fmt.Sprintf("2025-%02d-%02dT%02d:%02d:%02dZ", 1+g.Intn(12), 1+g.Intn(28), g.Intn(24), g.Intn(60), g.Intn(60))
		},
		"port": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"8080", "443", "5432", "6379", "3000", "9090"})
		},
		"loopback": func(g *synth.Gen) string { return synth.Pick(g, []string{"127.0.0.1", "0.0.0.0", "::1", "localhost"}) },
		"placeholder": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"sk-...", "YOUR_API_KEY", "${TOKEN}", "<redacted>", "${DB_PASSWORD}", "<your-token-here>", "xxxxxxxx", "changeme", "$OPENAI_API_KEY", "{{ .Values.apiKey }}", "********"})
		},
		// the providers' own documentation examples (AWS access key and secret from the IAM
		// docs, Stripe's published test key): a scanner should keep them, they are not secrets
		"example_key": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "xoxb-not-a-real-token"})
		},
		"b64img": func(g *synth.Gen) string {
			return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + g.String(synth.B64, 120) + "=="
		},
		"order": func(g *synth.Gen) string { return fmt.Sprintf("ORD-%d", 100000+g.Intn(900000)) },
		"price": func(g *synth.Gen) string { return fmt.Sprintf("$%d.%02d", 1+g.Intn(900), g.Intn(100)) },
		"host": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"api.internal.example", "db-primary.prod.svc", "cache-01.example.net", "gateway.example.com"})
		},
		"func": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"get_secret_key", "rotate_api_token", "parsePassword", "tokenize_input", "load_credentials"})
		},
		"num": func(g *synth.Gen) string { return fmt.Sprint(g.Intn(100000)) },
		"user": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"app", "svc_reader", "deploy", "admin", "postgres"})
		},
		"word": func(g *synth.Gen) string {
			return synth.Pick(g, []string{"billing", "search", "ingest", "auth", "reports", "notifier"})
		},
		"latency": func(g *synth.Gen) string { return fmt.Sprintf("%dms", 5+g.Intn(3000)) },
	}
}

func ibanValue(g *synth.Gen) string {
	iban := g.IBANOf(synth.Pick(g, []string{"GB", "NL", "ES", "FR", "DE"}))
	if g.Intn(2) == 0 {
		return synth.GroupIBAN(iban)
	}
	return iban
}

// builder renders a case: text with labelled spans. esc is how many times written text is
// JSON-string escaped (1 inside a JSON string, 2 inside a JSON string nested in another, as
// tool-call arguments are), so spans cover the value as it appears in the body.
type builder struct {
	g     *synth.Gen
	gens  map[string]func(g *synth.Gen) string
	b     []byte
	spans []JSONLSpan
	esc   int
}

func (c *builder) raw(s string) { c.b = append(c.b, escapeN(s, c.esc)...) }

// t renders a template: {NAME} placeholders are replaced by a generated value.
func (c *builder) t(tmpl string) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			c.raw(tmpl)
			return
		}
		j := strings.IndexByte(tmpl[i:], '}')
		name := ""
		if j > 0 {
			name = tmpl[i+1 : i+j]
		}
		gen, ok := c.gens[name]
		if !ok {
			c.raw(tmpl[:i+1])
			tmpl = tmpl[i+1:]
			continue
		}
		c.raw(tmpl[:i])
		c.value(name, gen(c.g))
		tmpl = tmpl[i+j+1:]
	}
}

// value writes v, labelled with typ when typ is upper case.
func (c *builder) value(typ, v string) {
	start := len(c.b)
	c.raw(v)
	if typ != "" && typ[0] >= 'A' && typ[0] <= 'Z' {
		c.spans = append(c.spans, JSONLSpan{Type: typ, Start: start, End: len(c.b)})
	}
}

// escapeN JSON-escapes s n times (without quotes).
func escapeN(s string, n int) string {
	for range n {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		s = string(out[1 : len(out)-1])
	}
	return s
}

// GenerateCorpus writes hush's efficacy corpus: a header line, then n cases in JSONL, from
// seed. The output is a pure function of seed and n.
func GenerateCorpus(w io.Writer, seed uint64, n int) error {
	g := synth.New(seed)
	gens := valueGens()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(JSONLHeader{Corpus: "hush-corpus", Offsets: "bytes", Seed: seed, Secrets: true}); err != nil {
		return err
	}
	shapes := corpusShapes()
	for i := range n {
		sh := shapes[i%len(shapes)]
		c := &builder{g: g, gens: gens}
		sh.make(c)
		if c.spans == nil {
			c.spans = []JSONLSpan{} // a hard negative: "spans": [], not null
		}
		if err := enc.Encode(JSONLCase{Text: string(c.b), Spans: c.spans, Kind: sh.kind}); err != nil {
			return err
		}
	}
	return nil
}

// shape is one kind of gateway traffic.
type shape struct {
	kind string
	make func(c *builder)
}

// pick renders one of the templates.
func (c *builder) pick(tmpls ...string) { c.t(synth.Pick(c.g, tmpls)) }

// Package synth generates synthetic, format-valid credentials and personal data, and corpora
// built from them, for tests, benchmarks and the efficacy corpus. Everything is deterministic
// for a given seed, and nothing it makes is a real credential: random bodies with the right
// prefix, length, alphabet and checksum.
package synth

import (
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"strings"
)

// Gen is a seeded generator. It is not safe for concurrent use.
type Gen struct {
	r *rand.Rand
}

// New returns a generator for seed.
func New(seed uint64) *Gen {
	return &Gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Intn returns a number in [0, n).
func (g *Gen) Intn(n int) int { return g.r.IntN(n) }

// Pick returns one element of xs.
func Pick[T any](g *Gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// Alphabets.
const (
	AlNum   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	Upper32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	HexLow  = "0123456789abcdef"
	B64URL  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	B64     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	Digits  = "0123456789"
	Lower36 = "0123456789abcdefghijklmnopqrstuvwxyz"
)

// String returns n random bytes of alphabet.
func (g *Gen) String(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

// Base62CRC32 returns the 6-character checksum GitHub-style tokens carry: CRC-32 (IEEE) of
// body, written in base 62 (0-9A-Za-z), left-padded with '0'.
func Base62CRC32(body string) string {
	c := crc32.ChecksumIEEE([]byte(body))
	var b [6]byte
	for i := 5; i >= 0; i-- {
		b[i] = AlNum[c%62]
		c /= 62
	}
	return string(b[:])
}

// GitHubToken returns a checksum-valid token with prefix ghp_, gho_, ghu_, ghs_ or ghr_.
func (g *Gen) GitHubToken(prefix string) string {
	body := g.String(AlNum, 30)
	return prefix + body + Base62CRC32(body)
}

// NPMToken returns a checksum-valid npm_ token.
func (g *Gen) NPMToken() string {
	body := g.String(AlNum, 30)
	return "npm_" + body + Base62CRC32(body)
}

// AWSKeyID returns an AKIA access key id (not an EXAMPLE one).
func (g *Gen) AWSKeyID() string { return "AKIA" + g.String(Upper32, 16) }

// AWSSecret returns a 40-character secret access key shape.
func (g *Gen) AWSSecret() string { return g.String(B64, 40) }

// SlackBotToken returns an xoxb- token.
func (g *Gen) SlackBotToken() string {
	return "xoxb-" + g.String(Digits, 12) + "-" + g.String(Digits, 13) + "-" + g.String(AlNum, 24)
}

// StripeLiveKey returns an sk_live_ key.
func (g *Gen) StripeLiveKey() string { return "sk_live_" + g.String(AlNum, 99) }

// OpenAIProjectKey returns an sk-proj- key with the T3BlbkFJ marker.
func (g *Gen) OpenAIProjectKey() string {
	return "sk-proj-" + g.String(B64URL, 74) + "T3BlbkFJ" + g.String(B64URL, 74)
}

// AnthropicKey returns an sk-ant-api03- key.
func (g *Gen) AnthropicKey() string {
	return "sk-ant-api03-" + g.String(B64URL, 93) + "AA"
}

// GitLabPAT returns a legacy glpat- token.
func (g *Gen) GitLabPAT() string { return "glpat-" + g.String(B64URL[:62], 20) }

// GoogleAPIKey returns an AIza key.
func (g *Gen) GoogleAPIKey() string { return "AIzaSy" + g.String(B64URL, 33) }

// JWT returns a structurally valid HS256 JSON Web Token.
func (g *Gen) JWT() string {
	enc := base64.RawURLEncoding
	h := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	p := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%d","name":"%s","iat":%d}`,
		g.r.IntN(1e9), Pick(g, firstNames), 1700000000+g.r.IntN(1e7))))
	return h + "." + p + "." + g.String(B64URL, 43)
}

// PrivateKeyPEM returns a PEM-framed private key block with a random body (it does not parse
// as a key; detectors check framing). sep is the line separator: "\n", or `\n` for a key
// pasted inside a JSON string.
func (g *Gen) PrivateKeyPEM(sep string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN RSA PRIVATE KEY-----" + sep)
	for i := 0; i < 12; i++ {
		b.WriteString(g.String(B64, 64) + sep)
	}
	b.WriteString(g.String(B64, 40) + "==" + sep)
	b.WriteString("-----END RSA PRIVATE KEY-----")
	return b.String()
}

// Password returns a human-style password.
func (g *Gen) Password() string {
	return Pick(g, words) + g.String(Digits, 2+g.r.IntN(3)) + Pick(g, []string{"!", "#", "$", "%", ""}) + strings.ToUpper(g.String("abcdefghjkmnpqrstuvwxyz", 2))
}

// Email returns an e-mail address.
func (g *Gen) Email() string {
	return strings.ToLower(Pick(g, firstNames)) + "." + strings.ToLower(Pick(g, lastNames)) +
		fmt.Sprint(g.r.IntN(100)) + "@" + Pick(g, []string{"example.com", "mail.example.org", "corp.example.net", "gmail.com", "outlook.com"})
}

// Luhn returns the check digit that makes digits+check pass the Luhn test.
func Luhn(digits string) byte {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// CardNumber returns a Luhn-valid Visa or Mastercard number, grouped by 4 with sep ("" for
// none).
func (g *Gen) CardNumber(sep string) string {
	prefix := Pick(g, []string{"4", "51", "52", "53", "54", "55", "2221"})
	d := prefix + g.String(Digits, 15-len(prefix))
	d += string(Luhn(d))
	if sep == "" {
		return d
	}
	return d[0:4] + sep + d[4:8] + sep + d[8:12] + sep + d[12:16]
}

// IBAN returns a valid German IBAN (22 characters), compact.
func (g *Gen) IBAN() string {
	bban := g.String(Digits, 18)
	return "DE" + ibanCheck("DE", bban) + bban
}

func ibanCheck(country, bban string) string {
	s := bban + country + "00"
	rem := 0
	for _, c := range s {
		v := 0
		if c >= 'A' && c <= 'Z' {
			v = int(c-'A') + 10
			rem = (rem*100 + v) % 97
			continue
		}
		v = int(c - '0')
		rem = (rem*10 + v) % 97
	}
	return fmt.Sprintf("%02d", 98-rem)
}

// SSN returns a US social security number in area-group-serial form with valid ranges.
func (g *Gen) SSN() string {
	area := 1 + g.r.IntN(665)
	if area == 666 {
		area = 667
	}
	return fmt.Sprintf("%03d-%02d-%04d", area, 1+g.r.IntN(99), 1+g.r.IntN(9999))
}

// USPhone returns a US phone number in a common format.
func (g *Gen) USPhone() string {
	a, b, c := 201+g.r.IntN(700), 200+g.r.IntN(700), g.r.IntN(10000)
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("(%d) %d-%04d", a, b, c)
	case 1:
		return fmt.Sprintf("+1 %d-%d-%04d", a, b, c)
	}
	return fmt.Sprintf("%d.%d.%04d", a, b, c)
}

// IPv4 returns a public-looking IPv4 address.
func (g *Gen) IPv4() string {
	return fmt.Sprintf("%d.%d.%d.%d", 11+g.r.IntN(180), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
}

// Name returns "First Last".
func (g *Gen) Name() string { return Pick(g, firstNames) + " " + Pick(g, lastNames) }

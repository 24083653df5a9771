package synth

import (
	"crypto/sha256"
	"fmt"
	"math/big"
	"strings"
)

// This file adds generators for the efficacy corpus: more provider credentials and personal
// data of more countries. Like the rest of the package, every value is random but
// format-valid (prefix, length, alphabet, checksum), and none is a real credential.

// GitHubFineGrained returns a github_pat_ fine-grained token (22 + 59 characters).
func (g *Gen) GitHubFineGrained() string {
	return "github_pat_11" + g.String(Upper32[:26]+Digits, 20) + "_" + g.String(AlNum, 59)
}

// AWSTempKeyID returns an ASIA temporary access key id.
func (g *Gen) AWSTempKeyID() string { return "ASIA" + g.String(Upper32, 16) }

// OpenAIServiceKey returns an sk-svcacct- key with the T3BlbkFJ marker.
func (g *Gen) OpenAIServiceKey() string {
	return "sk-svcacct-" + g.String(B64URL, 58) + "T3BlbkFJ" + g.String(B64URL, 58)
}

// OpenAILegacyKey returns a legacy sk- key (48 characters with the T3BlbkFJ marker).
func (g *Gen) OpenAILegacyKey() string {
	return "sk-" + g.String(AlNum, 20) + "T3BlbkFJ" + g.String(AlNum, 20)
}

// AnthropicAdminKey returns an sk-ant-admin01- key.
func (g *Gen) AnthropicAdminKey() string { return "sk-ant-admin01-" + g.String(B64URL, 93) + "AA" }

// SlackWebhookURL returns an incoming-webhook URL.
func (g *Gen) SlackWebhookURL() string {
	return "https://hooks.slack.com/services/T" + g.String(Upper32[:26]+Digits, 10) + "/B" + g.String(Upper32[:26]+Digits, 10) + "/" + g.String(AlNum, 24)
}

// SlackUserToken returns an xoxp- token.
func (g *Gen) SlackUserToken() string {
	return "xoxp-" + g.String(Digits, 12) + "-" + g.String(Digits, 12) + "-" + g.String(Digits, 13) + "-" + g.String(HexLow, 32)
}

// StripeRestrictedKey returns an rk_live_ key.
func (g *Gen) StripeRestrictedKey() string { return "rk_live_" + g.String(AlNum, 99) }

// StripeWebhookSecret returns a whsec_ signing secret.
func (g *Gen) StripeWebhookSecret() string { return "whsec_" + g.String(AlNum, 32) }

// HuggingFaceToken returns an hf_ access token.
func (g *Gen) HuggingFaceToken() string { return "hf_" + g.String(AlNum[10:], 34) }

// SendGridKey returns an SG. API key (22 + 43 characters).
func (g *Gen) SendGridKey() string {
	return "SG." + g.String(B64URL, 22) + "." + g.String(B64URL, 43)
}

// TwilioAPIKey returns an SK API key SID.
func (g *Gen) TwilioAPIKey() string { return "SK" + g.String(HexLow, 32) }

// TelegramBotToken returns a bot token: bot id, colon, 35 characters.
func (g *Gen) TelegramBotToken() string {
	return fmt.Sprint(1000000000+g.r.IntN(8000000000)) + ":AA" + g.String(B64URL, 33)
}

// DigitalOceanToken returns a dop_v1_ personal access token.
func (g *Gen) DigitalOceanToken() string { return "dop_v1_" + g.String(HexLow, 64) }

// ShopifyToken returns an shpat_ admin API access token.
func (g *Gen) ShopifyToken() string { return "shpat_" + g.String(HexLow, 32) }

// DockerHubToken returns a dckr_pat_ access token.
func (g *Gen) DockerHubToken() string { return "dckr_pat_" + g.String(B64URL, 27) }

// GroqKey returns a gsk_ API key.
func (g *Gen) GroqKey() string { return "gsk_" + g.String(AlNum, 52) }

// XAIKey returns an xai- API key.
func (g *Gen) XAIKey() string { return "xai-" + g.String(AlNum, 80) }

// PerplexityKey returns a pplx- API key.
func (g *Gen) PerplexityKey() string { return "pplx-" + g.String(AlNum, 48) }

// ReplicateToken returns an r8_ API token.
func (g *Gen) ReplicateToken() string { return "r8_" + g.String(AlNum, 37) }

// VaultToken returns an hvs. service token.
func (g *Gen) VaultToken() string { return "hvs." + g.String(AlNum, 24) }

// DatabricksToken returns a dapi personal access token.
func (g *Gen) DatabricksToken() string { return "dapi" + g.String(HexLow, 32) }

// PostmanKey returns a PMAK- API key.
func (g *Gen) PostmanKey() string { return "PMAK-" + g.String(HexLow, 24) + "-" + g.String(HexLow, 34) }

// LinearKey returns a lin_api_ key.
func (g *Gen) LinearKey() string { return "lin_api_" + g.String(AlNum, 40) }

// NewRelicKey returns an NRAK- user API key.
func (g *Gen) NewRelicKey() string { return "NRAK-" + g.String(Upper32[:26]+Digits, 27) }

// PyPIToken returns a pypi- upload token (macaroon-shaped body).
func (g *Gen) PyPIToken() string { return "pypi-AgEIcHlwaS5vcmc" + g.String(B64URL, 70) }

// AzureStorageKey returns an 88-character base64 account key (64 random bytes).
func (g *Gen) AzureStorageKey() string { return g.String(B64, 86) + "==" }

// AlibabaKeyID returns an LTAI access key id.
func (g *Gen) AlibabaKeyID() string { return "LTAI" + g.String(AlNum, 20) }

// GenericSecret returns a 32-character random hex secret (an HMAC or session key).
func (g *Gen) GenericSecret() string { return g.String(HexLow+"ABCDEF", 32) }

// Hex returns n random lower-case hex digits (digests, git SHAs).
func (g *Gen) Hex(n int) string { return g.String(HexLow, n) }

// UUID returns a random version-4 UUID.
func (g *Gen) UUID() string {
	h := g.String(HexLow, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + string("89ab"[g.r.IntN(4)]) + h[17:20] + "-" + h[20:32]
}

// IBANOf returns a valid IBAN of country GB, NL, ES, FR or DE, compact.
func (g *Gen) IBANOf(country string) string {
	var bban string
	switch country {
	case "GB":
		bban = g.String("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + g.String(Digits, 14)
	case "NL":
		bban = g.String("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + g.String(Digits, 10)
	case "ES":
		bban = g.String(Digits, 20)
	case "FR":
		bban = g.String(Digits, 23)
	default:
		country, bban = "DE", g.String(Digits, 18)
	}
	return country + ibanCheck(country, bban) + bban
}

// GroupIBAN writes an IBAN in groups of four separated by spaces, as printed on statements.
func GroupIBAN(iban string) string {
	var parts []string
	for i := 0; i < len(iban); i += 4 {
		parts = append(parts, iban[i:min(i+4, len(iban))])
	}
	return strings.Join(parts, " ")
}

// UKNINO returns a UK National Insurance number with a valid prefix, e.g. "AB 12 34 56 C".
func (g *Gen) UKNINO() string {
	first := "ABCEGHJKLMNOPRSTWXYZ"
	second := "ABCEGHJKLMNPRSTWXYZ"
	var p string
	for {
		p = string(first[g.r.IntN(len(first))]) + string(second[g.r.IntN(len(second))])
		if p != "BG" && p != "GB" && p != "NK" && p != "KN" && p != "TN" && p != "NT" && p != "ZZ" {
			break
		}
	}
	d := g.String(Digits, 6)
	return p + " " + d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + string("ABCD"[g.r.IntN(4)])
}

var verhoeffD = [10][10]int{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
	{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
	{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
}

var verhoeffP = [8][10]int{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
	{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
}

var verhoeffInv = [10]int{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}

// Verhoeff returns the Verhoeff check digit for digits.
func Verhoeff(digits string) byte {
	c := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		c = verhoeffD[c][verhoeffP[(i+1)%8][d]]
	}
	return byte('0' + verhoeffInv[c])
}

// VerhoeffValid reports whether digits (check digit last) pass the Verhoeff test.
func VerhoeffValid(digits string) bool {
	c := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		c = verhoeffD[c][verhoeffP[i%8][d]]
	}
	return c == 0
}

// Aadhaar returns a Verhoeff-valid Indian Aadhaar number, "XXXX XXXX XXXX" (first digit 2-9).
func (g *Gen) Aadhaar() string {
	d := string(rune('2'+g.r.IntN(8))) + g.String(Digits, 10)
	d += string(Verhoeff(d))
	return d[0:4] + " " + d[4:8] + " " + d[8:12]
}

// PAN returns an Indian Permanent Account Number of a person (fourth letter P).
func (g *Gen) PAN() string {
	const L = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	return g.String(L, 3) + "P" + g.String(L, 1) + g.String(Digits, 4) + g.String(L, 1)
}

// ABARouting returns a US bank routing number with a valid checksum and prefix.
func (g *Gen) ABARouting() string {
	p := 1 + g.r.IntN(12)
	if g.r.IntN(2) == 0 {
		p += 20
	}
	d := fmt.Sprintf("%02d", p) + g.String(Digits, 6)
	w := []int{3, 7, 1, 3, 7, 1, 3, 7}
	s := 0
	for i := range 8 {
		s += int(d[i]-'0') * w[i]
	}
	return d + fmt.Sprint((10-s%10)%10)
}

// MAC returns a locally administered unicast MAC address, colon separated.
func (g *Gen) MAC() string {
	b := []byte(g.String(HexLow, 12))
	b[1] = "26ae"[g.r.IntN(4)]
	s := string(b)
	return s[0:2] + ":" + s[2:4] + ":" + s[4:6] + ":" + s[6:8] + ":" + s[8:10] + ":" + s[10:12]
}

const base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// BitcoinAddress returns a base58check P2PKH address (version 0) with a valid checksum.
func (g *Gen) BitcoinAddress() string {
	payload := make([]byte, 21)
	for i := 1; i < 21; i++ {
		payload[i] = byte(g.r.IntN(256))
	}
	h1 := sha256.Sum256(payload)
	h2 := sha256.Sum256(h1[:])
	full := append(payload, h2[:4]...)
	n := new(big.Int).SetBytes(full)
	var out []byte
	mod, base := new(big.Int), big.NewInt(58)
	for n.Sign() > 0 {
		n.DivMod(n, base, mod)
		out = append(out, base58[mod.Int64()])
	}
	for _, b := range full {
		if b != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

// PublicIPv4 returns an IPv4 address outside the loopback, private, link-local and
// unspecified ranges (those are kept by redaction on purpose).
func (g *Gen) PublicIPv4() string {
	for {
		a := 11 + g.r.IntN(212)
		if a == 127 || a == 169 || a == 172 || a == 192 || a == 100 {
			continue
		}
		return fmt.Sprintf("%d.%d.%d.%d", a, g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254))
	}
}

// EthereumAddress returns a lower-case 0x address (valid without EIP-55 mixed case).
func (g *Gen) EthereumAddress() string { return "0x" + g.String(HexLow, 40) }

// PhoneOf returns a phone number of country US, GB, DE, FR, IN or BR in a common written
// form, international or national.
func (g *Gen) PhoneOf(country string) string {
	intl := g.r.IntN(2) == 0
	switch country {
	case "GB":
		n := fmt.Sprintf("7700 900%03d", g.r.IntN(1000))
		if intl {
			return "+44 " + n
		}
		return "0" + n
	case "DE":
		n := fmt.Sprintf("30 %d", 20000000+g.r.IntN(7999999))
		if intl {
			return "+49 " + n
		}
		return "0" + n
	case "FR":
		n := fmt.Sprintf("6 %02d %02d %02d %02d", 10+g.r.IntN(89), g.r.IntN(100), g.r.IntN(100), g.r.IntN(100))
		if intl {
			return "+33 " + n
		}
		return "0" + n
	case "IN":
		n := fmt.Sprintf("9%04d %05d", g.r.IntN(10000), g.r.IntN(100000))
		if intl {
			return "+91 " + n
		}
		return "0" + n
	case "BR":
		n := fmt.Sprintf("11 9%04d-%04d", 1000+g.r.IntN(8999), g.r.IntN(10000))
		if intl {
			return "+55 " + n
		}
		return "(" + n[:2] + ") " + n[3:]
	}
	return g.USPhone()
}

// Multilingual name parts, for names in context (greetings, signatures, forms).
var (
	intlFirst = strings.Fields(`José María Zoë Søren Łukasz Małgorzata François Hélène Jürgen Björn
Ngozi Chinedu Oluwaseun Aarav Saanvi Arjun Ishaan Nguyễn Thảo Hyun-woo Ji-yeon Yusuf Elif Mehmet
Ayşe Dmitri Olga Giulia Matteo Lucía Joaquín Astrid Mikael Kateřina Tomáš Zsófia Bence Siobhán Eoin`)
	intlLast = strings.Split("García,Müller,Øvergaard,Wróbel,Lefèvre,Schäfer,Okafor,Adeyemi,Sharma,"+
		"Iyer,Trần,Kim,Yılmaz,Öztürk,Ivanova,Bianchi,Fernández,Lindqvist,Dvořák,Kovács,O'Brien,MacDonald,"+
		"Nakamura,da Silva,van der Berg", ",")
)

// IntlName returns a first and last name from many languages.
func (g *Gen) IntlName() string {
	if g.r.IntN(3) == 0 {
		return g.Name()
	}
	return Pick(g, intlFirst) + " " + Pick(g, intlLast)
}

// StreetAddress returns a street address of a US, UK, German, French, Spanish or Indian
// shape, on one line.
func (g *Gen) StreetAddress() string {
	switch g.r.IntN(6) {
	case 0:
		return fmt.Sprintf("%d %s %s, %s, %s %05d", 100+g.r.IntN(9800), Pick(g, []string{"Maple", "Oak", "Cedar", "Washington", "Lincoln", "Sunset", "Lakeview"}),
			Pick(g, []string{"Street", "Avenue", "Road", "Drive", "Lane", "Boulevard"}), Pick(g, []string{"Springfield", "Austin", "Denver", "Portland", "Columbus"}),
			Pick(g, []string{"IL", "TX", "CO", "OR", "OH"}), 10000+g.r.IntN(89999))
	case 1:
		return fmt.Sprintf("%d %s %s, %s %s", 1+g.r.IntN(240), Pick(g, []string{"Baker", "High", "Church", "Victoria", "King's"}), Pick(g, []string{"Street", "Road", "Lane"}),
			Pick(g, []string{"London", "Leeds", "Bristol", "Manchester"}), Pick(g, []string{"NW1 6XE", "LS1 4AP", "BS1 5TR", "M1 1AE"}))
	case 2:
		return fmt.Sprintf("%s %d, %05d %s", Pick(g, []string{"Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg"}), 1+g.r.IntN(120), 10000+g.r.IntN(89999),
			Pick(g, []string{"Berlin", "München", "Köln", "Hamburg"}))
	case 3:
		return fmt.Sprintf("%d rue %s, %05d %s", 1+g.r.IntN(150), Pick(g, []string{"de la Paix", "Victor Hugo", "des Écoles", "Saint-Honoré"}), 75001+g.r.IntN(19),
			Pick(g, []string{"Paris", "Lyon", "Marseille"}))
	case 4:
		return fmt.Sprintf("Calle de %s %d, %05d %s", Pick(g, []string{"Alcalá", "Serrano", "Goya", "Toledo"}), 1+g.r.IntN(200), 28001+g.r.IntN(50), "Madrid")
	}
	return fmt.Sprintf("Flat %d, %s, %s Road, %s %06d", 1+g.r.IntN(400), Pick(g, []string{"Sai Residency", "Green Park", "Lotus Towers"}),
		Pick(g, []string{"MG", "Linking", "Nehru"}), Pick(g, []string{"Bengaluru", "Mumbai", "Pune"}), 400001+g.r.IntN(160000))
}

// DateOfBirth returns a date of birth in one of several written forms.
func (g *Gen) DateOfBirth() string {
	y, m, d := 1950+g.r.IntN(55), 1+g.r.IntN(12), 1+g.r.IntN(28)
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case 1:
		return fmt.Sprintf("%02d/%02d/%04d", m, d, y)
	case 2:
		return fmt.Sprintf("%d %s %d", d, months[m-1], y)
	}
	return fmt.Sprintf("%s %d, %d", months[m-1], d, y)
}

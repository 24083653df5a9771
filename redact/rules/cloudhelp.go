package rules

// This file holds the matchers shared by the cloud, vcs, llm and payment families: prefixes
// written in their exact case, fixed-layout keys anchored on a signature (Microsoft's
// identifiable keys), and the few structures that need more than a prefix (AWS secret keys
// near their key id, Azure SAS signatures, GitLab routable tokens, Stripe client secrets).
// Like every Matcher they examine a bounded window around the keyword hit, run in linear
// time and do not allocate.

// Alphabets shared by the credential families.
var (
	credB64Pad    = NewSet("A-Za-z0-9+/=")   // base64 with padding
	credB64Edge   = NewSet("A-Za-z0-9+/=_-") // bytes of a base64 or base64url token with padding
	credB64Before = NewSet("A-Za-z0-9+/_-")  // bytes that may not precede a token ('=' may: an assignment)
	credHex       = Hex                      // lower-case hexadecimal
	credUUIDChars = NewSet("0-9a-fA-F-")     // the bytes of a UUID
)

// credPrefixed returns a Matcher for tokens whose prefix is any one of prefixes, written in
// exactly that case; each prefix must also be one of the rule's keywords. The body is
// described by o as for Token, except that by default the prefix may not follow a base64 or
// base64url character, so that a short prefix (fw_, hf_, r8_) inside a digest never matches.
func credPrefixed(o TokenOpts, prefixes ...string) Matcher {
	if o.Before == nil {
		o.Before = &credB64Before
	}
	ms := make([]Matcher, len(prefixes))
	for i, p := range prefixes {
		ms[i] = Token(p, o)
	}
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		for i, p := range prefixes {
			if kwEnd-kw == len(p) && string(text[kw:kwEnd]) == p {
				return ms[i](text, kw, kwEnd)
			}
		}
		return 0, 0, false
	}
}

// credSeg is one fixed-length part of a key layout: a literal, or n bytes from a set.
type credSeg struct {
	lit string
	set Set
	n   int
}

// credLit is a literal layout part, credRun n bytes of a set, credOne one byte of chars.
func credLit(s string) credSeg       { return credSeg{lit: s, n: len(s)} }
func credRun(set Set, n int) credSeg { return credSeg{set: set, n: n} }
func credOne(chars string) credSeg   { return credSeg{set: NewSet(chars), n: 1} }
func (s *credSeg) matches(b []byte) bool {
	if s.lit != "" {
		return string(b) == s.lit
	}
	for _, c := range b {
		if !s.set.Has(c) {
			return false
		}
	}
	return true
}

// credLayout returns a Matcher for keys of one fixed layout, such as Microsoft's
// identifiable keys (76 base64 characters, the signature "+ASt", 5 more, one of "AQgw",
// "=="). segs[anchor] is a literal equal to the rule's keyword; the key must be bounded on
// both sides by bytes outside edge and must not look like a placeholder.
func credLayout(edge Set, anchor int, segs ...credSeg) Matcher {
	off, total := 0, 0
	for i, s := range segs {
		if i < anchor {
			off += s.n
		}
		total += s.n
	}
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		start := kw - off
		if start < 0 || start+total > len(text) || !BoundaryBefore(text, start, &edge) {
			return 0, 0, false
		}
		i := start
		for k := range segs {
			s := &segs[k]
			if !s.matches(text[i : i+s.n]) {
				return 0, 0, false
			}
			i += s.n
		}
		if !BoundaryAfter(text, i, &edge) || LooksPlaceholder(text[start:i]) {
			return 0, 0, false
		}
		return start, i, true
	}
}

// credValue returns a Matcher for a credential that follows its name, as Value does with an
// assignment required: the rule's keywords name the credential (aws_secret_access_key,
// "cohere_api_key":) and the value follows after = or :. Unlike Value, the keyword may also
// start a camelCase hump (azureStorageKey, awsSecretAccessKey).
func credValue(min, max int, chars Set, minEntropy float64, validate func([]byte) bool) Matcher {
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if !BoundaryBefore(text, kw, &AlNum) && !credCamelHump(text, kw) {
			return 0, 0, false
		}
		i, ok := skipAssign(text, kwEnd, 32, true)
		if !ok || IsRedactionMarker(text, i) {
			return 0, 0, false
		}
		end := Span(text, i, &chars, max+1)
		if n := end - i; n < min || n > max || !BoundaryAfter(text, end, &chars) {
			return 0, 0, false
		}
		v := text[i:end]
		if LooksPlaceholder(v) || (minEntropy > 0 && Entropy(v) < minEntropy) {
			return 0, 0, false
		}
		if validate != nil && !validate(v) {
			return 0, 0, false
		}
		return i, end, true
	}
}

// credCamelHump reports whether text[kw] is an upper-case letter following a lower-case
// letter or digit: the start of a word inside a camelCase identifier.
func credCamelHump(text []byte, kw int) bool {
	return kw > 0 && 'A' <= text[kw] && text[kw] <= 'Z' &&
		(('a' <= text[kw-1] && text[kw-1] <= 'z') || ('0' <= text[kw-1] && text[kw-1] <= '9'))
}

// credMixedCase reports whether v holds an upper-case letter, a lower-case letter and a digit.
func credMixedCase(v []byte) bool {
	var u, l, d bool
	for _, c := range v {
		switch {
		case 'A' <= c && c <= 'Z':
			u = true
		case 'a' <= c && c <= 'z':
			l = true
		case '0' <= c && c <= '9':
			d = true
		}
	}
	return u && l && d
}

// credAll reports whether every byte of v is in set.
func credAll(v []byte, set *Set) bool {
	for _, c := range v {
		if !set.Has(c) {
			return false
		}
	}
	return true
}

// awsSecretShape reports whether v (40 base64 characters) looks like an AWS secret access
// key rather than a hex digest or a word: upper and lower case letters, not only hex, and
// not the documentation sample or one of its edited copies.
func awsSecretShape(v []byte) bool {
	if len(v) != 40 || credAll(v, &HexAny) || string(v[:21]) == "wJalrXUtnFEMI/K7MDENG" {
		return false
	}
	var u, l bool
	for _, c := range v {
		u = u || ('A' <= c && c <= 'Z')
		l = l || ('a' <= c && c <= 'z')
	}
	return u && l && Entropy(v) >= 4.0
}

// credAWSIDBody is the alphabet of the 16 characters after an AWS key id prefix.
var credAWSIDBody = NewSet("A-Z2-7")

// credAWSSecretEdge are bytes that continue a base64 token.
var credAWSSecretEdge = NewSet("A-Za-z0-9+/=")

// matchAWSSecretNearID finds an AWS secret access key written near an access key id (the
// keyword AKIA or ASIA): within 200 bytes before or after a valid id, a standalone run of
// exactly 40 base64 characters with the shape of a secret key.
func matchAWSSecretNearID(text []byte, kw, kwEnd int) (int, int, bool) {
	if string(text[kw:kwEnd]) != "AKIA" && string(text[kw:kwEnd]) != "ASIA" {
		return 0, 0, false
	}
	idEnd := kwEnd + 16
	if !BoundaryBefore(text, kw, &AlNum) || idEnd > len(text) || !credAll(text[kwEnd:idEnd], &credAWSIDBody) ||
		!BoundaryAfter(text, idEnd, &AlNum) || LooksPlaceholder(text[kwEnd:idEnd]) {
		return 0, 0, false
	}
	lo, hi := kw-200, idEnd+200
	if lo < 0 {
		lo = 0
	}
	if hi > len(text) {
		hi = len(text)
	}
	for i := lo; i < hi; {
		if !credAWSSecretEdge.Has(text[i]) {
			i++
			continue
		}
		end := Span(text, i, &credAWSSecretEdge, 64)
		if end-i == 40 && BoundaryBefore(text, i, &credAWSSecretEdge) && BoundaryAfter(text, end, &credAWSSecretEdge) &&
			(i >= idEnd || end <= kw) && awsSecretShape(text[i:end]) && !LooksPlaceholder(text[i:end]) {
			return i, end, true
		}
		for end < hi && credAWSSecretEdge.Has(text[end]) {
			end++
		}
		i = end
	}
	return 0, 0, false
}

// credSASStops end the query string of a URL.
var credSASStops = NewSet(" \t\r\n\"'`<>#\\")

// credSASSig are the bytes of a URL-encoded base64 signature.
var credSASSig = NewSet("A-Za-z0-9+/=%")

// matchAzureSAS finds the signature of an Azure shared access signature: the keyword "sv="
// (signed version, a date) starts a query parameter, and the same query string, within
// 600 bytes either way, holds "sig=" with a URL-encoded base64 HMAC of 40 to 96 bytes and
// one more SAS parameter (se=, sp=, sr= or ss=). The span is the signature.
func matchAzureSAS(text []byte, kw, kwEnd int) (int, int, bool) {
	if kw == 0 || (text[kw-1] != '?' && text[kw-1] != '&' && text[kw-1] != ';' && text[kw-1] != '=') ||
		kwEnd+10 > len(text) || !(text[kwEnd] == '2' && Digits.Has(text[kwEnd+1]) && text[kwEnd+4] == '-') {
		return 0, 0, false
	}
	lo := kw
	for lo > 0 && kw-lo < 600 && !credSASStops.Has(text[lo-1]) {
		lo--
	}
	hi := kwEnd
	for hi < len(text) && hi-kwEnd < 600 && !credSASStops.Has(text[hi]) {
		hi++
	}
	q := text[lo:hi]
	other := false
	sigAt := -1
	for i := 0; i+4 <= len(q); i++ {
		if i > 0 && q[i-1] != '?' && q[i-1] != '&' && q[i-1] != ';' {
			continue
		}
		switch string(q[i : i+3]) {
		case "se=", "sp=", "sr=", "ss=":
			other = true
		}
		if string(q[i:i+4]) == "sig=" {
			sigAt = lo + i + 4
		}
	}
	if !other || sigAt < 0 {
		return 0, 0, false
	}
	end := Span(text, sigAt, &credSASSig, 97)
	if n := end - sigAt; n < 40 || n > 96 || LooksPlaceholder(text[sigAt:end]) || Entropy(text[sigAt:end]) < 3.5 {
		return 0, 0, false
	}
	return sigAt, end, true
}

// credQueryParam returns the offset of the value of parameter name ("sig=") in the query
// text[lo:hi], where a parameter starts the query or follows '?', '&' or ';', or -1.
func credQueryParam(text []byte, lo, hi int, name string) int {
	for i := lo; i+len(name) <= hi; i++ {
		if i > lo && text[i-1] != '?' && text[i-1] != '&' && text[i-1] != ';' {
			continue
		}
		if string(text[i:i+len(name)]) == name {
			return i + len(name)
		}
	}
	return -1
}

// credQueryEnd returns the end of the query or token that continues at i, looking at most
// max bytes.
func credQueryEnd(text []byte, i, max int) int {
	end := i
	for end < len(text) && end-i < max && !credSASStops.Has(text[end]) {
		end++
	}
	return end
}

// credSignature returns the end of a URL-encoded base64 signature or key of 40 to 100 bytes
// starting at i, or -1 when none stands there.
func credSignature(text []byte, i int) int {
	end := Span(text, i, &credURLKey, 101)
	if n := end - i; n < 40 || n > 100 || !BoundaryAfter(text, end, &credURLKey) || LooksPlaceholder(text[i:end]) || Entropy(text[i:end]) < 4.0 {
		return -1
	}
	return end
}

// credURLKey are the bytes of a URL-encoded base64 or base64url key.
var credURLKey = NewSet("A-Za-z0-9+/=%_-")

// matchAzureSASToken finds the signature of a Service Bus, Event Hubs or IoT Hub SAS token,
// "SharedAccessSignature sr=<uri>&sig=<signature>&se=<expiry>&skn=<key name>", anchored on
// "SharedAccessSignature sr="; se= must be present too.
func matchAzureSASToken(text []byte, kw, kwEnd int) (int, int, bool) {
	lo := kwEnd - len("sr=")
	hi := credQueryEnd(text, lo, 800)
	sig := credQueryParam(text, lo, hi, "sig=")
	if sig < 0 || credQueryParam(text, lo, hi, "se=") < 0 {
		return 0, 0, false
	}
	end := credSignature(text, sig)
	if end < 0 {
		return 0, 0, false
	}
	return sig, end, true
}

// matchAzureFunctionURL finds the key in the code= parameter of an Azure Functions URL,
// anchored on ".azurewebsites.net/api/".
func matchAzureFunctionURL(text []byte, kw, kwEnd int) (int, int, bool) {
	hi := credQueryEnd(text, kwEnd, 400)
	q := kwEnd
	for q < hi && text[q] != '?' {
		q++
	}
	code := credQueryParam(text, q, hi, "code=")
	if code < 0 {
		return 0, 0, false
	}
	end := credSignature(text, code)
	if end < 0 {
		return 0, 0, false
	}
	return code, end, true
}

// matchAzureAppConfig finds the Secret of an Azure App Configuration connection string,
// "Endpoint=https://<name>.azconfig.io;Id=<id>;Secret=<base64>", anchored on ".azconfig.io".
func matchAzureAppConfig(text []byte, kw, kwEnd int) (int, int, bool) {
	hi := kwEnd + 120
	if hi > len(text) {
		hi = len(text)
	}
	for i := kwEnd; i+8 <= hi; i++ {
		if text[i] == ' ' || text[i] == '\n' || text[i] == '"' {
			return 0, 0, false
		}
		if string(text[i:i+8]) == ";Secret=" {
			s := i + 8
			end := Span(text, s, &credAWSSecretEdge, 90)
			v := text[s:end]
			if len(v) < 40 || len(v) > 88 || LooksPlaceholder(v) || Entropy(v) < 4.0 {
				return 0, 0, false
			}
			return s, end, true
		}
	}
	return 0, 0, false
}

// credRoutable are the bytes a GitLab routable token is made of.
var credRoutable = NewSet("A-Za-z0-9_.-")

// gitlabRoutable returns a Matcher for GitLab routable tokens with the given prefix (the
// rule's keyword). With runner set, the prefix is followed by the runner type t<digit>_.
// The payload length and CRC-32 fields are verified.
func gitlabRoutable(prefix string, runner bool) Matcher {
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if string(text[kw:kwEnd]) != prefix || !BoundaryBefore(text, kw, &Word) {
			return 0, 0, false
		}
		body := kwEnd
		if runner {
			if body+3 > len(text) || text[body] != 't' || !Digits.Has(text[body+1]) || text[body+2] != '_' {
				return 0, 0, false
			}
			body += 3
		}
		end := Span(text, body, &credRoutable, 320)
		for end > body && text[end-1] == '.' {
			end-- // a sentence's full stop
		}
		if !BoundaryAfter(text, end, &Base64URL) || end-kw > 330 {
			return 0, 0, false
		}
		if !gitlabRoutableValid(text[kw:end], body-kw) || LooksPlaceholder(text[body:end]) {
			return 0, 0, false
		}
		return kw, end, true
	}
}

// credStripeIntent are the bytes of a Stripe object id and its client secret.
var credStripeIntent = AlNum

// matchStripeClientSecret finds a PaymentIntent or SetupIntent client secret,
// pi_<24 an>_secret_<25 an> (or seti_…), anchored on "_secret_".
func matchStripeClientSecret(text []byte, kw, kwEnd int) (int, int, bool) {
	if string(text[kw:kwEnd]) != "_secret_" {
		return 0, 0, false
	}
	s := kw
	for s > 0 && kw-s < 40 && credStripeIntent.Has(text[s-1]) {
		s--
	}
	id := text[s:kw]
	switch {
	case s >= 3 && string(text[s-3:s]) == "pi_":
		s -= 3
	case s >= 5 && string(text[s-5:s]) == "seti_":
		s -= 5
	default:
		return 0, 0, false
	}
	if len(id) < 14 || len(id) > 32 || !BoundaryBefore(text, s, &Word) {
		return 0, 0, false
	}
	end := Span(text, kwEnd, &credStripeIntent, 41)
	if n := end - kwEnd; n < 20 || n > 40 || !BoundaryAfter(text, end, &Word) || LooksPlaceholder(text[kwEnd:end]) || !credMixedCase(text[kwEnd:end]) {
		return 0, 0, false
	}
	return s, end, true
}

// matchEntraSecret finds an Entra ID (Azure AD) client secret: three characters of
// [A-Za-z0-9_~.], the digit 7 or 8 and "Q~" (the keyword is digit and "Q~"), then 31 to 34
// characters of [A-Za-z0-9_~.-].
func matchEntraSecret(text []byte, kw, kwEnd int) (int, int, bool) {
	if text[kw+1] != 'Q' {
		return 0, 0, false
	}
	s := kw - 3
	if s < 0 || !credAll(text[s:kw], &credEntraHead) || !BoundaryBefore(text, s, &credEntraBody) {
		return 0, 0, false
	}
	end := Span(text, kwEnd, &credEntraBody, 35)
	if n := end - kwEnd; n < 31 || n > 34 || !BoundaryAfter(text, end, &credEntraBody) {
		return 0, 0, false
	}
	v := text[s:end]
	if LooksPlaceholder(v) || Entropy(v) < 3.8 {
		return 0, 0, false
	}
	return s, end, true
}

var (
	credEntraHead = NewSet("A-Za-z0-9_~.")
	credEntraBody = NewSet("A-Za-z0-9_~.-")
)

package rules

import "hash/crc32"

// This file holds the matchers and validators behind the messaging, infra and generic
// families: checksum and structure checks (GitHub-style CRC-32, bech32, base64 and JWT
// framing), PEM and PuTTY key blocks, URL userinfo, Authorization headers and the
// key = value assignment parser. Like every Matcher they examine a bounded window around
// the keyword hit, run in linear time and do not allocate.

// genLowerASCII folds one ASCII letter to lower case.
func genLowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// genHasPrefixFold reports whether text[i:] starts with word, folding ASCII case. word must be
// lower case.
func genHasPrefixFold(text []byte, i int, word string) bool {
	if i < 0 || len(text)-i < len(word) {
		return false
	}
	for j := 0; j < len(word); j++ {
		if genLowerASCII(text[i+j]) != word[j] {
			return false
		}
	}
	return true
}

// genHasPrefixAt reports whether text[i:] starts with word exactly.
func genHasPrefixAt(text []byte, i int, word string) bool {
	return i >= 0 && len(text)-i >= len(word) && string(text[i:i+len(word)]) == word
}

// genEqualFold reports whether b equals word (lower case), folding ASCII case.
func genEqualFold(b []byte, word string) bool {
	return len(b) == len(word) && genHasPrefixFold(b, 0, word)
}

// genContainsFold reports whether b contains word (lower case), folding ASCII case.
func genContainsFold(b []byte, word string) bool {
	if len(word) == 0 {
		return true
	}
	lo, up := word[0], word[0] // the first byte in both cases: most positions fail on it
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	for i := 0; i+len(word) <= len(b); i++ {
		if c := b[i]; (c == lo || c == up) && genHasPrefixFold(b, i, word) {
			return true
		}
	}
	return false
}

// genContainsLower reports whether b contains word (lower case bytes), folding ASCII case.
func genContainsLower(b, word []byte) bool {
	for i := 0; i+len(word) <= len(b); i++ {
		j := 0
		for j < len(word) && genLowerASCII(b[i+j]) == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

// genNearFold reports whether one of words (lower case) occurs in text within radius bytes
// before lo or after hi. It examines at most 2*radius+(hi-lo) bytes.
func genNearFold(text []byte, lo, hi, radius int, words []string) bool {
	a, b := lo-radius, hi+radius
	if a < 0 {
		a = 0
	}
	if b > len(text) {
		b = len(text)
	}
	w := text[a:b]
	for _, word := range words {
		if genContainsFold(w, word) {
			return true
		}
	}
	return false
}

// genLineBounds returns the start of the line holding i and the end of the line holding j,
// looking at most max bytes either way. A literal "\n" escape (as inside a JSON string)
// ends a line as a newline does.
func genLineBounds(text []byte, i, j, max int) (int, int) {
	s := i
	for s > 0 && i-s < max && text[s-1] != '\n' && text[s-1] != '\r' && !(s >= 2 && text[s-2] == '\\' && text[s-1] == 'n') {
		s--
	}
	e := j
	for e < len(text) && e-j < max && text[e] != '\n' && text[e] != '\r' && !(text[e] == '\\' && e+1 < len(text) && text[e+1] == 'n') {
		e++
	}
	return s, e
}

// genHasDigit and genHasLetter report whether b holds an ASCII digit or letter.
func genHasDigit(b []byte) bool {
	for _, c := range b {
		if '0' <= c && c <= '9' {
			return true
		}
	}
	return false
}

func genHasLetter(b []byte) bool {
	for _, c := range b {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
			return true
		}
	}
	return false
}

// genAllIn reports whether every byte of b is in set.
func genAllIn(b []byte, set *Set) bool {
	for _, c := range b {
		if !set.Has(c) {
			return false
		}
	}
	return true
}

// --- checksums and encodings ---

const genBase62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// genChecksumCRC32Base62 reports whether body (30 random base62 characters followed by six
// checksum characters) carries a valid GitHub-style checksum: the CRC-32 (IEEE) of the random
// part written in base62 (digits, upper, lower) and left-padded with '0' to six characters.
func genChecksumCRC32Base62(body []byte) bool {
	if len(body) != 36 {
		return false
	}
	sum := crc32.ChecksumIEEE(body[:30])
	for i := 35; i >= 30; i-- {
		if body[i] != genBase62Digits[sum%62] {
			return false
		}
		sum /= 62
	}
	return sum == 0
}

const genBech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// genBech32Valid reports whether s (any case, but not mixed) is a valid bech32 string
// (BIP 173): human-readable part, '1', data with a six-character checksum.
func genBech32Valid(s []byte) bool {
	sep := -1
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '1' {
			sep = i
			break
		}
	}
	if sep < 1 || len(s)-sep-1 < 6 {
		return false
	}
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	step := func(v uint32) {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ v
		for i := 0; i < 5; i++ {
			if (top>>uint(i))&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	for i := 0; i < sep; i++ {
		step(uint32(genLowerASCII(s[i]) >> 5))
	}
	step(0)
	for i := 0; i < sep; i++ {
		step(uint32(genLowerASCII(s[i]) & 31))
	}
	for i := sep + 1; i < len(s); i++ {
		c := genLowerASCII(s[i])
		v := -1
		for j := 0; j < len(genBech32Charset); j++ {
			if genBech32Charset[j] == c {
				v = j
				break
			}
		}
		if v < 0 {
			return false
		}
		step(uint32(v))
	}
	return chk == 1
}

// genB64Value returns the 6-bit value of a base64 character of either alphabet, or -1.
func genB64Value(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '+' || c == '-':
		return 62
	case c == '/' || c == '_':
		return 63
	}
	return -1
}

// genB64Decode decodes standard or URL-safe base64 (padding optional) from src into dst and
// returns the number of bytes written. It reports false on a bad character, a bad length or
// when dst is too small. It does not allocate.
func genB64Decode(dst, src []byte) (int, bool) {
	for len(src) > 0 && src[len(src)-1] == '=' {
		src = src[:len(src)-1]
	}
	if len(src)%4 == 1 || len(src)/4*3+2 > len(dst)+2 {
		return 0, false
	}
	n := 0
	var acc uint32
	bits := 0
	for _, c := range src {
		v := genB64Value(c)
		if v < 0 {
			return 0, false
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			if n >= len(dst) {
				return 0, false
			}
			dst[n] = byte(acc >> uint(bits))
			n++
		}
	}
	return n, true
}

// genTrimSpace returns b without leading and trailing ASCII white space.
func genTrimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// genB64JSONObject reports whether the base64url segment seg decodes to something that starts
// with '{' and ends with '}'. For long genSegments only the first and last quanta are decoded.
func genB64JSONObject(seg []byte) bool {
	if len(seg) < 3 || len(seg)%4 == 1 {
		return false
	}
	var buf [12]byte
	head := seg
	if len(head) > 8 {
		head = head[:8]
	}
	n, ok := genB64Decode(buf[:], head)
	if !ok || n == 0 {
		return false
	}
	if h := genTrimSpace(buf[:n]); len(h) == 0 || h[0] != '{' {
		return false
	}
	from := 0
	if len(seg) > 12 {
		from = (len(seg) - 9) / 4 * 4
	}
	n, ok = genB64Decode(buf[:], seg[from:])
	if !ok {
		return false
	}
	t := genTrimSpace(buf[:n])
	return len(t) > 0 && t[len(t)-1] == '}'
}

// genB64JSONHas reports whether the base64url segment seg (at most 2 KiB) decodes to a JSON
// object holding the quoted key (e.g. `"alg"`).
func genB64JSONHas(seg []byte, key string) bool {
	var buf [1536]byte
	if len(seg) > 2048 {
		return false
	}
	n, ok := genB64Decode(buf[:], seg)
	if !ok {
		return false
	}
	d := genTrimSpace(buf[:n])
	if len(d) < 2 || d[0] != '{' || d[len(d)-1] != '}' {
		return false
	}
	return genContainsFold(d, key)
}

// --- JWT ---

var (
	genJwtSeg    = Base64URL
	genJwtBefore = Base64URL.Union(NewSet("./+"))
)

// genMatchJWT finds a JOSE compact token starting at an "eyJ" keyword: three base64url
// genSegments (JWS; the signature may be empty for alg "none") or five (JWE). The header must
// decode to a JSON object with "alg", the payload of a JWS to a JSON object.
func genMatchJWT(text []byte, kw, kwEnd int) (int, int, bool) {
	if !genHasPrefixAt(text, kw, "eyJ") || !BoundaryBefore(text, kw, &genJwtBefore) {
		return 0, 0, false
	}
	h := Span(text, kw, &genJwtSeg, 2049)
	if h-kw < 10 || h-kw > 2048 || h >= len(text) || text[h] != '.' {
		return 0, 0, false
	}
	header := text[kw:h]
	if !genB64JSONHas(header, `"alg"`) {
		return 0, 0, false
	}
	jwe := genB64JSONHas(header, `"enc"`)
	segs := 3
	if jwe {
		segs = 5
	}
	end := h
	for s := 1; s < segs; s++ {
		if end >= len(text) || text[end] != '.' {
			return 0, 0, false
		}
		start := end + 1
		end = Span(text, start, &genJwtSeg, 32<<10)
		if end-start >= 32<<10 {
			return 0, 0, false
		}
		if s == 1 && !jwe && !genB64JSONObject(text[start:end]) {
			return 0, 0, false
		}
	}
	// a following '.' is allowed only as punctuation, not as a further segment
	if end < len(text) && text[end] == '.' && end+1 < len(text) && genJwtSeg.Has(text[end+1]) {
		return 0, 0, false
	}
	return kw, end, true
}

// --- PEM private keys and PuTTY keys ---

// genPemLabel reads the label of a "-----BEGIN <label>-----" line starting at kw (which holds
// "-----BEGIN"). It returns the label bounds and the end of the line's closing dashes.
func genPemLabel(text []byte, kw int) (ls, le, end int, ok bool) {
	i := kw + len("-----BEGIN")
	if i >= len(text) || text[i] != ' ' {
		return 0, 0, 0, false
	}
	ls = i + 1
	le = ls
	for le < len(text) && le-ls < 48 && (('A' <= text[le] && text[le] <= 'Z') || text[le] == ' ' || ('0' <= text[le] && text[le] <= '9')) {
		le++
	}
	if !genHasPrefixAt(text, le, "-----") {
		return 0, 0, 0, false
	}
	return ls, le, le + 5, true
}

// genIsPrivateLabel reports whether a PEM label names private key material.
func genIsPrivateLabel(l []byte) bool {
	return genHasSuffixBytes(l, "PRIVATE KEY") || genHasSuffixBytes(l, "PRIVATE KEY BLOCK")
}

func genHasSuffixBytes(b []byte, suf string) bool {
	return len(b) >= len(suf) && string(b[len(b)-len(suf):]) == suf
}

const genPemWindow = 16 << 10

// genPemBodyChars are the bytes of a base64 body and of PEM/PGP header lines.
var genPemBodyChars = Base64.Union(NewSet("=:,-"))

// genMatchPrivateKey finds a PEM, OpenSSH or PGP private key block from its BEGIN line through
// the matching END line, also when the lines are separated by literal "\n" escapes inside a
// JSON string. Without an END line within 16 KiB it redacts from BEGIN to the end of the
// base64 run that follows (fail closed). Certificates and public keys do not match.
func genMatchPrivateKey(text []byte, kw, kwEnd int) (int, int, bool) {
	if !genHasPrefixAt(text, kw, "-----BEGIN") {
		return 0, 0, false
	}
	ls, le, hdrEnd, ok := genPemLabel(text, kw)
	if !ok || !genIsPrivateLabel(text[ls:le]) {
		return 0, 0, false
	}
	label := text[ls:le]
	limit := hdrEnd + genPemWindow
	if limit > len(text) {
		limit = len(text)
	}
	body := 0 // base64 characters seen
	for i := hdrEnd; i < limit; i++ {
		c := text[i]
		if c == '-' && genHasPrefixAt(text, i, "-----END ") {
			j := i + len("-----END ")
			if j+len(label)+5 <= len(text) && string(text[j:j+len(label)]) == string(label) && genHasPrefixAt(text, j+len(label), "-----") {
				if body < 40 {
					return 0, 0, false
				}
				return kw, j + len(label) + 5, true
			}
			break // an END of something else: the block is broken, fail closed below
		}
		if Base64.Has(c) {
			body++
		}
	}
	// No END line: redact the base64 run after the header.
	i, last, body := hdrEnd, hdrEnd, 0
	started := false
	for i < limit {
		c := text[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		if c == '\\' && i+1 < len(text) && (text[i+1] == 'n' || text[i+1] == 'r' || text[i+1] == '\\') {
			i += 2
			continue
		}
		w := Span(text, i, &genPemBodyChars, 4096)
		if w == i {
			break
		}
		word := text[i:w]
		if started && len(word) < 20 && !genHasDigit(word) && !genContainsByte(word, "+/=") {
			break
		}
		if len(word) >= 16 {
			started = true
		}
		for _, b := range word {
			if Base64.Has(b) {
				body++
			}
		}
		last = w
		i = w
	}
	if body < 40 {
		return 0, 0, false
	}
	return kw, last, true
}

func genContainsByte(b []byte, set string) bool {
	for _, c := range b {
		for j := 0; j < len(set); j++ {
			if c == set[j] {
				return true
			}
		}
	}
	return false
}

// genSkipNewline skips one line break at i: "\r\n", "\n", "\r" or a literal "\n" escape.
func genSkipNewline(text []byte, i int) (int, bool) {
	switch {
	case genHasPrefixAt(text, i, "\r\n"):
		return i + 2, true
	case i < len(text) && (text[i] == '\n' || text[i] == '\r'):
		return i + 1, true
	case genHasPrefixAt(text, i, `\r\n`):
		return i + 4, true
	case genHasPrefixAt(text, i, `\n`):
		return i + 2, true
	}
	return i, false
}

// genMatchPuTTYPrivate finds the private lines of a PuTTY key file: the keyword is
// "Private-Lines:", followed by a count and that many base64 lines, which are redacted.
func genMatchPuTTYPrivate(text []byte, kw, kwEnd int) (int, int, bool) {
	if !genHasPrefixAt(text, kw, "Private-Lines:") || !BoundaryBefore(text, kw, &Word) {
		return 0, 0, false
	}
	i := kwEnd
	for i < len(text) && text[i] == ' ' {
		i++
	}
	d := Span(text, i, &Digits, 3)
	if d == i || d-i > 2 {
		return 0, 0, false
	}
	n := 0
	for _, c := range text[i:d] {
		n = n*10 + int(c-'0')
	}
	if n == 0 {
		return 0, 0, false
	}
	i, ok := genSkipNewline(text, d)
	if !ok {
		return 0, 0, false
	}
	start, end := i, i
	b64eq := Base64.Union(NewSet("="))
	for l := 0; l < n; l++ {
		if l > 0 {
			if i, ok = genSkipNewline(text, end); !ok {
				return 0, 0, false
			}
		}
		e := Span(text, i, &b64eq, 256)
		if e == i {
			return 0, 0, false
		}
		end = e
	}
	if end-start < 16 {
		return 0, 0, false
	}
	return start, end, true
}

// --- credentials in URLs ---

var (
	genSchemeChars   = NewSet("a-zA-Z0-9+.-")
	genUserinfoStops = NewSet(" \t\r\n\"'`<>\\/[]{}()|,;")
)

// genPasswordStopwords are values that name a password instead of being one (exact, folded).
var genPasswordStopwords = []string{
	"password", "passwd", "pass", "pwd", "pw", "secret", "token", "apikey", "api_key", "key",
	"changeme", "changeit", "test", "testing", "none", "null", "nil", "true", "false", "yes", "no",
	"on", "off", "undefined", "required", "optional", "string", "str", "text", "int", "bool",
	"boolean", "empty", "default", "hidden", "masked", "redacted", "value", "values", "user",
	"username", "mypassword", "yourpassword", "foo", "bar", "foobar", "na", "n/a", "tbd", "todo",
	"secret_value", "your_password", "my_password", "mysecret", "xxx", "...", "-",
	"guest", "change_me", "change-me",
	// nsswitch.conf sources ("passwd: files systemd")
	"compat", "files", "systemd", "sss", "nis", "nisplus", "ldap", "winbind",
}

// genIsStopword reports whether v is one of genPasswordStopwords.
func genIsStopword(v []byte) bool {
	for _, w := range genPasswordStopwords {
		if genEqualFold(v, w) {
			return true
		}
	}
	return false
}

// genPlaceholderWords betray a documentation value even when it is long and random-looking.
var genPlaceholderWords = []string{"example", "sample", "dummy", "placeholder", "redacted", "your_", "your-", "changeme", "xxxxx", "${", "{{", "$(", "%s"}

// genRandomLooking reports whether v is long and high in entropy, like a generated key or
// salt (at least 32 bytes, 4.5 bits per byte).
func genRandomLooking(v []byte) bool {
	return len(v) >= 32 && Entropy(v) >= 4.5
}

// genIsTemplateValue reports whether v is a variable reference, template or placeholder rather
// than a literal: $VAR, ${VAR}, $(cmd), %VAR%, {{ x }}, <your-key>, ****, YOUR_KEY….
func genIsTemplateValue(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	if genRandomLooking(v) {
		// long random strings may start with or hold '<', '*' or '$' (WordPress salts); only
		// template syntax and documentation words give them away
		for _, w := range genPlaceholderWords {
			if genContainsFold(v, w) {
				return true
			}
		}
		return false
	}
	switch v[0] {
	case '$', '%', '{', '<', '*', '@', '&':
		return true
	case '[':
		return true // YAML flow list, or one of hush's own markers
	}
	if LooksPlaceholder(v) || genIsStopword(v) || genFormatVerb(v) {
		return true
	}
	if genContainsFold(v, "your") || genContainsFold(v, "${") || genContainsFold(v, "{{") {
		return true
	}
	return false
}

// genMatchURLCredentials finds the password in the userinfo of a URL or connection string,
// "scheme://user:password@host" (any scheme, jdbc: prefixes included). The keyword is "://"
// (or its JSON-escaped form). Placeholders and empty passwords do not match; a userinfo
// without ':' matches only when it is itself a long high-entropy token.
func genMatchURLCredentials(text []byte, kw, kwEnd int) (int, int, bool) {
	s := kw
	for s > 0 && kw-s < 32 && genSchemeChars.Has(text[s-1]) {
		s--
	}
	if kw-s < 2 || !genHasLetter(text[s:kw]) || !('a' <= genLowerASCII(text[s]) && genLowerASCII(text[s]) <= 'z') {
		return 0, 0, false
	}
	at := -1
	i := kwEnd
	limit := kwEnd + 512
	if limit > len(text) {
		limit = len(text)
	}
	for ; i < limit && !genUserinfoStops.Has(text[i]); i++ {
		if text[i] == '@' {
			at = i
		}
	}
	if at < 0 || at+1 >= len(text) || genUserinfoStops.Has(text[at+1]) {
		return 0, 0, false
	}
	colon := -1
	for j := kwEnd; j < at; j++ {
		if text[j] == ':' {
			colon = j
			break
		}
	}
	if colon < 0 {
		u := text[kwEnd:at]
		if len(u) >= 20 && genHasDigit(u) && genHasLetter(u) && Entropy(u) >= 3.5 && !genIsTemplateValue(u) && !genContainsByte(u, "%") {
			return kwEnd, at, true
		}
		return 0, 0, false
	}
	pw := text[colon+1 : at]
	if len(pw) == 0 || IsRedactionMarker(text, colon+1) || genIsTemplateValue(pw) {
		return 0, 0, false
	}
	return colon + 1, at, true
}

// --- Authorization headers ---

var (
	genToken68      = NewSet("A-Za-z0-9._~+/=-")
	genSchemeLetter = NewSet("A-Za-z-")
)

// genCredentialShape reports whether v looks like a live credential rather than a word, a
// variable or a placeholder: long enough, with letters and digits (or long and high in
// entropy).
func genCredentialShape(v []byte, min int) bool {
	if len(v) < min || genIsTemplateValue(v) {
		return false
	}
	if genHasDigit(v) && genHasLetter(v) {
		return Entropy(v) >= 2.5
	}
	return len(v) >= 24 && Entropy(v) >= 3.5
}

// genBasicCredential reports whether v is base64 of "user:password" with a non-empty,
// non-placeholder password.
func genBasicCredential(v []byte) bool {
	var buf [384]byte
	if len(v) < 8 || len(v) > 512 {
		return false
	}
	n, ok := genB64Decode(buf[:], v)
	if !ok {
		return false
	}
	d := buf[:n]
	colon := -1
	for i, c := range d {
		if c < 0x20 || c > 0x7e {
			return false
		}
		if c == ':' && colon < 0 {
			colon = i
		}
	}
	if colon < 0 || colon == len(d)-1 {
		return false
	}
	pw := d[colon+1:]
	return !genIsStopword(pw) && !LooksPlaceholder(pw)
}

// genAuthValue reads "<scheme> <credential>" (or a bare credential) at i and returns the
// credential span. scheme words are kept; the credential must have a token's shape, or be a
// valid Basic credential.
func genAuthValue(text []byte, i int, strict bool) (int, int, bool) {
	w := Span(text, i, &genSchemeLetter, 17)
	scheme := text[i:w]
	cs := i
	if w > i && w < len(text) && text[w] == ' ' {
		cs = w + 1
		for cs < len(text) && cs-w < 4 && text[cs] == ' ' {
			cs++
		}
	} else {
		scheme = nil
	}
	if IsRedactionMarker(text, cs) {
		return 0, 0, false
	}
	ce := Span(text, cs, &genToken68, 8192)
	if ce-cs >= 8192 {
		return 0, 0, false
	}
	// a credential ends at a quote, space, comma, backslash escape or line end
	if ce < len(text) && !genIsCredentialEnd(text[ce]) {
		return 0, 0, false
	}
	v := text[cs:ce]
	switch {
	case genEqualFold(scheme, "basic"):
		if !genBasicCredential(v) {
			return 0, 0, false
		}
	case genEqualFold(scheme, "digest") || genEqualFold(scheme, "negotiate") || genEqualFold(scheme, "ntlm"):
		return 0, 0, false
	default:
		min := 8
		if strict {
			min = 16
		}
		if !genCredentialShape(v, min) {
			return 0, 0, false
		}
	}
	return cs, ce, true
}

func genIsCredentialEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '"', '\'', '`', ',', ';', '\\', ')', ']', '}', '<', '>':
		return true
	}
	return false
}

// genMatchAuthorization finds the credential of an Authorization (or Proxy-Authorization)
// header in an HTTP dump, a curl -H argument, code or JSON: "Authorization: Bearer <t>",
// `"Authorization": "Basic <b64>"`, `authorization=Token <t>`. The scheme word is kept.
func genMatchAuthorization(text []byte, kw, kwEnd int) (int, int, bool) {
	if !BoundaryBefore(text, kw, &AlNum) {
		return 0, 0, false
	}
	i := kwEnd
	if i < len(text) && (text[i] == '"' || text[i] == '\'') {
		i++
	} else if genHasPrefixAt(text, i, `\"`) {
		i += 2
	}
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if i >= len(text) || (text[i] != ':' && text[i] != '=') {
		return 0, 0, false
	}
	i++
	if i < len(text) && text[i] == '>' {
		i++ // =>
	}
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if i < len(text) && (text[i] == '"' || text[i] == '\'' || text[i] == '`') {
		i++
	} else if genHasPrefixAt(text, i, `\"`) {
		i += 2
	}
	return genAuthValue(text, i, false)
}

// genMatchSchemeWord finds a credential after a bare "Bearer" or "Basic" scheme word outside an
// Authorization header (as in `-H "Bearer …"` or {"auth": "Basic …"}). Bearer credentials
// must be at least 16 bytes with a token's shape.
func genMatchSchemeWord(text []byte, kw, kwEnd int) (int, int, bool) {
	if !BoundaryBefore(text, kw, &AlNum) || kwEnd >= len(text) || text[kwEnd] != ' ' {
		return 0, 0, false
	}
	return genAuthValue(text, kw, true)
}

// --- key = value assignments ---

// genAssignKind says what a key names.
type genAssignKind uint8

const (
	genAssignPassword genAssignKind = iota + 1 // password, passwd, pwd, pass, passphrase
	genAssignSecret                            // secret, token
	genAssignKey                               // api_key, secret_key, access_key, …
)

// genSepKind is the separator between a key and its value.
type genSepKind uint8

const (
	genSepNone  genSepKind = iota
	genSepEqual            // = := =>
	genSepColon            // :
	genSepXML              // <key>value</key>
	genSepComma            // define('KEY', 'value')
	genSepSpace            // --flag value, netrc "password value"
	genSepIs               // prose: "the password is …"
)

var (
	genIdentChars   = NewSet("A-Za-z0-9_.-")
	genIdentSep     = NewSet("_.-")
	genBareIdent    = NewSet("A-Za-z0-9_")
	genPlainValue   = NewSet("A-Za-z0-9_.-")
	genValueStops   = NewSet(" \t\r\n\"'`;,<>)]}\\")
	genQuotePrefix  = NewSet("rRbBuU")
	genProseTrailer = NewSet(".,;?)")
)

// genNegativeHeads are identifier parts that, right before the keyword, make the key name
// something other than a secret value: max_tokens, next_page_token, show_password, is_secret.
var genNegativeHeads = []string{
	"page", "next", "prev", "max", "min", "num", "count", "total", "sync", "continuation",
	"cursor", "forgot", "show", "hide", "is", "has", "use", "no", "require", "enable", "public",
}

// genAllowedTails are what may follow the keyword inside the identifier (separators dropped,
// folded): password_value, secret_string, token2.
var genAllowedTails = []string{"value", "val", "str", "string", "plain", "plaintext", "b64", "base64", "confirm", "confirmation", "base"}

// genKindWords are the words that, inside a plain identifier-like value, show the value names a
// secret rather than being one (password: userPassword, secret: my-secret).
var genKindWords = []string{"password", "passwd", "secret", "token", "apikey", "api_key"}

// genAssignSpec configures genMatchAssign.
type genAssignSpec struct {
	kind genAssignKind
	// short keywords ("pwd", "pass") must start an identifier part
	shortWords []string
	minLen     int
	maxLen     int
	minEntropy float64
}

func genIsLowerByte(c byte) bool { return 'a' <= c && c <= 'z' }
func genIsUpperByte(c byte) bool { return 'A' <= c && c <= 'Z' }

// genTailAllowed reports whether the identifier rest after the keyword is empty or an allowed
// suffix (separators are ignored, digits alone are fine).
func genTailAllowed(t []byte) bool {
	var buf [24]byte
	n := 0
	for _, c := range t {
		if genIdentSep.Has(c) {
			continue
		}
		if n == len(buf) {
			return false
		}
		buf[n] = genLowerASCII(c)
		n++
	}
	if n == 0 || genAllIn(buf[:n], &Digits) {
		return true
	}
	for _, w := range genAllowedTails {
		if string(buf[:n]) == w {
			return true
		}
	}
	return false
}

// genHeadNegative reports whether the identifier part right before kw is one of genNegativeHeads.
// Parts are separated by '_', '.', '-' or a lower-to-upper case change; without a visible
// boundary ("nextpagetoken", "PGPASSWORD") there is no part to judge.
func genHeadNegative(text []byte, identStart, kw int) bool {
	e := kw
	sepSeen := false
	for e > identStart && genIdentSep.Has(text[e-1]) {
		e--
		sepSeen = true
	}
	if e == identStart {
		return false
	}
	if !sepSeen && !(genIsUpperByte(text[kw]) && genIsLowerByte(text[kw-1])) {
		return false
	}
	s := e - 1
	for s > identStart && !genIdentSep.Has(text[s-1]) && !(genIsUpperByte(text[s]) && genIsLowerByte(text[s-1])) {
		s--
	}
	part := text[s:e]
	for _, w := range genNegativeHeads {
		if genEqualFold(part, w) {
			return true
		}
	}
	return false
}

// genAtLineStart reports whether only blanks, "export ", "set " or a YAML list dash stand
// between the start of the line and i.
func genAtLineStart(text []byte, i int) bool {
	j := i
	for k := 0; k < 3; k++ {
		for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
			j--
		}
		if j == 0 || text[j-1] == '\n' || text[j-1] == '\r' || (j >= 2 && text[j-2] == '\\' && text[j-1] == 'n') {
			return true
		}
		switch {
		case j >= 6 && genEqualFold(text[j-6:j], "export"):
			j -= 6
		case j >= 3 && (genEqualFold(text[j-3:j], "set") || genEqualFold(text[j-3:j], "env")):
			j -= 3
		case text[j-1] == '-':
			j--
		default:
			return false
		}
		if j > 0 && Word.Has(text[j-1]) {
			return false
		}
	}
	return false
}

// genReadQuoted reads a quoted value starting at the opening quote i. esc is true for a
// JSON-escaped quote (\"). It returns the value bounds and the index after the closing quote.
func genReadQuoted(text []byte, i int, esc bool, max int) (int, int, bool) {
	q := text[i]
	vs := i + 1
	if esc {
		vs = i + 2
		q = '"'
	}
	for j := vs; j < len(text) && j-vs <= max; j++ {
		c := text[j]
		switch {
		case c == '\n' || c == '\r':
			return 0, 0, false
		case c == '\\':
			if esc && j+1 < len(text) && text[j+1] == '"' {
				return vs, j, true
			}
			j++
		case c == q && !esc:
			return vs, j, true
		}
	}
	return 0, 0, false
}

// genMatchAssign returns a Matcher for a secret assigned to a key whose name ends with the
// keyword: code (password = "…", password := "…", 'password' => '…'), JSON and YAML keys,
// .env and properties lines, INI, XML elements and attributes, connection strings
// (Password=…;), CLI flags (--password=…, --token …), .netrc lines and prose ("the password
// is …"). The value must be a literal: variable references, function calls, templates,
// placeholders, keywords and key names do not match.
func genMatchAssign(sp genAssignSpec) Matcher {
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		// the identifier holding the keyword
		is := kw
		for is > 0 && kw-is < 64 && genIdentChars.Has(text[is-1]) {
			is--
		}
		ie := Span(text, kwEnd, &genIdentChars, 48)
		if ie-kwEnd >= 48 || (is > 0 && genIdentChars.Has(text[is-1])) {
			return 0, 0, false
		}
		if !genTailAllowed(text[kwEnd:ie]) {
			return 0, 0, false
		}
		dashes := 0
		for is+dashes < kw && text[is+dashes] == '-' {
			dashes++
		}
		ids := is + dashes
		for _, w := range sp.shortWords {
			if genEqualFold(text[kw:kwEnd], w) && kw > ids && !genIdentSep.Has(text[kw-1]) && !(genIsUpperByte(text[kw]) && genIsLowerByte(text[kw-1])) {
				return 0, 0, false
			}
		}
		if ie-ids == 4 && genHasPrefixAt(text, ids, "PASS") {
			return 0, 0, false // a test runner's "--- PASS:" line
		}
		if genHeadNegative(text, ids, kw) {
			return 0, 0, false
		}
		// what stands before the identifier
		quotedKey, escKey, dollar := false, false, false
		before := byte(0)
		if is > 0 {
			before = text[is-1]
		}
		switch {
		case before == '$' && (is == 1 || text[is-2] == ' ' || text[is-2] == '\t' || text[is-2] == '\n'):
			dollar = true // $password = '…' (PHP, Perl, PowerShell) unless it is only a reference
		case before == '$' || before == '{' || before == '%' || before == '@' || before == '/':
			return 0, 0, false // $PASSWORD, ${TOKEN}, %PASSWORD%, </password>, URL paths
		case before == '"' && is >= 2 && text[is-2] == '\\':
			quotedKey, escKey = true, true
		case before == '"' || before == '\'' || before == '`':
			quotedKey = true
		}
		keyStart := is
		if quotedKey {
			keyStart--
			if escKey {
				keyStart--
			}
		}
		// the separator
		i := ie
		if quotedKey {
			switch {
			case escKey && genHasPrefixAt(text, i, `\"`):
				i += 2
			case !escKey && i < len(text) && text[i] == before:
				i++
			default:
				// the quote opened a longer string: 'X-Api-Key: …'
				quotedKey, escKey = false, false
				keyStart = is
			}
		}
		config := genAtLineStart(text, keyStart) || (keyStart > 0 && text[keyStart-1] == ';')
		sp0 := i
		for i < len(text) && i-sp0 < 24 && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		spaceBefore := i > sp0
		sep := genSepNone
		switch {
		case i >= len(text):
			return 0, 0, false
		case genHasPrefixAt(text, i, ":="), genHasPrefixAt(text, i, "=>"):
			sep, i = genSepEqual, i+2
		case text[i] == '=':
			if genHasPrefixAt(text, i, "==") {
				return 0, 0, false
			}
			sep, i = genSepEqual, i+1
		case text[i] == ':':
			if genHasPrefixAt(text, i, "::") {
				return 0, 0, false
			}
			sep, i = genSepColon, i+1
		case before == '<' && spaceBefore && genXMLAttrsEnd(text, i) > 0:
			i = genXMLAttrsEnd(text, i)
			if IsRedactionMarker(text, is-1) || i >= len(text) || text[i] == '<' {
				return 0, 0, false
			}
			sep = genSepXML
		case text[i] == '>' && before == '<' && !spaceBefore:
			if IsRedactionMarker(text, is-1) || i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\t' {
				return 0, 0, false // <PASSWORD_1> is hush's own pseudonym
			}
			sep, i = genSepXML, i+1
		case text[i] == ',' && quotedKey && is >= 2 && genPrecededBy(text, keyStart, '('):
			sep, i = genSepComma, i+1
		case quotedKey && genHasPrefixFold(text, i, "value="):
			sep, i = genSepEqual, i+6
		case spaceBefore && genHasPrefixFold(text, i, "is") && i+2 < len(text) && (text[i+2] == ' ' || text[i+2] == ':'):
			sep, i = genSepIs, i+2
			if text[i] == ':' {
				i++
			}
		case spaceBefore && sp.kind == genAssignPassword && !quotedKey && ids == kw && ie == kwEnd && kwEnd-kw >= 6 && (text[i] == '"' || text[i] == '\''):
			sep = genSepSpace // .esmtprc and prose: password "S3cret!"
		case spaceBefore && (dashes > 0 || (sp.kind == genAssignPassword && genIsNetrc(text, keyStart))):
			sep = genSepSpace
		default:
			return 0, 0, false
		}
		if dollar && sep != genSepEqual {
			return 0, 0, false // a shell variable reference
		}
		sp1 := i
		for i < len(text) && i-sp1 < 24 && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		spaceAfter := i > sp1
		if i >= len(text) {
			return 0, 0, false
		}
		if sep == genSepSpace && text[i] == '-' {
			return 0, 0, false // another flag
		}
		// the value
		fstring := false
		if genQuotePrefix.Has(text[i]) || text[i] == 'f' || text[i] == 'F' {
			if i+1 < len(text) && (text[i+1] == '"' || text[i+1] == '\'') {
				fstring = text[i] == 'f' || text[i] == 'F'
				i++
			}
		}
		var vs, ve int
		quoted := false
		switch {
		case genHasPrefixAt(text, i, `\"`):
			var ok bool
			if vs, ve, ok = genReadQuoted(text, i, true, sp.maxLen); !ok {
				return 0, 0, false
			}
			quoted = true
		case text[i] == '"' || text[i] == '\'' || text[i] == '`':
			var ok bool
			if vs, ve, ok = genReadQuoted(text, i, false, sp.maxLen); !ok {
				return 0, 0, false
			}
			// a Markdown code span holds names as often as values: judge it as unquoted
			quoted = text[i] != '`'
		default:
			if sep == genSepComma {
				return 0, 0, false
			}
			vs = i
			ve = i
			max := min(sp.maxLen, 256) // unquoted values are short; JWTs have their own rule
			for ve < len(text) && ve-vs <= max && !genValueStops.Has(text[ve]) && !genQueryNext(text, ve) {
				ve++
			}
			if ve-vs > max {
				return 0, 0, false
			}
			if sep == genSepIs || !config {
				for ve > vs && genProseTrailer.Has(text[ve-1]) {
					ve--
				}
			}
		}
		v := text[vs:ve]
		var identBuf [64]byte
		if len(v) < sp.minLen {
			return 0, 0, false
		}
		if !quoted && (!config || sep == genSepSpace) && sep != genSepXML && !genHasDigit(v) && !genContainsByte(v, "!#%^&*+=?~") {
			return 0, 0, false // inline prose or code: a word, not a secret (checked first: it is cheap)
		}
		if IsRedactionMarker(text, vs) || genIsTemplateValue(v) {
			return 0, 0, false
		}
		if (genContainsByte(v, " \t") && !(quoted && genRandomLooking(v))) || (fstring && genContainsByte(v, "{")) || (genContainsFold(v, "#{") && !genRandomLooking(v)) {
			return 0, 0, false
		}
		if genAllIn(v, &genPlainValue) && ie-ids >= 10 && genContainsLower(v, genLowerIdent(text[ids:ie], &identBuf)) {
			return 0, 0, false // the value repeats the key's name: "encryptionKey": "encryptionKey1024"
		}
		if genAllIn(v, &genPlainValue) {
			for _, w := range genKindWords {
				if (!genHasDigit(v) && genContainsFold(v, w)) || genDelimitedWord(v, w) {
					return 0, 0, false // names a secret: userPassword, test-oauth2-token
				}
			}
		}
		if !quoted {
			if genCodeContext(text, ids, keyStart) {
				return 0, 0, false // obj.PrivateKey = testKey, var token = tok: references, not literals
			}
			if v[0] == '!' || genContainsByte(v, "([{") {
				return 0, 0, false // YAML tag, call, index, composite literal
			}
			if genCodePath(v) || genNumberLiteral(v) {
				return 0, 0, false // settings.db_pass, dk.encryptionKey1024, 0x53c2_37
			}
			bare := genAllIn(v, &genBareIdent) && !genHasDigit(v)
			if bare && sep == genSepEqual && (spaceBefore || spaceAfter || !config) {
				return 0, 0, false // a variable in code: password = pw
			}
			if sep != genSepIs && ve < len(text) && genAllIn(v, &genBareIdent) &&
				(text[ve] == ',' || (text[ve] == ';' && bare && !(keyStart > 0 && text[keyStart-1] == ';'))) {
				return 0, 0, false // a struct or object literal field: pwd: absWork,
			}
		}
		if genEqualFold(text[kw:kwEnd], "pwd") && (v[0] == '/' || v[0] == '~') {
			return 0, 0, false // the shell's working directory
		}
		if sp.kind != genAssignPassword {
			if genLooksPath(v) || genContainsFold(v, "://") {
				return 0, 0, false
			}
			if !((genHasDigit(v) && genHasLetter(v) && Entropy(v) >= sp.minEntropy) || (len(v) >= 24 && Entropy(v) >= 4.0 && genMixedCase(v))) {
				return 0, 0, false
			}
		}
		return vs, ve, true
	}
}

var genPathChars = NewSet("A-Za-z0-9_./~-")

// genLooksPath reports whether v is a file system path (/etc/app/key.pem, ~/.ssh/id, ./token)
// rather than a base64 secret that happens to start with '/'.
func genLooksPath(v []byte) bool {
	if !(v[0] == '/' || genHasPrefixAt(v, 0, "~/") || genHasPrefixAt(v, 0, "./")) || !genAllIn(v, &genPathChars) {
		return false
	}
	slashes := 0
	for _, c := range v {
		if c == '/' {
			slashes++
		}
	}
	return genContainsByte(v, ".") || (slashes >= 2 && !genHasDigit(v))
}

// genQueryNext reports whether text[i] is '&' starting the next "key=" of a query string.
func genQueryNext(text []byte, i int) bool {
	if text[i] != '&' {
		return false
	}
	j := Span(text, i+1, &Word, 32)
	return j > i+1 && j < len(text) && text[j] == '='
}

// genDeclWords are the words that declare a variable in common languages.
var genDeclWords = []string{"var", "let", "const", "val", "local", "final", "static", "auto", "string", "readonly", "private", "public"}

// genCodeContext reports whether the key at ids (written from keyStart) is a member access
// or a variable declaration in program code, where an unquoted value is a reference.
func genCodeContext(text []byte, ids, keyStart int) bool {
	if text[ids] == '.' {
		return true
	}
	if keyStart > 0 && (text[keyStart-1] == ']' || text[keyStart-1] == ')') {
		return true
	}
	j := keyStart
	for j > 0 && keyStart-j < 4 && (text[j-1] == ' ' || text[j-1] == '\t') {
		j--
	}
	if j == keyStart {
		return false
	}
	k := j
	for k > 0 && j-k < 9 && genIsLowerByte(genLowerASCII(text[k-1])) {
		k--
	}
	if k > 0 && genWordChars.Has(text[k-1]) {
		return false
	}
	for _, w := range genDeclWords {
		if genEqualFold(text[k:j], w) {
			return true
		}
	}
	return false
}

var genWordChars = Word

// genMixedCase reports whether v has both upper- and lower-case letters.
func genMixedCase(v []byte) bool {
	up, low := false, false
	for _, c := range v {
		up = up || genIsUpperByte(c)
		low = low || genIsLowerByte(c)
	}
	return up && low
}

// genDelimitedWord reports whether word (lower case) occurs in v as a whole part, with '-',
// '_', '.' or the ends of v on both sides ("test-oauth2-token", "my_secret").
func genDelimitedWord(v []byte, word string) bool {
	for i := 0; i+len(word) <= len(v); i++ {
		if !genHasPrefixFold(v, i, word) {
			continue
		}
		if (i == 0 || genIdentSep.Has(v[i-1])) && (i+len(word) == len(v) || genIdentSep.Has(v[i+len(word)])) && len(word) < len(v) {
			return true
		}
	}
	return false
}

// genFormatVerb reports whether v holds a printf verb (%s, %016X, %v).
func genFormatVerb(v []byte) bool {
	for i := 0; i+1 < len(v); i++ {
		if v[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(v) && j-i < 4 && '0' <= v[j] && v[j] <= '9' {
			j++
		}
		if j < len(v) && genContainsByte(v[j:j+1], "sdvxXqfg") {
			return true
		}
	}
	return false
}

// genCodePath reports whether v is a dotted path of identifiers as code writes it
// (settings.DB_PASSWORD, dk.encryptionKey1024, self.token): two or more parts, each an
// identifier of at most 24 bytes. Long parts (ya29.a0AfH6…) make it a token instead.
func genCodePath(v []byte) bool {
	if !genContainsByte(v, ".") {
		return false
	}
	return genSegments(v, '.', 2, 8, func(i, n int, p []byte) bool {
		return len(p) > 0 && len(p) <= 24 && genAllIn(p, &genBareIdent) && !('0' <= p[0] && p[0] <= '9')
	})
}

// genNumberLiteral reports whether v is a hexadecimal, octal or binary number literal
// (0x53c2_37).
func genNumberLiteral(v []byte) bool {
	if len(v) > 0 && (v[0] == '-' || v[0] == '+') {
		v = v[1:]
	}
	return len(v) > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X' || v[1] == 'o' || v[1] == 'b') &&
		genAllIn(v[2:], &genHexUnderscore)
}

var genHexUnderscore = NewSet("0-9a-fA-F_")

// genLowerIdent writes id lower-cased, without leading dashes, into buf (truncated to its
// size) and returns it.
func genLowerIdent(id []byte, buf *[64]byte) []byte {
	for len(id) > 0 && id[0] == '-' {
		id = id[1:]
	}
	n := copy(buf[:], id)
	for i := 0; i < n; i++ {
		buf[i] = genLowerASCII(buf[i])
	}
	return buf[:n]
}

// genXMLAttrsEnd returns the index after the '>' that closes an element's attributes
// (<Pass encoding="base64">), or 0 when there is none within 96 bytes on the line.
func genXMLAttrsEnd(text []byte, i int) int {
	for j := i; j < len(text) && j-i < 96; j++ {
		switch text[j] {
		case '>':
			if j > i && text[j-1] == '/' {
				return 0 // self-closing: no content
			}
			return j + 1
		case '<', '\n', '\r':
			return 0
		}
	}
	return 0
}

// genPrecededBy reports whether c stands before i, blanks skipped.
func genPrecededBy(text []byte, i int, c byte) bool {
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
		i--
	}
	return i > 0 && text[i-1] == c
}

// genIsNetrc reports whether the key at i follows "login <name>" as in a .netrc entry
// ("machine h login u password p"). It looks back at most about 80 bytes.
func genIsNetrc(text []byte, i int) bool {
	j := i
	for j > 0 && i-j < 8 && (text[j-1] == ' ' || text[j-1] == '\t') {
		j--
	}
	k := j
	for k > 0 && j-k < 64 && text[k-1] != ' ' && text[k-1] != '\t' && text[k-1] != '\n' {
		k--
	}
	if k == j || k < 6 || text[k-1] != ' ' {
		return false
	}
	if !genEqualFold(text[k-6:k-1], "login") {
		return false
	}
	ls, _ := genLineBounds(text, k, k, 256)
	return genContainsFold(text[ls:k], "machine")
}

// --- command lines ---

// genMatchCurlUser finds the password of curl's -u/--user option ("-u user:password"). The line
// must name curl (or wget); "-u $USER:$PASS" and an empty password (curl then prompts) do not
// match.
func genMatchCurlUser(text []byte, kw, kwEnd int) (int, int, bool) {
	if kw > 0 && text[kw-1] != ' ' && text[kw-1] != '\t' {
		return 0, 0, false
	}
	i := kwEnd
	if i < len(text) && (text[i] == ' ' || text[i] == '=') {
		i++
	}
	if kwEnd-kw == 3 { // "-u " already holds the space
		i = kwEnd
	}
	for i < len(text) && text[i] == ' ' {
		i++
	}
	if i < len(text) && (text[i] == '"' || text[i] == '\'') {
		i++
	}
	end := i
	colon := -1
	for end < len(text) && end-i < 256 && !genValueStops.Has(text[end]) {
		if text[end] == ':' && colon < 0 {
			colon = end
		}
		end++
	}
	if colon < 0 || colon == i || end == colon+1 {
		return 0, 0, false
	}
	if text[i] == '$' || IsRedactionMarker(text, colon+1) || genIsTemplateValue(text[colon+1:end]) {
		return 0, 0, false
	}
	ls, _ := genLineBounds(text, kw, kw, 256)
	if !genContainsFold(text[ls:kw], "curl") && !genContainsFold(text[ls:kw], "wget") {
		return 0, 0, false
	}
	return colon + 1, end, true
}

// genMatchMySQLPassword finds the password of a mysql/mariadb client's -p option written
// together with its value (mysql -u root -pS3cret db). A bare -p (the client prompts) and
// -P (the port) do not match.
func genMatchMySQLPassword(text []byte, kw, kwEnd int) (int, int, bool) {
	if !BoundaryBefore(text, kw, &Word) {
		return 0, 0, false
	}
	_, e := genLineBounds(text, kwEnd, kwEnd, 512)
	for i := kwEnd; i+3 < e; i++ {
		if text[i] != ' ' || text[i+1] != '-' || text[i+2] != 'p' {
			continue
		}
		vs := i + 3
		var ve int
		if text[vs] == '"' || text[vs] == '\'' {
			a, b, ok := genReadQuoted(text, vs, false, 128)
			if !ok {
				return 0, 0, false
			}
			vs, ve = a, b
		} else {
			ve = vs
			for ve < e && !genValueStops.Has(text[ve]) {
				ve++
			}
		}
		v := text[vs:ve]
		if len(v) == 0 || IsRedactionMarker(text, vs) || genIsTemplateValue(v) || (ve-vs >= 7 && genHasPrefixAt(text, vs, "assword")) {
			return 0, 0, false
		}
		return vs, ve, true
	}
	return 0, 0, false
}

// genCLIFlag returns a Matcher for a password given to a command-line tool as a separate
// argument after flag ("docker login -u bot -p S3cret", "redis-cli -a S3cret"). The keyword
// names the tool; the flag must follow on the same line. Variables and placeholders do not
// match.
func genCLIFlag(flag string) Matcher {
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if !BoundaryBefore(text, kw, &Word) {
			return 0, 0, false
		}
		_, e := genLineBounds(text, kwEnd, kwEnd, 512)
		for i := kwEnd; i+len(flag)+2 < e; i++ {
			if text[i] != ' ' || !genHasPrefixAt(text, i+1, flag) || (text[i+1+len(flag)] != ' ' && text[i+1+len(flag)] != '=') {
				continue
			}
			vs := i + 2 + len(flag)
			for vs < e && text[vs] == ' ' {
				vs++
			}
			if vs >= e {
				return 0, 0, false
			}
			var ve int
			if text[vs] == '"' || text[vs] == '\'' {
				a, b, ok := genReadQuoted(text, vs, false, 128)
				if !ok {
					return 0, 0, false
				}
				vs, ve = a, b
			} else {
				ve = vs
				for ve < e && !genValueStops.Has(text[ve]) {
					ve++
				}
			}
			v := text[vs:ve]
			if len(v) < 4 || v[0] == '-' || IsRedactionMarker(text, vs) || genIsTemplateValue(v) {
				return 0, 0, false
			}
			return vs, ve, true
		}
		return 0, 0, false
	}
}

// --- vendor context ---

// genKeyedOpts configures genKeyedValue.
type genKeyedOpts struct {
	// need lists words (lower case) of which the identifier holding the keyword must
	// contain one (e.g. "key", "token", "secret"); empty means any.
	need []string
	// Chars, Min, Max, MinEntropy and Validate describe the value as in ValueOpts.
	chars      Set
	min, max   int
	minEntropy float64
	validate   func(v []byte) bool
}

// genKeyedValue returns a Matcher for a vendor credential that has no prefix of its own and is
// found through its key name: DD_API_KEY=…, "vercel_token": "…", X-Postmark-Server-Token: ….
// The keyword starts an identifier part; the identifier must contain one of o.need; an
// assignment (= : := =>) and optional quotes separate it from the value, which must have the
// exact shape.
func genKeyedValue(o genKeyedOpts) Matcher {
	if o.max == 0 {
		o.max = o.min
	}
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if !BoundaryBefore(text, kw, &AlNum) || (kw > 0 && (text[kw-1] == '$' || text[kw-1] == '{')) {
			return 0, 0, false
		}
		is := kw
		for is > 0 && kw-is < 48 && genIdentChars.Has(text[is-1]) {
			is--
		}
		if is > 0 && (text[is-1] == '$' || text[is-1] == '{' || text[is-1] == '%') {
			return 0, 0, false
		}
		ie := Span(text, kwEnd, &genIdentChars, 48)
		if len(o.need) > 0 {
			found := false
			for _, w := range o.need {
				if genContainsFold(text[is:ie], w) {
					found = true
					break
				}
			}
			if !found {
				return 0, 0, false
			}
		}
		i := ie
		assigned := false
		for n := 0; i < len(text) && n < 8; n++ {
			c := text[i]
			switch {
			case c == '"' || c == '\'' || c == ' ' || c == '\t' || c == '`':
				i++
			case c == '\\' && i+1 < len(text) && text[i+1] == '"':
				i += 2
			case (c == ':' || c == '=') && !assigned:
				assigned = true
				i++
				if i < len(text) && (text[i] == '=' || text[i] == '>') {
					i++
				}
			default:
				n = 8
			}
		}
		if !assigned || i >= len(text) || IsRedactionMarker(text, i) {
			return 0, 0, false
		}
		end := Span(text, i, &o.chars, o.max+1)
		if end-i < o.min || end-i > o.max || !BoundaryAfter(text, end, &o.chars) {
			return 0, 0, false
		}
		v := text[i:end]
		if LooksPlaceholder(v) || (o.minEntropy > 0 && Entropy(v) < o.minEntropy) {
			return 0, 0, false
		}
		if o.validate != nil && !o.validate(v) {
			return 0, 0, false
		}
		return i, end, true
	}
}

// --- prefixed tokens ---

// genTokenAny is Token for a family of prefixes sharing one body shape: the matcher checks
// which of prefixes the keyword is (case-sensitively) and applies Token for it.
func genTokenAny(prefixes []string, o TokenOpts) Matcher {
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

// genSegments reports whether tok, split at sep, has between lo and hi parts, and passes each
// part with its index to ok.
func genSegments(tok []byte, sep byte, lo, hi int, ok func(i, n int, part []byte) bool) bool {
	n := 1
	for _, c := range tok {
		if c == sep {
			n++
		}
	}
	if n < lo || n > hi {
		return false
	}
	i, s := 0, 0
	for j := 0; j <= len(tok); j++ {
		if j == len(tok) || tok[j] == sep {
			if !ok(i, n, tok[s:j]) {
				return false
			}
			i++
			s = j + 1
		}
	}
	return true
}

// genDigitsLen reports whether p is lo..hi ASCII digits.
func genDigitsLen(p []byte, lo, hi int) bool {
	return len(p) >= lo && len(p) <= hi && genAllIn(p, &Digits)
}

// genInLen reports whether p is lo..hi bytes from set.
func genInLen(p []byte, set *Set, lo, hi int) bool {
	return len(p) >= lo && len(p) <= hi && genAllIn(p, set)
}

// genUrlSecret returns a Matcher for a secret URL (webhook) whose keyword is its host and path
// prefix: the span runs from the keyword to the end of the path, which must satisfy valid.
// The scheme, when present, stays readable.
func genUrlSecret(chars Set, max int, valid func(path []byte) bool) Matcher {
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if kw > 0 && (AlNum.Has(text[kw-1]) || text[kw-1] == '-' || text[kw-1] == '_') {
			return 0, 0, false
		}
		end := Span(text, kwEnd, &chars, max+1)
		if end-kwEnd > max || end == kwEnd {
			return 0, 0, false
		}
		for end > kwEnd && text[end-1] == '.' {
			end-- // sentence punctuation
		}
		p := text[kwEnd:end]
		if LooksPlaceholder(p) || !valid(p) {
			return 0, 0, false
		}
		return kw, end, true
	}
}

// genNearToken wraps m so that it only matches with one of words (lower case) within radius
// bytes of the keyword: for prefixes that are common in ordinary text ("key-").
func genNearToken(m Matcher, radius int, words []string) Matcher {
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		s, e, ok := m(text, kw, kwEnd)
		if !ok || !genNearFold(text, s, e, radius, words) {
			return 0, 0, false
		}
		return s, e, true
	}
}

// genB64Prefixed reports whether v decodes (standard or URL-safe base64) to text starting with
// want.
func genB64Prefixed(v []byte, want string) bool {
	var buf [48]byte
	n := len(v) / 4 * 4
	if n > 32 {
		n = 32
	}
	k, ok := genB64Decode(buf[:], v[:n])
	return ok && k >= len(want) && string(buf[:len(want)]) == want
}

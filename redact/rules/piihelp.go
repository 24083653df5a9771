package rules

import (
	"crypto/sha256"
	"unicode"
	"unicode/utf8"
)

// This file holds the validators and scanning helpers shared by the personal-data rules:
// check-digit algorithms (Luhn, ISO 7064 MOD 97-10, Verhoeff, ABA 3-7-1), Base58Check,
// bech32/bech32m, Keccak-256 for EIP-55, digit-group scanning and context cues. None of them
// allocates.

var (
	piiDigitKeywords = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	piiLetters       = NewSet("A-Za-z")
	piiUpper         = NewSet("A-Z")
)

func piiIsDigit(c byte) bool { return '0' <= c && c <= '9' }

func piiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// piiLuhn reports whether the digits pass the Luhn (mod 10) check.
func piiLuhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return len(d) > 0 && sum%10 == 0
}

// piiMod97 reports whether an IBAN (upper-case letters and digits, no separators) passes the
// ISO 7064 MOD 97-10 check after moving the first four characters to the end.
func piiMod97(iban []byte) bool {
	if len(iban) < 5 {
		return false
	}
	r := 0
	add := func(c byte) bool {
		switch {
		case piiIsDigit(c):
			r = (r*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			r = (r*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
		return true
	}
	for _, c := range iban[4:] {
		if !add(c) {
			return false
		}
	}
	for _, c := range iban[:4] {
		if !add(c) {
			return false
		}
	}
	return r == 1
}

var (
	piiVerhoeffD = [10][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
		{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	piiVerhoeffP = [8][10]uint8{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
)

// piiVerhoeff reports whether the digits (check digit last) pass the Verhoeff check.
func piiVerhoeff(d []byte) bool {
	c := uint8(0)
	for i := 0; i < len(d); i++ {
		c = piiVerhoeffD[c][piiVerhoeffP[i%8][d[len(d)-1-i]-'0']]
	}
	return len(d) > 0 && c == 0
}

// piiAbaChecksum reports whether nine digits pass the ABA routing number 3-7-1 check.
func piiAbaChecksum(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	w := [3]int{3, 7, 1}
	sum := 0
	for i, c := range d {
		sum += int(c-'0') * w[i%3]
	}
	return sum%10 == 0
}

const piiBase58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var (
	piiBase58Chars = NewSet(piiBase58Alphabet)
	piiBase58Value = func() (t [256]int8) {
		for i := range t {
			t[i] = -1
		}
		for i := 0; i < len(piiBase58Alphabet); i++ {
			t[piiBase58Alphabet[i]] = int8(i)
		}
		return t
	}()
)

// piiBase58Check decodes s as a 25-byte Base58Check payload (version, 20-byte hash, 4-byte
// checksum) and returns the version byte when the double SHA-256 checksum matches.
func piiBase58Check(s []byte) (version byte, ok bool) {
	var out [25]byte
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	for _, c := range s {
		v := int(piiBase58Value[c])
		if v < 0 {
			return 0, false
		}
		carry := v
		for i := len(out) - 1; i >= 0; i-- {
			carry += 58 * int(out[i])
			out[i] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return 0, false // longer than 25 bytes
		}
	}
	// leading '1's are leading zero bytes; the remaining value must not have more of them
	lead := 0
	for lead < len(out) && out[lead] == 0 {
		lead++
	}
	if lead != zeros {
		return 0, false // each leading '1' stands for one leading zero byte, and only those
	}
	h := sha256.Sum256(out[:21])
	h = sha256.Sum256(h[:])
	if h[0] != out[21] || h[1] != out[22] || h[2] != out[23] || h[3] != out[24] {
		return 0, false
	}
	return out[0], true
}

const piiBech32Alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var piiBech32Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(piiBech32Alphabet); i++ {
		t[piiBech32Alphabet[i]] = int8(i)
		if c := piiBech32Alphabet[i]; 'a' <= c && c <= 'z' {
			t[c-'a'+'A'] = int8(i)
		}
	}
	return t
}()

func piiBech32Polymod(c uint32, v byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	b := c >> 25
	c = (c&0x1ffffff)<<5 ^ uint32(v)
	for i := 0; i < 5; i++ {
		if (b>>i)&1 == 1 {
			c ^= gen[i]
		}
	}
	return c
}

// piiBech32Valid reports whether s (human-readable part, '1', data with a 6-character checksum;
// one case throughout) is a valid bech32 (BIP-173) or bech32m (BIP-350) string, and whether the
// witness version it carries matches the checksum variant.
func piiBech32Valid(s []byte) bool {
	sep := -1
	hasLower, hasUpper := false, false
	for i, c := range s {
		if c == '1' {
			sep = i
		}
		if 'a' <= c && c <= 'z' {
			hasLower = true
		} else if 'A' <= c && c <= 'Z' {
			hasUpper = true
		}
	}
	if hasLower && hasUpper || sep < 1 || len(s)-sep-1 < 7 || len(s) > 90 {
		return false
	}
	c := uint32(1)
	for _, h := range s[:sep] {
		c = piiBech32Polymod(c, piiLower(h)>>5)
	}
	c = piiBech32Polymod(c, 0)
	for _, h := range s[:sep] {
		c = piiBech32Polymod(c, piiLower(h)&31)
	}
	for _, d := range s[sep+1:] {
		v := piiBech32Value[d]
		if v < 0 {
			return false
		}
		c = piiBech32Polymod(c, byte(v))
	}
	witver := piiBech32Value[s[sep+1]]
	switch {
	case c == 1:
		return witver == 0
	case c == 0x2bc830a3:
		return witver >= 1 && witver <= 16
	}
	return false
}

var piiKeccakRC = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
	0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
	0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

var (
	piiKeccakRot = [25]uint{0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14}
	// piiKeccakPi[i] is the lane that lane i moves to.
	piiKeccakPi = func() (p [25]int) {
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				p[x+5*y] = y + 5*((2*x+3*y)%5)
			}
		}
		return p
	}()
)

func piiKeccakF(a *[25]uint64) {
	var b [25]uint64
	var c [5]uint64
	for r := 0; r < 24; r++ {
		for x := 0; x < 5; x++ {
			c[x] = a[x] ^ a[x+5] ^ a[x+10] ^ a[x+15] ^ a[x+20]
		}
		for x := 0; x < 5; x++ {
			d := c[(x+4)%5] ^ (c[(x+1)%5]<<1 | c[(x+1)%5]>>63)
			for y := 0; y < 25; y += 5 {
				a[y+x] ^= d
			}
		}
		for i := 0; i < 25; i++ {
			v := a[i]
			n := piiKeccakRot[i]
			b[piiKeccakPi[i]] = v<<n | v>>((64-n)&63)
		}
		for y := 0; y < 25; y += 5 {
			for x := 0; x < 5; x++ {
				a[y+x] = b[y+x] ^ (^b[y+(x+1)%5] & b[y+(x+2)%5])
			}
		}
		a[0] ^= piiKeccakRC[r]
	}
}

// piiKeccak256 returns the original Keccak-256 digest (as Ethereum uses it, not NIST SHA3-256)
// of a message shorter than one block (136 bytes).
func piiKeccak256(msg []byte) (out [32]byte) {
	const rate = 136
	var block [rate]byte
	n := copy(block[:], msg)
	block[n] ^= 0x01
	block[rate-1] ^= 0x80
	var a [25]uint64
	for i := 0; i < rate/8; i++ {
		var v uint64
		for j := 7; j >= 0; j-- {
			v = v<<8 | uint64(block[i*8+j])
		}
		a[i] ^= v
	}
	piiKeccakF(&a)
	for i := 0; i < 4; i++ {
		for j := 0; j < 8; j++ {
			out[i*8+j] = byte(a[i] >> (8 * j))
		}
	}
	return out
}

// piiEip55Valid reports whether 40 hex characters carry a valid EIP-55 mixed-case checksum.
// All-lower or all-upper addresses carry no checksum and report false.
func piiEip55Valid(h []byte) bool {
	if len(h) != 40 {
		return false
	}
	var low [40]byte
	hasUpper, hasLower := false, false
	for i, c := range h {
		switch {
		case 'A' <= c && c <= 'F':
			hasUpper = true
		case 'a' <= c && c <= 'f':
			hasLower = true
		}
		low[i] = piiLower(c)
	}
	if !hasUpper || !hasLower {
		return false
	}
	sum := piiKeccak256(low[:])
	for i, c := range h {
		nib := sum[i/2] >> 4
		if i%2 == 1 {
			nib = sum[i/2] & 0x0f
		}
		if c >= 'a' && c <= 'f' && nib >= 8 || c >= 'A' && c <= 'F' && nib < 8 {
			return false
		}
	}
	return true
}

// piiEscapedBreak reports whether the two bytes before i are an escaped line break or tab
// ("\n", "\t", "\r") as they appear in JSON strings that were encoded twice, such as tool
// arguments: the letter before i then ends an escape, not a word.
func piiEscapedBreak(text []byte, i int) bool {
	return i >= 2 && text[i-2] == '\\' && (text[i-1] == 'n' || text[i-1] == 't' || text[i-1] == 'r')
}

// piiBoundaryBefore is BoundaryBefore that also accepts an escaped line break before i.
func piiBoundaryBefore(text []byte, i int, set *Set) bool {
	return BoundaryBefore(text, i, set) || piiEscapedBreak(text, i)
}

// piiInMarker reports whether a keyword hit at i lies inside a redaction marker such as
// "[REDACTED:US_SSN]" or "<DATE_OF_BIRTH_1>": marker types contain words that are cues
// ("SSN", "ROUTING", "BIRTH"), and a cue inside a marker must not find the value after it.
func piiInMarker(text []byte, i int) bool {
	if i >= len(text) || !piiUpper.Has(text[i]) {
		return false // marker types are upper case
	}
	j := i
	for j > 0 && i-j < 48 && (piiUpper.Has(text[j-1]) || piiIsDigit(text[j-1]) || text[j-1] == '_' || text[j-1] == ':') {
		j--
	}
	return j > 0 && (text[j-1] == '[' || text[j-1] == '<') && IsRedactionMarker(text, j-1)
}

// piiMarkerEnd reports whether a redaction marker ("[REDACTED:…]", "<TYPE_N>", "[HMAC:…]")
// ends right before i. Redaction replaces a value with a marker, and a rule that judged the
// value's neighbour by that value must judge the marker the same way, or redacting the output
// again would find more (redaction is idempotent).
func piiMarkerEnd(text []byte, i int) bool {
	if i <= 0 || i > len(text) || text[i-1] != ']' && text[i-1] != '>' {
		return false
	}
	for k := i - 2; k >= 0 && i-k < 80; k-- {
		if text[k] == '[' || text[k] == '<' {
			return IsRedactionMarker(text, k)
		}
	}
	return false
}

// piiMarkerAt reports whether a redaction marker starts at i.
func piiMarkerAt(text []byte, i int) bool {
	return i < len(text) && (text[i] == '[' || text[i] == '<') && IsRedactionMarker(text, i)
}

// piiStartsRun reports whether a digit at i begins a number: the byte before is not a letter, a
// digit, or a decimal point / separator directly preceded by a digit.
func piiStartsRun(text []byte, i int) bool {
	if i == 0 {
		return true
	}
	p := text[i-1]
	if AlNum.Has(p) || p == '_' {
		return piiEscapedBreak(text, i)
	}
	if piiMarkerEnd(text, i) {
		return false // right after a redaction marker, which stood for letters or digits
	}
	if (p == '.' || p == '-' || p == ',' || p == '/' || p == ':') && i >= 2 && (AlNum.Has(text[i-2]) || piiMarkerEnd(text, i-1)) {
		return false // a decimal or a list item, maybe of a redacted number
	}
	return true
}

// piiStartsGroups reports whether a digit at i begins a run of digit groups: it starts a number
// (piiStartsRun) and is not the second group of a run such as "4111 1111" or "0100-0000", so a
// grouped number is judged whole and never by a tail of it.
func piiStartsGroups(text []byte, i int) bool {
	if i >= 2 && (text[i-1] == ' ' || text[i-1] == '-') && (piiIsDigit(text[i-2]) || piiMarkerEnd(text, i-1)) {
		return false // the groups before may have been redacted
	}
	return piiStartsRun(text, i)
}

// piiFourDigits reports whether four digits start at i and something that can continue a long
// number (a digit, a space or a dash before a digit) follows: the cheap first test of the card
// and Aadhaar rules. The caller makes sure that i+5 < len(text).
func piiFourDigits(text []byte, i int) bool {
	if !piiIsDigit(text[i+1]) || !piiIsDigit(text[i+2]) || !piiIsDigit(text[i+3]) {
		return false
	}
	c := text[i+4]
	return piiIsDigit(c) || (c == ' ' || c == '-') && piiIsDigit(text[i+5])
}

// piiEndsRun reports whether a number ending at i is complete: the next byte is not a letter or
// digit, and not a decimal point or separator that continues with a digit.
func piiEndsRun(text []byte, i int) bool {
	if i >= len(text) {
		return true
	}
	c := text[i]
	if AlNum.Has(c) || c == '_' {
		return false
	}
	if (c == '.' || c == '-' || c == ',' || c == '/' || c == ':') && i+1 < len(text) && (AlNum.Has(text[i+1]) || piiMarkerAt(text, i+1)) {
		return false
	}
	return true
}

// piiEndsGroups reports whether a run of digit groups is complete at i: it ends a number
// (piiEndsRun), and no separator and redaction marker follow, since the marker may stand for
// a further group that the first pass saw.
func piiEndsGroups(text []byte, i int) bool {
	if i+1 < len(text) && (text[i] == ' ' || text[i] == '-') && piiMarkerAt(text, i+1) {
		return false
	}
	return piiEndsRun(text, i)
}

// piiGroups is a run of digit groups such as "4111 1111 1111 1111" or "078-05-1120", collected
// without allocating.
type piiGroups struct {
	digits [24]byte
	nd     int
	lens   [8]uint8
	ng     int
	sep    byte // the separator between groups, 0 when there is one group
	end    int
}

// piiScanGroups reads digit groups from i separated by one consistent separator from seps (a
// single byte each). It stops at the first byte that does not continue the run and reports
// false when the run has more than 24 digits or 8 groups.
func piiScanGroups(text []byte, i int, seps string) (g piiGroups, ok bool) {
	for {
		j := i
		for j < len(text) && piiIsDigit(text[j]) {
			if g.nd == len(g.digits) {
				return g, false
			}
			g.digits[g.nd] = text[j]
			g.nd++
			j++
		}
		if g.ng == len(g.lens) {
			return g, false
		}
		g.lens[g.ng] = uint8(j - i)
		g.ng++
		g.end = j
		if j+1 >= len(text) || !piiIsDigit(text[j+1]) {
			return g, true
		}
		s := text[j]
		if g.sep == 0 {
			if !piiContainsByte(seps, s) {
				return g, true
			}
			g.sep = s
		} else if s != g.sep {
			return g, true
		}
		i = j + 1
	}
}

func piiContainsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// pattern reports whether the group lengths are exactly want.
func (g *piiGroups) pattern(want ...uint8) bool {
	if g.ng != len(want) {
		return false
	}
	for i, w := range want {
		if g.lens[i] != w {
			return false
		}
	}
	return true
}

// piiAllSame reports whether every digit is the same.
func piiAllSame(d []byte) bool {
	for _, c := range d {
		if c != d[0] {
			return false
		}
	}
	return true
}

// piiSequential reports whether the digits run up or down by one (1234567890…, 9876…).
func piiSequential(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	up, down := true, true
	for i := 1; i < len(d); i++ {
		if (d[i-1]-'0'+1)%10 != d[i]-'0' {
			up = false
		}
		if (d[i]-'0'+1)%10 != d[i-1]-'0' {
			down = false
		}
	}
	return up || down
}

// piiCueBefore reports whether one of cues (lower-case ASCII) ends within window bytes before i,
// starting at a word boundary. It folds ASCII case and does not allocate.
func piiCueBefore(text []byte, i, window int, cues []string) bool {
	lo := i - window
	if lo < 0 {
		lo = 0
	}
	return piiCueIn(text, lo, i, cues)
}

// piiCueAfter reports whether one of cues occurs within window bytes from i, at a word boundary.
func piiCueAfter(text []byte, i, window int, cues []string) bool {
	hi := i + window
	if hi > len(text) {
		hi = len(text)
	}
	return piiCueIn(text, i, hi, cues)
}

func piiCueIn(text []byte, lo, hi int, cues []string) bool {
	for _, cue := range cues {
		n := len(cue)
	next:
		for s := lo; s+n <= hi; s++ {
			if piiLower(text[s]) != cue[0] || (s > 0 && piiLetters.Has(text[s-1]) && !piiEscapedBreak(text, s)) {
				continue
			}
			if s > 0 && (text[s-1] == ':' || text[s-1] == '<') && piiUpper.Has(text[s]) {
				continue // the type inside a redaction marker: [REDACTED:PHONE_NUMBER], <PHONE_NUMBER_1>
			}
			for k := 1; k < n; k++ {
				if piiLower(text[s+k]) != cue[k] {
					continue next
				}
			}
			if piiLetters.Has(cue[n-1]) && s+n < len(text) && piiLetters.Has(text[s+n]) && !piiIsSuffixOK(text, s+n) {
				continue
			}
			return true
		}
	}
	return false
}

// piiIsSuffixOK lets a cue match its plural ("phones"); "phone_number" matches anyway, since
// '_' is no letter.
func piiIsSuffixOK(text []byte, i int) bool {
	return i < len(text) && (text[i] == 's' || text[i] == 'S') && (i+1 >= len(text) || !piiLetters.Has(text[i+1]))
}

// piiHasPrefixFold reports whether text at i starts with p (lower-case ASCII), folding case.
func piiHasPrefixFold(text []byte, i int, p string) bool {
	if i < 0 || i+len(p) > len(text) {
		return false
	}
	for k := 0; k < len(p); k++ {
		if piiLower(text[i+k]) != p[k] {
			return false
		}
	}
	return true
}

// piiRuneAt decodes the rune at i; invalid bytes decode as utf8.RuneError with width 1.
func piiRuneAt(text []byte, i int) (rune, int) {
	if i >= len(text) {
		return utf8.RuneError, 0
	}
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(text[i:])
}

// piiIsLetterAt reports whether a letter (any script) starts at i, and its width.
func piiIsLetterAt(text []byte, i int) (bool, int) {
	r, w := piiRuneAt(text, i)
	return w > 0 && unicode.IsLetter(r), w
}

// piiIsUpperAt reports whether an upper-case or title-case letter starts at i.
func piiIsUpperAt(text []byte, i int) bool {
	if i < len(text) && text[i] < utf8.RuneSelf {
		return piiUpper.Has(text[i])
	}
	r, w := piiRuneAt(text, i)
	return w > 0 && (unicode.IsUpper(r) || unicode.IsTitle(r))
}

// piiLetterBefore reports whether the rune ending at i is a letter.
func piiLetterBefore(text []byte, i int) bool {
	if i <= 0 {
		return false
	}
	if c := text[i-1]; c < utf8.RuneSelf {
		return piiLetters.Has(c) && !piiEscapedBreak(text, i)
	}
	r, _ := utf8.DecodeLastRune(text[:i])
	return unicode.IsLetter(r)
}

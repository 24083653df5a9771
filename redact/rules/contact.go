package rules

import (
	"sync"

	"github.com/nyaruka/phonenumbers"
	"google.golang.org/protobuf/proto"
)

// contact returns the rules for contact data: e-mail addresses and phone numbers.
func contact() []Rule {
	return []Rule{
		{
			ID:          "email-address",
			Type:        "EMAIL_ADDRESS",
			Category:    PII,
			Description: "E-mail address (RFC 5321 dot-atom local part, domain with an alphabetic TLD)",
			Keywords:    []string{"@"},
			Match:       matchEmail,
		},
		{
			ID:          "phone-number",
			Type:        "PHONE_NUMBER",
			Category:    PII,
			Description: "Phone number: E.164 (+CC, 00CC), NANP, trunk-0 national formats; other shapes only beside a phone cue",
			Keywords:    piiDigitKeywords,
			Match:       matchPhone,
		},
	}
}

var (
	piiEmailLocal  = NewSet("A-Za-z0-9._%+-")
	piiEmailDomain = NewSet("A-Za-z0-9-")
)

// matchEmail finds local@domain around an '@'. It leaves credentials in URLs
// (scheme://user:pw@host) to the connection-string rules.
func matchEmail(text []byte, kw, kwEnd int) (int, int, bool) {
	start := kw
	for start > 0 && kw-start < 64 && piiEmailLocal.Has(text[start-1]) {
		start--
	}
	if start > 0 && piiEmailLocal.Has(text[start-1]) {
		return 0, 0, false // local part longer than 64 bytes
	}
	for start < kw && (text[start] == '.' || text[start] == '-') {
		start++
	}
	if start == kw || text[kw-1] == '.' {
		return 0, 0, false
	}
	for i := start + 1; i < kw; i++ {
		if text[i] == '.' && text[i-1] == '.' {
			return 0, 0, false
		}
	}
	if piiInURLAuthority(text, start) {
		return 0, 0, false
	}
	// domain: labels separated by dots, the last one alphabetic (or an xn-- A-label)
	i := kwEnd
	end := -1
	for labels := 0; labels < 16 && i-kwEnd <= 253; labels++ {
		j := Span(text, i, &piiEmailDomain, 64)
		if j == i || j-i > 63 || text[i] == '-' || text[j-1] == '-' {
			break
		}
		if labels > 0 && piiTldOK(text[i:j]) {
			end = j
		}
		if j+1 < len(text) && text[j] == '.' && piiEmailDomain.Has(text[j+1]) {
			i = j + 1
			continue
		}
		if j < len(text) && (text[j] == '_' || text[j] == '@' || text[j] >= 0x80) {
			return 0, 0, false
		}
		break
	}
	if end < 0 || (end < len(text) && piiEmailDomain.Has(text[end])) {
		return 0, 0, false
	}
	if end+1 < len(text) && text[end] == ':' && (AlNum.Has(text[end+1]) || text[end+1] == '/' || text[end+1] == '~' || piiMarkerAt(text, end+1)) {
		return 0, 0, false // an scp-style remote such as git@github.com:org/repo.git (its path maybe redacted)
	}
	return start, end, true
}

// piiTldOK reports whether a domain label can be a top-level domain: two or more letters, or an
// internationalised xn-- label.
func piiTldOK(l []byte) bool {
	if len(l) >= 5 && piiHasPrefixFold(l, 0, "xn--") {
		return true
	}
	if len(l) < 2 || len(l) > 24 {
		return false
	}
	for _, c := range l {
		if !piiLetters.Has(c) {
			return false
		}
	}
	return true
}

// piiInURLAuthority reports whether the token that contains position i is a URL whose userinfo
// holds it (scheme://user:pw@host), judged by a "://" earlier in the same token.
func piiInURLAuthority(text []byte, i int) bool {
	for j := i - 1; j >= 2 && i-j < 256; j-- {
		switch c := text[j]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' || c == '(':
			return false
		case c == '/' && text[j-1] == '/' && text[j-2] == ':':
			return true
		}
	}
	return false
}

// piiPhone is a candidate phone number: digits with their grouping.
type piiPhone struct {
	digits [20]byte
	nd     int
	lens   [10]uint8
	ng     int
	plus   bool
	paren  bool // an area code in parentheses
	trunk  bool // "(0)" after the country code
	dots   int  // '.' separators
	dashes int  // '-' separators
	end    int
}

var piiPhoneCues = []string{
	"phone", "tel", "tel.", "telephone", "mobile", "mob", "cell", "fax", "desk", "call", "dial",
	"sms", "text me", "whatsapp", "contact", "reach", "answering", "messages to", "ring",
	"hotline", "landline", "telefon", "handy", "portable", "celular", "móvil", "téléphone",
}

var piiPhoneAfterCues = []string{"office", "fax", "mobile", "cell", "home", "work", "desk", "(m)", "(h)", "(w)"}

// matchPhone finds phone numbers. The digit keywords fire on every digit, so it returns at once
// unless the hit starts a number. Numbers written with '+' or "00" and a country code are
// checked against the numbering plan metadata; NANP and trunk-0 national shapes stand alone;
// any other grouping of 7 to 13 digits needs a phone cue nearby.
func matchPhone(text []byte, kw, _ int) (int, int, bool) {
	if kw > 0 {
		switch p := text[kw-1]; {
		case p == '+' || p == '(':
			// "+44 …" and "(415) …" start one byte before the digit
			kw--
			if kw > 0 && (Word.Has(text[kw-1]) || text[kw-1] == '+' || text[kw-1] == '(' || piiMarkerEnd(text, kw)) {
				return 0, 0, false
			}
		case !piiStartsGroups(text, kw):
			return 0, 0, false
		}
	}
	p, ok := piiScanPhone(text, kw)
	if !ok && text[kw] == '(' {
		kw++ // "(212-555-0100)": the parenthesis encloses the whole number
		p, ok = piiScanPhone(text, kw)
	}
	if !ok || p.nd < 7 {
		return 0, 0, false
	}
	end := piiPhoneExtension(text, p.end)
	if !piiPhoneEnds(text, end) {
		return 0, 0, false
	}
	d := p.digits[:p.nd]
	if piiAllSame(d) || piiSequential(d) {
		return 0, 0, false
	}
	if p.plus || (d[0] == '0' && d[1] == '0' && p.nd >= 10) {
		if piiPossibleE164(&p) {
			return kw, end, true
		}
		return 0, 0, false
	}
	if p.nd > 13 || piiLooksNotPhone(&p) {
		return 0, 0, false
	}
	if piiNanp(&p) {
		return kw, end, true
	}
	if d[0] == '0' && p.ng >= 2 && p.nd >= 9 && p.nd <= 12 && p.lens[p.ng-1] >= 2 && !piiBeforeName(text, end) {
		return kw, end, true
	}
	if p.nd > 12 || (p.ng == 1 && (p.nd < 7 || p.nd > 11)) {
		return 0, 0, false
	}
	window := 40
	if p.ng == 1 {
		// a bare run of digits is an id more often than a phone: the cue must be close, and
		// "[1234567]" or "#1234567" is a reference
		if kw > 0 && (text[kw-1] == '[' || text[kw-1] == '#' || text[kw-1] == '/') {
			return 0, 0, false
		}
		window = 24
	}
	if piiCueBefore(text, kw, window, piiPhoneCues) || piiCueAfter(text, end, 12, piiPhoneAfterCues) {
		return kw, end, true
	}
	return 0, 0, false
}

// piiPhoneEnds reports whether a number can end at i: no letter or digit follows, and no
// separator that continues with a digit ("-Office" or ". Call" may follow, "-12" or ":30" not).
func piiPhoneEnds(text []byte, i int) bool {
	if i >= len(text) {
		return true
	}
	c := text[i]
	if Word.Has(c) || c == '(' {
		return false
	}
	if (c == '.' || c == '-' || c == ',' || c == '/' || c == ':') && i+1 < len(text) && piiIsDigit(text[i+1]) {
		return false
	}
	if (c == ' ' || c == '-' || c == '.') && piiMarkerAt(text, i+1) {
		return false // a marker may stand for more groups of this number: decide as the first pass did
	}
	return true
}

// piiBeforeName reports whether a capitalised word follows i after one space, as in the house
// number and street of "03262 2437 Main St".
func piiBeforeName(text []byte, i int) bool {
	return i+2 < len(text) && text[i] == ' ' && piiUpper.Has(text[i+1]) && piiLetters.Has(text[i+2])
}

// piiScanPhone reads a phone-shaped run from i: an optional '+', digit groups, at most one group
// in parentheses, and single separators (' ', '-', '.') between groups.
func piiScanPhone(text []byte, i int) (p piiPhone, ok bool) {
	if text[i] == '+' {
		p.plus = true
		i++
	}
	limit := i + 32
	if limit > len(text) {
		limit = len(text)
	}
	for i < limit {
		open := false
		if text[i] == '(' {
			if p.paren || p.trunk {
				return p, false
			}
			open = true
			i++
		}
		j := i
		for j < limit && piiIsDigit(text[j]) {
			if p.nd == len(p.digits) {
				return p, false
			}
			p.digits[p.nd] = text[j]
			p.nd++
			j++
		}
		if j == i || p.ng == len(p.lens) {
			return p, false
		}
		p.lens[p.ng] = uint8(j - i)
		p.ng++
		i = j
		if open {
			if i >= len(text) || text[i] != ')' || p.lens[p.ng-1] > 5 {
				return p, false
			}
			if p.plus && p.ng == 2 && text[i-1] == '0' && p.lens[1] == 1 {
				p.trunk = true
				p.nd-- // the trunk prefix is not dialled after a country code
				p.ng--
			} else {
				p.paren = true
			}
			i++
			p.end = i
			if i < limit && (text[i] == ' ' || text[i] == '-') {
				i++
			}
			if i < limit && piiIsDigit(text[i]) {
				continue
			}
			return p, false
		}
		p.end = i
		if i+1 < limit && (text[i] == ' ' || text[i] == '-' || text[i] == '.') && (piiIsDigit(text[i+1]) || text[i+1] == '(' && i+2 < limit && piiIsDigit(text[i+2])) {
			switch text[i] {
			case '.':
				p.dots++
			case '-':
				p.dashes++
			}
			i++
			continue
		}
		return p, true
	}
	return p, i == p.end
}

// piiPhoneExtension extends a number over an extension such as "x4587" or " ext. 12".
func piiPhoneExtension(text []byte, i int) int {
	j := i
	if j < len(text) && text[j] == ' ' {
		j++
	}
	switch {
	case piiHasPrefixFold(text, j, "ext."):
		j += 4
	case piiHasPrefixFold(text, j, "ext"):
		j += 3
	case j < len(text) && (text[j] == 'x' || text[j] == 'X') && j == i:
		j++
	default:
		return i
	}
	if j < len(text) && text[j] == ' ' {
		j++
	}
	k := Span(text, j, &Digits, 6)
	if k == j || k-j > 5 || !BoundaryAfter(text, k, &AlNum) {
		return i
	}
	return k
}

// piiPossibleE164 checks an international number against the numbering plan metadata: the
// country calling code must exist and the national number have a possible length for it
// (libphonenumber's IsPossibleNumber). The length table answers most numbers without parsing;
// only a length the table rejects is parsed in full, since parsing may strip a national
// prefix written after the country code ("+44 0 20 …") and so accept it.
func piiPossibleE164(p *piiPhone) bool {
	d := p.digits[:p.nd]
	if !p.plus {
		d = d[2:] // the "00" international prefix
	}
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return false
	}
	lengths := phoneLengths()
	cc := 0
	for i := 0; i < 3; i++ {
		cc = cc*10 + int(d[i]-'0')
		if l := lengths[cc]; l != 0 { // calling codes are prefix-free: the first hit is the code
			if l&(1<<(len(d)-i-1)) != 0 {
				return true
			}
			break
		}
	}
	var buf [16]byte
	buf[0] = '+'
	n := 1 + copy(buf[1:], d)
	num, err := phonenumbers.Parse(string(buf[:n]), "")
	if err != nil {
		return false
	}
	return phonenumbers.IsPossibleNumber(num)
}

// phoneLengths maps each country calling code to a bit set of the national number lengths
// its numbering plan allows (bit n: n digits), built once from the phonenumbers metadata with
// the library's own length test. A code without metadata has no bits and is left to Parse.
var phoneLengths = sync.OnceValue(func() *[1000]uint32 {
	var t [1000]uint32
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if cc <= 0 || cc >= len(t) {
			continue
		}
		for n := 1; n <= 17; n++ {
			num := &phonenumbers.PhoneNumber{
				CountryCode:    proto.Int32(int32(cc)),
				NationalNumber: proto.Uint64(pow10(n - 1)),
			}
			if phonenumbers.IsPossibleNumber(num) {
				t[cc] |= 1 << n
			}
		}
	}
	return &t
})

func pow10(n int) uint64 {
	v := uint64(1)
	for range n {
		v *= 10
	}
	return v
}

// piiNanp reports whether p is a North American number: 3-3-4 (area code and exchange starting
// 2-9), optionally after a leading 1.
func piiNanp(p *piiPhone) bool {
	d := p.digits[:p.nd]
	off := 0
	switch {
	case p.nd == 10 && (p.ng == 3 && p.lens[0] == 3 && p.lens[1] == 3 && p.lens[2] == 4):
	case p.nd == 11 && d[0] == '1' && p.ng == 4 && p.lens[0] == 1 && p.lens[1] == 3 && p.lens[2] == 3 && p.lens[3] == 4:
		off = 1
	default:
		return false
	}
	if p.dots > 0 && p.dashes > 0 {
		return false
	}
	return d[off] >= '2' && d[off+3] >= '2' && !(d[off+1] == '1' && d[off+2] == '1')
}

// piiLooksNotPhone rejects groupings that are dates, IPv4 addresses, SSNs or card numbers.
func piiLooksNotPhone(p *piiPhone) bool {
	d := p.digits[:p.nd]
	if p.dots > 0 && p.ng == 4 && p.lens[0] <= 3 && p.lens[1] <= 3 && p.lens[2] <= 3 && p.lens[3] <= 3 {
		return true // dotted quad
	}
	if p.ng == 3 && p.dashes == 2 && p.lens[0] == 3 && p.lens[1] == 2 && p.lens[2] == 4 {
		return true // SSN layout
	}
	if p.ng >= 3 && !p.paren {
		a, b, c := p.lens[0], p.lens[1], p.lens[2]
		if a == 4 && b <= 2 && c <= 2 && piiMonthDay(d[4:4+b], d[4+b:4+b+c]) {
			return true // 2024-05-17
		}
		if a <= 2 && b <= 2 && c == 4 && (piiMonthDay(d[:a], d[a:a+b]) || piiMonthDay(d[a:a+b], d[:a])) {
			return true // 17.05.2024, 05-17-2024
		}
	}
	return p.ng == 4 && p.lens[0] == 4 && p.lens[1] == 4 && p.lens[2] == 4
}

// piiMonthDay reports whether m and d (1 or 2 digits each) read as a month and a day.
func piiMonthDay(m, d []byte) bool {
	mv, dv := 0, 0
	for _, c := range m {
		mv = mv*10 + int(c-'0')
	}
	for _, c := range d {
		dv = dv*10 + int(c-'0')
	}
	return mv >= 1 && mv <= 12 && dv >= 1 && dv <= 31
}

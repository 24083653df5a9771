package rules

// finance returns the rules for financial identifiers: payment cards, IBAN, ABA routing numbers, crypto wallet addresses.
func finance() []Rule {
	return []Rule{
		{
			ID:          "credit-card",
			Type:        "CREDIT_CARD",
			Category:    PII,
			Description: "Payment card number (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir): IIN range, length and Luhn",
			Keywords:    piiDigitKeywords[:7], // no scheme starts with 7, 8 or 9
			Match:       matchCard,
		},
		{
			ID:          "iban",
			Type:        "IBAN_CODE",
			Category:    PII,
			Description: "IBAN, compact or in groups of four: country length and ISO 7064 mod-97",
			Keywords:    piiDigitKeywords,
			Match:       matchIBAN,
		},
		{
			ID:          "us-bank-routing",
			Type:        "US_BANK_ROUTING",
			Category:    PII,
			Description: "US ABA routing transit number after a routing/ABA/RTN cue, 3-7-1 checksum",
			Keywords:    []string{"routing", "aba", "rtn"},
			Match:       matchABA,
			Heuristic:   true,
		},
		{
			ID:          "btc-address-base58",
			Type:        "CRYPTO_WALLET",
			Category:    PII,
			Description: "Bitcoin P2PKH/P2SH address (Base58Check, double SHA-256 checksum)",
			Keywords:    []string{"1", "3"},
			Match:       matchBTCBase58,
		},
		{
			ID:          "btc-address-bech32",
			Type:        "CRYPTO_WALLET",
			Category:    PII,
			Description: "Bitcoin SegWit/Taproot address (bc1, bech32/bech32m checksum)",
			Keywords:    []string{"bc1"},
			Match:       matchBech32,
		},
		{
			ID:          "eth-address",
			Type:        "CRYPTO_WALLET",
			Category:    PII,
			Description: "Ethereum address: 0x + 40 hex with a valid EIP-55 checksum, or single-case beside a wallet cue",
			Keywords:    []string{"0x"},
			Match:       matchETH,
		},
	}
}

// matchCard finds 12–19 digit card numbers, bare or in groups (4-4-4-4, 4-6-5, 4-6-4)
// separated by spaces or dashes.
func matchCard(text []byte, kw, _ int) (int, int, bool) {
	if kw+12 > len(text) || !piiFourDigits(text, kw) || !piiStartsGroups(text, kw) {
		return 0, 0, false
	}
	g, ok := piiScanGroups(text, kw, " -")
	if !ok || g.nd < 12 || g.nd > 19 || !piiEndsGroups(text, g.end) || !piiCardGrouping(&g) {
		return 0, 0, false
	}
	d := g.digits[:g.nd]
	if piiAllSame(d[:len(d)-1]) || piiSequential(d) {
		return 0, 0, false
	}
	if !piiCardIIN(d) {
		return 0, 0, false
	}
	if !piiLuhn(d) {
		return 0, 0, false
	}
	return kw, g.end, true
}

// piiCardGrouping accepts one bare run, groups of four with a shorter last group, and the Amex
// (4-6-5) and Diners (4-6-4) print layouts.
func piiCardGrouping(g *piiGroups) bool {
	if g.ng == 1 {
		return true
	}
	if g.pattern(4, 6, 5) || g.pattern(4, 6, 4) {
		return true
	}
	for i := 0; i < g.ng-1; i++ {
		if g.lens[i] != 4 {
			return false
		}
	}
	return g.ng >= 3 && g.lens[g.ng-1] >= 1 && g.lens[g.ng-1] <= 4
}

// piiCardIIN reports whether the leading digits belong to a card scheme that issues numbers of
// this length.
func piiCardIIN(d []byte) bool {
	n := len(d)
	p := func(k int) int {
		v := 0
		for _, c := range d[:k] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	p2, p3, p4, p6 := p(2), p(3), p(4), p(6)
	switch {
	case d[0] == '4': // Visa
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		return n == 16
	case p4 >= 2200 && p4 <= 2204: // Mir
		return n >= 16
	case p2 == 34 || p2 == 37: // American Express
		return n == 15
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65, p6 >= 622126 && p6 <= 622925: // Discover
		return n >= 16
	case p2 == 62: // UnionPay
		return n >= 16
	case p2 == 36, p3 >= 300 && p3 <= 305, p4 == 3095, p2 == 38, p2 == 39: // Diners Club
		return n >= 14
	case p2 == 35: // JCB (3528-3589), RuPay (353, 356)
		return n >= 16
	case p4 == 1800 || p4 == 2131: // JCB, original 15-digit ranges
		return n == 15
	case p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67 || p2 == 60 || p4 == 604: // Maestro, RuPay
		return n >= 12
	}
	return false
}

// piiIbanLen is the total IBAN length per country (SWIFT IBAN registry), indexed by the two
// country letters; 0 means the country issues no IBAN.
var piiIbanLen = func() (t [26 * 26]uint8) {
	const table = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28" +
		"EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HN28HR21HU28IE22IL23IQ23IS26IT27" +
		"JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15" +
		"OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24" +
		"TR26UA29VA22VG24XK20YE30"
	for i := 0; i+4 <= len(table); i += 4 {
		t[int(table[i]-'A')*26+int(table[i+1]-'A')] = (table[i+2]-'0')*10 + table[i+3] - '0'
	}
	return t
}()

// matchIBAN fires on the first check digit: the two bytes before it must be the country code.
func matchIBAN(text []byte, kw, _ int) (int, int, bool) {
	if kw < 2 || kw+2 >= len(text) || !piiIsDigit(text[kw+1]) {
		return 0, 0, false
	}
	a, b := text[kw-2], text[kw-1]
	lowerCase := false
	switch {
	case piiUpper.Has(a) && piiUpper.Has(b):
	case 'a' <= a && a <= 'z' && 'a' <= b && b <= 'z':
		lowerCase = true
	default:
		return 0, 0, false
	}
	start := kw - 2
	if !piiBoundaryBefore(text, start, &Word) {
		return 0, 0, false
	}
	want := int(piiIbanLen[int(a&^0x20-'A')*26+int(b&^0x20-'A')])
	if want == 0 {
		return 0, 0, false
	}
	var buf [34]byte
	n := 0
	put := func(c byte) bool {
		if lowerCase && 'A' <= c && c <= 'Z' {
			return false
		}
		buf[n] = c &^ 0x20
		if piiIsDigit(c) {
			buf[n] = c
		}
		n++
		return true
	}
	put(a)
	put(b)
	put(text[kw])
	put(text[kw+1])
	i := kw + 2
	if i < len(text) && text[i] == ' ' {
		// printed form: groups of four separated by one space, the last one shorter
		for n < want && i+1 < len(text) && text[i] == ' ' {
			j := Span(text, i+1, &AlNum, 4)
			if j == i+1 || n+(j-i-1) > want || (j-i-1 < 4 && n+(j-i-1) != want) {
				return 0, 0, false
			}
			for _, c := range text[i+1 : j] {
				if !put(c) {
					return 0, 0, false
				}
			}
			i = j
		}
	} else {
		j := Span(text, i, &AlNum, want-4+1)
		if j-i != want-4 {
			return 0, 0, false
		}
		for _, c := range text[i:j] {
			if !put(c) {
				return 0, 0, false
			}
		}
		i = j
	}
	if n != want || !BoundaryAfter(text, i, &Word) {
		return 0, 0, false
	}
	if !piiMod97(buf[:n]) {
		return 0, 0, false
	}
	return start, i, true
}

// matchABA finds the nine-digit routing number that follows a routing/ABA/RTN cue on the same
// line.
func matchABA(text []byte, kw, kwEnd int) (int, int, bool) {
	if piiInMarker(text, kw) {
		return 0, 0, false
	}
	if !piiBoundaryBefore(text, kw, &AlNum) {
		return 0, 0, false
	}
	if kwEnd-kw == 3 && !BoundaryAfter(text, kwEnd, &piiLetters) {
		return 0, 0, false // "aba" or "rtn" inside a longer word
	}
	limit := kwEnd + 48
	if limit > len(text) {
		limit = len(text)
	}
	i, ok := piiSkipLabel(text, kwEnd, limit, piiABALabel)
	if !ok {
		return 0, 0, false
	}
	j := Span(text, i, &Digits, 10)
	if j-i != 9 || !piiEndsRun(text, j) {
		return 0, 0, false
	}
	d := text[i:j]
	if piiAllSame(d) || !piiABADistrict(d) || !piiAbaChecksum(d) {
		return 0, 0, false
	}
	return i, j, true
}

// piiABALabel are the words that may stand between a routing cue and the number.
var piiABALabel = []string{
	"aba", "bank", "code", "is", "no", "nr", "num", "number", "numbers", "routing", "rtn", "transit",
}

// piiSkipLabel moves from i over a label such as ` number (ABA): "` to the first digit before
// limit. Only punctuation, spaces and the given words (any case; the list sorted) may stand
// in between, and the label may not cross a line.
func piiSkipLabel(text []byte, i, limit int, words []string) (int, bool) {
	if limit > len(text) {
		limit = len(text)
	}
	for i < limit {
		c := text[i]
		switch {
		case piiIsDigit(c):
			return i, piiStartsRun(text, i)
		case c == '\n':
			return i, false
		case piiLetters.Has(c):
			j := Span(text, i, &piiLetters, 16)
			if !piiInList(text[i:j], words) {
				return i, false
			}
			i = j
		default:
			i++
		}
	}
	return i, false
}

// piiABADistrict reports whether the first two digits are a Federal Reserve district (00-12),
// a thrift (21-32), an electronic (61-72) or a traveller's cheque (80) prefix.
func piiABADistrict(d []byte) bool {
	v := int(d[0]-'0')*10 + int(d[1]-'0')
	return v <= 12 || v >= 21 && v <= 32 || v >= 61 && v <= 72 || v == 80
}

// matchBTCBase58 finds legacy Bitcoin addresses: '1' (P2PKH, version 0) or '3' (P2SH,
// version 5) followed by Base58 characters, 26–35 in all, with a valid Base58Check checksum.
func matchBTCBase58(text []byte, kw, _ int) (int, int, bool) {
	if !piiBoundaryBefore(text, kw, &TokenChars) || kw+26 > len(text) {
		return 0, 0, false
	}
	end := Span(text, kw, &piiBase58Chars, 36)
	if end-kw < 26 || end-kw > 35 || !BoundaryAfter(text, end, &AlNum) {
		return 0, 0, false
	}
	v, ok := piiBase58Check(text[kw:end])
	if !ok || (text[kw] == '1' && v != 0) || (text[kw] == '3' && v != 5) {
		return 0, 0, false
	}
	return kw, end, true
}

// matchBech32 finds bc1… addresses with a valid bech32 (v0) or bech32m (v1+) checksum.
func matchBech32(text []byte, kw, _ int) (int, int, bool) {
	if !piiBoundaryBefore(text, kw, &AlNum) {
		return 0, 0, false
	}
	end := Span(text, kw, &AlNum, 91)
	n := end - kw
	if n < 14 || n > 90 || !BoundaryAfter(text, end, &AlNum) {
		return 0, 0, false
	}
	if !piiBech32Valid(text[kw:end]) {
		return 0, 0, false
	}
	return kw, end, true
}

var piiWalletCues = []string{
	"wallet", "address", "addr", "eth", "ether", "ethereum", "recipient", "deposit", "withdraw",
	"metamask", "send", "sent", "transfer", "payout", "beneficiary",
}

// matchETH finds 0x + 40 hex addresses: mixed case must carry a valid EIP-55 checksum, single
// case needs a wallet cue before it (the same shape is a SHA-1 digest or a contract hash).
func matchETH(text []byte, kw, kwEnd int) (int, int, bool) {
	if text[kw] != '0' || !piiBoundaryBefore(text, kw, &Word) {
		return 0, 0, false
	}
	end := Span(text, kwEnd, &HexAny, 41)
	if end-kwEnd != 40 || !BoundaryAfter(text, end, &Word) {
		return 0, 0, false
	}
	h := text[kwEnd:end]
	zeros := 0
	for _, c := range h {
		if c == '0' {
			zeros++
		}
	}
	if zeros >= 36 { // the zero address, burn addresses such as 0x…dEaD
		return 0, 0, false
	}
	mixed := false
	for _, c := range h {
		if 'A' <= c && c <= 'F' {
			for _, c2 := range h {
				if 'a' <= c2 && c2 <= 'f' {
					mixed = true
					break
				}
			}
			break
		}
	}
	if mixed {
		if !piiEip55Valid(h) {
			return 0, 0, false
		}
		return kw, end, true
	}
	if !piiCueBefore(text, kw, 48, piiWalletCues) {
		return 0, 0, false
	}
	return kw, end, true
}

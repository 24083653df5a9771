package rules

// network returns the rules for network identifiers: IPv4, IPv6 and MAC addresses.
func network() []Rule {
	return []Rule{
		{
			ID:          "ipv4-address",
			Type:        "IP_ADDRESS",
			Category:    PII,
			Description: "IPv4 dotted quad (not 127.0.0.1, 0.0.0.0 or broadcast; not a version string or OID)",
			Keywords:    piiDigitKeywords,
			Match:       matchIPv4,
		},
		{
			ID:          "ipv6-address",
			Type:        "IP_ADDRESS",
			Category:    PII,
			Description: "IPv6 address, full or compressed, optionally with an embedded IPv4 or a zone (not ::1 or ::)",
			Keywords:    []string{":"},
			Match:       matchIPv6,
		},
		{
			ID:          "mac-address",
			Type:        "MAC_ADDRESS",
			Category:    PII,
			Description: "EUI-48 MAC address aa:bb:cc:dd:ee:ff or AA-BB-CC-DD-EE-FF (not broadcast, multicast or documentation)",
			Keywords:    []string{":", "-"},
			Match:       matchMAC,
		},
	}
}

// piiVersionCues are words after which a dotted number is a version, not an address.
var piiVersionCues = []string{"version", "ver", "release", "build", "firmware", "rev", "revision", "oid", "v"}

// piiParseIPv4 reads a dotted quad at i (octets 0-255, no leading zeros) and returns its end
// and octets.
func piiParseIPv4(text []byte, i int) (end int, o [4]int, ok bool) {
	for k := 0; k < 4; k++ {
		if k > 0 {
			if i >= len(text) || text[i] != '.' {
				return 0, o, false
			}
			i++
		}
		j := Span(text, i, &Digits, 4)
		n := j - i
		if n == 0 || n > 3 || (n > 1 && text[i] == '0') {
			return 0, o, false
		}
		v := 0
		for _, c := range text[i:j] {
			v = v*10 + int(c-'0')
		}
		if v > 255 {
			return 0, o, false
		}
		o[k] = v
		i = j
	}
	return i, o, true
}

// matchIPv4 finds dotted quads. The loopback, unspecified and broadcast addresses (127.0.0.1,
// 0.0.0.0, 255.255.255.255) are not personal data and are kept; the rest of 127/8 is rare
// enough that it is redacted rather than guessed about (fail closed). Version strings
// ("v1.2.3.4", "version 1.2.3.4", "1.2.3.4-beta") and longer dotted numbers such as OIDs are
// kept too.
func matchIPv4(text []byte, kw, _ int) (int, int, bool) {
	if kw+7 > len(text) || !piiBoundaryBefore(text, kw, &Word) {
		return 0, 0, false
	}
	if kw > 0 {
		p := text[kw-1]
		q := byte(0)
		if kw >= 2 {
			q = text[kw-2]
		}
		marker := piiMarkerEnd(text, kw-1) // a redaction marker decides like the number it replaced
		if p == '.' || p == ':' && (piiIsDigit(q) || marker) || p == '/' && q != '/' || p == '-' && (AlNum.Has(q) || marker) {
			return 0, 0, false // a longer dotted number, a time, a path; "http://10.0.0.1" and "ip:10.0.0.1" are addresses
		}
	}
	// fail fast: a dot within the first four bytes
	if text[kw+1] != '.' && text[kw+2] != '.' && text[kw+3] != '.' {
		return 0, 0, false
	}
	end, o, ok := piiParseIPv4(text, kw)
	if !ok {
		return 0, 0, false
	}
	if end < len(text) {
		c := text[end]
		if Word.Has(c) {
			return 0, 0, false
		}
		if (c == '.' || c == '-' || c == '+') && end+1 < len(text) && AlNum.Has(text[end+1]) {
			return 0, 0, false // OID, 1.2.3.4-beta, 1.2.3.4+build
		}
	}
	if o == [4]int{127, 0, 0, 1} || o == [4]int{} || o == [4]int{255, 255, 255, 255} {
		return 0, 0, false
	}
	if piiVersionBefore(text, kw) {
		return 0, 0, false
	}
	return kw, end, true
}

// piiVersionBefore reports whether the word right before i (within a few bytes) says that a
// version number follows.
func piiVersionBefore(text []byte, i int) bool {
	j := i
	for j > 0 && i-j < 3 && (text[j-1] == ' ' || text[j-1] == ':' || text[j-1] == '=' || text[j-1] == '"') {
		j--
	}
	w := j
	for w > 0 && j-w < 12 && piiLetters.Has(text[w-1]) {
		w--
	}
	if w == j || (w > 0 && piiLetters.Has(text[w-1])) {
		return false
	}
	for _, cue := range piiVersionCues {
		if len(cue) == j-w && piiHasPrefixFold(text, w, cue) {
			return true
		}
	}
	return false
}

// matchIPv6 fires on the first ':' of a run of hex digits and colons and parses the run as an
// IPv6 address. The loopback (::1) and unspecified (::) addresses are kept.
func matchIPv6(text []byte, kw, _ int) (int, int, bool) {
	// fail fast: a hex digit or a second ':' must touch this colon
	prevHex := kw > 0 && HexAny.Has(text[kw-1])
	nextOK := kw+1 < len(text) && (HexAny.Has(text[kw+1]) || text[kw+1] == ':')
	if !prevHex && !(kw+1 < len(text) && text[kw+1] == ':') || !nextOK {
		return 0, 0, false
	}
	start := kw
	for start > 0 && kw-start < 5 && HexAny.Has(text[start-1]) {
		start--
	}
	if kw-start > 4 {
		return 0, 0, false
	}
	if start > 0 {
		if p := text[start-1]; Word.Has(p) || p == ':' || p == '.' || p == '-' || piiMarkerEnd(text, start) {
			return 0, 0, false // not the first colon of the run, part of a longer token, or after a marker
		}
	}
	end, ok := piiParseIPv6(text, start)
	if !ok {
		return 0, 0, false
	}
	return start, end, true
}

// piiParseIPv6 parses an IPv6 address at i (eight groups, or fewer with one "::", the last
// 32 bits possibly dotted IPv4, an optional %zone) and returns its end. It rejects the
// loopback and unspecified addresses, and runs without a decimal digit (Rust or C++ paths
// such as Face::Add).
func piiParseIPv6(text []byte, i int) (int, bool) {
	start := i
	groups, dbl := 0, -1
	nonZero, digit, one := false, false, false
	if i+1 < len(text) && text[i] == ':' && text[i+1] == ':' {
		dbl = 0
		i += 2
	}
	for groups < 8 && i < len(text) && HexAny.Has(text[i]) {
		if groups <= 6 {
			if end, o, ok := piiParseIPv4(text, i); ok {
				nonZero = nonZero || o != [4]int{}
				digit = true
				groups += 2
				i = end
				break
			}
		}
		j := Span(text, i, &HexAny, 5)
		if j-i > 4 {
			return 0, false
		}
		v := 0
		for _, c := range text[i:j] {
			v = v<<4 | int(piiHexVal(c))
			digit = digit || piiIsDigit(c)
		}
		one = v == 1
		nonZero = nonZero || v != 0
		groups++
		i = j
		if i+1 < len(text) && text[i] == ':' && text[i+1] == ':' {
			if dbl >= 0 {
				return 0, false
			}
			dbl = groups
			i += 2
			continue
		}
		if i+1 < len(text) && text[i] == ':' && HexAny.Has(text[i+1]) && groups < 8 {
			i++
			continue
		}
		break
	}
	if dbl < 0 && groups != 8 || dbl >= 0 && groups > 7 || !digit || !nonZero {
		return 0, false
	}
	if dbl == 0 && groups == 1 && one {
		return 0, false // ::1
	}
	if dbl == 0 && groups == 2 && text[start+2] == '1' && text[start+3] == ':' && piiAllDigits(text[start+4:i]) {
		return 0, false // ::1 with a port, as in "from ::1:3000" or "redis://::1:6379"
	}
	if i < len(text) {
		c := text[i]
		if Word.Has(c) || c == ':' || c == '.' && i+1 < len(text) && piiIsDigit(text[i+1]) {
			return 0, false
		}
	}
	if i+1 < len(text) && text[i] == '%' && AlNum.Has(text[i+1]) {
		i = Span(text, i+1, &Word, 16) // zone index: fe80::1%eth0
	}
	return i, true
}

func piiAllDigits(b []byte) bool {
	for _, c := range b {
		if !piiIsDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

func piiHexVal(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// matchMAC fires on the first separator of an EUI-48 address. The Cisco form aabb.ccdd.eeff
// is left out: its '.' trigger would wake on every sentence.
func matchMAC(text []byte, kw, _ int) (int, int, bool) {
	sep := text[kw]
	start := kw - 2
	if start < 0 || kw+15 > len(text) || !HexAny.Has(text[kw-1]) || !HexAny.Has(text[kw-2]) {
		return 0, 0, false
	}
	if start > 0 {
		if p := text[start-1]; Word.Has(p) || p == ':' || p == '-' || p == '.' {
			return 0, 0, false
		}
	}
	var oct [6]byte
	i := start
	for k := 0; k < 6; k++ {
		if k > 0 {
			if text[i] != sep {
				return 0, 0, false
			}
			i++
		}
		if !HexAny.Has(text[i]) || !HexAny.Has(text[i+1]) {
			return 0, 0, false
		}
		oct[k] = piiHexVal(text[i])<<4 | piiHexVal(text[i+1])
		i += 2
	}
	if i < len(text) && (Word.Has(text[i]) || (text[i] == sep && i+1 < len(text) && HexAny.Has(text[i+1]))) {
		return 0, 0, false
	}
	if !piiMACPersonal(oct) {
		return 0, 0, false
	}
	return start, i, true
}

// piiMACPersonal reports whether a MAC address can identify a device: not broadcast, not all
// zero, not multicast (IPv4 01:00:5e, IPv6 33:33, bridge 01:80:c2) and not the documentation
// block 00:00:5e:00:53:xx.
func piiMACPersonal(o [6]byte) bool {
	if o == [6]byte{} || o == [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff} {
		return false
	}
	if o[0]&1 == 1 { // group (multicast) bit
		return false
	}
	if o[0] == 0 && o[1] == 0 && o[2] == 0x5e && o[3] == 0 && (o[4] == 0x53 || o[4] == 0x01) {
		return false // documentation and VRRP
	}
	return true
}

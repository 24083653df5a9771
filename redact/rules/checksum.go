package rules

import "hash/crc32"

// This file holds the checksum validators of credential formats that carry one: GitHub's
// CRC-32 in base62 and GitLab's routable tokens with their payload length and CRC-32 in
// base36. They examine only the token they are given and do not allocate.

// credBase62 is the digit order of GitHub's base62 checksum: digits, upper case, lower case.
const credBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// credBase36 is the digit order of GitLab's base36 fields.
const credBase36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// crcDigitsEqual reports whether digits is sum written in the given base alphabet,
// left-padded with the alphabet's zero to len(digits) characters.
func crcDigitsEqual(sum uint32, digits []byte, alphabet string) bool {
	base := uint32(len(alphabet))
	for i := len(digits) - 1; i >= 0; i-- {
		if digits[i] != alphabet[sum%base] {
			return false
		}
		sum /= base
	}
	return sum == 0
}

// githubChecksumValid reports whether tok, a GitHub token such as ghp_… (four-byte prefix,
// 30 random base62 characters, six checksum characters), carries a valid checksum: the
// CRC-32 (IEEE) of the random part in base62, left-padded with '0' to six characters.
func githubChecksumValid(tok []byte) bool {
	if len(tok) != 40 || tok[3] != '_' {
		return false
	}
	body := tok[4:]
	for _, c := range body {
		if !AlNum.Has(c) {
			return false
		}
	}
	return crcDigitsEqual(crc32.ChecksumIEEE(body[:30]), body[30:], credBase62)
}

// base36Value returns the value of the lower-case base36 digits in b, or -1.
func base36Value(b []byte) int {
	n := 0
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			n = n*36 + int(c-'0')
		case 'a' <= c && c <= 'z':
			n = n*36 + int(c-'a') + 10
		default:
			return -1
		}
	}
	return n
}

// gitlabRoutableValid reports whether tok is a well-formed GitLab routable token: a prefix
// (glpat-, or glrt- with its t<digit>_ runner type), a base64url payload of 27 to 300
// characters, '.', an optional two-character version and '.', the payload length in two
// base36 digits, and seven base36 digits of CRC-32 (IEEE) over everything before them.
// prefixLen is the length of the part before the payload.
func gitlabRoutableValid(tok []byte, prefixLen int) bool {
	// the tail is ".ll" + crc (unversioned) or ".vv.ll" + crc (versioned)
	if len(tok) < prefixLen+27+10 {
		return false
	}
	crc := tok[len(tok)-7:]
	lenField := tok[len(tok)-9 : len(tok)-7]
	dot := len(tok) - 10
	if tok[dot] != '.' {
		return false
	}
	payloadEnd := dot
	if payloadEnd-3 > prefixLen && tok[payloadEnd-3] == '.' && base36Value(tok[payloadEnd-2:payloadEnd]) >= 0 {
		payloadEnd -= 3 // a version field
	}
	payload := tok[prefixLen:payloadEnd]
	if len(payload) < 27 || len(payload) > 300 {
		return false
	}
	for _, c := range payload {
		if !Base64URL.Has(c) {
			return false
		}
	}
	if base36Value(lenField) != len(payload) || base36Value(crc) < 0 {
		return false
	}
	return crcDigitsEqual(crc32.ChecksumIEEE(tok[:len(tok)-7]), crc, credBase36)
}

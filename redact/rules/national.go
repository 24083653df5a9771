package rules

// national returns the rules for national identifiers: US SSN, UK NINO, India Aadhaar and PAN.
func national() []Rule {
	return []Rule{
		{
			ID:          "us-ssn",
			Type:        "US_SSN",
			Category:    PII,
			Description: "US Social Security number AAA-GG-SSSS (dashes or spaces) with valid area, group and serial",
			Keywords:    piiDigitKeywords[:9], // no area starts with 9
			Match:       matchSSN,
		},
		{
			ID:          "us-ssn-context",
			Type:        "US_SSN",
			Category:    PII,
			Description: "US Social Security number written as nine bare digits after an SSN cue",
			Keywords:    []string{"ssn", "social security", "ss#"},
			Match:       matchSSNContext,
			Heuristic:   true,
		},
		{
			ID:          "us-driver-license",
			Type:        "US_DRIVER_LICENSE",
			Category:    PII,
			Description: "US driver's license number (4-20 letters and digits, at least four digits) after a license cue",
			Keywords:    piiLicenseCues,
			Match:       matchDriverLicense,
			Heuristic:   true,
		},
		{
			ID:          "uk-nino",
			Type:        "UK_NINO",
			Category:    PII,
			Description: "UK National Insurance number: allocated prefix, six digits, suffix A-D",
			Keywords:    piiDigitKeywords,
			Match:       matchNINO,
		},
		{
			ID:          "in-aadhaar",
			Type:        "IN_AADHAAR",
			Category:    PII,
			Description: "India Aadhaar number: 12 digits starting 2-9 with a Verhoeff check, grouped 4-4-4 or after an Aadhaar cue",
			Keywords:    piiDigitKeywords[2:],
			Match:       matchAadhaar,
		},
		{
			ID:          "in-pan",
			Type:        "IN_PAN",
			Category:    PII,
			Description: "India Permanent Account Number AAAPA1234A with a valid holder-type letter",
			Keywords:    piiDigitKeywords,
			Match:       matchPAN,
		},
	}
}

// piiSsnValid applies the SSA rules to nine digits: area not 000, 666 or 9xx; group not 00;
// serial not 0000; and it leaves out numbers that were published or reserved for advertising.
func piiSsnValid(d []byte) bool {
	switch {
	case d[0] == '0' && d[1] == '0' && d[2] == '0', d[0] == '6' && d[1] == '6' && d[2] == '6', d[0] == '9':
		return false
	case d[3] == '0' && d[4] == '0':
		return false
	case d[5] == '0' && d[6] == '0' && d[7] == '0' && d[8] == '0':
		return false
	}
	switch string(d) {
	case "078051120", "219099999", "457555462", "123456789":
		return false
	}
	if string(d[:8]) == "98765432" {
		return false
	}
	return !piiAllSame(d)
}

// matchSSN finds AAA-GG-SSSS and AAA GG SSSS.
func matchSSN(text []byte, kw, _ int) (int, int, bool) {
	if kw+11 > len(text) {
		return 0, 0, false
	}
	sep := text[kw+3]
	if (sep != '-' && sep != ' ') || text[kw+6] != sep || !piiStartsGroups(text, kw) {
		return 0, 0, false
	}
	g, ok := piiScanGroups(text, kw, "- ")
	if !ok || !g.pattern(3, 2, 4) || !piiEndsGroups(text, g.end) {
		return 0, 0, false
	}
	if sep == ' ' && g.end < len(text) && text[g.end] == ' ' && g.end+1 < len(text) && piiIsDigit(text[g.end+1]) {
		return 0, 0, false
	}
	if !piiSsnValid(g.digits[:9]) {
		return 0, 0, false
	}
	return kw, g.end, true
}

// piiSSNLabel are the words that may stand between an SSN cue and the number.
var piiSSNLabel = []string{"applicant", "employee", "is", "no", "nr", "num", "number", "of", "ssn", "the"}

// matchSSNContext finds nine bare digits (or the dashed form) within a short distance after an
// SSN cue on the same line.
func matchSSNContext(text []byte, kw, kwEnd int) (int, int, bool) {
	if piiInMarker(text, kw) {
		return 0, 0, false
	}
	if !piiBoundaryBefore(text, kw, &piiLetters) {
		return 0, 0, false
	}
	i, ok := piiSkipLabel(text, kwEnd, kwEnd+40, piiSSNLabel)
	if !ok {
		return 0, 0, false
	}
	g, ok := piiScanGroups(text, i, "- ")
	if !ok || !(g.pattern(9) || g.pattern(3, 2, 4)) || !piiEndsGroups(text, g.end) {
		return 0, 0, false
	}
	if !piiSsnValid(g.digits[:9]) {
		return 0, 0, false
	}
	return i, g.end, true
}

// piiLicenseCues introduce a driver's license number. State formats range from 1 letter and 4
// digits to 13 digits, so the cue decides and the shape only has to look like an id.
var piiLicenseCues = []string{
	"driver's license", "drivers license", "driver license", "driver's licence", "driving licence",
	"driving license", "dl#", "dl no", "dl number", "license no", "license number", "licence number",
	"drivers_license", "driver_license", "license_number", "licence_number", "dl_number",
}

var piiLicenseLabel = []string{"id", "is", "no", "no.", "num", "number", "state"}

var piiLicenseChars = NewSet("A-Za-z0-9-")

// matchDriverLicense finds the id after a license cue on the same line: 4 to 20 letters, digits
// and dashes with at least four digits, not a date.
func matchDriverLicense(text []byte, kw, kwEnd int) (int, int, bool) {
	if piiInMarker(text, kw) {
		return 0, 0, false
	}
	if !piiBoundaryBefore(text, kw, &AlNum) {
		return 0, 0, false
	}
	i := kwEnd
	for n := 0; n < 6 && i < len(text) && i-kwEnd < 40; n++ {
		for i < len(text) && (text[i] == ' ' || text[i] == ':' || text[i] == '#' || text[i] == '"' || text[i] == '(' || text[i] == ')' || text[i] == '=') {
			i++
		}
		j := Span(text, i, &piiLetters, 8)
		if j > i && j < len(text) && !piiIsDigit(text[j]) && text[j] != '-' && piiInList(text[i:j], piiLicenseLabel) {
			i = j
			if i < len(text) && text[i] == '.' {
				i++
			}
			continue
		}
		break
	}
	if i >= len(text) || !piiBoundaryBefore(text, i, &AlNum) {
		return 0, 0, false
	}
	end := Span(text, i, &piiLicenseChars, 21)
	for end > i && text[end-1] == '-' {
		end--
	}
	if end-i < 4 || end-i > 20 || !BoundaryAfter(text, end, &AlNum) {
		return 0, 0, false
	}
	digits := 0
	for _, c := range text[i:end] {
		if piiIsDigit(c) {
			digits++
		}
	}
	if digits < 4 || LooksPlaceholder(text[i:end]) {
		return 0, 0, false
	}
	if _, ok := piiParseDate(text, i); ok {
		return 0, 0, false
	}
	return i, end, true
}

// matchNINO fires on the first digit of a NINO: QQ123456C or QQ 12 34 56 C.
func matchNINO(text []byte, kw, _ int) (int, int, bool) {
	start := kw - 2
	spaced := false
	if kw >= 3 && text[kw-1] == ' ' {
		start, spaced = kw-3, true
	}
	if start < 0 || !piiUpper.Has(text[start]) || !piiUpper.Has(text[start+1]) || !piiBoundaryBefore(text, start, &AlNum) {
		return 0, 0, false
	}
	a, b := text[start], text[start+1]
	if !piiNinoPrefix(a, b) {
		return 0, 0, false
	}
	i := kw
	for k := 0; k < 3; k++ {
		if i+2 > len(text) || !piiIsDigit(text[i]) || !piiIsDigit(text[i+1]) {
			return 0, 0, false
		}
		i += 2
		if spaced && i < len(text) && text[i] == ' ' {
			i++
		}
	}
	if spaced && text[i-1] != ' ' {
		return 0, 0, false
	}
	if !spaced && i < len(text) && text[i] == ' ' {
		i++ // "QQ123456 C"
	}
	if i >= len(text) || text[i] < 'A' || text[i] > 'D' || !BoundaryAfter(text, i+1, &AlNum) {
		return 0, 0, false
	}
	return start, i + 1, true
}

// piiNinoPrefix applies HMRC's prefix rules: neither letter D, F, I, Q, U or V; the second not O;
// not one of the unallocated or administrative prefixes.
func piiNinoPrefix(a, b byte) bool {
	bad := func(c byte) bool {
		return c == 'D' || c == 'F' || c == 'I' || c == 'Q' || c == 'U' || c == 'V'
	}
	if bad(a) || bad(b) || b == 'O' {
		return false
	}
	const unallocated = "BGGBKNNKNTTNZZOOCRFYMWNC"
	for i := 0; i < len(unallocated); i += 2 {
		if unallocated[i] == a && unallocated[i+1] == b {
			return false
		}
	}
	return true
}

var piiAadhaarCues = []string{"aadhaar", "aadhar", "uidai", "uid", "आधार"}

// matchAadhaar finds 12-digit Aadhaar numbers (first digit 2-9, Verhoeff check) grouped
// 4-4-4 by spaces or dashes; a bare run of 12 digits counts only after an Aadhaar cue.
func matchAadhaar(text []byte, kw, _ int) (int, int, bool) {
	if text[kw] < '2' || kw+12 > len(text) || !piiFourDigits(text, kw) || !piiStartsGroups(text, kw) {
		return 0, 0, false
	}
	g, ok := piiScanGroups(text, kw, " -")
	if !ok || g.nd != 12 || !piiEndsGroups(text, g.end) {
		return 0, 0, false
	}
	if !g.pattern(4, 4, 4) && !(g.pattern(12) && piiCueBefore(text, kw, 40, piiAadhaarCues)) {
		return 0, 0, false
	}
	d := g.digits[:12]
	if piiAllSame(d) || piiSequential(d) || !piiVerhoeff(d) {
		return 0, 0, false
	}
	return kw, g.end, true
}

// matchPAN fires on the first digit of a PAN: five upper-case letters (the fourth one a holder
// type), four digits not all zero, one upper-case letter.
func matchPAN(text []byte, kw, _ int) (int, int, bool) {
	start := kw - 5
	if start < 0 || kw+5 > len(text) || !piiBoundaryBefore(text, start, &AlNum) {
		return 0, 0, false
	}
	for _, c := range text[start:kw] {
		if !piiUpper.Has(c) {
			return 0, 0, false
		}
	}
	switch text[start+3] {
	case 'P', 'C', 'H', 'F', 'A', 'B', 'G', 'J', 'L', 'T', 'K':
	default:
		return 0, 0, false
	}
	d := text[kw : kw+4]
	for _, c := range d {
		if !piiIsDigit(c) {
			return 0, 0, false
		}
	}
	if string(d) == "0000" || !piiUpper.Has(text[kw+4]) || !BoundaryAfter(text, kw+5, &AlNum) {
		return 0, 0, false
	}
	return start, kw + 5, true
}

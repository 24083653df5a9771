package rules

// person returns the rules for personal context: person names, dates of birth and street addresses.
func person() []Rule {
	return []Rule{
		{
			ID:          "date-of-birth",
			Type:        "DATE_OF_BIRTH",
			Category:    PII,
			Description: "Date after a birth cue (born, DOB, date of birth, birthday, Geburtsdatum…)",
			Keywords:    piiBirthCues,
			Match:       matchDateOfBirth,
			Heuristic:   true,
		},
		{
			ID:          "street-address",
			Type:        "STREET_ADDRESS",
			Category:    PII,
			Description: "House number and street with a street-type word, with unit, city, state and postcode",
			Keywords:    piiDigitKeywords,
			Match:       matchStreetAddress,
			Heuristic:   true,
		},
		{
			ID:          "po-box",
			Type:        "STREET_ADDRESS",
			Category:    PII,
			Description: "Post office and military boxes: P.O. Box 12, PSC 3294, Box 9168, Unit 5146 Box 1772",
			Keywords:    []string{"p.o. box", "po box", "psc ", "unit "},
			Match:       matchPOBox,
			Heuristic:   true,
		},
		{
			ID:          "person-title",
			Type:        "PERSON",
			Category:    PII,
			Description: "Name after a title: Mr, Mrs, Ms, Miss, Dr, Prof",
			Keywords:    piiTitleKeywords,
			Match:       matchPersonTitle,
			Heuristic:   true,
		},
		{
			ID:          "person-intro",
			Type:        "PERSON",
			Category:    PII,
			Description: "Name after an introduction or a label: my name is, I'm, name:, called, Dear, says",
			Keywords:    piiIntroKeywords,
			Match:       matchPersonIntro,
			Heuristic:   true,
		},
		{
			ID:          "person-json-name",
			Type:        "PERSON",
			Category:    PII,
			Description: "Capitalised name as the whole value of a name key in JSON: \"full_name\": \"Ana Souza\"",
			Keywords:    []string{`name"`, `name\"`, `holder"`, `holder\"`},
			Match:       matchJSONName,
			Heuristic:   true,
		},
		{
			ID:          "person-signature",
			Type:        "PERSON",
			Category:    PII,
			Description: "Name on the line after a closing (Regards, Best, Thanks, Sincerely) or a signature delimiter \"-- \"",
			Keywords:    []string{"regards", "best", "thanks", "thank you", "cheers", "sincerely", "yours", "-- "},
			Match:       matchPersonSignature,
			Heuristic:   true,
		},
		{
			ID:          "person-before-cue",
			Type:        "PERSON",
			Category:    PII,
			Description: "Capitalised name before a personal statement: X lives at, X was born, X is from, X works at",
			Keywords:    piiAfterNameCues,
			Match:       matchPersonBeforeCue,
			Heuristic:   true,
		},
		{
			ID:          "person-initial",
			Type:        "PERSON",
			Category:    PII,
			Description: "Capitalised name with a middle initial: Faina D. Yefremova, Ravil G Yefimov",
			Keywords:    piiInitialKeywords,
			Match:       matchPersonInitial,
			Heuristic:   true,
		},
		{
			ID:          "person-first-name",
			Type:        "PERSON",
			Category:    PII,
			Description: "Capitalised first name from a built-in list, with the surname that follows it",
			Keywords:    piiFirstNames,
			Match:       matchFirstName,
			Heuristic:   true,
		},
	}
}

var piiBirthCues = []string{
	"birth", "born", "dob", "d.o.b", "bday", "geburtsdatum", "geboren", "naissance", "nacimiento",
	"nascita", "nascimento", "geboortedatum",
}

// matchDateOfBirth finds the first date within 48 bytes after a birth cue on the same line.
func matchDateOfBirth(text []byte, kw, kwEnd int) (int, int, bool) {
	if piiInMarker(text, kw) {
		return 0, 0, false
	}
	if !piiBoundaryBefore(text, kw, &piiLetters) {
		return 0, 0, false
	}
	if (kwEnd-kw == 3 || kwEnd-kw == 4) && !BoundaryAfter(text, kwEnd, &piiLetters) && !piiHasPrefixFold(text, kw, "birth") {
		return 0, 0, false // "dob" or "born" inside a longer word
	}
	limit := kwEnd + 48
	if limit > len(text) {
		limit = len(text)
	}
	i := kwEnd
	for i < limit {
		c := text[i]
		switch {
		case c == '\n':
			return 0, 0, false
		case piiIsDigit(c) || piiLetters.Has(c):
			if end, ok := piiParseDate(text, i); ok {
				return i, end, true
			}
			j := Span(text, i, &piiDOBFillerChars, 16)
			if piiIsDigit(c) || !piiInList(text[i:j], piiDOBFillers) {
				return 0, 0, false
			}
			i = j
		default:
			i++
		}
	}
	return 0, 0, false
}

var piiDOBFillerChars = NewSet("A-Za-z_.'")

// piiDOBFillers may stand between a birth cue and the date: "born on", "date of birth. It's",
// "DOB (dd/mm/yyyy) is", "geboren am".
var piiDOBFillers = []string{
	"am", "at", "birth", "date", "day", "de", "del", "di", "dob", "el", "her", "his", "i", "il", "in",
	"is", "it's", "its", "le", "my", "of", "on", "the", "their", "was", "your",
}

// matchPOBox finds "P.O. Box 211", "PSC 3294, Box 9168" and "Unit 5146 Box 1772" with the
// military post line (APO/FPO/DPO AA 12345) that may follow.
func matchPOBox(text []byte, kw, kwEnd int) (int, int, bool) {
	if !piiBoundaryBefore(text, kw, &AlNum) || !piiUpper.Has(text[kw]) {
		return 0, 0, false
	}
	i := kwEnd
	if text[kwEnd-1] != ' ' {
		if i >= len(text) || text[i] != ' ' {
			return 0, 0, false
		}
		i++
	}
	j := Span(text, i, &Digits, 7)
	if j-i < 1 || j-i > 6 || !BoundaryAfter(text, j, &AlNum) {
		return 0, 0, false
	}
	if text[kw] == 'P' && text[kw+1] == 'S' || text[kw] == 'U' {
		// PSC and Unit carry a box number: "PSC 3294, Box 9168"
		k := j
		if k < len(text) && text[k] == ',' {
			k++
		}
		if !piiHasPrefixFold(text, k, " box ") {
			return 0, 0, false
		}
		l := Span(text, k+5, &Digits, 7)
		if l-k-5 < 1 || !BoundaryAfter(text, l, &AlNum) {
			return 0, 0, false
		}
		j = l
	}
	return kw, piiAddressTail(text, j), true
}

// piiTitleKeywords are titles with the dot or the space that follows them, so that the
// prefilter does not wake on "address" or "hundred"; " ms " carries the space before it too,
// or it would wake on every "items ".
var piiTitleKeywords = []string{
	"mr.", "mrs.", "ms.", "dr.", "prof.", "mx.", "mr ", "mrs ", " ms ", "dr ", "prof ", "miss ",
}

// matchPersonTitle finds the name after a title: "Mr. Manning", "Dr Ana Souza".
func matchPersonTitle(text []byte, kw, kwEnd int) (int, int, bool) {
	if text[kw] == ' ' {
		kw++
	}
	if piiLetterBefore(text, kw) {
		return 0, 0, false
	}
	i := kwEnd
	if text[kwEnd-1] == ' ' {
		i--
	} else if i < len(text) && text[i] == '.' {
		return 0, 0, false // "Dr.." ends a sentence
	}
	if i >= len(text) || text[i] != ' ' {
		return 0, 0, false
	}
	i++
	end, words := piiNameWords(text, i, 4)
	if words == 0 {
		return 0, 0, false
	}
	return i, end, true
}

// piiIntroKeywords introduce a name. Strong ones take any capitalised words; the ones in
// piiWeakIntro need a listed first name, and the ones in piiNamingIntro (reported speech,
// credits) a listed first name or a first and a last name.
var piiIntroKeywords = []string{
	"my name is", "name is", "name:", "name?", "names are", "called", "named", "dear", "i'm", "call me",
	"i am", "this is", "says", "said", "starring", "directed by", "written by", "signed by",
	"assistant to", "user=", "customer=", "name=", "je m'appelle", "me llamo", "mi chiamo",
	"mein name ist", "ich heisse", "mijn naam is", "meu nome",
}

var (
	piiWeakIntro   = []string{"this is"}
	piiNamingIntro = []string{
		"called", "customer=", "directed by", "i am", "i'm", "name:", "name=", "named", "said", "says",
		"signed by", "starring", "user=", "written by",
	}
)

// matchPersonIntro finds the name after an introduction.
func matchPersonIntro(text []byte, kw, kwEnd int) (int, int, bool) {
	if piiLetterBefore(text, kw) {
		return 0, 0, false
	}
	last := text[kwEnd-1]
	if piiLetters.Has(last) && piiLetterAt(text, kwEnd) {
		return 0, 0, false
	}
	i := kwEnd
	for i < len(text) && i-kwEnd < 8 && (text[i] == ' ' || text[i] == ':' || text[i] == '\t' || text[i] == '"') {
		i++
	}
	if i == kwEnd && last != ':' {
		return 0, 0, false
	}
	end, words := piiNameWords(text, i, 4)
	if words == 0 {
		return 0, 0, false
	}
	if end-i < 2 {
		return 0, 0, false // "name: K"
	}
	cue := text[kw:kwEnd]
	switch {
	case piiInList(cue, piiWeakIntro) && !piiIsFirstName(text, i),
		piiInList(cue, piiNamingIntro) && words < 2 && !piiIsFirstName(text, i):
		return 0, 0, false
	}
	return i, end, true
}

// matchPersonSignature finds the name on the line after "Regards," and similar closings.
func matchPersonSignature(text []byte, kw, kwEnd int) (int, int, bool) {
	if piiLetterBefore(text, kw) || piiLetterAt(text, kwEnd) {
		return 0, 0, false
	}
	i := kwEnd
	if i < len(text) && (text[i] == ',' || text[i] == '!') {
		i++
	}
	i, ok := piiLineBreak(text, i)
	if !ok {
		return 0, 0, false
	}
	end, words := piiNameWords(text, i, 3)
	if words == 0 {
		return 0, 0, false
	}
	if _, ok := piiLineBreak(text, end); !ok && end < len(text) && text[end] != '"' {
		return 0, 0, false // the name fills its line (or ends the JSON string)
	}
	return i, end, true
}

// piiLineBreak moves over a line break at i ("\n", "\r\n" or the escaped "\\n" of a JSON
// string that was encoded twice) and reports whether there was one.
func piiLineBreak(text []byte, i int) (int, bool) {
	if i < len(text) && text[i] == '\r' {
		i++
	}
	switch {
	case i < len(text) && text[i] == '\n':
		return i + 1, true
	case i+1 < len(text) && text[i] == '\\' && text[i+1] == 'n':
		return i + 2, true
	}
	return i, false
}

// piiNameKeys are JSON keys whose value is a person's name (lower case, sorted).
var piiNameKeys = []string{
	"account_holder", "accountholder", "card_holder", "cardholder", "contact_name", "customer_name",
	"display_name", "displayname", "family_name", "first_name", "firstname", "full_name", "fullname",
	"given_name", "holder", "last_name", "lastname", "name", "patient_name",
}

// matchJSONName finds a name that is the whole string value of a name key, in plain JSON or
// in JSON encoded inside a string ("name\": \"…\"). A single word must be a listed first name.
func matchJSONName(text []byte, kw, kwEnd int) (int, int, bool) {
	// the key: back to its opening quote
	k := kw
	for k > 0 && kw-k < 20 && (Word.Has(text[k-1]) || text[k-1] == '-') {
		k--
	}
	if k == 0 || text[k-1] != '"' {
		return 0, 0, false
	}
	key := text[k:kwEnd]
	key = key[:len(key)-1]
	if key[len(key)-1] == '\\' {
		key = key[:len(key)-1]
	}
	if !piiInList(key, piiNameKeys) {
		return 0, 0, false
	}
	i := kwEnd
	for i < len(text) && i-kwEnd < 6 && (text[i] == ' ' || text[i] == ':') {
		i++
	}
	if i+1 < len(text) && text[i] == '\\' && text[i+1] == '"' {
		i += 2
	} else if i < len(text) && text[i] == '"' {
		i++
	} else {
		return 0, 0, false
	}
	end, words := piiNameWords(text, i, 4)
	if words == 0 || end >= len(text) || text[end] != '"' && text[end] != '\\' {
		return 0, 0, false
	}
	if words == 1 && !piiIsFirstName(text, i) {
		return 0, 0, false
	}
	return i, end, true
}

// matchFirstName finds a listed first name written capitalised, with the middle initial and
// surname after it: "Anna", "Magnus Poulsen", "Julia S. Almeida".
func matchFirstName(text []byte, kw, kwEnd int) (int, int, bool) {
	if !piiUpper.Has(text[kw]) || piiLetterBefore(text, kw) || !BoundaryAfter(text, kwEnd, &Word) {
		return 0, 0, false
	}
	if kwEnd < len(text) && text[kwEnd] >= 0x80 {
		if ok, _ := piiIsLetterAt(text, kwEnd); ok {
			return 0, 0, false
		}
	}
	for k := kw + 1; k < kwEnd; k++ {
		if piiUpper.Has(text[k]) {
			return 0, 0, false // ANNA, AnnaB: a heading or an identifier
		}
	}
	end, _ := piiNameWords(text, kw, 4)
	if end < kwEnd {
		end = kwEnd
	}
	if piiNotPersonAround(text, kw, end) {
		return 0, 0, false
	}
	return kw, end, true
}

// piiOrgWords after a name make it a company or a place: "Russell Investments", "Thomas and
// Sons", "Philip Bypass".
var piiOrgWords = []string{
	"associates", "bank", "brothers", "bypass", "capital", "consulting", "corp", "corporation",
	"foundation", "group", "holdings", "inc", "inc.", "industries", "institute", "investments",
	"labs", "llc", "ltd", "ltd.", "partners", "solutions", "sons", "systems", "technologies",
}

// piiNotPersonAround reports whether the name at [start, end) is part of a street ("5850 Jana
// Nerudy 894", "Peter Zuidhove 188") or a company name (a word from piiOrgWords among it or
// right after it, possibly after "and" or "&").
func piiNotPersonAround(text []byte, start, end int) bool {
	// a number next to it; a redaction marker may stand where a number stood, and must decide
	// the same way, or redacting twice would find more than redacting once
	if start >= 2 && text[start-1] == ' ' && (piiIsDigit(text[start-2]) || piiMarkerEnd(text, start-1)) {
		return true
	}
	if end+1 < len(text) && text[end] == ' ' && (piiIsDigit(text[end+1]) || piiMarkerAt(text, end+1)) {
		return true
	}
	// the name's own words, then the next word, or the one after "and" / "&"
	i, after := start, 0
	for n := 0; n < 8 && i < len(text); n++ {
		k := piiWordEnd(text, i)
		if k == i && text[i] == '&' {
			k = i + 1
		}
		if k == i {
			break
		}
		w := text[i:k]
		if piiInList(w, piiOrgWords) || i > start && piiIsUpperAt(text, i) && piiInList(w, piiStreetSuffixes) {
			return true
		}
		if i >= end {
			after++
			if after == 2 || !(piiHasPrefixFold(w, 0, "and") && len(w) == 3 || w[0] == '&') {
				break
			}
		}
		if k+1 >= len(text) || text[k] != ' ' {
			break
		}
		i = k + 1
	}
	return false
}

// piiAfterNameCues follow a person's name: a first and last name, or a listed first name
// alone ("Everything lives in memory" is no person).
var piiAfterNameCues = []string{
	" lives at ", " lives in ", " lives on ", " was born ", " is from ", " works at ", " works for ",
	" moved to ",
}

// matchPersonBeforeCue finds the one to three capitalised name words right before the cue.
func matchPersonBeforeCue(text []byte, kw, kwEnd int) (int, int, bool) {
	start, words := kw, 0
	for words < 3 && start > 0 {
		w := piiWordStartBefore(text, start)
		if w == start || !piiIsUpperAt(text, w) || piiInList(text[w:start], piiNotNames) || piiCamelCase(text[w:start]) || piiAllUpperLong(text[w:start]) {
			break
		}
		start = w
		words++
		if start < 2 || text[start-1] != ' ' || !piiIsUpperAt(text, piiWordStartBefore(text, start-1)) {
			break
		}
		start--
	}
	if words == 0 {
		return 0, 0, false
	}
	if text[start] == ' ' {
		start++
	}
	if words < 2 && !piiIsFirstName(text, start) || piiNotPersonAround(text, start, kw) {
		return 0, 0, false
	}
	return start, kw, true
}

// piiInitialKeywords are a middle initial between spaces, with or without its dot. The
// undotted forms leave out "a" and "i", which stand alone in prose all the time.
var piiInitialKeywords = func() []string {
	var ks []string
	for c := 'a'; c <= 'z'; c++ {
		ks = append(ks, " "+string(c)+". ")
		if c != 'a' && c != 'i' {
			ks = append(ks, " "+string(c)+" ")
		}
	}
	return ks
}()

// matchPersonInitial finds "First M. Last": a capitalised word, an upper-case initial and a
// capitalised word, none of them a common capitalised non-name.
func matchPersonInitial(text []byte, kw, kwEnd int) (int, int, bool) {
	if !piiUpper.Has(text[kw+1]) || kw == 0 || kwEnd >= len(text) || !piiIsUpperAt(text, kwEnd) {
		return 0, 0, false
	}
	start := piiWordStartBefore(text, kw)
	if start == kw || !piiIsUpperAt(text, start) || piiInList(text[start:kw], piiNotNames) || piiAllUpperLong(text[start:kw]) {
		return 0, 0, false
	}
	if text[kw-1] == '.' {
		return 0, 0, false // "Dr. J. Smith" is the title rule's; "etc. B Corp" is no name
	}
	end, words := piiNameWords(text, kwEnd, 2)
	if words == 0 {
		return 0, 0, false
	}
	return start, end, true
}

// piiIsFirstName reports whether the word at i is a listed first name.
func piiIsFirstName(text []byte, i int) bool {
	return piiInList(text[i:Span(text, i, &piiLetters, 25)], piiFirstNames)
}

// piiCompareFold compares w (ASCII case folded) with the lower-case s.
func piiCompareFold(w []byte, s string) int {
	for k := 0; k < len(w) && k < len(s); k++ {
		a, b := piiLower(w[k]), s[k]
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	return len(w) - len(s)
}

// piiNotNames are capitalised words that do not continue a person's name.
var piiNotNames = []string{
	"and", "annex", "appendix", "april", "are", "article", "at", "august", "avenue", "bank", "block",
	"brother", "building", "but", "chapter", "class", "company", "corp", "dad", "daughter",
	"december", "everybody", "everyone", "exhibit", "false", "father", "february", "figure", "for",
	"friday", "from", "grade", "group", "has", "have", "he", "her", "his", "hospital", "husband", "i",
	"id", "in", "inc", "is", "it", "january", "july", "june", "level", "llc", "ltd", "march", "mom",
	"monday", "mother", "my", "name", "no", "nobody", "none", "not", "november", "null", "object",
	"october", "of", "on", "one", "option", "or", "our", "part", "phase", "plan", "please", "road",
	"room", "saturday", "schedule", "section", "september", "she", "sister", "somebody", "someone",
	"son", "step", "street", "string", "sunday", "table", "team", "that", "the", "their", "there",
	"they", "this", "thursday", "to", "true", "tuesday", "type", "university", "value", "vitamin",
	"was", "we", "wednesday", "what", "when", "where", "who", "why", "wife", "will", "wing", "with",
	"yes", "you", "your", "zone",
}

// piiNameWords reads up to max name words at i: capitalised words of any script, initials
// ("J." or "J"), hyphenated and apostrophe names, and lower-case particles between capitalised
// words (van, de, von). It returns the end of the last name word and how many there were.
func piiNameWords(text []byte, i, max int) (end, words int) {
	end = i
	j := i
	for words < max && j < len(text) {
		k := piiWordEnd(text, j)
		if k == j {
			break
		}
		w := text[j:k]
		if !piiIsUpperAt(text, j) {
			if !piiInList(w, piiNameParticles) || k+1 >= len(text) || text[k] != ' ' || !piiIsUpperAt(text, k+1) || words == 0 {
				break
			}
		} else if piiInList(w, piiNotNames) || piiAllUpperLong(w) || piiCamelCase(w) {
			break
		}
		if IsRedactionMarker(text, j) {
			break
		}
		words++
		end = k
		if k-j > 2 && (text[k-2] == '\'' && (text[k-1] == 's' || text[k-1] == 'S')) {
			end = k - 2 // possessive: "Yefremova's"
			break
		}
		if k+1 < len(text) && text[k] == ' ' && text[k+1] != ' ' {
			j = k + 1
			continue
		}
		break
	}
	return end, words
}

// piiCamelCase reports whether w is an identifier such as GenerateKey rather than a name: an
// upper-case ASCII letter inside it, except after a name prefix (McKenzie, MacDonald, LaFreniere,
// DeAndre, O'Brien).
func piiCamelCase(w []byte) bool {
	inner := 0
	at := 0
	for k := 1; k < len(w); k++ {
		if piiUpper.Has(w[k]) && w[k-1] != '-' && w[k-1] != '\'' {
			inner++
			at = k
		}
	}
	if inner == 0 {
		return false
	}
	if inner > 1 {
		return true
	}
	switch string(w[:at]) {
	case "Mc", "Mac", "La", "Le", "De", "Di", "Da", "Du", "Van", "Von":
		return false
	}
	return true
}

// piiAllUpperLong reports whether w is an upper-case ASCII word of three or more letters (an
// acronym or a shouted word rather than a name).
func piiAllUpperLong(w []byte) bool {
	if len(w) < 3 {
		return false
	}
	for _, c := range w {
		if !piiUpper.Has(c) {
			return false
		}
	}
	return true
}

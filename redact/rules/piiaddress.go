package rules

// Street address heuristics: a street is a run of name words with a street-type word (suffix
// "Main Street", prefix "Via Roma", or compound "Kiannonkatu"), next to a house number. The
// address then extends over a unit ("Apt. 4"), city, state, postcode and country segments on
// the same or the following lines. Nothing here allocates.

// piiStreetSuffixes are street-type words that end a street name (lower case, sorted).
var piiStreetSuffixes = []string{
	"allee", "alley", "ave", "ave.", "avenue", "bend", "blvd", "blvd.", "boulevard", "bridge",
	"brook", "bypass", "canyon", "causeway", "cir", "circle", "cliff", "cliffs", "close", "common",
	"corner", "corners", "court", "cove", "creek", "crescent", "crest", "crossing", "ct", "ct.",
	"dale", "dr", "dr.", "drive", "estates", "expressway", "falls", "ferry", "field", "fields",
	"flats", "ford", "forest", "forge", "forges", "fork", "forks", "freeway", "garden", "gardens",
	"gasse", "gata", "gatan", "gate", "gateway", "glen", "green", "grove", "harbor", "haven",
	"heights", "highway", "hill", "hills", "hollow", "hwy", "island", "islands", "isle", "junction",
	"keys", "knoll", "laan", "lake", "lakes", "landing", "lane", "ln", "ln.", "lodge", "loop", "mall",
	"manor", "meadow", "meadows", "mews", "mill", "mills", "motorway", "mount", "mountain", "oval",
	"park", "parkway", "pass", "path", "pike", "pines", "pkwy", "pl", "pl.", "place", "platz",
	"plaza", "point", "port", "prairie", "ranch", "rapids", "rd", "rd.", "ridge", "river", "road",
	"route", "row", "run", "shoal", "shore", "shores", "spring", "springs", "sq", "sq.", "square",
	"st", "st.", "station", "str", "str.", "straat", "strasse", "straße", "stream", "street",
	"summit", "ter", "terrace", "terrasse", "trace", "track", "trail", "tunnel", "turnpike", "tér",
	"u.", "union", "utca", "valley", "vei", "veien", "vej", "via", "viaduct", "view", "village",
	"ville", "vista", "walk", "way", "weg", "wells", "út",
}

// piiCalendarWords are month and day names: a number next to them is a date.
var piiCalendarWords = []string{
	"april", "august", "december", "february", "friday", "january", "july", "june", "march",
	"may", "monday", "november", "october", "saturday", "september", "sunday", "thursday",
	"tuesday", "wednesday",
}

// piiLowerStreetTypes are street types written in lower case after the name ("Erzsébet tér",
// "Piroska u.", "Stensås terrasse"); other suffixes must be capitalised.
var piiLowerStreetTypes = []string{
	"gata", "gatan", "gate", "str.", "terrasse", "tér", "u.", "utca", "vei", "veien", "vej", "út",
}

// piiLowerStreetPrefixes are street prefixes also written in lower case, as French and
// Portuguese do ("12 rue Victor Hugo"); the next word must still be capitalised.
var piiLowerStreetPrefixes = []string{
	"av.", "avenida", "calle", "rua", "rue", "strada", "trg", "ul.", "ulica", "viale", "vicolo",
}

// piiPrefixChars spell the lower-case street prefixes.
var piiPrefixChars = NewSet("a-z.")

// piiStreetPrefixes are street-type words that open a street name, as in "Rua Diadema" or
// "Via Roma" (lower case, sorted).
var piiStreetPrefixes = []string{
	"alameda", "allée", "av", "av.", "avda.", "avenida", "avenue", "bd", "boulevard", "calle",
	"camino", "carrer", "chemin", "corso", "estrada", "largo", "paseo", "piazza", "piazzetta", "plac",
	"place", "plaza", "praça", "quai", "rambla", "route", "rua", "rue", "strada", "travessa", "ul.",
	"ulica", "via", "viale", "vicolo",
}

// piiStreetCompounds end one-word street names such as "Kiannonkatu", "Skoanveien" or
// "Friedhofstrasse" (lower case).
var piiStreetCompounds = []string{
	"allee", "dreef", "gade", "gasse", "gata", "gatan", "gate", "gracht", "gränd", "kade", "katu",
	"kuja", "laan", "platz", "plein", "polku", "singel", "stig", "straat", "strasse", "straße",
	"stræde", "tie", "utca", "vegen", "vei", "veien", "vej", "väg", "vägen", "weg",
}

// piiNameParticles may stand lower-case inside a street or person name.
var piiNameParticles = []string{
	"af", "al", "av.", "da", "dal", "das", "de", "degli", "dei", "del", "della", "delle", "der",
	"des", "di", "do", "dos", "du", "el", "la", "las", "le", "los", "ten", "ter", "van", "von", "y",
	"z",
}

// piiInList reports whether w, ASCII case folded, is in list (lower case, sorted by bytes).
// It searches by halves and does not allocate.
func piiInList(w []byte, list []string) bool {
	if len(w) == 0 || len(w) > 24 {
		return false
	}
	lo, hi := 0, len(list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if piiCompareFold(w, list[m]) > 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(list) && piiCompareFold(w, list[lo]) == 0
}

// piiHasCompoundSuffix reports whether a word ends with a street compound and has a name before it.
func piiHasCompoundSuffix(w []byte) bool {
	for _, s := range piiStreetCompounds {
		if len(w) >= len(s)+3 && piiHasPrefixFold(w, len(w)-len(s), s) {
			return true
		}
	}
	return false
}

// piiWordEnd returns the end of the name word at i: letters of any script, inner apostrophes,
// hyphens and a trailing dot of an abbreviation. It returns i when no word starts there.
func piiWordEnd(text []byte, i int) int {
	j := i
	for j < len(text) && j-i < 40 {
		if ok, w := piiIsLetterAt(text, j); ok {
			j += w
			continue
		}
		if (text[j] == '\'' || text[j] == '-') && j > i {
			if ok, _ := piiIsLetterAt(text, j+1); ok {
				j++
				continue
			}
		}
		break
	}
	if j > i && j < len(text) && (piiIsDigit(text[j]) || text[j] == '_') {
		return i // "S7", "user_1": an identifier, not a word
	}
	if j > i && j < len(text) && text[j] == '.' && j-i <= 5 && (j+1 >= len(text) || !piiLetters.Has(text[j+1])) {
		j++
	}
	return j
}

// piiStreet reads the street words at i (up to five on one line) and reports where the street
// name ends. Words must be capitalised (particles excepted). The street is accepted when its
// first word is a street prefix ("Via", "Rua"), its last word a street suffix ("Road", "St."),
// or a word ends with a compound street suffix ("-katu", "-straße"); with a prefix or compound
// a house number must follow (numberAfter).
func piiStreet(text []byte, i int) (end int, numberAfter bool, ok bool) {
	j := i
	words := 0
	prefix, compound, suffix := false, false, false
	for words < 6 {
		k := piiWordEnd(text, j)
		if k == j {
			break
		}
		w := text[j:k]
		capital := piiIsUpperAt(text, j)
		switch {
		case words == 0 && piiInList(w, piiStreetPrefixes) && (capital || piiInList(w, piiLowerStreetPrefixes)):
			prefix = true
		case capital || piiIsDigit(w[0]):
		case words > 0 && piiInList(w, piiNameParticles):
		default:
			k = j // a lower-case word ends the street
		}
		if k == j {
			break
		}
		words++
		if words > 1 && capital && piiInList(w, piiStreetSuffixes) {
			suffix, end = true, k
		}
		if capital && piiHasCompoundSuffix(w) {
			compound, end = true, k
		}
		if prefix && words >= 2 {
			end = k
		}
		j = k
		if j+1 < len(text) && text[j] == ' ' && text[j+1] != ' ' {
			// an ordinal such as "5th" continues the name
			if piiIsDigit(text[j+1]) {
				n := Span(text, j+1, &Digits, 4)
				if e := piiSkipOrdinal(text, n); e > n && !piiLetterAt(text, e) {
					j = e
					continue
				}
				break
			}
			j++
			continue
		}
		break
	}
	switch {
	case suffix:
		return end, false, true
	case prefix || compound:
		return end, true, end > i
	}
	return 0, false, false
}

// piiHouseNumber reads a house number at i ("12", "12B", "12-14", "19." as Hungarian and
// German write it) and returns its end.
func piiHouseNumber(text []byte, i int) (int, bool) {
	j := Span(text, i, &Digits, 6)
	if j == i || j-i > 5 {
		return i, false
	}
	if j < len(text) && piiUpper.Has(text[j]) && !piiLetterAt(text, j+1) {
		j++
	} else if j+1 < len(text) && text[j] == '-' && piiIsDigit(text[j+1]) {
		j = Span(text, j+1, &Digits, 5)
	}
	if j < len(text) && (piiLetters.Has(text[j]) || piiMarkerAt(text, j)) {
		return i, false // "12abc", or a marker standing for the letters that followed
	}
	if j+1 < len(text) && text[j] == '.' && (text[j+1] == '\n' || text[j+1] == ',') {
		j++ // "Erzsébet tér 19."
	}
	return j, true
}

// piiAddressFrom matches an address whose street starts at i. It returns the end of the whole
// address (street, house number after it when required, unit, city and postcode segments).
func piiAddressFrom(text []byte, i int, numberBefore bool) (int, bool) {
	end, needNumber, ok := piiStreet(text, i)
	if !ok {
		return 0, false
	}
	if needNumber || !numberBefore {
		if end+1 < len(text) && text[end] == ' ' && piiIsDigit(text[end+1]) {
			if e, ok := piiHouseNumber(text, end+1); ok {
				end = e
			} else if !numberBefore {
				return 0, false
			}
		} else if !numberBefore {
			return 0, false
		}
	}
	return piiAddressTail(text, end), true
}

var piiUnitWords = []string{
	"#", "apartment", "apt", "apt.", "box", "fl", "fl.", "flat", "floor", "room", "ste", "ste.",
	"suite", "unit",
}

// piiUnit matches "Apt. 4B", "Suite 282", "Unit B12", "#12" at i.
func piiUnit(text []byte, i int) (int, bool) {
	j := i
	if j < len(text) && text[j] == '#' {
		j++
	} else {
		k := piiWordEnd(text, j)
		if k == j || !piiInList(text[j:k], piiUnitWords) {
			return i, false
		}
		j = k
	}
	if j < len(text) && text[j] == ' ' {
		j++
	}
	// "4", "4B", "B12", "1009"
	k := j
	if k < len(text) && piiUpper.Has(text[k]) {
		k++
	}
	d := Span(text, k, &Digits, 6)
	if d == k || d-k > 5 {
		return i, false
	}
	k = d
	if k < len(text) && piiUpper.Has(text[k]) {
		k++
	}
	if k < len(text) && (Word.Has(text[k]) || piiMarkerAt(text, k)) {
		return i, false
	}
	return k, true
}

// piiPlace matches a city / region / country segment: one to four capitalised words, an
// optional two-letter state and an optional postcode ("Springfield, IL 62704", "Finland 80896",
// "London SW1A 2AA", "OULU"), or a postcode alone. postcode reports that it ended with one.
func piiPlace(text []byte, i int) (end int, postcode, ok bool) {
	j := i
	words := 0
	end = i
	for words < 5 && j < len(text) {
		if piiIsDigit(text[j]) {
			k := Span(text, j, &Digits, 7)
			if k-j < 4 || k-j > 6 || (k < len(text) && Word.Has(text[k])) {
				break
			}
			return k, true, true
		}
		if k, ok := piiUKPostcode(text, j); ok {
			return k, true, true
		}
		k := piiWordEnd(text, j)
		if k == j || !piiIsUpperAt(text, j) && !piiInList(text[j:k], piiNameParticles) {
			break
		}
		words++
		end = k
		j = k
		if j+1 < len(text) && (text[j] == ' ' || text[j] == ',' && text[j+1] == ' ' && j+2 < len(text)) {
			if text[j] == ',' {
				j++
			}
			j++
			continue
		}
		break
	}
	return end, false, words > 0
}

// piiUKPostcode matches a UK postcode such as "SW1A 2AA" or "M1 1AE" at i.
func piiUKPostcode(text []byte, i int) (int, bool) {
	j := Span(text, i, &piiUpper, 3)
	if j-i < 1 || j-i > 2 {
		return i, false
	}
	k := Span(text, j, &UpperAlNum, 3)
	if k-j < 1 || k-j > 2 || !piiIsDigit(text[j]) || k+4 > len(text) || text[k] != ' ' {
		return i, false
	}
	if !piiIsDigit(text[k+1]) || !piiUpper.Has(text[k+2]) || !piiUpper.Has(text[k+3]) || !BoundaryAfter(text, k+4, &AlNum) {
		return i, false
	}
	return k + 4, true
}

// piiUnitBefore returns the start of a capitalised unit word ("Flat", "Apt.", "Unit") that
// stands right before the number at i, or -1.
func piiUnitBefore(text []byte, i int) int {
	if i < 3 || text[i-1] != ' ' {
		return -1
	}
	w := piiWordStartBefore(text, i-1)
	if w == i-1 || !piiIsUpperAt(text, w) || !piiInList(text[w:i-1], piiUnitWords) || !piiBoundaryBefore(text, w, &AlNum) {
		return -1
	}
	return w
}

// piiSegment reads one comma-separated address segment at i: up to four capitalised words
// (upper-case abbreviations such as "MG" included). street reports whether it names a street:
// a street type last ("MG Road") or first ("Rue Cler"), or a compound ("Hauptstraße").
func piiSegment(text []byte, i int) (end, words int, street bool) {
	j := i
	end = i
	for words < 4 {
		k := piiWordEnd(text, j)
		if k == j || !piiIsUpperAt(text, j) {
			break
		}
		w := text[j:k]
		street = words == 0 && piiInList(w, piiStreetPrefixes) || words > 0 && piiInList(w, piiStreetSuffixes) || piiHasCompoundSuffix(w)
		words++
		end = k
		if k+1 < len(text) && text[k] == ' ' && piiIsUpperAt(text, k+1) {
			j = k + 1
			continue
		}
		break
	}
	if end < len(text) && text[end] != ',' && text[end] != '\n' && text[end] != '.' && text[end] != '\\' && text[end] != '"' {
		return end, 0, false // a segment fills the part up to the next comma or the line's end
	}
	return end, words, street
}

// piiUnitAfter reports whether a unit ("Apt. 4", "Suite 282") follows i on the same line or
// the next one.
func piiUnitAfter(text []byte, i int) bool {
	if i < len(text) && text[i] == ',' {
		i++
	}
	for k := 0; k < 8 && i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '>' || text[i] == '\t'); k++ {
		i++
	}
	_, ok := piiUnit(text, i)
	return ok
}

// piiAddressTail extends an address over the segments that follow it on the same line (after
// ", " or " ") and on the following lines (one blank line may stand between).
func piiAddressTail(text []byte, end int) int {
	for seg := 0; seg < 6; seg++ {
		j := end
		newline := false
		switch {
		case j+1 < len(text) && text[j] == ',' && text[j+1] == ' ':
			j += 2
		case j+1 < len(text) && text[j] == ' ':
			j++
		case j < len(text) && text[j] == '\n':
			newline = true
			for nl := 0; j < len(text) && j-end < 12; j++ {
				c := text[j]
				if c == '\n' {
					if nl == 2 {
						break
					}
					nl++
				} else if c != ' ' && c != '>' && c != '?' && c != '\t' {
					break
				}
			}
		default:
			return end
		}
		if j >= len(text) {
			return end
		}
		k, ok := piiUnit(text, j)
		postcode := false
		if !ok {
			k, postcode, ok = piiPlace(text, j)
		}
		if !ok {
			return end
		}
		if newline && !postcode && k < len(text) && text[k] != '\n' && text[k] != ',' && text[k] != '.' {
			// a following line counts only when the whole line is an address segment
			if _, more := piiUnit(text, k+1); !(text[k] == ' ' && more) {
				return end
			}
		}
		end = k
	}
	return end
}

// piiWordStartBefore returns the start of the word that ends at j: ASCII letters, any
// non-ASCII bytes (letters of other scripts), inner '-', '\” and a final '.', at most 40 bytes.
func piiWordStartBefore(text []byte, j int) int {
	w := j
	if w > 0 && text[w-1] == '.' {
		w--
	}
	for w > 0 && j-w < 40 {
		c := text[w-1]
		if piiLetters.Has(c) || c >= 0x80 || (c == '-' || c == '\'') && w-1 > 0 && piiLetters.Has(text[w-2]) {
			w--
			continue
		}
		break
	}
	if w == j-1 && text[w] == '.' {
		return j
	}
	return w
}

// matchStreetAddress fires on digits. A house number that starts a run of street words opens
// an address ("221B Baker Street", "17 rue Saint-Honoré"); a unit number can open one when a
// street follows within three comma-separated segments ("Flat 249, Sai Residency, MG Road");
// a number right after street words closes one ("Via Roma 131", "Kiannonkatu 98", "Villacher
// Strasse 89"), as does a number after capitalised words that stand between two numbers or
// before a unit ("28030 Edeby 55", "Allika 46\n Suite 501"). The address then extends over the
// unit, city, region, postcode and country segments that follow.
func matchStreetAddress(text []byte, kw, _ int) (int, int, bool) {
	if !piiStartsRun(text, kw) {
		return 0, 0, false
	}
	// number first: "350 Fifth Avenue", "2274 Via delle Coste 41", "9448 175 Iroon Avenue"
	if n, ok := piiHouseNumber(text, kw); ok && n+1 < len(text) && text[n] == ' ' {
		s := n + 1
		if piiIsDigit(text[s]) {
			if n2, ok := piiHouseNumber(text, s); ok && n2+1 < len(text) && text[n2] == ' ' {
				s = n2 + 1
			}
		}
		if piiIsUpperAt(text, s) || piiInList(text[s:Span(text, s, &piiPrefixChars, 8)], piiLowerStreetPrefixes) {
			if end, ok := piiAddressFrom(text, s, true); ok {
				return kw, end, true
			}
		}
	}
	// the other forms need a capitalised word (or a lower-case street type) right before the number
	if kw < 2 || text[kw-1] != ' ' || !(piiLetters.Has(text[kw-2]) || text[kw-2] >= 0x80 || text[kw-2] == '.') {
		return 0, 0, false
	}
	if w0 := piiWordStartBefore(text, kw-1); w0 == kw-1 || !piiIsUpperAt(text, w0) && !piiInList(text[w0:kw-1], piiLowerStreetTypes) {
		return 0, 0, false
	}
	// unit first: "Flat 249, Sai Residency, MG Road, Pune 530075"
	if u := piiUnitBefore(text, kw); u >= 0 {
		j := Span(text, kw, &AlNum, 8)
		for seg := 0; seg < 3 && j+2 < len(text) && text[j] == ',' && text[j+1] == ' '; seg++ {
			end, words, street := piiSegment(text, j+2)
			if words == 0 {
				break
			}
			j = end
			if street {
				return u, piiAddressTail(text, j), true
			}
		}
	}
	// number after: "Via Roma 131", "Villacher Strasse 89", "Erzsébet tér 19", "Kiannonkatu 98",
	// or capitalised words between two numbers or before a unit ("28030 Edeby 55",
	// "Allika 46\n Suite 501")
	hn, ok := piiHouseNumber(text, kw)
	if !ok {
		return 0, 0, false
	}
	start, typed, suffix := -1, false, -1
	j := kw - 1
scan:
	for words := 0; words < 5 && j > 0; words++ {
		w := piiWordStartBefore(text, j)
		if w == j {
			break
		}
		word := text[w:j]
		capital := piiIsUpperAt(text, w)
		if capital && piiInList(word, piiCalendarWords) {
			return 0, 0, false // "1 January 1970", "Monday 12"
		}
		switch {
		case words == 0 && (capital || piiInList(word, piiLowerStreetTypes)) && piiInList(word, piiStreetSuffixes):
			suffix = w // a street type needs a name before it: "Villacher Strasse", "Erzsébet tér"
		case capital && words > 0 && piiInList(word, piiStreetPrefixes), capital && words == 0 && piiHasCompoundSuffix(word):
			typed = true // "Via Roma 131" (a name between the prefix and the number), "Kiannonkatu 98"
		case capital:
		case words > 0 && piiInList(word, piiNameParticles):
		default:
			break scan
		}
		if capital {
			start = w
		}
		if w < 2 || text[w-1] != ' ' {
			break
		}
		j = w - 1
	}
	if start < 0 || start == suffix {
		return 0, 0, false
	}
	typed = typed || suffix >= 0
	if !typed && !piiUnitAfter(text, hn) && !(start >= 2 && text[start-1] == ' ' && piiIsDigit(text[start-2])) {
		return 0, 0, false
	}
	end := piiAddressTail(text, hn)
	// include a house number written before the street: "4923 Parmova 109"
	if start >= 2 && text[start-1] == ' ' && piiIsDigit(text[start-2]) {
		b := start - 1
		for b > 0 && piiIsDigit(text[b-1]) && start-1-b < 6 {
			b--
		}
		if piiStartsRun(text, b) {
			start = b
		}
	}
	return start, end, true
}

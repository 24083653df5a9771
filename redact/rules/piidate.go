package rules

// Date parsing for the date-of-birth rule: numeric dates (ISO, US, European) and dates with
// English month names. Nothing here allocates.

var piiMonths = [12][2]string{
	{"january", "jan"}, {"february", "feb"}, {"march", "mar"}, {"april", "apr"}, {"may", "may"},
	{"june", "jun"}, {"july", "jul"}, {"august", "aug"}, {"september", "sep"}, {"october", "oct"},
	{"november", "nov"}, {"december", "dec"},
}

// piiNumber reads 1..max digits at i and returns the value and the end.
func piiNumber(text []byte, i, max int) (v, end int, ok bool) {
	end = Span(text, i, &Digits, max+1)
	if end == i || end-i > max {
		return 0, i, false
	}
	for _, c := range text[i:end] {
		v = v*10 + int(c-'0')
	}
	return v, end, true
}

// piiMonthName reads an English month name or its three-letter abbreviation (optionally with
// a dot; "Sept" too) at i.
func piiMonthName(text []byte, i int) (month, end int, ok bool) {
	if i > 0 && piiLetters.Has(text[i-1]) {
		return 0, i, false
	}
	for m, names := range piiMonths {
		for _, n := range names {
			if piiHasPrefixFold(text, i, n) && !piiLetterAt(text, i+len(n)) {
				end = i + len(n)
				if end < len(text) && text[end] == '.' && len(n) == 3 {
					end++
				}
				return m + 1, end, true
			}
		}
	}
	if piiHasPrefixFold(text, i, "sept") && !piiLetterAt(text, i+4) {
		return 9, i + 4, true
	}
	return 0, i, false
}

func piiLetterAt(text []byte, i int) bool { return i < len(text) && piiLetters.Has(text[i]) }

// piiValidDate checks a calendar date loosely: month 1-12, day within 31 (30 or 29 where
// the month has fewer days), year 1900-2099 or two digits.
func piiValidDate(y, m, d int, twoDigitYear bool) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	if !twoDigitYear && (y < 1900 || y > 2099) {
		return false
	}
	switch m {
	case 2:
		return d <= 29
	case 4, 6, 9, 11:
		return d <= 30
	}
	return true
}

// piiParseDate reads a date at i: YYYY-MM-DD (or with '/' '.'), DD.MM.YYYY, MM/DD/YYYY,
// DD-MM-YY, "12 March 1985", "12th of March, 1985", "March 12, 1985", "Mar 12th 1985". It
// returns the end of the date.
func piiParseDate(text []byte, i int) (int, bool) {
	if i >= len(text) {
		return 0, false
	}
	if piiIsDigit(text[i]) {
		if !piiStartsRun(text, i) {
			return 0, false
		}
		a, j, _ := piiNumber(text, i, 4)
		if j < len(text) && (text[j] == '-' || text[j] == '/' || text[j] == '.') {
			sep := text[j]
			b, k, ok := piiNumber(text, j+1, 2)
			if !ok || k >= len(text) || text[k] != sep {
				return 0, false
			}
			c, l, ok := piiNumber(text, k+1, 4)
			if !ok || !piiEndsRun(text, l) {
				return 0, false
			}
			switch {
			case j-i == 4 && l-k-1 <= 2: // YYYY-MM-DD
				return l, piiValidDate(a, b, c, false)
			case j-i <= 2 && (l-k-1 == 4 || l-k-1 == 2): // DD.MM.YYYY or MM/DD/YYYY
				two := l-k-1 == 2
				return l, piiValidDate(c, b, a, two) || piiValidDate(c, a, b, two)
			}
			return 0, false
		}
		// 12 March 1985, 12th of March, 1985
		if j-i > 2 || a < 1 || a > 31 {
			return 0, false
		}
		j = piiSkipOrdinal(text, j)
		if j < len(text) && text[j] == ' ' {
			j++
		}
		if piiHasPrefixFold(text, j, "of ") {
			j += 3
		}
		m, k, ok := piiMonthName(text, j)
		if !ok {
			return 0, false
		}
		y, l, ok := piiYearAfter(text, k)
		if !ok {
			return 0, false
		}
		return l, piiValidDate(y, m, a, false)
	}
	// March 12, 1985
	m, j, ok := piiMonthName(text, i)
	if !ok || j >= len(text) || text[j] != ' ' {
		return 0, false
	}
	d, k, ok := piiNumber(text, j+1, 2)
	if !ok {
		return 0, false
	}
	k = piiSkipOrdinal(text, k)
	y, l, ok := piiYearAfter(text, k)
	if !ok {
		return 0, false
	}
	return l, piiValidDate(y, m, d, false)
}

var piiOrdinals = []string{"st", "nd", "rd", "th"}

// piiSkipOrdinal moves over an ordinal suffix ("1st", "22nd") at i.
func piiSkipOrdinal(text []byte, i int) int {
	for _, s := range piiOrdinals {
		if piiHasPrefixFold(text, i, s) && !piiLetterAt(text, i+2) {
			return i + 2
		}
	}
	return i
}

// piiYearAfter reads ", 1985" or " 1985" at i.
func piiYearAfter(text []byte, i int) (int, int, bool) {
	if i < len(text) && text[i] == ',' {
		i++
	}
	if i >= len(text) || text[i] != ' ' {
		return 0, i, false
	}
	y, end, ok := piiNumber(text, i+1, 4)
	if !ok || end-i-1 != 4 || !piiEndsRun(text, end) {
		return 0, i, false
	}
	return y, end, true
}

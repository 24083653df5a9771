package rules

import (
	"bytes"
	"math"
)

// Set is a set of bytes, used to describe token alphabets. The zero Set is empty.
type Set [4]uint64

// Has reports whether b is in s.
func (s *Set) Has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }

// NewSet returns the set of the given bytes; ranges are written "a-z".
func NewSet(spec string) Set {
	var s Set
	for i := 0; i < len(spec); i++ {
		lo, hi := spec[i], spec[i]
		if i+2 < len(spec) && spec[i+1] == '-' {
			hi = spec[i+2]
			i += 2
		}
		for c := int(lo); c <= int(hi); c++ {
			s[c>>6] |= 1 << (uint(c) & 63)
		}
	}
	return s
}

// Union returns the bytes in s or t.
func (s Set) Union(t Set) Set {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

// Alphabets used by token formats (see the notation of the token format reference).
var (
	Digits     = NewSet("0-9")
	AlNum      = NewSet("0-9A-Za-z")        // an: base62
	UpperAlNum = NewSet("0-9A-Z")           // AN
	LowerAlNum = NewSet("0-9a-z")           // lan: base36
	Hex        = NewSet("0-9a-f")           // hex
	HexUpper   = NewSet("0-9A-F")           // HEX
	HexAny     = NewSet("0-9a-fA-F")        // either case
	Base64     = NewSet("A-Za-z0-9+/")      // b64 (no padding)
	Base64URL  = NewSet("A-Za-z0-9_-")      // b64u
	Base32     = NewSet("A-Z2-7")           // b32
	Word       = NewSet("0-9A-Za-z_")       // identifier characters
	TokenChars = NewSet("0-9A-Za-z_.~+/=-") // characters that may continue a token
)

// Span returns the end of the run of bytes in set starting at i, looking at most max bytes.
func Span(text []byte, i int, set *Set, max int) int {
	end := i + max
	if end > len(text) || max < 0 {
		end = len(text)
	}
	for i < end && set.Has(text[i]) {
		i++
	}
	return i
}

// BoundaryBefore reports whether the byte before i is not in set (or i is 0).
func BoundaryBefore(text []byte, i int, set *Set) bool {
	return i == 0 || !set.Has(text[i-1])
}

// BoundaryAfter reports whether the byte at i is not in set (or i is the end).
func BoundaryAfter(text []byte, i int, set *Set) bool {
	return i >= len(text) || !set.Has(text[i])
}

// Entropy returns the Shannon entropy of b in bits per byte. It does not allocate. It uses
// H = log2 n − (1/n)·Σ c·log2 c over the byte counts c, with c·log2 c from a table, and visits
// only the byte values present: candidates are short, so this is a few table loads per byte.
func Entropy(b []byte) float64 {
	n := len(b)
	if n == 0 {
		return 0
	}
	if n >= len(xlog2x) {
		return entropyLong(b)
	}
	var counts [256]uint16
	var seen [256]byte
	k := 0
	for _, c := range b {
		if counts[c] == 0 {
			seen[k] = c
			k++
		}
		counts[c]++
	}
	var s float64
	for _, c := range seen[:k] {
		s += xlog2x[counts[c]]
	}
	return math.Max(0, log2n[n]-s/float64(n))
}

// xlog2x[c] is c·log2 c and log2n[c] is log2 c, for counts below 4096.
var xlog2x, log2n = func() (x, l [4096]float64) {
	for c := 1; c < len(x); c++ {
		l[c] = math.Log2(float64(c))
		x[c] = float64(c) * l[c]
	}
	return x, l
}()

// entropyLong is Entropy by the definition, for inputs of 4096 bytes or more.
func entropyLong(b []byte) float64 {
	var counts [256]uint32
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	var h float64
	for _, c := range counts {
		if c != 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// placeholderWords appear in documentation examples and templates, not in live credentials.
var placeholderWords = [][]byte{
	[]byte("example"), []byte("xxxxx"), []byte("*****"), []byte("....."), []byte("your_"),
	[]byte("your-"), []byte("redacted"), []byte("placeholder"), []byte("changeme"), []byte("dummy"),
	[]byte("sample"), []byte("0000000"), []byte("1234567"), []byte("abcdefgh"), []byte("<"),
	[]byte("${"), []byte("{{"), []byte("%s"),
}

// LooksPlaceholder reports whether a candidate value is a template, documentation example or
// filler rather than a real secret: one repeated character, EXAMPLE/xxxx/redacted style words,
// or template syntax. It folds ASCII case and does not allocate.
func LooksPlaceholder(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	same := 0
	for _, c := range v {
		if c == v[0] {
			same++
		}
	}
	if same*10 >= len(v)*7 {
		return true
	}
	var buf [512]byte
	n := copy(buf[:], v)
	low := buf[:n]
	for i, c := range low {
		if 'A' <= c && c <= 'Z' {
			low[i] = c + 'a' - 'A'
		}
	}
	for _, w := range placeholderWords {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return false
}

// IsRedactionMarker reports whether text at i starts a marker that hush itself writes when it
// redacts ("[REDACTED:", "<TYPE_N>", "[HMAC:"), so redacted output is never redacted again.
func IsRedactionMarker(text []byte, i int) bool {
	rest := text[i:]
	if bytes.HasPrefix(rest, []byte("[REDACTED")) || bytes.HasPrefix(rest, []byte("[HMAC:")) {
		return true
	}
	if len(rest) > 3 && rest[0] == '<' {
		j := 1
		for j < len(rest) && j < 64 && ((rest[j] >= 'A' && rest[j] <= 'Z') || rest[j] == '_' || (rest[j] >= '0' && rest[j] <= '9')) {
			j++
		}
		return j > 2 && j < len(rest) && rest[j] == '>'
	}
	return false
}

// TokenOpts tunes Token.
type TokenOpts struct {
	// Min and Max bound the body length after the prefix (Max 0 means Min).
	Min, Max int
	// Body is the body's alphabet.
	Body Set
	// FoldCase accepts the prefix in any ASCII case.
	FoldCase bool
	// Validate, when set, must accept the whole token (prefix and body).
	Validate func(token []byte) bool
	// AllowPlaceholder keeps candidates that look like documentation placeholders.
	AllowPlaceholder bool
	// MinEntropy rejects bodies below this Shannon entropy (bits per byte).
	MinEntropy float64
	// Before is the set of bytes that may not precede the prefix (default Word).
	Before *Set
}

// Token returns a Matcher for prefixed tokens: the keyword is the literal prefix, followed by a
// body of Min..Max bytes from Body, bounded on both sides. It is the shape of most modern API
// keys (ghp_…, sk-ant-…, xoxb-…).
func Token(prefix string, o TokenOpts) Matcher {
	if o.Max == 0 {
		o.Max = o.Min
	}
	before := &Word
	if o.Before != nil {
		before = o.Before
	}
	p := []byte(prefix)
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if !o.FoldCase && !bytes.Equal(text[kw:kwEnd], p) {
			return 0, 0, false
		}
		if !BoundaryBefore(text, kw, before) {
			return 0, 0, false
		}
		end := Span(text, kwEnd, &o.Body, o.Max+1)
		n := end - kwEnd
		if n < o.Min || n > o.Max || !BoundaryAfter(text, end, &o.Body) {
			return 0, 0, false
		}
		body := text[kwEnd:end]
		if !o.AllowPlaceholder && LooksPlaceholder(body) {
			return 0, 0, false
		}
		if o.MinEntropy > 0 && Entropy(body) < o.MinEntropy {
			return 0, 0, false
		}
		if o.Validate != nil && !o.Validate(text[kw:end]) {
			return 0, 0, false
		}
		return kw, end, true
	}
}

// ValueOpts tunes Value.
type ValueOpts struct {
	// Min and Max bound the value length.
	Min, Max int
	// Chars is the value's alphabet.
	Chars Set
	// MinEntropy rejects values below this Shannon entropy (bits per byte).
	MinEntropy float64
	// Validate, when set, must accept the value.
	Validate func(v []byte) bool
	// Gap is how many bytes may separate the keyword from the value (default 32); only
	// quotes, spaces, tabs, ':', '=', '>', ',' and the rest of an identifier may stand there.
	Gap int
	// RequireAssign demands an assignment sign (':' or '=' or "=>") between key and value.
	RequireAssign bool
}

// Value returns a Matcher for a secret that follows a context keyword, as in
// `aws_secret_access_key = "…"`, `"api-key": "…"` or `--token …`. The keyword must start an
// identifier; the rest of that identifier, closing quotes, spaces and one assignment sign may
// separate it from the value. Placeholders (${VAR}, YOUR_KEY, <redacted>) never match.
func Value(o ValueOpts) Matcher {
	if o.Gap == 0 {
		o.Gap = 32
	}
	if o.Max == 0 {
		o.Max = o.Min
	}
	return func(text []byte, kw, kwEnd int) (int, int, bool) {
		if !BoundaryBefore(text, kw, &AlNum) {
			return 0, 0, false
		}
		i, ok := skipAssign(text, kwEnd, o.Gap, o.RequireAssign)
		if !ok || IsRedactionMarker(text, i) {
			return 0, 0, false
		}
		end := Span(text, i, &o.Chars, o.Max+1)
		n := end - i
		if n < o.Min || n > o.Max || !BoundaryAfter(text, end, &o.Chars) {
			return 0, 0, false
		}
		v := text[i:end]
		if LooksPlaceholder(v) || (o.MinEntropy > 0 && Entropy(v) < o.MinEntropy) {
			return 0, 0, false
		}
		if o.Validate != nil && !o.Validate(v) {
			return 0, 0, false
		}
		return i, end, true
	}
}

// skipAssign moves from the end of a keyword over the rest of its identifier, closing quotes,
// spaces and one assignment to the first byte of the value. It reports false when something
// else stands in the way or the gap is too long.
func skipAssign(text []byte, i, gap int, requireAssign bool) (int, bool) {
	limit := i + gap
	if limit > len(text) {
		limit = len(text)
	}
	// rest of the identifier (api_key → api_key_id is fine: "key" then "_id")
	for i < limit && (Word.Has(text[i]) || text[i] == '-' || text[i] == '.') {
		i++
	}
	assigned := false
	for i < limit {
		switch c := text[i]; c {
		case '"', '\'', '`', ' ', '\t', ']':
			i++
		case '\\':
			// an escaped quote inside a JSON string: \"
			if i+1 < len(text) && text[i+1] == '"' {
				i += 2
			} else {
				return i, false
			}
		case ':', '=', '>':
			if assigned && c != '>' && c != '=' {
				return i, false
			}
			assigned = true
			i++
		default:
			if requireAssign && !assigned {
				return i, false
			}
			return i, i < len(text)
		}
	}
	return i, false
}

// IsUUID reports whether v is a canonical 8-4-4-4-12 hexadecimal UUID (either case).
func IsUUID(v []byte) bool {
	if len(v) != 36 {
		return false
	}
	for i, c := range v {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !HexAny.Has(c) {
			return false
		}
	}
	return true
}

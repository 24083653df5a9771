package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// JSONOptions tunes RedactJSON. The zero value gives the defaults documented on each field.
type JSONOptions struct {
	// RedactKeys: values under a key that equals or ends with one of these (compared after
	// lower-casing and dropping '-', '_', '.' and spaces) are always replaced, whatever they
	// hold. nil means DefaultRedactKeys.
	RedactKeys []string
	// AllowKeys: values under a key equal to one of these (normalised the same way) are kept
	// unscanned. nil means DefaultAllowKeys; an empty non-nil slice allows nothing.
	AllowKeys []string
	// MaxDepth is the deepest nesting kept; deeper values are replaced by
	// "[REDACTED:DEPTH_LIMIT]" (fail closed). Default 128.
	MaxDepth int
	// MaxSize is the largest document accepted, in bytes; larger ones are an error. Default 64 MiB.
	MaxSize int
	// MaxEmbedded is how many levels of JSON encoded inside JSON strings (tool-call arguments)
	// are walked as JSON; deeper ones are scanned as text. Default 4.
	MaxEmbedded int
}

// DefaultRedactKeys are the key names whose values are always redacted.
var DefaultRedactKeys = []string{
	"authorization", "proxyauthorization", "apikey", "password", "passwd", "passphrase",
	"secret", "token", "cookie", "setcookie", "privatekey", "secretkey", "accesskey",
	"credential", "credentials", "sessionid", "pwd",
}

// DefaultAllowKeys are the key names whose values are kept without scanning: model-API
// metadata that is never personal.
var DefaultAllowKeys = []string{
	"model", "role", "object", "type", "finishreason", "stopreason", "index", "created",
	"usage", "stream", "systemfingerprint",
}

// ErrTooLarge is returned (wrapped) by RedactJSON for documents over JSONOptions.MaxSize.
var ErrTooLarge = errors.New("document exceeds size limit")

type keyPolicy uint8

const (
	keyScan keyPolicy = iota
	keyRedact
	keyAllow
)

const (
	depthMarker  = `"[REDACTED:DEPTH_LIMIT]"`
	secretMarker = `"[REDACTED:SECRET]"`
)

func normKey(k []byte) string { return string(appendNormKey(nil, k)) }

// appendNormKey appends k lower-cased, without '-', '_', '.' and ' ' (so "API-Key",
// "api_key" and "apiKey" compare equal).
func appendNormKey(b, k []byte) []byte {
	for _, c := range k {
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		default:
			b = append(b, c)
		}
	}
	return b
}

func compileJSONOptions(o JSONOptions) (JSONOptions, map[string]keyPolicy, error) {
	if o.MaxDepth == 0 {
		o.MaxDepth = 128
	}
	if o.MaxSize == 0 {
		o.MaxSize = 64 << 20
	}
	if o.MaxEmbedded == 0 {
		o.MaxEmbedded = 4
	}
	if o.MaxDepth < 1 || o.MaxSize < 1 || o.MaxEmbedded < 0 {
		return o, nil, errors.New("json: max_depth, max_size and max_embedded must be positive")
	}
	if o.RedactKeys == nil {
		o.RedactKeys = DefaultRedactKeys
	}
	if o.AllowKeys == nil {
		o.AllowKeys = DefaultAllowKeys
	}
	m := map[string]keyPolicy{}
	for _, k := range o.AllowKeys {
		m[normKey([]byte(k))] = keyAllow
	}
	for _, k := range o.RedactKeys {
		n := normKey([]byte(k))
		if n == "" {
			return o, nil, errors.New("json: redact_keys: empty key")
		}
		if m[n] == keyAllow {
			return o, nil, fmt.Errorf("json: key %q is both allowed and redacted", k)
		}
	}
	return o, m, nil
}

// policy returns what to do with the value under key k (raw, unescaped bytes).
func (e *Engine) policy(k []byte) keyPolicy {
	var buf [64]byte
	n := appendNormKey(buf[:0], k)          // on the stack unless the key is long
	if p, ok := e.keyClass[string(n)]; ok { // the conversion in a map index does not allocate
		return p
	}
	for _, r := range e.redactSuffixes {
		if bytes.HasSuffix(n, r) {
			return keyRedact
		}
	}
	return keyScan
}

// RedactJSON walks a JSON document and returns it redacted and still valid JSON: every string
// is unescaped before it is scanned (and JSON encoded inside strings is walked as JSON), keys
// are scanned too, numbers that hold sensitive data become strings, values under redact keys
// are replaced whole, values under allow keys are kept. Past MaxDepth a value is replaced by a
// marker (fail closed). Pseudonyms are consistent within sc (nil: a new scope).
//
// Findings carry the byte span of the JSON token (string, number or key) that held them in
// doc, not offsets inside the unescaped text. On error (invalid JSON, too large) it returns
// nil output and an error naming the byte offset, never document content.
func (e *Engine) RedactJSON(sc *Scope, doc []byte) ([]byte, []Finding, error) {
	out, fs, err := e.AppendRedactJSON(make([]byte, 0, len(doc)+64), sc, doc)
	if err != nil {
		return nil, nil, err
	}
	return out, fs, nil
}

// AppendRedactJSON is RedactJSON appending the redacted document to dst, so that a caller
// can reuse one buffer across documents. On error it returns dst unchanged (length as given;
// bytes past it may have been written) with the error.
func (e *Engine) AppendRedactJSON(dst []byte, sc *Scope, doc []byte) ([]byte, []Finding, error) {
	if len(doc) > e.json.MaxSize {
		return dst, nil, fmt.Errorf("redact json: %d bytes: %w (%d)", len(doc), ErrTooLarge, e.json.MaxSize)
	}
	if sc == nil {
		sc = &Scope{}
	}
	scratch := scratchPool.Get().(*jsonScratch)
	scratch.arena = scratch.arena[:0]
	defer putScratch(scratch)
	w := jsonWalker{e: e, sc: sc, in: doc, out: dst, s: scratch}
	w.skipSpace()
	if err := w.value(0, keyScan); err != nil {
		return dst, nil, err
	}
	w.skipSpace()
	if w.pos != len(w.in) {
		return dst, nil, w.errorf("unexpected data after the document")
	}
	return w.out, w.fs, nil
}

// jsonScratch is the working memory of a walk, pooled so that redacting a document
// allocates little beyond its output. Embedded documents share their parent's scratch: the
// parent uses it only before or after the inner walk.
type jsonScratch struct {
	ctx   []byte    // a value with its key as context, for Find
	found []Finding // Find's result for one value
	repl  []byte    // one operator's replacement text
	arena []byte    // unescaped strings of the walk, appended to, never overwritten
}

// maxPooledScratch bounds the buffers a pooled scratch keeps: a huge document's are dropped.
const maxPooledScratch = 1 << 20

func putScratch(s *jsonScratch) {
	if cap(s.ctx) > maxPooledScratch || cap(s.arena) > maxPooledScratch || cap(s.repl) > maxPooledScratch {
		return
	}
	if cap(s.found) > maxPooledScratch/64 {
		return
	}
	scratchPool.Put(s)
}

var scratchPool = sync.Pool{New: func() any { return new(jsonScratch) }}

type jsonWalker struct {
	key      []byte // the key of the value being walked (nil at the top and for keys)
	s        *jsonScratch
	e        *Engine
	sc       *Scope
	in       []byte
	pos      int
	out      []byte
	fs       []Finding
	embedded int
}

func (w *jsonWalker) errorf(format string, args ...any) error {
	return fmt.Errorf("redact json: offset %d: %s", w.pos, fmt.Sprintf(format, args...))
}

// skipSpace copies whitespace through, so the output keeps the input's layout.
func (w *jsonWalker) skipSpace() {
	start := w.pos
	for w.pos < len(w.in) {
		switch w.in[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
			continue
		}
		break
	}
	w.out = append(w.out, w.in[start:w.pos]...)
}

// value copies one value, applying policy p; depth counts enclosing containers.
func (w *jsonWalker) value(depth int, p keyPolicy) error {
	if w.pos >= len(w.in) {
		return w.errorf("unexpected end of input")
	}
	if depth > w.e.json.MaxDepth {
		start := w.pos
		if err := w.skipValue(); err != nil {
			return err
		}
		w.out = append(w.out, depthMarker...)
		w.fs = append(w.fs, Finding{Start: start, End: w.pos, Type: "DEPTH_LIMIT", Rule: "json-depth-limit"})
		return nil
	}
	switch c := w.in[w.pos]; {
	case c == '{':
		return w.object(depth, p)
	case c == '[':
		return w.array(depth, p)
	case c == '"':
		start := w.pos
		s, raw, err := w.str()
		if err != nil {
			return err
		}
		return w.emitString(start, s, raw, p)
	case c == '-' || (c >= '0' && c <= '9'):
		return w.number(p)
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if len(w.in)-w.pos >= len(lit) && string(w.in[w.pos:w.pos+len(lit)]) == lit {
				w.out = append(w.out, lit...)
				w.pos += len(lit)
				return nil
			}
		}
		return w.errorf("invalid character %q", sanitizeByte(c))
	}
}

// sanitizeByte returns c when it is printable ASCII punctuation, else '?': error messages
// never echo document text.
func sanitizeByte(c byte) byte {
	if c > ' ' && c < 0x7f && !isAlnum(c) {
		return c
	}
	return '?'
}

func (w *jsonWalker) object(depth int, p keyPolicy) error {
	w.out = append(w.out, '{')
	w.pos++
	w.skipSpace()
	if w.pos < len(w.in) && w.in[w.pos] == '}' {
		w.pos++
		w.out = append(w.out, '}')
		return nil
	}
	for {
		if w.pos >= len(w.in) || w.in[w.pos] != '"' {
			return w.errorf("expected a string key")
		}
		kstart := w.pos
		key, raw, err := w.str()
		if err != nil {
			return err
		}
		kp := p
		if p == keyScan {
			kp = w.e.policy(key)
		}
		// keys are scanned as text (an e-mail address can be a key)
		outer := w.key
		w.key = nil
		if err := w.emitString(kstart, key, raw, keyScan); err != nil {
			return err
		}
		w.skipSpace()
		if w.pos >= len(w.in) || w.in[w.pos] != ':' {
			return w.errorf("expected ':' after object key")
		}
		w.pos++
		w.out = append(w.out, ':')
		w.skipSpace()
		w.key = key
		err = w.value(depth+1, kp)
		w.key = outer
		if err != nil {
			return err
		}
		w.skipSpace()
		if w.pos >= len(w.in) {
			return w.errorf("unexpected end of input in object")
		}
		switch w.in[w.pos] {
		case ',':
			w.pos++
			w.out = append(w.out, ',')
			w.skipSpace()
		case '}':
			w.pos++
			w.out = append(w.out, '}')
			return nil
		default:
			return w.errorf("expected ',' or '}' in object")
		}
	}
}

func (w *jsonWalker) array(depth int, p keyPolicy) error {
	w.out = append(w.out, '[')
	w.pos++
	w.skipSpace()
	if w.pos < len(w.in) && w.in[w.pos] == ']' {
		w.pos++
		w.out = append(w.out, ']')
		return nil
	}
	for {
		if err := w.value(depth+1, p); err != nil {
			return err
		}
		w.skipSpace()
		if w.pos >= len(w.in) {
			return w.errorf("unexpected end of input in array")
		}
		switch w.in[w.pos] {
		case ',':
			w.pos++
			w.out = append(w.out, ',')
			w.skipSpace()
		case ']':
			w.pos++
			w.out = append(w.out, ']')
			return nil
		default:
			return w.errorf("expected ',' or ']' in array")
		}
	}
}

func (w *jsonWalker) number(p keyPolicy) error {
	start := w.pos
	if !w.scanNumber() {
		return w.errorf("invalid number")
	}
	num := w.in[start:w.pos]
	switch p {
	case keyAllow:
		w.out = append(w.out, num...)
	case keyRedact:
		w.out = append(w.out, secretMarker...)
		w.fs = append(w.fs, Finding{Start: start, End: w.pos, Type: "SECRET", Rule: "json-key-policy"})
	default:
		fs := w.find(num)
		if len(fs) == 0 {
			w.out = append(w.out, num...)
			return nil
		}
		red := w.e.apply(nil, num, fs, w.sc)
		w.out = appendJSONString(w.out, red)
		for _, f := range fs {
			w.fs = append(w.fs, Finding{Start: start, End: w.pos, Type: f.Type, Rule: f.Rule, Category: f.Category})
		}
	}
	return nil
}

// emitString writes string s (unescaped; raw is its escaped source including quotes).
func (w *jsonWalker) emitString(start int, s, raw []byte, p keyPolicy) error {
	end := w.pos
	switch p {
	case keyAllow:
		w.out = append(w.out, raw...)
		return nil
	case keyRedact:
		if len(s) == 0 || IsRedactionMarkerString(s) {
			w.out = append(w.out, raw...)
			return nil
		}
		w.out = append(w.out, secretMarker...)
		w.fs = append(w.fs, Finding{Start: start, End: end, Type: "SECRET", Rule: "json-key-policy"})
		return nil
	}
	// JSON inside a string (tool-call arguments): walk it as JSON.
	if w.embedded < w.e.json.MaxEmbedded && looksJSON(s) {
		inner := jsonWalker{e: w.e, sc: w.sc, in: s, s: w.s, embedded: w.embedded + 1}
		inner.skipSpace()
		if inner.value(0, keyScan) == nil {
			inner.skipSpace()
			if inner.pos == len(inner.in) {
				if len(inner.fs) == 0 {
					w.out = append(w.out, raw...)
					return nil
				}
				w.out = appendJSONString(w.out, inner.out)
				w.addFindings(start, end, inner.fs)
				return nil
			}
		}
	}
	fs := w.scanString(s)
	if len(fs) == 0 {
		w.out = append(w.out, raw...)
	} else {
		w.appendRedacted(s, fs, len(s) > 0 && &s[0] == &raw[1])
	}
	w.addFindings(start, end, fs)
	return nil
}

// scanString returns the findings in the string value s (spans in s). A long string seen
// before in this scope under the same key (a prompt in the request body and again in the
// input messages) is answered from the scope instead of scanned twice.
func (w *jsonWalker) scanString(s []byte) []Finding {
	if len(s) < memoMin {
		return w.find(s)
	}
	k := memoHash(w.key, s)
	if m, ok := w.sc.memo[k]; ok && m.n == len(s) {
		return m.fs
	}
	fs := w.find(s)
	w.sc.remember(k, memoEntry{n: len(s), fs: slices.Clone(fs)})
	return fs
}

// addFindings records fs as findings of the token doc[start:end].
func (w *jsonWalker) addFindings(start, end int, fs []Finding) {
	for _, f := range fs {
		w.fs = append(w.fs, Finding{Start: start, End: end, Type: f.Type, Rule: f.Rule, Category: f.Category})
	}
}

// memoMin is the length from which a JSON string's redaction is remembered in its Scope.
const memoMin = 512

// memoEntry is a remembered string scan: the string's length and its findings (spans in the
// unescaped string), which are applied again on a repeat; no text is kept.
type memoEntry struct {
	n  int
	fs []Finding
}

var memoSeed = maphash.MakeSeed()

// memoHash hashes a string value with the key it stands under (the key is part of the
// context the value was scanned with).
func memoHash(key, s []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(memoSeed)
	h.Write(key)
	h.WriteByte(0)
	h.Write(s)
	return h.Sum64()
}

// find scans v, a value under w.key, with its key in front as context — `"key": "v"` — so
// that rules that need a key (a password, a name, a date of birth) see it as they would in
// text. Findings are clipped to v and given as offsets in v.
func (w *jsonWalker) find(v []byte) []Finding {
	if len(w.key) == 0 || len(w.key) > 256 {
		w.s.found = w.e.Find(w.s.found[:0], v)
		return w.s.found
	}
	ctx := append(append(append(w.s.ctx[:0], '"'), w.key...), `": "`...)
	off := len(ctx)
	ctx = append(append(ctx, v...), '"')
	w.s.ctx = ctx
	fs := w.e.Find(w.s.found[:0], ctx)
	w.s.found = fs
	n := 0
	for _, f := range fs {
		if f.End <= off || f.Start >= off+len(v) {
			continue // in the key: the key itself is scanned on its own
		}
		f.Start = max(f.Start, off) - off
		f.End = min(f.End, off+len(v)) - off
		fs[n] = f
		n++
	}
	return fs[:n]
}

// appendRedacted appends s, with each finding replaced by its operator's output, as a JSON
// string literal. plain says s is the raw text of a string token that held no escapes: its
// parts between findings are then copied as they are, unless a finding cuts a UTF-8
// sequence (those parts are escaped, which replaces the broken bytes).
func (w *jsonWalker) appendRedacted(s []byte, fs []Finding, plain bool) {
	w.out = append(w.out, '"')
	at := 0
	for _, f := range fs {
		w.out = appendSegment(w.out, s, at, f.Start, plain)
		w.s.repl = w.e.operator(f.Type).Append(w.s.repl[:0], f, s[f.Start:f.End], w.sc)
		w.out = appendJSONChars(w.out, w.s.repl)
		at = f.End
	}
	w.out = appendSegment(w.out, s, at, len(s), plain)
	w.out = append(w.out, '"')
}

// appendSegment appends s[from:to] escaped for a JSON string, or as it is when s is plain
// and both cuts fall on rune starts.
func appendSegment(dst, s []byte, from, to int, plain bool) []byte {
	if plain && (from == 0 || from == len(s) || utf8.RuneStart(s[from])) && (to == len(s) || utf8.RuneStart(s[to])) {
		return append(dst, s[from:to]...)
	}
	return appendJSONChars(dst, s[from:to])
}

// IsRedactionMarkerString reports whether s is exactly one marker hush writes.
func IsRedactionMarkerString(s []byte) bool {
	if len(s) < 3 {
		return false
	}
	if s[0] == '[' && s[len(s)-1] == ']' {
		return strings.HasPrefix(string(s), "[REDACTED:") || strings.HasPrefix(string(s), "[HMAC:")
	}
	return s[0] == '<' && s[len(s)-1] == '>' && !strings.ContainsAny(string(s[1:len(s)-1]), "<> ")
}

func looksJSON(s []byte) bool {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i < len(s) && (s[i] == '{' || s[i] == '[')
}

// str parses a string at w.pos, returning its unescaped bytes (invalid UTF-8 and lone
// surrogates become U+FFFD) and its raw source.
func (w *jsonWalker) str() ([]byte, []byte, error) {
	start := w.pos
	w.pos++
	// fast path: up to the next quote no escapes, no control characters, valid UTF-8
	if i := bytes.IndexByte(w.in[w.pos:], '"'); i >= 0 {
		s := w.in[w.pos : w.pos+i]
		if bytes.IndexByte(s, '\\') < 0 && !hasControl(s) && utf8.Valid(s) {
			w.pos += i + 1
			return s, w.in[start:w.pos], nil
		}
	}
	// slow path: unescape into the walk's arena, copying runs of ordinary bytes at once. The
	// arena only grows during a walk, so earlier strings (the key of the value being walked)
	// stay valid.
	n0 := len(w.s.arena)
	b := w.s.arena
	for {
		run := w.pos
		for run < len(w.in) && strRun[w.in[run]] {
			run++
		}
		if seg := w.in[w.pos:run]; len(seg) > 0 {
			if utf8.Valid(seg) {
				b = append(b, seg...)
			} else {
				for len(seg) > 0 {
					r, n := utf8.DecodeRune(seg)
					b = utf8.AppendRune(b, r) // RuneError for invalid bytes
					seg = seg[n:]
				}
			}
			w.pos = run
		}
		if w.pos >= len(w.in) {
			return nil, nil, w.errorf("unterminated string")
		}
		c := w.in[w.pos]
		switch {
		case c == '"':
			w.pos++
			w.s.arena = b
			return b[n0:len(b):len(b)], w.in[start:w.pos], nil
		case c < 0x20:
			return nil, nil, w.errorf("control character in string")
		default: // '\\'
			if w.pos+1 >= len(w.in) {
				return nil, nil, w.errorf("unterminated escape")
			}
			e := w.in[w.pos+1]
			w.pos += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := w.hex4()
				if !ok {
					return nil, nil, w.errorf("invalid \\u escape")
				}
				if r >= 0xD800 && r < 0xDC00 && w.pos+1 < len(w.in) && w.in[w.pos] == '\\' && w.in[w.pos+1] == 'u' {
					save := w.pos
					w.pos += 2
					r2, ok := w.hex4()
					if ok && r2 >= 0xDC00 && r2 < 0xE000 {
						r = (r-0xD800)<<10 + (r2 - 0xDC00) + 0x10000
					} else {
						w.pos = save
						r = utf8.RuneError
					}
				} else if r >= 0xD800 && r < 0xE000 {
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				return nil, nil, w.errorf("invalid escape")
			}
		}
	}
}

func (w *jsonWalker) hex4() (rune, bool) {
	if w.pos+4 > len(w.in) {
		return 0, false
	}
	var r rune
	for _, c := range w.in[w.pos : w.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	w.pos += 4
	return r, true
}

// skipValue moves past one value without recursion (used past MaxDepth) and checks its syntax
// only as far as brackets and strings go.
func (w *jsonWalker) skipValue() error {
	depth := 0
	for w.pos < len(w.in) {
		switch c := w.in[w.pos]; c {
		case '"':
			if _, _, err := w.str(); err != nil {
				return err
			}
			if depth == 0 {
				return nil
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				return w.errorf("unbalanced brackets")
			}
			if depth == 0 {
				w.pos++
				return nil
			}
		default:
			if depth == 0 {
				// scalar: up to the next delimiter
				for w.pos < len(w.in) && !strings.ContainsRune(",}] \t\r\n", rune(w.in[w.pos])) {
					w.pos++
				}
				return nil
			}
		}
		w.pos++
	}
	return w.errorf("unexpected end of input")
}

// scanNumber moves past a number per the JSON grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (w *jsonWalker) scanNumber() bool {
	in := w.in
	i := w.pos
	digits := func() int {
		n := 0
		for i < len(in) && in[i] >= '0' && in[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(in) && in[i] == '-' {
		i++
	}
	switch {
	case i < len(in) && in[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(in) && in[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	w.pos = i
	return true
}

const hexDigits = "0123456789abcdef"

// strRun marks the bytes a string copies through unchanged while unescaping: everything but
// quotes, backslashes and control characters (UTF-8 is checked per run).
var strRun = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// hasControl reports whether s holds a byte below 0x20, eight bytes at a time.
func hasControl(s []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(s) >= 8 {
		x := binary.LittleEndian.Uint64(s)
		if (x-0x20*ones)&^x&highs != 0 {
			return true
		}
		s = s[8:]
	}
	for _, c := range s {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// jsonPlain marks the ASCII bytes that a JSON string holds as they are.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string literal.
func appendJSONString(dst, s []byte) []byte {
	return append(appendJSONChars(append(dst, '"'), s), '"')
}

// appendJSONChars appends s escaped for the inside of a JSON string literal: quotes,
// backslashes and control characters escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONChars(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && jsonPlain[s[j]] {
			j++
		}
		dst = append(dst, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		if c >= 0x80 {
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				dst = append(dst, `\ufffd`...)
			} else {
				dst = append(dst, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		i++
	}
	return dst
}

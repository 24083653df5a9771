package redact

import (
	"fmt"
	"strings"

	"github.com/hushlog/hush/redact/rules"
)

// Finding is one sensitive span. It never holds the matched text, so findings may be logged,
// counted and stored freely.
type Finding struct {
	// Start and End are byte offsets of the span [Start, End) in the scanned input.
	Start, End int
	// Type is the entity type, e.g. "EMAIL_ADDRESS" or "GITHUB_TOKEN".
	Type string
	// Rule is the id of the rule that found it, e.g. "github-pat".
	Rule string
	// Category is rules.Secret or rules.PII.
	Category rules.Category
}

// Config configures an Engine. The zero Config is usable: built-in rules, typed placeholders.
type Config struct {
	// Rules to run; nil means rules.Builtin(). Custom rules are appended by the caller.
	Rules []rules.Rule
	// Disable lists rule ids or types to leave out.
	Disable []string
	// Operators chooses the operator per entity type; types absent here use Default.
	Operators map[string]Operator
	// Default is the operator for types without their own; nil means Placeholder{}.
	Default Operator
	// JSON tunes RedactJSON.
	JSON JSONOptions
}

// Engine detects and redacts secrets and personal data. It is immutable after New and safe
// for concurrent use by any number of goroutines.
type Engine struct {
	rules    []rules.Rule
	kwRules  [][]int32 // keyword index → rule indexes
	pf       *prefilter
	ops      map[string]Operator
	def      Operator
	json     JSONOptions
	keyClass map[string]keyPolicy
	dualMin  int // the shortest text scanned by two automata (see dualScanMin)
	// redactSuffixes are the normalised JSONOptions.RedactKeys: a key ending in one is redacted
	redactSuffixes [][]byte
}

// New compiles an Engine from cfg. It returns an error naming the first bad rule or option.
func New(cfg Config) (*Engine, error) {
	rs := cfg.Rules
	if rs == nil {
		rs = rules.Builtin()
	}
	if len(cfg.Disable) > 0 {
		off := make(map[string]bool, len(cfg.Disable))
		for _, d := range cfg.Disable {
			off[d] = true
		}
		kept := make([]rules.Rule, 0, len(rs))
		for _, r := range rs {
			if !off[r.ID] && !off[r.Type] {
				kept = append(kept, r)
			}
		}
		rs = kept
	}
	if err := rules.ValidateSet(rs); err != nil {
		return nil, err
	}
	e := &Engine{rules: rs, ops: cfg.Operators, def: cfg.Default}
	if e.def == nil {
		e.def = Placeholder{}
	}
	for t, op := range e.ops {
		if op == nil {
			return nil, fmt.Errorf("operators: type %s: nil operator", t)
		}
	}
	kwIndex := map[string]int{}
	var kws []string
	for ri := range rs {
		for _, k := range rs[ri].Keywords {
			k = strings.ToLower(k)
			ki, ok := kwIndex[k]
			if !ok {
				ki = len(kws)
				kwIndex[k] = ki
				kws = append(kws, k)
				e.kwRules = append(e.kwRules, nil)
			}
			e.kwRules[ki] = append(e.kwRules[ki], int32(ri))
		}
	}
	e.pf = newPrefilter(kws)
	e.dualMin = max(dualScanMin, 4*e.pf.maxLen)
	var err error
	if e.json, e.keyClass, err = compileJSONOptions(cfg.JSON); err != nil {
		return nil, err
	}
	for _, k := range e.json.RedactKeys {
		e.redactSuffixes = append(e.redactSuffixes, appendNormKey(nil, []byte(k)))
	}
	return e, nil
}

// Rules returns the engine's rules. The caller must not modify the slice.
func (e *Engine) Rules() []rules.Rule { return e.rules }

// Find appends the findings in text to dst, sorted by Start, overlaps merged, and returns the
// extended slice. It makes one pass over text; when nothing is found it allocates nothing.
func (e *Engine) Find(dst []Finding, text []byte) []Finding {
	base := len(dst)
	if len(text) >= e.dualMin {
		dst = e.scanDual(dst, base, text)
	} else {
		dst = e.scan(dst, base, text, 0, 0, len(text), 0)
	}
	if len(dst)-base > 1 {
		dst = append(dst[:base], mergeFindings(dst[base:])...)
	}
	return dst
}

// dualScanMin is the shortest text Find gives two automata (Engine.dualMin: more when a
// keyword is long, since each half must be at least twice the longest keyword for the
// second automaton's state to be exact where its range starts).
const dualScanMin = 256

// scan runs the automaton from state s at text[i] up to text[end] and the rules of every
// keyword found that ends after from.
func (e *Engine) scan(dst []Finding, base int, text []byte, i int, s uint32, end, from int) []Finding {
	for {
		var hit bool
		if i, s, hit = e.pf.next(text[:end], i, s); !hit {
			return dst
		}
		if i > from {
			dst = e.hit(dst, base, text, s, i)
		}
	}
}

// scanDual finds what scan finds, chunk by chunk, with two automata per chunk (scanPair).
func (e *Engine) scanDual(dst []Finding, base int, text []byte) []Finding {
	var s uint32 // the exact state at pos
	pos := 0
	for len(text)-pos >= e.dualMin {
		end := pos + max(dualChunk, e.dualMin)
		if len(text)-end < e.dualMin {
			end = len(text) // the last chunk takes the rest
		}
		dst, s = e.scanPair(dst, base, text, pos, end, s)
		pos = end
	}
	return e.scan(dst, base, text, pos, s, len(text), 0)
}

// dualChunk is the text scanDual gives one pair of automata: long enough to amortise
// the restart, short enough that the second automaton's hits (kept until the first is done)
// are few.
const dualChunk = 4096

// scanPair scans text[lo:hi] from state s at lo with two automata in lockstep
// (prefilter.next2): a from lo, b from the middle. b's state is exact once it has read maxLen
// bytes, so a answers for keywords ending up to maxLen bytes past the middle (at or before
// ea) and b for the rest. Hits are handled in text order: a's as they come, b's kept until a
// is done (past len(held) of them, b waits and scans alone after a). It returns the state at
// hi.
func (e *Engine) scanPair(dst []Finding, base int, text []byte, lo, hi int, s uint32) ([]Finding, uint32) {
	pf := e.pf
	mid := lo + (hi-lo)/2
	ea := min(hi, mid+pf.maxLen)
	ia, ib := lo, mid
	sa, sb := s, uint32(0)
	type pending struct {
		end int
		s   uint32
	}
	var held [32]pending
	nh := 0
	for ia < ea && ib < hi && nh < len(held) {
		ia, sa, ib, sb = pf.next2(text, ia, sa, ib, sb, min(ea-ia, hi-ib))
		if pf.isHit(text, ia, sa) {
			dst = e.hit(dst, base, text, sa, ia)
		}
		if ib > ea && pf.isHit(text, ib, sb) {
			held[nh] = pending{ib, sb}
			nh++
		}
	}
	dst = e.scan(dst, base, text, ia, sa, ea, 0) // a alone to the end of its range
	for _, h := range held[:nh] {
		dst = e.hit(dst, base, text, h.s, h.end)
	}
	// b alone to hi; its hits up to ea are a's
	for ib < hi {
		var hit bool
		if ib, sb, hit = pf.next(text[:hi], ib, sb); !hit {
			break
		}
		if ib > ea {
			dst = e.hit(dst, base, text, sb, ib)
		}
	}
	return dst, sb
}

// hit runs the rules of every keyword that ends at end.
func (e *Engine) hit(dst []Finding, base int, text []byte, s uint32, end int) []Finding {
	for _, ki := range e.pf.outputs(s) {
		start := end - int(e.pf.lens[ki])
		if e.pf.lens[ki] == 1 && start > 0 && isDigit(text[start]) && isDigit(text[start-1]) {
			continue // a digit keyword fires once per run of digits
		}
		for _, ri := range e.kwRules[ki] {
			if n := len(dst); n > base && start >= dst[n-1].Start && start < dst[n-1].End {
				break // inside what was just found
			}
			r := &e.rules[ri]
			fs, fe, ok := r.Match(text, start, end)
			if !ok || fe <= fs || fs < 0 || fe > len(text) {
				continue
			}
			dst = append(dst, Finding{Start: fs, End: fe, Type: r.Type, Rule: r.ID, Category: r.Category})
		}
	}
	return dst
}

// mergeFindings sorts fs by Start and merges overlapping spans in place. The merged span keeps
// the type of the winning finding: secrets over personal data, then the longer span.
func mergeFindings(fs []Finding) []Finding {
	// insertion sort: findings are few and nearly sorted
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Start < fs[j-1].Start; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	out := fs[:1]
	for _, f := range fs[1:] {
		last := &out[len(out)-1]
		if f.Start >= last.End {
			out = append(out, f)
			continue
		}
		if wins(f, *last) {
			last.Type, last.Rule, last.Category = f.Type, f.Rule, f.Category
		}
		if f.End > last.End {
			last.End = f.End
		}
	}
	return out
}

func wins(a, b Finding) bool {
	if a.Category != b.Category {
		return a.Category == rules.Secret
	}
	return a.End-a.Start > b.End-b.Start
}

// Scope carries state across the calls that redact one record, so that a pseudonym names the
// same value the same way everywhere in it. A Scope is not safe for concurrent use; the zero
// value is ready. It keeps digests of values, never the values.
type Scope struct {
	pseudo map[pseudoKey]int
	count  map[string]int
	// memo remembers what was found in long JSON strings, by a hash of key and value, so
	// that a value repeated in one record (a request body and its parsed messages) is
	// scanned once. It holds offsets and types, never text. The hash is 64-bit with a
	// per-process random seed, and the length must match too: a false match would take a
	// collision that nobody outside the process can aim for.
	memo map[uint64]memoEntry
}

func (sc *Scope) remember(k uint64, m memoEntry) {
	if sc.memo == nil {
		sc.memo = map[uint64]memoEntry{}
	}
	sc.memo[k] = m
}

// Redact returns text with every finding replaced by its type's operator, and the findings
// (offsets refer to text). When nothing is found it returns text itself and nil, allocating
// nothing.
func (e *Engine) Redact(text []byte) ([]byte, []Finding) {
	return e.RedactScope(nil, text)
}

// RedactScope is Redact with pseudonyms kept consistent across calls sharing sc (nil: a new
// scope for this call).
func (e *Engine) RedactScope(sc *Scope, text []byte) ([]byte, []Finding) {
	fs := e.Find(nil, text)
	if len(fs) == 0 {
		return text, nil
	}
	if sc == nil {
		sc = &Scope{}
	}
	out := make([]byte, 0, len(text)+32*len(fs))
	return e.apply(out, text, fs, sc), fs
}

// RedactString is Redact for strings.
func (e *Engine) RedactString(s string) string {
	out, fs := e.Redact([]byte(s))
	if fs == nil {
		return s
	}
	return string(out)
}

// apply appends text to dst with the spans of fs replaced.
func (e *Engine) apply(dst, text []byte, fs []Finding, sc *Scope) []byte {
	at := 0
	for _, f := range fs {
		dst = append(dst, text[at:f.Start]...)
		dst = e.operator(f.Type).Append(dst, f, text[f.Start:f.End], sc)
		at = f.End
	}
	return append(dst, text[at:]...)
}

func (e *Engine) operator(typ string) Operator {
	if op, ok := e.ops[typ]; ok {
		return op
	}
	return e.def
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

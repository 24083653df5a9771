package privlog

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/hushlog/hush/redact"
)

// Handler is the slog.Handler returned by New and NewHandler. It decides each record's
// category, writes released records (public and any declared category) with the category's
// prefix and their attributes unchanged, and rewrites private records per Options.Private
// before passing them to the wrapped handler.
//
// A Handler is safe for concurrent use. Handlers derived by WithAttrs and WithGroup share
// their parent's options and counters. Records are never modified; Handle builds a new record
// for the wrapped handler.
type Handler struct {
	c      *config
	next   slog.Handler
	split  *splitHandler // next, when it was built by Split
	cat    Category      // from WithAttrs markers; "" when none
	frames []frame       // frames[0] is the top level; each later one was opened by WithGroup
}

var _ slog.Handler = (*Handler)(nil)

// frame holds the attributes added by WithAttrs inside one group, already processed for both
// kinds of record.
type frame struct {
	group    string
	released []slog.Attr
	private  []slog.Attr
	hasAttrs bool
}

// Stats are a Handler's counters since New. Handlers derived from one another share them.
type Stats struct {
	// Released counts records written as public or another released category.
	Released uint64
	// Private counts private records written.
	Private uint64
	// Uncategorised counts records dropped because Options.RequireCategory was set and they
	// carried no category.
	Uncategorised uint64
}

// config is what all handlers derived from one New share. It is immutable except for the
// counters and the buffer pool.
type config struct {
	opts      Options
	engine    *redact.Engine
	pubErrors map[reflect.Type]bool
	bufs      sync.Pool

	released, private, uncategorised atomic.Uint64
}

// New returns a Handler that writes to next, or an error naming the bad option. When
// opts.Engine is nil and the mode is Redact, New builds an engine with the built-in rules.
// next may be the result of Split, to send released and private records to different places.
func New(next slog.Handler, opts Options) (*Handler, error) {
	if next == nil {
		return nil, fmt.Errorf("privlog: next handler is nil")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	// the handler keeps its own copies: later changes by the caller do not reach it
	opts.HashKey = bytes.Clone(opts.HashKey)
	opts.Prefixes = maps.Clone(opts.Prefixes)
	c := &config{opts: opts, engine: opts.Engine}
	if c.engine == nil && opts.Private == Redact {
		e, err := redact.New(redact.Config{})
		if err != nil {
			return nil, fmt.Errorf("privlog: building the built-in redaction engine: %w", err)
		}
		c.engine = e
	}
	if len(opts.PublicErrorTypes) > 0 {
		c.pubErrors = make(map[reflect.Type]bool, len(opts.PublicErrorTypes))
		for _, t := range opts.PublicErrorTypes {
			c.pubErrors[t] = true
		}
	}
	h := &Handler{c: c, next: next, frames: []frame{{}}}
	if s, ok := next.(*splitHandler); ok {
		if s.public == nil || s.private == nil {
			return nil, fmt.Errorf("privlog: Split: public and private handlers must not be nil")
		}
		h.split = s
	}
	return h, nil
}

// NewHandler is New for options known to be valid, with the signature of the standard
// library's handler constructors. It panics if opts.Validate fails or the built-in engine
// cannot be built: a program must not start logging without its privacy rules.
func NewHandler(next slog.Handler, opts Options) slog.Handler {
	h, err := New(next, opts)
	if err != nil {
		panic(err)
	}
	return h
}

// Stats returns the handler's counters.
func (h *Handler) Stats() Stats {
	return Stats{
		Released:      h.c.released.Load(),
		Private:       h.c.private.Load(),
		Uncategorised: h.c.uncategorised.Load(),
	}
}

// Enabled reports whether the wrapped handler (either side of a Split) is enabled at level.
// It does nothing else, so a disabled log call costs what the wrapped handler's Enabled costs.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	if h.split != nil {
		return h.split.public.Enabled(ctx, level) || h.split.private.Enabled(ctx, level)
	}
	return h.next.Enabled(ctx, level)
}

// WithAttrs returns a handler whose records carry attrs, in the current group. A category
// marker among attrs categorises every record of the new handler that does not carry its own.
// Private attributes are rewritten once, here.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	h2 := *h
	h2.frames = append([]frame(nil), h.frames...)
	f := &h2.frames[len(h2.frames)-1]
	if c, ok := categoryOf(attrs); ok {
		h2.cat = c
	}
	pub, priv := h.process(attrs, true), h.process(attrs, false)
	f.released = append(append([]slog.Attr(nil), f.released...), pub...)
	f.private = append(append([]slog.Attr(nil), f.private...), priv...)
	f.hasAttrs = f.hasAttrs || len(pub) > 0 || len(priv) > 0
	return &h2
}

// WithGroup returns a handler that puts the attributes of later WithAttrs calls and of each
// record in a group named name. An empty name returns h.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.frames = append(append([]frame(nil), h.frames...), frame{group: name})
	return &h2
}

// categoryOf returns the category set by the markers among attrs (top level only): private
// when any of them is private, else the last one.
func categoryOf(attrs []slog.Attr) (Category, bool) {
	var cat Category
	found := false
	for _, a := range attrs {
		if c, ok := markerOf(a); ok {
			if cat != CategoryPrivate {
				cat = c
			}
			found = true
		}
	}
	return cat, found
}

// Handle categorises r and passes a rewritten copy to the wrapped handler. Records dropped for
// lack of a category return nil. The error is the wrapped handler's.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	// One pass over the record: its markers, whether any attribute may need rewriting, and
	// the other attributes (on the stack for most records).
	var stack [8]slog.Attr
	attrs := stack[:0]
	recCat, recMarked, special := Category(""), false, false
	r.Attrs(func(a slog.Attr) bool {
		if c, ok := markerOf(a); ok {
			if recCat != CategoryPrivate {
				recCat = c
			}
			recMarked = true
			return true
		}
		switch a.Value.Kind() {
		case slog.KindAny, slog.KindLogValuer, slog.KindGroup:
			special = true
		}
		attrs = append(attrs, a)
		return true
	})
	cat := h.cat
	if recMarked {
		cat = recCat
	}
	if cat == "" && h.c.opts.RequireCategory {
		h.c.uncategorised.Add(1)
		return nil
	}
	prefix, released := h.c.opts.prefixOf(cat)
	next := h.next
	if h.split != nil {
		next = h.split.private
		if released {
			next = h.split.public
		}
		if !next.Enabled(ctx, r.Level) {
			return nil
		}
	}
	var msg string
	if released {
		msg = prefix
		if r.Message != "" {
			msg = prefix + " " + r.Message
		}
		h.c.released.Add(1)
	} else {
		msg = h.c.privateText(r.Message)
		h.c.private.Add(1)
	}
	flat := len(h.frames) == 1 && !h.frames[0].hasAttrs
	if released && !special && flat {
		// Nothing to rewrite but the message; r is our copy, its attributes stay untouched
		// (a marker among them resolves to an empty group, which the next handler drops).
		r.Message = msg
		return next.Handle(ctx, r)
	}
	n := 0
	for _, a := range attrs {
		if a2, ok := h.attr(a, released); ok {
			attrs[n] = a2
			n++
		}
	}
	nr := slog.NewRecord(r.Time, r.Level, msg, r.PC)
	if flat {
		nr.AddAttrs(attrs[:n]...)
		return next.Handle(ctx, nr)
	}
	inner := slices.Clone(attrs[:n]) // the groups built below keep it: not the stack
	for i := len(h.frames) - 1; i >= 0; i-- {
		f := &h.frames[i]
		pre := f.private
		if released {
			pre = f.released
		}
		if i == len(h.frames)-1 && len(pre) == 0 {
			continue // nothing to add in the innermost group
		}
		cur := make([]slog.Attr, 0, len(pre)+len(inner)+1)
		cur = append(cur, pre...)
		if i == len(h.frames)-1 {
			cur = append(cur, inner...)
		} else if len(inner) > 0 {
			cur = append(cur, slog.Attr{Key: h.frames[i+1].group, Value: slog.GroupValue(inner...)})
		}
		inner = cur
	}
	nr.AddAttrs(inner...)
	return next.Handle(ctx, nr)
}

// process rewrites attrs for one kind of record, leaving out what is dropped.
func (h *Handler) process(attrs []slog.Attr, released bool) []slog.Attr {
	out := make([]slog.Attr, 0, len(attrs))
	for _, a := range attrs {
		if a2, ok := h.attr(a, released); ok {
			out = append(out, a2)
		}
	}
	return out
}

// attr rewrites one attribute of a released or private record; false drops it.
func (h *Handler) attr(a slog.Attr, released bool) (slog.Attr, bool) {
	v := a.Value
	switch v.Kind() {
	case slog.KindLogValuer:
		switch x := v.LogValuer().(type) {
		case categoryMarker:
			return a, false
		case publicValue:
			return slog.Attr{Key: a.Key, Value: x.v.Resolve()}, true
		case secretValue:
			return slog.String(a.Key, SecretMarker), true
		case errorValue:
			return slog.Attr{Key: a.Key, Value: h.c.errorValue(x.err)}, true
		}
		v = v.Resolve()
	case slog.KindAny:
		if a.Key == "" && v.Any() == nil {
			return a, false // the zero Attr is ignored
		}
	case slog.KindGroup:
	default:
		if released {
			return a, true
		}
		return h.c.privateLeaf(a.Key, v)
	}
	switch v.Kind() {
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, 0, len(g))
		for _, ga := range g {
			if a2, ok := h.attr(ga, released); ok {
				out = append(out, a2)
			}
		}
		if len(out) == 0 {
			return a, false
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}, true
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.Attr{Key: a.Key, Value: h.c.errorValue(err)}, true
		}
	}
	if released {
		return slog.Attr{Key: a.Key, Value: v}, true
	}
	return h.c.privateLeaf(a.Key, v)
}

// privateText rewrites a private message per the mode.
func (c *config) privateText(s string) string {
	switch c.opts.Private {
	case Redact:
		if s == "" {
			return s
		}
		return c.redactValue("", s)
	case Hash:
		return c.hashToken(s)
	case Length:
		return lengthToken(len(s))
	}
	return ""
}

// privateLeaf rewrites one private, resolved, non-group value.
func (c *config) privateLeaf(key string, v slog.Value) (slog.Attr, bool) {
	switch c.opts.Private {
	case Drop:
		return slog.Attr{}, false
	case Hash:
		return slog.String(key, c.hashToken(textOf(v))), true
	case Length:
		return slog.String(key, lengthToken(len(textOf(v)))), true
	}
	switch v.Kind() {
	case slog.KindString:
		s := v.String()
		if r := c.redactValue(key, s); r != s {
			return slog.String(key, r), true
		}
	case slog.KindInt64, slog.KindUint64, slog.KindFloat64:
		s := v.String()
		if r := c.redactValue(key, s); r != s {
			return slog.String(key, r), true
		}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case nil:
		case []byte:
			return slog.String(key, c.redactValue(key, string(x))), true
		default:
			if b, err := json.Marshal(x); err == nil {
				out, _, err := c.engine.RedactJSON(nil, b)
				if err != nil {
					return slog.String(key, "[REDACTED:UNPARSEABLE]"), true
				}
				return slog.Any(key, rawJSON(out)), true
			}
			return slog.String(key, c.redactValue(key, fmt.Sprint(x))), true
		}
	}
	return slog.Attr{Key: key, Value: v}, true
}

// rawJSON is redacted JSON: written as JSON by JSON handlers and as text by text handlers.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }
func (r rawJSON) MarshalText() ([]byte, error) { return r, nil }

// textOf is the text a value is hashed or measured as.
func textOf(v slog.Value) string {
	if v.Kind() != slog.KindAny {
		return v.String()
	}
	switch x := v.Any().(type) {
	case []byte:
		return string(x)
	case nil:
		return ""
	default:
		if b, err := json.Marshal(x); err == nil {
			return string(b)
		}
		return fmt.Sprint(x)
	}
}

// redactValue runs the engine over s. The value is scanned after "key=" so that rules which
// need a context keyword (password=…) see it; a finding that reaches into the key replaces the
// whole value. Strings that hold a JSON document are walked as JSON.
func (c *config) redactValue(key, s string) string {
	if looksJSON(s) {
		if out, _, err := c.engine.RedactJSON(nil, []byte(s)); err == nil {
			return string(out)
		}
	}
	bp, _ := c.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	buf := append((*bp)[:0], key...)
	off := len(buf)
	if key != "" {
		buf = append(buf, '=')
		off++
	}
	buf = append(buf, s...)
	out, fs := c.engine.Redact(buf)
	r := s
	switch {
	case len(fs) == 0:
	case fs[0].Start < off:
		r = "[REDACTED:" + fs[0].Type + "]"
	default:
		r = string(out[off:])
	}
	*bp = buf[:0]
	if cap(buf) <= 64<<10 {
		c.bufs.Put(bp)
	}
	return r
}

func looksJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// hashToken is the Hash-mode token of s.
func (c *config) hashToken(s string) string {
	m := hmac.New(sha256.New, c.opts.HashKey)
	m.Write([]byte(s))
	var sum [sha256.Size]byte
	d := m.Sum(sum[:0])
	b := make([]byte, 0, 48+len(c.opts.KeyID))
	b = append(b, "[HMAC:PRIVATE:"...)
	b = append(b, c.opts.KeyID...)
	b = append(b, ':')
	b = hex.AppendEncode(b, d[:12])
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return string(append(b, ']'))
}

func lengthToken(n int) string {
	return "[REDACTED:PRIVATE:" + strconv.Itoa(n) + "]"
}

// errorValue is the group logged for err: types, stack and the scrubbed message.
func (c *config) errorValue(err error) slog.Value {
	if err == nil {
		return slog.AnyValue(nil)
	}
	msg := safeError(err)
	if !c.publicError(err) {
		switch c.opts.Private {
		case Redact:
			msg = c.redactValue("", msg)
		case Hash:
			msg = c.hashToken(msg)
		case Length:
			msg = lengthToken(len(msg))
		default:
			msg = ScrubbedMessage
		}
	}
	return errorGroup(err, msg)
}

// publicError reports whether err's dynamic type (a panic's value's type) is declared public.
func (c *config) publicError(err error) bool {
	if c.pubErrors == nil {
		return false
	}
	var t reflect.Type
	if p, ok := err.(*panicError); ok {
		t = reflect.TypeOf(p.v)
	} else {
		t = reflect.TypeOf(err)
	}
	return c.pubErrors[t]
}

// safeError returns err.Error(), or a fixed text when Error panics.
func safeError(err error) (s string) {
	defer func() {
		if recover() != nil {
			s = "[error message unavailable: Error panicked]"
		}
	}()
	return err.Error()
}

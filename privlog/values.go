package privlog

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
)

// Category names the kind of data a record holds. CategoryPrivate is what every record is
// unless marked otherwise; CategoryPublic may leave the secure environment; teams may declare
// more released categories (Options.Prefixes, Options.PrefixFunc).
type Category string

const (
	// CategoryPublic marks data that may leave the secure environment.
	CategoryPublic Category = "public"
	// CategoryPrivate marks data that must not leave it; it is the default.
	CategoryPrivate Category = "private"
)

func (c Category) validate() error {
	if c == "" {
		return errors.New("category: empty name")
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return fmt.Errorf("category %q: use lower-case letters, digits, '-' or '_'", string(c))
		}
	}
	return nil
}

// CategoryKey is the key of category marker attributes. A privlog Handler removes markers
// from its output; to any other handler a marker resolves to an empty group, which slog
// handlers ignore, so a marker never shows up in output.
const CategoryKey = "privlog.category"

// categoryMarker is the value type of marker attributes.
type categoryMarker Category

// LogValue resolves a marker to an empty group: handlers drop it (the slog.Handler contract
// ignores empty groups). This lets a public record pass on without being rebuilt.
func (m categoryMarker) LogValue() slog.Value { return slog.GroupValue() }

// Mark returns a marker attribute that puts a record in category c. Pass it to a log call
// (logger.Info("msg", privlog.Mark("aggregate"))) or to Logger.With to categorise every record
// of that logger. Markers count at the top level of a call or a With only; one nested in a
// group is removed and ignored. A marker in the call overrides one from With; when one call carries several
// markers and one of them is private, the record is private.
func Mark(c Category) slog.Attr {
	return slog.Attr{Key: CategoryKey, Value: slog.AnyValue(categoryMarker(c))}
}

// Public marks a log call (or, through Logger.With, a logger) public: the message gets the
// configured prefix and attributes pass unchanged. It is Mark(CategoryPublic). Treat it as a
// constant.
var Public = Mark(CategoryPublic)

// Private marks a log call private explicitly, which matters when Options.RequireCategory is
// set. It is Mark(CategoryPrivate). Treat it as a constant.
var Private = Mark(CategoryPrivate)

// markerOf reports the category of a marker attribute.
func markerOf(a slog.Attr) (Category, bool) {
	if a.Value.Kind() != slog.KindLogValuer {
		return "", false
	}
	m, ok := a.Value.LogValuer().(categoryMarker)
	return Category(m), ok
}

// publicValue wraps a value marked public.
type publicValue struct{ v slog.Value }

// LogValue returns the wrapped value: outside privlog a public value is simply the value.
func (p publicValue) LogValue() slog.Value { return p.v }

// PublicAttr returns an attribute whose value is public: a privlog Handler writes it unchanged
// even in a private record. Never pass it errors or credentials; the hushvet analyzer reports
// calls that do.
func PublicAttr(key string, value any) slog.Attr {
	return slog.Attr{Key: key, Value: slog.AnyValue(publicValue{slog.AnyValue(value)})}
}

// SecretMarker is what a Secret value is written as.
const SecretMarker = "[REDACTED:SECRET]"

// secretValue hides its value from every handler.
type secretValue struct{ v any }

// Secret wraps v so that it is never logged, whatever the record's category and whatever the
// handler: its LogValue is SecretMarker. Use it for values that must be passed around in
// logging structures but never written, such as tokens.
func Secret(v any) slog.LogValuer { return secretValue{v} }

// LogValue implements slog.LogValuer; it never reveals the wrapped value.
func (secretValue) LogValue() slog.Value { return slog.StringValue(SecretMarker) }

// String implements fmt.Stringer; it never reveals the wrapped value.
func (secretValue) String() string { return SecretMarker }

// ErrorKey is the key of the attribute returned by Error; PanicKey that of Recovered.
const (
	ErrorKey = "error"
	PanicKey = "panic"
)

// ScrubbedMessage is the message written for an error outside a privlog Handler, which has no
// engine to redact it with.
const ScrubbedMessage = "[REDACTED:ERROR_MESSAGE]"

// StackTracer is implemented by errors that carry the program counters of where they were
// made. Error writes their frames.
type StackTracer interface {
	Callers() []uintptr
}

// errorValue is the value of Error attributes.
type errorValue struct{ err error }

// Error returns an attribute (key "error") that logs err safely: the dynamic types of err and
// of the errors it wraps, its stack frames when some error in the chain implements
// StackTracer, and its message, which a privlog Handler scrubs (per Options.Private, with
// secrets and personal data redacted in Redact mode) unless err's type is listed in
// Options.PublicErrorTypes. This holds in public records too. Outside a privlog Handler the
// message is replaced by ScrubbedMessage. A nil err logs as a null value.
func Error(err error) slog.Attr {
	return slog.Attr{Key: ErrorKey, Value: slog.AnyValue(errorValue{err})}
}

// LogValue is the scrubbed form used by handlers that are not privlog's.
func (e errorValue) LogValue() slog.Value {
	if e.err == nil {
		return slog.AnyValue(nil)
	}
	return errorGroup(e.err, ScrubbedMessage)
}

// errorGroup is the group written for err with msg as its (already scrubbed) message.
func errorGroup(err error, msg string) slog.Value {
	attrs := make([]slog.Attr, 0, 3)
	attrs = append(attrs, slog.String("type", errorTypes(err)), slog.String("msg", msg))
	if st := stackOf(err); len(st) > 0 {
		attrs = append(attrs, slog.Any("stack", st))
	}
	return slog.GroupValue(attrs...)
}

// errorTypes names the dynamic types along err's Unwrap chain, outermost first.
func errorTypes(err error) string {
	var b []byte
	for i := 0; err != nil && i < 8; i++ {
		if i > 0 {
			b = append(b, " > "...)
		}
		if p, ok := err.(*panicError); ok {
			b = fmt.Appendf(b, "panic(%T)", p.v)
		} else {
			b = fmt.Appendf(b, "%T", err)
		}
		err = errors.Unwrap(err)
	}
	return string(b)
}

// stackOf returns "function file:line" for each frame of the first StackTracer in err's chain.
func stackOf(err error) []string {
	var st StackTracer
	if !errors.As(err, &st) {
		return nil
	}
	pcs := st.Callers()
	if len(pcs) == 0 {
		return nil
	}
	frames := runtime.CallersFrames(pcs)
	out := make([]string, 0, len(pcs))
	for {
		f, more := frames.Next()
		if f.Function != "" {
			out = append(out, f.Function+" "+f.File+":"+strconv.Itoa(f.Line))
		}
		if !more || len(out) == 64 {
			return out
		}
	}
}

// panicError carries a recovered panic value and the stack where it was recovered.
type panicError struct {
	v   any
	pcs []uintptr
}

func (p *panicError) Error() string      { return fmt.Sprint(p.v) }
func (p *panicError) Callers() []uintptr { return p.pcs }
func (p *panicError) Unwrap() error {
	err, _ := p.v.(error)
	return err
}

// Recovered returns an attribute (key "panic") for a value returned by recover(): it is
// logged like Error, with the panic value's type, the stack of the goroutine that recovered
// it, and the scrubbed text of the value (public when the value is an error of a public type).
// Call it in the deferred function that recovers.
func Recovered(r any) slog.Attr {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	return slog.Attr{Key: PanicKey, Value: slog.AnyValue(errorValue{&panicError{v: r, pcs: pcs[:n]}})}
}

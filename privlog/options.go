package privlog

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/hushlog/hush/redact"
)

// DefaultPrefix is the message prefix of public lines when Options.Prefix is empty.
const DefaultPrefix = "SystemLog:"

// Mode says what happens to private content: the message and every attribute value of a
// private record that is not marked public.
type Mode uint8

const (
	// Redact runs the redaction engine over each private value and keeps what it does not
	// find. Strings are scanned after their key ("password=…"), so rules that need a context
	// keyword see it; strings holding JSON and values of other types (structs, maps, slices)
	// are walked as JSON; numbers are scanned as text; booleans, times and durations are kept.
	// It is the default.
	Redact Mode = iota
	// Hash replaces each private value with a keyed HMAC-SHA256 token and the value's length:
	// "[HMAC:PRIVATE:<key id>:<24 hex digits>:<length>]". Equal values give equal tokens.
	Hash
	// Length replaces each private value with its length in bytes: "[REDACTED:PRIVATE:<length>]".
	Length
	// Drop removes private content: the message becomes empty and private attributes are left
	// out. The record itself (time, level, public attributes) is still written.
	Drop
)

// String returns "redact", "hash", "length" or "drop".
func (m Mode) String() string {
	switch m {
	case Redact:
		return "redact"
	case Hash:
		return "hash"
	case Length:
		return "length"
	case Drop:
		return "drop"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// ParseMode returns the Mode named by s ("redact", "hash", "length" or "drop").
func ParseMode(s string) (Mode, error) {
	for m := Redact; m <= Drop; m++ {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("privlog: mode %q: want redact, hash, length or drop", s)
}

// Options configures a Handler. The zero value is valid: prefix "SystemLog:", private content
// redacted by the built-in engine, uncategorised records treated as private.
type Options struct {
	// Prefix starts the message of every public record, followed by one space. Empty means
	// DefaultPrefix. It must not contain a line break.
	Prefix string

	// Private is what happens to private content. The zero value is Redact.
	Private Mode

	// Engine redacts private content in Redact mode and error messages in every mode. nil
	// means an engine with the built-in rules, built once by New.
	Engine *redact.Engine

	// HashKey is the HMAC key for Hash mode, at least 32 bytes; KeyID names it in every token
	// (lower-case letters, digits, '-' or '_'), so tokens survive key rotation.
	HashKey []byte
	KeyID   string

	// RequireCategory drops records that carry no category marker (neither Public, Private nor
	// Mark(c)) instead of treating them as private; Stats counts them.
	RequireCategory bool

	// Prefixes declares released categories beyond CategoryPublic and the prefix each one's
	// messages get, for example {"aggregate": "AggLog:", "pseudonymous": "PseudoLog:"}.
	// Records of these categories are written like public ones, with their own prefix.
	Prefixes map[Category]string

	// PrefixFunc, when set, is asked for categories not in Prefixes; it returns the prefix and
	// true for a released category. A category nobody declares is treated as private.
	PrefixFunc func(Category) (prefix string, ok bool)

	// PublicErrorTypes lists error types whose messages are public: an error whose dynamic
	// type is in this list is logged with its message unchanged. Every other error message is
	// scrubbed, in public records too. Example: reflect.TypeFor[*MyValidationError]().
	PublicErrorTypes []reflect.Type
}

// Validate reports the first problem with o, naming the field. It never prints key material.
func (o *Options) Validate() error {
	if strings.ContainsAny(o.Prefix, "\r\n") {
		return errors.New("privlog: Prefix: must not contain a line break")
	}
	if o.Private > Drop {
		return fmt.Errorf("privlog: Private: unknown mode %d", uint8(o.Private))
	}
	if o.Private == Hash {
		if _, err := redact.NewHMAC(o.KeyID, o.HashKey); err != nil {
			return fmt.Errorf("privlog: HashKey/KeyID: %w", err)
		}
	}
	for c, p := range o.Prefixes {
		if err := c.validate(); err != nil {
			return fmt.Errorf("privlog: Prefixes: %w", err)
		}
		if c == CategoryPrivate {
			return fmt.Errorf("privlog: Prefixes[%q]: the private category cannot have a prefix", string(c))
		}
		if p == "" || strings.ContainsAny(p, "\r\n") {
			return fmt.Errorf("privlog: Prefixes[%q]: prefix must be non-empty and on one line", string(c))
		}
	}
	for i, t := range o.PublicErrorTypes {
		if t == nil || !t.Implements(reflect.TypeFor[error]()) {
			return fmt.Errorf("privlog: PublicErrorTypes[%d]: not an error type", i)
		}
	}
	return nil
}

// prefixOf returns the prefix of a released category and true, or false for private ones.
func (o *Options) prefixOf(c Category) (string, bool) {
	switch c {
	case CategoryPublic:
		return o.Prefix, true
	case CategoryPrivate, "":
		return "", false
	}
	if p, ok := o.Prefixes[c]; ok {
		return p, true
	}
	if o.PrefixFunc != nil {
		if p, ok := o.PrefixFunc(c); ok && p != "" && !strings.ContainsAny(p, "\r\n") {
			return p, true
		}
	}
	return "", false
}

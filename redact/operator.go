package redact

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"sync"
)

// Operator writes the replacement for one finding. value is the matched text; an Operator
// must not retain it, log it or put it in an error. Implementations are safe for concurrent
// use; per-record state lives in the Scope.
type Operator interface {
	Append(dst []byte, f Finding, value []byte, sc *Scope) []byte
}

// OperatorFunc adapts a function to Operator.
type OperatorFunc func(dst []byte, f Finding, value []byte, sc *Scope) []byte

// Append calls fn.
func (fn OperatorFunc) Append(dst []byte, f Finding, value []byte, sc *Scope) []byte {
	return fn(dst, f, value, sc)
}

var (
	_ Operator = Placeholder{}
	_ Operator = Pseudonym{}
	_ Operator = (*HMAC)(nil)
	_ Operator = Mask{}
	_ Operator = Remove{}
	_ Operator = Length{}
)

// Placeholder writes "[REDACTED:TYPE]". It is the default operator.
type Placeholder struct{}

// Append implements Operator.
func (Placeholder) Append(dst []byte, f Finding, _ []byte, _ *Scope) []byte {
	dst = append(dst, "[REDACTED:"...)
	dst = append(dst, f.Type...)
	return append(dst, ']')
}

// Pseudonym writes "<TYPE_N>", where N numbers the distinct values of that type within the
// Scope: the same e-mail address gets the same pseudonym everywhere in one record.
type Pseudonym struct{}

type pseudoKey struct {
	typ    string
	digest [16]byte
}

// Append implements Operator.
func (Pseudonym) Append(dst []byte, f Finding, value []byte, sc *Scope) []byte {
	if sc == nil {
		sc = &Scope{}
	}
	if sc.pseudo == nil {
		sc.pseudo = map[pseudoKey]int{}
		sc.count = map[string]int{}
	}
	sum := sha256.Sum256(value)
	k := pseudoKey{typ: f.Type}
	copy(k.digest[:], sum[:16])
	n, ok := sc.pseudo[k]
	if !ok {
		sc.count[f.Type]++
		n = sc.count[f.Type]
		sc.pseudo[k] = n
	}
	dst = append(dst, '<')
	dst = append(dst, f.Type...)
	dst = append(dst, '_')
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, '>')
}

// HMAC writes "[HMAC:TYPE:KEYID:DIGEST]", a keyed HMAC-SHA256 of the value (first 12 bytes, hex):
// analysts can correlate equal values across records without seeing them, and without the
// key nobody can test a guess. Rotate by adding a key and changing Current; old tokens keep
// naming the key that made them.
type HMAC struct {
	// Current is the id of the key used for new tokens.
	Current string
	// Keys maps key id to key material (at least 32 bytes).
	Keys map[string][]byte

	macs sync.Pool // *pooledMAC: keyed hashes, reset and reused while their key is current
}

type pooledMAC struct {
	id  string
	key []byte
	mac hash.Hash
	buf []byte // what the interface calls take: kept here so that they allocate nothing
}

// NewHMAC returns an HMAC operator using key id and key.
func NewHMAC(id string, key []byte) (*HMAC, error) {
	h := &HMAC{Current: id, Keys: map[string][]byte{id: key}}
	return h, h.Validate()
}

// Validate checks that the current key exists and is long enough; errors never contain key
// material.
func (h *HMAC) Validate() error {
	if h.Current == "" {
		return errors.New("hmac: current key id is empty")
	}
	for i := 0; i < len(h.Current); i++ {
		c := h.Current[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("hmac: key id %q: use lower-case letters, digits, '-' or '_'", h.Current)
		}
	}
	k, ok := h.Keys[h.Current]
	if !ok {
		return fmt.Errorf("hmac: key id %q: no such key", h.Current)
	}
	if len(k) < 32 {
		return fmt.Errorf("hmac: key id %q: key has %d bytes, need at least 32", h.Current, len(k))
	}
	return nil
}

// Append implements Operator.
func (h *HMAC) Append(dst []byte, f Finding, value []byte, _ *Scope) []byte {
	key := h.Keys[h.Current]
	p, _ := h.macs.Get().(*pooledMAC)
	if p == nil || p.id != h.Current || !bytes.Equal(p.key, key) { // none yet, or rotated
		p = &pooledMAC{id: h.Current, key: key, mac: hmac.New(sha256.New, key)}
	}
	m := p.mac
	m.Reset()
	p.buf = append(append(p.buf[:0], f.Type...), 0)
	m.Write(p.buf)
	m.Write(value)
	p.buf = m.Sum(p.buf[:0])
	dst = append(dst, "[HMAC:"...)
	dst = append(dst, f.Type...)
	dst = append(dst, ':')
	dst = append(dst, h.Current...)
	dst = append(dst, ':')
	dst = hex.AppendEncode(dst, p.buf[:12])
	h.macs.Put(p)
	return append(dst, ']')
}

// Mask replaces every letter and digit of the value with '*' except the last Keep ones, and
// keeps separators: "4111 1111 1111 1111" → "**** **** **** 1111" with Keep 4.
type Mask struct {
	// Keep is how many trailing letters or digits stay visible (0: none).
	Keep int
}

// Append implements Operator.
func (m Mask) Append(dst []byte, _ Finding, value []byte, _ *Scope) []byte {
	keepFrom := len(value)
	for n := 0; keepFrom > 0 && n < m.Keep; {
		keepFrom--
		if isAlnum(value[keepFrom]) {
			n++
		}
	}
	for i, c := range value {
		switch {
		case i >= keepFrom:
			dst = append(dst, c)
		case isAlnum(c) || c >= 0x80:
			if c < 0x80 || c >= 0xC0 { // one '*' per character
				dst = append(dst, '*')
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Remove deletes the value.
type Remove struct{}

// Append implements Operator.
func (Remove) Append(dst []byte, _ Finding, _ []byte, _ *Scope) []byte { return dst }

// Length writes "[REDACTED:TYPE:N]" where N is the value's length in bytes.
type Length struct{}

// Append implements Operator.
func (Length) Append(dst []byte, f Finding, value []byte, _ *Scope) []byte {
	dst = append(dst, "[REDACTED:"...)
	dst = append(dst, f.Type...)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(len(value)), 10)
	return append(dst, ']')
}

// ParseOperator returns the operator named by name: "placeholder", "pseudonym", "hmac"
// (needs h), "mask" (keeps 4), "remove" or "length".
func ParseOperator(name string, h *HMAC) (Operator, error) {
	switch name {
	case "placeholder", "":
		return Placeholder{}, nil
	case "pseudonym":
		return Pseudonym{}, nil
	case "hmac":
		if h == nil {
			return nil, errors.New("operator hmac: no hmac key configured")
		}
		return h, h.Validate()
	case "mask":
		return Mask{Keep: 4}, nil
	case "remove":
		return Remove{}, nil
	case "length":
		return Length{}, nil
	}
	return nil, fmt.Errorf("operator %q: want placeholder, pseudonym, hmac, mask, remove or length", name)
}

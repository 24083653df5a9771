package record

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// IDLen is the length of a record ID in bytes.
const IDLen = 26

// crockford is Crockford's base32 alphabet: sortable as ASCII, no I, L, O or U.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// IDGenerator makes sortable unique record IDs: 48 bits of Unix milliseconds followed by 80
// random bits, encoded as 26 characters of Crockford base32 (the ULID layout). IDs from one
// generator are strictly increasing: within a millisecond, or when the clock steps back, the
// random part is incremented instead of redrawn.
//
// An IDGenerator is safe for concurrent use. The zero value is not usable; call
// NewIDGenerator.
type IDGenerator struct {
	now  func() time.Time
	rand io.Reader

	mu     sync.Mutex
	lastMs uint64
	hi     uint16 // random bits 79..64
	lo     uint64 // random bits 63..0
}

// NewIDGenerator returns a generator reading the clock from now and randomness from rnd;
// nil means time.Now and crypto/rand.Reader. Tests inject both for deterministic IDs.
func NewIDGenerator(now func() time.Time, rnd io.Reader) *IDGenerator {
	if now == nil {
		now = time.Now
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	return &IDGenerator{now: now, rand: rnd}
}

// ErrIDSpace is returned when 2^80 IDs were made within one millisecond (or the random
// source failed); it does not happen in practice.
var ErrIDSpace = errors.New("record id: random space exhausted")

// New returns the next ID. It fails only if the random source fails.
func (g *IDGenerator) New() (string, error) {
	var buf [IDLen]byte
	if err := g.append(buf[:0]); err != nil {
		return "", err
	}
	return string(buf[:]), nil
}

// Append appends the next ID to dst; it does not allocate when dst has room.
func (g *IDGenerator) Append(dst []byte) ([]byte, error) {
	n := len(dst)
	dst = append(dst, make([]byte, IDLen)...)
	if err := g.append(dst[n:n]); err != nil {
		return dst[:n], err
	}
	return dst, nil
}

func (g *IDGenerator) append(dst []byte) error {
	ms := uint64(g.now().UnixMilli()) & (1<<48 - 1)
	g.mu.Lock()
	if ms > g.lastMs {
		var r [10]byte
		if _, err := io.ReadFull(g.rand, r[:]); err != nil {
			g.mu.Unlock()
			return fmt.Errorf("record id: %w", err)
		}
		g.lastMs = ms
		g.hi = binary.BigEndian.Uint16(r[:2])
		g.lo = binary.BigEndian.Uint64(r[2:])
	} else {
		// same millisecond or clock stepped back: keep order by incrementing
		g.lo++
		if g.lo == 0 {
			g.hi++
			if g.hi == 0 {
				g.mu.Unlock()
				return ErrIDSpace
			}
		}
	}
	ts, hi, lo := g.lastMs, g.hi, g.lo
	g.mu.Unlock()
	encodeID(dst[:IDLen], ts, hi, lo)
	return nil
}

// encodeID writes 128 bits (48 ts + 16 hi + 64 lo) as 26 base32 characters (130 bits, the
// first character carrying 3 bits).
func encodeID(d []byte, ts uint64, hi uint16, lo uint64) {
	// big-endian 128-bit value: top = ts<<16 | hi, bottom = lo
	top := ts<<16 | uint64(hi)
	for i := IDLen - 1; i >= 0; i-- {
		d[i] = crockford[lo&31]
		lo = lo>>5 | top<<59
		top >>= 5
	}
}

// IDTime returns the millisecond timestamp embedded in a record ID.
func IDTime(id string) (time.Time, error) {
	if len(id) != IDLen {
		return time.Time{}, fmt.Errorf("record id: length %d, want %d", len(id), IDLen)
	}
	var ms uint64
	for i := 0; i < 10; i++ {
		v := decodeChar(id[i])
		if v < 0 {
			return time.Time{}, fmt.Errorf("record id: invalid character at %d", i)
		}
		ms = ms<<5 | uint64(v)
	}
	// 10 characters carry 50 bits, of which the top 2 are always zero
	return time.UnixMilli(int64(ms)), nil
}

func decodeChar(c byte) int {
	for i := 0; i < len(crockford); i++ {
		if crockford[i] == c {
			return i
		}
	}
	return -1
}

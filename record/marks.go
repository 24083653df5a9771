package record

import "time"

// maxMarks is how many response writes WriteMarks remembers.
const maxMarks = 16

// WriteMarks remembers where and when the first response writes happened. The capture layer
// adds one mark per write (no allocation); later, off the request path, a parser that finds
// the first generated token at some body offset asks TimeAt for its time (TTFT). The zero
// value is empty and ready.
type WriteMarks struct {
	n   int
	off [maxMarks]int64
	at  [maxMarks]time.Duration
}

// Add records that a write starting at body offset off happened at time at (since the
// request started). Writes past the first 16 are not recorded.
func (m *WriteMarks) Add(off int, at time.Duration) {
	if m.n < maxMarks {
		m.off[m.n], m.at[m.n] = int64(off), at
		m.n++
	}
}

// Len returns the number of recorded writes.
func (m *WriteMarks) Len() int { return m.n }

// TimeAt returns the time of the write that carried body offset off, and false when that
// write was not recorded.
func (m *WriteMarks) TimeAt(off int) (time.Duration, bool) {
	if off < 0 || m.n == 0 || int64(off) < m.off[0] {
		return 0, false
	}
	for i := 0; i < m.n; i++ {
		if i+1 == m.n || int64(off) < m.off[i+1] {
			if i+1 == m.n && m.n == maxMarks {
				return 0, false // past the last recorded write: unknown
			}
			return m.at[i], true
		}
	}
	return 0, false
}

package redact

import (
	"bytes"
	"io"
)

var nl = []byte{'\n'}

// DefaultWindow is the look-ahead a Writer keeps by default: the longest single finding it
// guarantees to catch across write boundaries. It exceeds the longest bounded token format and
// a 4096-bit RSA private key block.
const DefaultWindow = 32 << 10

// Writer redacts a stream. Bytes written to it reach the underlying writer redacted, in order,
// once enough data has followed them that no finding can still be extending across them: a
// secret split across Write calls (SSE chunks, file blocks) is found whole. Close flushes the
// rest. Memory stays bounded by about flushFactor×Window plus the largest Write.
//
// A Writer is not safe for concurrent use. After an error from the underlying writer every
// call returns that error.
type Writer struct {
	e      *Engine
	w      io.Writer
	sc     *Scope
	window int
	buf    []byte // pending bytes; buf[:ctx] were already emitted and are kept as context only
	ctx    int
	out    []byte
	fs     []Finding
	err    error
	counts map[string]int
	base   int64 // stream offset of buf[0]
	lines  int   // newlines in the stream before buf[ctx]

	// OnFinding, when set, is called for every finding as its bytes are emitted, with Start
	// and End as offsets in the whole stream and the 1-based line of Start. Set it before the
	// first Write.
	OnFinding func(f Finding, line int)
}

// NewWriter returns a Writer that writes the redacted form of its input to w. window ≤ 0
// means DefaultWindow. All findings of one stream share one Scope.
func (e *Engine) NewWriter(w io.Writer, window int) *Writer {
	if window <= 0 {
		window = DefaultWindow
	}
	return &Writer{e: e, w: w, sc: &Scope{}, window: window, counts: map[string]int{}}
}

// flushFactor: the Writer scans once flushFactor windows are pending and emits all but the
// last window, so each byte is scanned about 1+1/(flushFactor-1) times.
const flushFactor = 8

// contextBytes is how much already-emitted text is kept in front of pending text so that
// context rules (a keyword before its value) still see their keyword.
const contextBytes = 256

// Write buffers p and emits what is safe. It always consumes all of p unless the underlying
// writer fails.
func (sw *Writer) Write(p []byte) (int, error) {
	if sw.err != nil {
		return 0, sw.err
	}
	sw.buf = append(sw.buf, p...)
	if len(sw.buf)-sw.ctx >= flushFactor*sw.window {
		sw.flush(false)
	}
	if sw.err != nil {
		return 0, sw.err
	}
	return len(p), nil
}

// Close emits everything still buffered. It does not close the underlying writer.
func (sw *Writer) Close() error {
	if sw.err != nil {
		return sw.err
	}
	sw.flush(true)
	return sw.err
}

// Counts returns the number of findings per type so far. The map is owned by the Writer.
func (sw *Writer) Counts() map[string]int { return sw.counts }

// flush scans the buffer and emits the part that no pending finding can reach.
func (sw *Writer) flush(final bool) {
	sw.fs = sw.e.Find(sw.fs[:0], sw.buf)
	cut := len(sw.buf)
	if !final {
		cut = len(sw.buf) - sw.window
		// never cut through a finding: move the cut to its start
		for i := len(sw.fs) - 1; i >= 0; i-- {
			f := sw.fs[i]
			if f.Start < cut && f.End > cut {
				cut = f.Start
			}
		}
	}
	if cut <= sw.ctx {
		if final {
			sw.buf, sw.ctx = sw.buf[:0], 0
		}
		return
	}
	sw.out = sw.out[:0]
	at := sw.ctx
	for _, f := range sw.fs {
		if f.End <= sw.ctx {
			continue // inside context that was already emitted
		}
		if f.Start >= cut {
			break
		}
		start := f.Start
		if start < at {
			start = at // only for a finding longer than the window: its head is already out
		}
		sw.out = append(sw.out, sw.buf[at:start]...)
		sw.out = sw.e.operator(f.Type).Append(sw.out, f, sw.buf[f.Start:f.End], sw.sc)
		sw.counts[f.Type]++
		if sw.OnFinding != nil {
			line := sw.lines + 1 + bytes.Count(sw.buf[sw.ctx:start], nl)
			abs := f
			abs.Start, abs.End = int(sw.base)+f.Start, int(sw.base)+f.End
			sw.OnFinding(abs, line)
		}
		at = f.End
	}
	if at < cut {
		sw.out = append(sw.out, sw.buf[at:cut]...)
	}
	if sw.OnFinding != nil {
		sw.lines += bytes.Count(sw.buf[sw.ctx:cut], nl)
	}
	if _, err := sw.w.Write(sw.out); err != nil {
		sw.err = err
		return
	}
	// keep up to contextBytes of emitted text ahead of the pending bytes
	keepFrom := cut - contextBytes
	if keepFrom < 0 {
		keepFrom = 0
	}
	n := copy(sw.buf, sw.buf[keepFrom:])
	sw.buf = sw.buf[:n]
	sw.base += int64(keepFrom)
	sw.ctx = cut - keepFrom
	if final {
		sw.buf, sw.ctx = sw.buf[:0], 0
	}
}

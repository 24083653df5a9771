package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// RetryConfig tunes delivery to sinks. Zero fields take the defaults named on each.
type RetryConfig struct {
	// BatchItems and BatchBytes bound one Write. Defaults 1024 and 8 MiB (a sink that syncs
	// per Write, like the file sink, pays one sync per batch).
	BatchItems int
	BatchBytes int
	// BatchWait is how long a router waits for more records after it sent a batch of fewer
	// than BatchItems/2, so that a busy pipeline sends fewer, larger batches (the file sink
	// syncs once per batch, Elasticsearch indexes a bulk request at once). It delays delivery
	// by at most this much, never acceptance. Default 20ms; negative: send at once.
	BatchWait time.Duration
	// MaxAttempts is how many times a record is written before it goes to the dead-letter
	// segment. Default 10.
	MaxAttempts int
	// InitialBackoff is the wait after the first failure; each further failure multiplies it
	// by Multiplier up to MaxBackoff; Jitter randomises each wait by ± that fraction.
	// Defaults 200ms, 30s, 2, 0.2.
	InitialBackoff, MaxBackoff time.Duration
	Multiplier                 float64
	Jitter                     float64
	// WriteTimeout bounds one Write call. Default 30s.
	WriteTimeout time.Duration
}

// SetDefaults fills zero fields with their defaults (the values named on each field).
func (c *RetryConfig) SetDefaults() {
	if c.BatchItems == 0 {
		c.BatchItems = 1024
	}
	if c.BatchBytes == 0 {
		c.BatchBytes = 8 << 20
	}
	if c.BatchWait == 0 {
		c.BatchWait = 20 * time.Millisecond
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 10
	}
	if c.InitialBackoff == 0 {
		c.InitialBackoff = 200 * time.Millisecond
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = 30 * time.Second
	}
	if c.Multiplier == 0 {
		c.Multiplier = 2
	}
	if c.Jitter == 0 {
		c.Jitter = 0.2
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 30 * time.Second
	}
}

// Validate reports the first invalid field by its configuration key.
func (c RetryConfig) Validate() error {
	c.SetDefaults()
	switch {
	case c.BatchItems < 1:
		return fmt.Errorf("retry.batch_items: must be at least 1 (got %d)", c.BatchItems)
	case c.BatchBytes < 1024:
		return fmt.Errorf("retry.batch_bytes: must be at least 1024 (got %d)", c.BatchBytes)
	case c.MaxAttempts < 1:
		return fmt.Errorf("retry.max_attempts: must be at least 1 (got %d)", c.MaxAttempts)
	case c.InitialBackoff < 0 || c.MaxBackoff < c.InitialBackoff:
		return errors.New("retry.max_backoff: must be at least retry.initial_backoff")
	case c.Multiplier < 1:
		return fmt.Errorf("retry.multiplier: must be at least 1 (got %g)", c.Multiplier)
	case c.Jitter < 0 || c.Jitter > 1:
		return fmt.Errorf("retry.jitter: must be between 0 and 1 (got %g)", c.Jitter)
	case c.WriteTimeout < 0:
		return errors.New("retry.write_timeout: must be positive")
	}
	return nil
}

// backoff returns the wait before attempt n+1 after n failures (n ≥ 1).
func (c *RetryConfig) backoff(n int, rnd *rand.Rand) time.Duration {
	d := float64(c.InitialBackoff) * math.Pow(c.Multiplier, float64(n-1))
	d = min(d, float64(c.MaxBackoff))
	d *= 1 + c.Jitter*(2*rnd.Float64()-1)
	return time.Duration(d)
}

// router delivers the spool to one sink: it reads from its durable cursor, writes batches,
// retries what failed, dead-letters what cannot be delivered and saves the cursor.
type router struct {
	name   string
	sink   Sink
	cfg    RetryConfig
	spool  *Spool
	dead   *Spool
	reader *SpoolReader
	cursor string       // file holding the cursor
	pos    atomic.Int64 // delivered up to here
	saved  atomic.Int64 // the cursor file says this; the spool is reclaimed only behind it

	cursorFile *os.File // open from the first save until run returns
	cursorBuf  []byte
	rnd        *rand.Rand
	now        func() time.Time
	wait       func(ctx context.Context, d time.Duration) error
	m          *metrics
	onMove     func()

	writeTime                                                 prometheus.Observer
	delivered, errRetry, errPerm, retries, deadCount, skipped prometheus.Counter
	dropDead                                                  prometheus.Counter
	lastSkipped                                               int64
	readErrors                                                int
}

func validSinkName(n string) bool {
	if n == "" || len(n) > 64 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// errBadCursor marks a cursor file that exists but does not hold a position: a crash while
// it was first written, or a torn write.
var errBadCursor = errors.New("cursor file does not hold a position")

// A cursor file holds one line: the position as 20 decimal digits, a space, and the CRC-32C
// of those digits as 8 hex digits. It is rewritten in place (one small write at offset 0, no
// rename, which ext4 turns into a flush of the file). A line that fails its CRC is a bad
// cursor: the sink gets the spool again from its start (duplicates, never loss). A line with
// the digits alone (the format of earlier versions, written by rename) is accepted.
func loadCursor(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cursor: %w", err)
	}
	f := strings.Fields(string(b))
	if len(f) == 0 || len(f) > 2 {
		return 0, errBadCursor
	}
	if len(f) == 2 {
		sum, err := strconv.ParseUint(f[1], 16, 32)
		if err != nil || uint32(sum) != crc32.Checksum([]byte(f[0]), castagnoli) {
			return 0, errBadCursor
		}
	}
	pos, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || pos < 0 {
		return 0, errBadCursor
	}
	return pos, nil
}

// appendCursor appends the cursor line for pos.
func appendCursor(dst []byte, pos int64) []byte {
	n := len(dst)
	dst = fmt.Appendf(dst, "%020d", pos)
	return fmt.Appendf(dst, " %08x\n", crc32.Checksum(dst[n:], castagnoli))
}

// run delivers until the spool is closed and fully delivered or ctx ends. The cursor is saved
// after every batch and synced when run returns. Read errors (I/O) are retried with backoff.
func (r *router) run(ctx context.Context) {
	var (
		entries []Entry
		items   []Item
	)
	defer func() {
		r.save(true)
		if r.cursorFile != nil {
			r.cursorFile.Close()
		}
	}()
	for {
		var err error
		entries, err = r.reader.Read(ctx, entries[:0], r.cfg.BatchItems, r.cfg.BatchBytes)
		if s := r.reader.Skipped(); s > r.lastSkipped {
			r.skipped.Add(float64(s - r.lastSkipped))
			r.lastSkipped = s
		}
		if len(entries) > 0 {
			items = items[:0]
			for _, e := range entries {
				items = append(items, Item{ID: e.ID, Data: e.Data})
			}
			if r.deliver(ctx, items) != nil {
				return
			}
			r.advance(entries[len(entries)-1].Next)
			if len(entries) < r.cfg.BatchItems/2 && r.cfg.BatchWait > 0 {
				r.reader.Linger(ctx, r.cfg.BatchWait)
			}
		} else if err == nil {
			r.advance(r.reader.Pos()) // skipped corrupt or dropped data
		}
		switch {
		case err == io.EOF:
			r.advance(r.reader.Pos())
			return
		case ctx.Err() != nil:
			return
		case err != nil:
			r.readErrors++
			if r.wait(ctx, r.cfg.backoff(min(r.readErrors, 30), r.rnd)) != nil {
				return
			}
		default:
			r.readErrors = 0
		}
	}
}

func (r *router) advance(pos int64) {
	if pos <= r.pos.Load() {
		return
	}
	r.pos.Store(pos)
	r.save(false)
}

// writeCursor writes pos over the cursor file, opened on first use, and with sync forces it
// to stable storage.
func (r *router) writeCursor(pos int64, sync bool) error {
	if r.cursorFile == nil {
		f, err := os.OpenFile(r.cursor, os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("cursor: %w", err)
		}
		r.cursorFile = f
	}
	r.cursorBuf = appendCursor(r.cursorBuf[:0], pos)
	_, err := r.cursorFile.WriteAt(r.cursorBuf, 0)
	if err == nil && sync {
		err = r.cursorFile.Sync()
	}
	if err != nil {
		return fmt.Errorf("cursor: %w", err)
	}
	return nil
}

// save writes the delivered position to the cursor file and lets the spool reclaim what
// every sink has passed. A failed write means redelivery, never loss.
func (r *router) save(sync bool) {
	pos := r.pos.Load()
	if pos == r.saved.Load() && !sync {
		return
	}
	if r.writeCursor(pos, sync) != nil {
		return
	}
	r.saved.Store(pos)
	if r.onMove != nil {
		r.onMove()
	}
}

// deliver writes items until each is accepted or dead-lettered. It returns only ctx.Err().
func (r *router) deliver(ctx context.Context, items []Item) error {
	pending := items
	attempt := 0
	var failed map[int]error
	for len(pending) > 0 {
		attempt++
		err := r.write(ctx, pending)
		if err == nil {
			r.delivered.Add(float64(len(pending)))
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var pe *PartialError
		if errors.As(err, &pe) {
			failed = pe.Failed
		} else {
			failed = make(map[int]error, len(pending))
			for i := range pending {
				failed[i] = err
			}
		}
		next := pending[:0:0]
		accepted := 0
		for i, it := range pending {
			ferr, bad := failed[i]
			switch {
			case !bad:
				accepted++
			case IsPermanent(ferr):
				r.errPerm.Inc()
				r.deadLetter(it, ferr, attempt)
			case attempt >= r.cfg.MaxAttempts:
				r.errRetry.Inc()
				r.deadLetter(it, ferr, attempt)
			default:
				r.errRetry.Inc()
				next = append(next, it)
			}
		}
		r.delivered.Add(float64(accepted))
		pending = next
		if len(pending) == 0 {
			return nil
		}
		r.retries.Add(float64(len(pending)))
		if err := r.wait(ctx, r.cfg.backoff(attempt, r.rnd)); err != nil {
			return err
		}
	}
	return nil
}

// write calls the sink with the write timeout; a panic in the sink becomes a retryable
// error (the panic value is not kept: it may quote data).
func (r *router) write(ctx context.Context, items []Item) (err error) {
	wctx, cancel := context.WithTimeout(ctx, r.cfg.WriteTimeout)
	defer cancel()
	start := r.now()
	defer func() {
		r.writeTime.Observe(r.now().Sub(start).Seconds())
		if recover() != nil {
			err = errSinkPanic
		}
	}()
	return r.sink.Write(wctx, items)
}

var errSinkPanic = errors.New("sink panicked")

// deadLetter appends the item with the failure to the dead-letter segment. The error text
// comes from the sink, which sees only redacted records.
func (r *router) deadLetter(it Item, cause error, attempts int) {
	b := make([]byte, 0, len(it.Data)+256)
	b = append(b, `{"@timestamp":"`...)
	b = r.now().UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","sink":`...)
	b = strconv.AppendQuote(b, r.name)
	b = append(b, `,"error":`...)
	b = appendJSONString(b, cause.Error())
	b = append(b, `,"permanent":`...)
	b = strconv.AppendBool(b, IsPermanent(cause))
	b = append(b, `,"attempts":`...)
	b = strconv.AppendInt(b, int64(attempts), 10)
	b = append(b, `,"record":`...)
	b = append(b, it.Data...)
	b = append(b, '}')
	if _, err := r.dead.Append(it.ID, b); err != nil {
		r.dropDead.Inc()
		return
	}
	r.deadCount.Inc()
}

// appendJSONString appends s as a JSON string (control characters, quotes and backslashes
// escaped; other bytes kept).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c == 0x7f:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

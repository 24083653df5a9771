package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FsyncPolicy says when the spool forces appended data to stable storage. Under every policy
// a sync skips segments that every sink has already accepted (see Spool.Reclaim): those
// records are held by the sinks, and the segment is about to be deleted.
type FsyncPolicy uint8

const (
	// FsyncInterval syncs the active segment every SpoolConfig.FsyncInterval (default) and on
	// rotation and Close. A process crash loses nothing; a power loss loses at most the last
	// interval.
	FsyncInterval FsyncPolicy = iota
	// FsyncAlways syncs before Append returns (appends that arrive together share one sync).
	FsyncAlways
	// FsyncNever leaves syncing to the operating system, except on rotation and Close.
	FsyncNever
)

// String returns "interval", "always" or "never".
func (p FsyncPolicy) String() string {
	switch p {
	case FsyncInterval:
		return "interval"
	case FsyncAlways:
		return "always"
	case FsyncNever:
		return "never"
	}
	return "invalid"
}

// ParseFsyncPolicy parses "interval", "always" or "never".
func ParseFsyncPolicy(s string) (FsyncPolicy, error) {
	for _, p := range []FsyncPolicy{FsyncInterval, FsyncAlways, FsyncNever} {
		if p.String() == s {
			return p, nil
		}
	}
	return 0, fmt.Errorf("fsync policy %q: want interval, always or never", s)
}

// FullPolicy says what the spool does when it reaches its size cap.
type FullPolicy uint8

const (
	// KeepOldest keeps undelivered data and rejects new records (default): Append returns
	// ErrSpoolFull and the pipeline counts a drop.
	KeepOldest FullPolicy = iota
	// DropOldest deletes the oldest segment to make room, even if some sink has not read it;
	// readers skip past it and the loss is counted.
	DropOldest
)

// String returns "keep_oldest" or "drop_oldest".
func (p FullPolicy) String() string {
	switch p {
	case KeepOldest:
		return "keep_oldest"
	case DropOldest:
		return "drop_oldest"
	}
	return "invalid"
}

// ParseFullPolicy parses "keep_oldest" or "drop_oldest".
func ParseFullPolicy(s string) (FullPolicy, error) {
	for _, p := range []FullPolicy{KeepOldest, DropOldest} {
		if p.String() == s {
			return p, nil
		}
	}
	return 0, fmt.Errorf("spool full policy %q: want keep_oldest or drop_oldest", s)
}

// SpoolConfig configures a Spool. Zero fields take the defaults named on each.
type SpoolConfig struct {
	// Dir holds the segment files; it is created if missing. Required.
	Dir string
	// SegmentBytes is the size at which the active segment is sealed and a new one started.
	// Default 64 MiB.
	SegmentBytes int64
	// MaxBytes caps the total size of all segments. Default 1 GiB.
	MaxBytes int64
	// Fsync is the sync policy; default FsyncInterval.
	Fsync FsyncPolicy
	// FsyncInterval is the period of FsyncInterval. Default 1s.
	FsyncInterval time.Duration
	// Full is what happens at MaxBytes; default KeepOldest.
	Full FullPolicy
}

// Default spool limits.
const (
	DefaultSegmentBytes  = 64 << 20
	DefaultSpoolMaxBytes = 1 << 30
	// MaxRecordBytes is the largest record the spool accepts.
	MaxRecordBytes = 16 << 20
)

func (c *SpoolConfig) setDefaults() {
	if c.SegmentBytes == 0 {
		c.SegmentBytes = DefaultSegmentBytes
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultSpoolMaxBytes
	}
	if c.FsyncInterval == 0 {
		c.FsyncInterval = time.Second
	}
}

// Validate reports the first invalid field, by its configuration key.
func (c SpoolConfig) Validate() error {
	c.setDefaults()
	switch {
	case c.Dir == "":
		return errors.New("spool.dir: required")
	case c.SegmentBytes < 4096:
		return fmt.Errorf("spool.segment_bytes: must be at least 4096 (got %d)", c.SegmentBytes)
	case c.MaxBytes < 2*c.SegmentBytes:
		return fmt.Errorf("spool.max_bytes: must be at least twice spool.segment_bytes (got %d)", c.MaxBytes)
	case c.FsyncInterval < 0:
		return errors.New("spool.fsync_interval: must be positive")
	case c.Fsync > FsyncNever:
		return errors.New("spool.fsync: want interval, always or never")
	case c.Full > DropOldest:
		return errors.New("spool.full_policy: want keep_oldest or drop_oldest")
	}
	return nil
}

// ErrSpoolFull is returned by Append when the spool is at its size cap and the policy keeps
// the oldest data.
var ErrSpoolFull = errors.New("spool full")

// ErrClosed is returned by operations on a closed Spool or Pipeline.
var ErrClosed = errors.New("closed")

// Segment file layout: an 8-byte magic, then frames. A frame is a little-endian uint32
// payload length, the CRC-32C (Castagnoli) of the payload, and the payload: one byte of ID
// length, the ID, then the record.
const (
	segMagic    = "HUSHSPL1"
	segHeader   = len(segMagic)
	frameHeader = 8
	segSuffix   = ".seg"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Recovery describes what OpenSpool found on disk.
type Recovery struct {
	// Segments and Bytes count the segments and data bytes found.
	Segments int
	Bytes    int64
	// TornSegment is the file name of the segment whose tail was cut off, "" if none.
	TornSegment string
	// TornOffset is the byte offset in that file where the first incomplete or corrupt
	// frame began; TornBytes is how many bytes were discarded from there.
	TornOffset, TornBytes int64
	// CursorResets names the sinks whose cursor was unreadable or beyond the spool's end;
	// they start again from the oldest record (duplicates, never loss). Set by New.
	CursorResets []string
}

type segment struct {
	base int64 // position of the first frame
	size int64 // data bytes (frames), excluding the header
	path string
}

func (g *segment) end() int64 { return g.base + g.size }

// Spool is an append-only, size-capped log of redacted records in segment files. Positions
// are logical byte offsets that grow forever across segments; a reader's position is its
// durable cursor. Appends are serialised; any number of SpoolReaders may read concurrently.
//
// A Spool is safe for concurrent use. It holds redacted records only: the pipeline never
// gives it anything else.
type Spool struct {
	cfg SpoolConfig

	mu      sync.Mutex
	segs    []segment // sealed segments then the active one (last)
	active  *os.File
	buf     []byte
	closed  bool
	notify  []chan struct{}
	dropped int64 // bytes deleted by DropOldest before every reader passed them
	total   int64 // bytes of all segment files
	lock    *os.File
	// sealing holds segments closed for appending whose file is not yet synced and closed;
	// dirDirty says a segment was created since the directory was last synced. Both are
	// settled by sync, outside mu, so that a rotation never stalls appenders on an fsync.
	sealing  []sealedFile
	dirDirty bool
	// delivered is the position every sink has passed (Reclaim's argument): data before it
	// is held by the sinks, so a sync may skip it
	delivered atomic.Int64
	syncMu    sync.Mutex   // serialises sync callers; taken before mu, never inside it
	synced    atomic.Int64 // position up to which data is synced
	syncErr   error        // the first failed fsync (under syncMu): after it nothing counts as synced
	sealKick  chan struct{}
	stopSync  chan struct{}
	syncDone  chan struct{}
}

// OpenSpool opens or creates the spool in cfg.Dir. It checks the newest segment frame by
// frame: an incomplete or corrupt tail (a write cut short by a crash or power loss) is
// truncated and reported in Recovery; appends continue in a new segment. The directory is
// locked until Close: a second OpenSpool on it fails with ErrLocked.
func OpenSpool(cfg SpoolConfig) (*Spool, Recovery, error) {
	var rec Recovery
	if err := cfg.Validate(); err != nil {
		return nil, rec, err
	}
	cfg.setDefaults()
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, rec, fmt.Errorf("spool: %w", err)
	}
	lock, err := lockDir(cfg.Dir)
	if err != nil {
		return nil, rec, err
	}
	s, rec, err := openSpool(cfg, lock)
	if err != nil {
		lock.Close()
	}
	return s, rec, err
}

func openSpool(cfg SpoolConfig, lock *os.File) (*Spool, Recovery, error) {
	var rec Recovery
	segs, err := listSegments(cfg.Dir)
	if err != nil {
		return nil, rec, err
	}
	if n := len(segs); n > 0 {
		last := &segs[n-1]
		torn, keep, err := checkTail(last.path)
		if err != nil {
			return nil, rec, err
		}
		if torn >= 0 {
			rec.TornSegment = filepath.Base(last.path)
			rec.TornOffset = torn
			rec.TornBytes = keep - torn
			if torn < int64(segHeader) { // not even a header: drop the file
				if err := os.Remove(last.path); err != nil {
					return nil, rec, fmt.Errorf("spool: %w", err)
				}
				segs = segs[:n-1]
			} else if err := truncateSync(last.path, torn); err != nil {
				return nil, rec, err
			} else {
				last.size = torn - int64(segHeader)
			}
		}
	}
	next := int64(0)
	if n := len(segs); n > 0 {
		next = segs[n-1].end()
		if segs[n-1].size == 0 { // empty: the new active segment takes its place
			if err := os.Remove(segs[n-1].path); err != nil {
				return nil, rec, fmt.Errorf("spool: %w", err)
			}
			segs = segs[:n-1]
		}
	}
	for _, g := range segs {
		rec.Segments++
		rec.Bytes += g.size
	}
	s := &Spool{cfg: cfg, segs: segs, lock: lock}
	for _, g := range segs {
		s.total += g.size + int64(segHeader)
	}
	if err := s.startSegment(next); err != nil {
		return nil, rec, err
	}
	s.synced.Store(next)
	s.sealKick = make(chan struct{}, 1)
	s.stopSync, s.syncDone = make(chan struct{}), make(chan struct{})
	go s.syncLoop()
	return s, rec, nil
}

func listSegments(dir string) ([]segment, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	var segs []segment
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, segSuffix) || e.IsDir() {
			continue
		}
		base, err := strconv.ParseInt(strings.TrimSuffix(name, segSuffix), 10, 64)
		if err != nil || base < 0 {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
		size := max(info.Size()-int64(segHeader), 0)
		segs = append(segs, segment{base: base, size: size, path: filepath.Join(dir, name)})
	}
	slices.SortFunc(segs, func(a, b segment) int { return cmp.Compare(a.base, b.base) })
	return segs, nil
}

func segName(base int64) string { return fmt.Sprintf("%020d%s", base, segSuffix) }

// checkTail scans a segment file and returns the offset of the first bad frame (-1 if the
// file is whole) and the file size.
func checkTail(path string) (torn, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, fmt.Errorf("spool: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, 0, fmt.Errorf("spool: %w", err)
	}
	size = info.Size()
	var hdr [segHeader]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil || string(hdr[:]) != segMagic {
		return 0, size, nil
	}
	off := int64(segHeader)
	r := newFrameScanner(f, off, size)
	for {
		_, _, n, err := r.next()
		if err == io.EOF {
			return -1, size, nil
		}
		if err != nil {
			return off, size, nil
		}
		off += n
	}
}

func truncateSync(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	err = f.Truncate(size)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("spool: truncate torn tail: %w", err)
	}
	return nil
}

// startSegment creates a new active segment at base. s.mu is held or s is not yet shared.
func (s *Spool) startSegment(base int64) error {
	path := filepath.Join(s.cfg.Dir, segName(base))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := f.Write([]byte(segMagic)); err != nil {
		f.Close()
		return fmt.Errorf("spool: %w", err)
	}
	s.dirDirty = true // the directory entry is synced with the next sync
	s.active = f
	s.segs = append(s.segs, segment{base: base, path: path})
	s.total += int64(segHeader)
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("spool: sync dir: %w", err)
	}
	return nil
}

// Append writes one record (id, data) as a frame and returns the position just after it. When
// Append returns nil the frame is in the operating system's page cache (and on disk under
// FsyncAlways): a crash of the process cannot lose it. It returns ErrSpoolFull at the size cap
// under KeepOldest, ErrClosed after Close, or an I/O error. The spool does not retain id or
// data.
func (s *Spool) Append(id string, data []byte) (int64, error) {
	if len(id) > 255 {
		return 0, fmt.Errorf("spool: id is %d bytes, limit 255", len(id))
	}
	payload := 1 + len(id) + len(data)
	if payload > MaxRecordBytes {
		return 0, fmt.Errorf("spool: record is %d bytes, limit %d", payload, MaxRecordBytes)
	}
	frame := int64(frameHeader + payload)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return 0, ErrClosed
	}
	if err := s.makeRoom(frame); err != nil {
		s.mu.Unlock()
		return 0, err
	}
	b := s.buf[:0]
	b = binary.LittleEndian.AppendUint32(b, uint32(payload))
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = append(b, byte(len(id)))
	b = append(b, id...)
	b = append(b, data...)
	binary.LittleEndian.PutUint32(b[4:], crc32.Checksum(b[frameHeader:], castagnoli))
	s.buf = b
	act := &s.segs[len(s.segs)-1]
	if _, err := s.active.Write(b); err != nil {
		// cut off a partial frame so that later appends follow the last whole one; if that
		// fails too, the next OpenSpool truncates the torn tail
		_ = s.active.Truncate(int64(segHeader) + act.size)
		s.mu.Unlock()
		return 0, fmt.Errorf("spool: append: %w", err)
	}
	act.size += frame
	s.total += frame
	end := act.end()
	for _, c := range s.notify {
		select {
		case c <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()
	if s.cfg.Fsync == FsyncAlways {
		if err := s.syncTo(end); err != nil {
			return 0, err
		}
	}
	return end, nil
}

// makeRoom rotates the active segment and applies the size cap. s.mu is held.
func (s *Spool) makeRoom(frame int64) error {
	act := s.segs[len(s.segs)-1]
	if act.size > 0 && act.size+frame > s.cfg.SegmentBytes {
		s.seal()
		if err := s.startSegment(act.end()); err != nil {
			return err
		}
	}
	for s.sizeLocked()+frame > s.cfg.MaxBytes {
		if s.cfg.Full != DropOldest || len(s.segs) < 2 {
			return ErrSpoolFull
		}
		old := s.segs[0]
		if err := os.Remove(old.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("spool: %w", err)
		}
		s.segs = s.segs[1:]
		s.total -= old.size + int64(segHeader)
		s.dropped += old.size
	}
	return nil
}

// sealedFile is a segment file closed for appending, waiting for its sync and close.
type sealedFile struct {
	f   *os.File
	end int64
}

// seal ends appending to the active segment and hands its file to the sync goroutine, which
// syncs and closes it; FsyncAlways appends and Close sync it themselves first. s.mu is held.
func (s *Spool) seal() {
	s.sealing = append(s.sealing, sealedFile{s.active, s.segs[len(s.segs)-1].end()})
	s.active = nil
	select {
	case s.sealKick <- struct{}{}:
	default:
	}
}

func (s *Spool) sizeLocked() int64 { return s.total }

// syncTo makes sure everything up to pos is on stable storage; concurrent callers share one
// fsync (group commit).
func (s *Spool) syncTo(pos int64) error {
	if s.synced.Load() >= pos {
		return nil
	}
	return s.sync(true, pos)
}

// sync syncs and closes the sealed segments, syncs the directory if a segment was created,
// and with active also the active segment; it then records what is on stable storage. Lock
// order: syncMu, then mu briefly.
func (s *Spool) sync(active bool, pos int64) error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	if active && s.synced.Load() >= pos {
		return nil
	}
	if s.syncErr != nil {
		return s.syncErr
	}
	s.mu.Lock()
	sealed, dir, f, end := s.sealing, s.dirDirty, s.active, s.segs[len(s.segs)-1].end()
	s.sealing, s.dirDirty = nil, false
	if !active && f != nil {
		end = s.segs[len(s.segs)-1].base // everything before the active segment
	}
	s.mu.Unlock()
	var err error
	delivered := s.delivered.Load()
	for _, g := range sealed {
		// a segment every sink has passed needs no sync: its records are in the sinks, and
		// Reclaim deletes it, usually before the kernel has written it at all
		if g.end > delivered {
			if serr := g.f.Sync(); serr != nil && err == nil {
				err = fmt.Errorf("spool: sync: %w", serr)
			}
		}
		if cerr := g.f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("spool: %w", cerr)
		}
	}
	if dir {
		if derr := syncDir(s.cfg.Dir); derr != nil && err == nil {
			err = derr
		}
	}
	// f may be sealed meanwhile, but only a sync (holding syncMu, as we do) closes files
	if active && f != nil && err == nil && end > delivered {
		if serr := f.Sync(); serr != nil {
			err = fmt.Errorf("spool: sync: %w", serr)
		}
	}
	if err != nil {
		// after a failed fsync the kernel may have dropped the dirty pages: nothing written
		// so far can be called durable again
		s.syncErr = err
		return err
	}
	storeMax(&s.synced, end)
	return nil
}

// storeMax raises v to x unless it is already higher.
func storeMax(v *atomic.Int64, x int64) {
	for {
		old := v.Load()
		if old >= x || v.CompareAndSwap(old, x) {
			return
		}
	}
}

// syncLoop syncs, under FsyncInterval, sealed segments and the active one every
// FsyncInterval, and under the other policies sealed segments as soon as they are sealed. Its errors surface at the next sync that a caller
// waits for (FsyncAlways appends, Close).
func (s *Spool) syncLoop() {
	defer close(s.syncDone)
	var tick <-chan time.Time
	if s.cfg.Fsync == FsyncInterval {
		t := time.NewTicker(s.cfg.FsyncInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-s.stopSync:
			return
		case <-s.sealKick:
			// under FsyncInterval the next tick syncs sealed segments too: by then they are
			// usually delivered, so skipped, or already deleted
			if s.cfg.Fsync != FsyncInterval {
				_ = s.sync(false, 0)
			}
		case <-tick:
			_ = s.syncTo(s.End())
		}
	}
}

// End returns the position after the last appended frame.
func (s *Spool) End() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.segs[len(s.segs)-1].end()
}

// Start returns the position of the oldest frame still on disk.
func (s *Spool) Start() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.segs[0].base
}

// DroppedBytes returns how many bytes of data DropOldest deleted to make room.
func (s *Spool) DroppedBytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Size returns the bytes the segment files occupy.
func (s *Spool) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sizeLocked()
}

// Reclaim deletes sealed segments that end at or before pos: every reader has passed them.
// pos is also taken as delivered: later syncs skip data before it. It returns the number of
// bytes freed.
func (s *Spool) Reclaim(pos int64) (int64, error) {
	storeMax(&s.delivered, pos)
	s.mu.Lock()
	defer s.mu.Unlock()
	var freed int64
	for len(s.segs) > 1 && s.segs[0].end() <= pos {
		if err := os.Remove(s.segs[0].path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return freed, fmt.Errorf("spool: reclaim: %w", err)
		}
		freed += s.segs[0].size + int64(segHeader)
		s.total -= s.segs[0].size + int64(segHeader)
		s.segs = s.segs[1:]
	}
	return freed, nil
}

// Close syncs and closes the active segment and wakes blocked readers. It is idempotent.
func (s *Spool) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.seal()
	for _, c := range s.notify {
		close(c)
	}
	s.notify = nil
	s.mu.Unlock()
	close(s.stopSync)
	<-s.syncDone
	err := s.sync(false, 0) // the active segment is sealed now: this syncs everything
	if lerr := s.lock.Close(); err == nil {
		err = lerr
	}
	return err
}

// locate returns the segment holding pos, the readable end of that segment, and whether it
// is the active one. If pos is before the oldest segment it is moved to the oldest base.
func (s *Spool) locate(pos int64) (seg segment, from int64, active, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pos < s.segs[0].base {
		pos = s.segs[0].base
	}
	for i, g := range s.segs {
		if pos < g.end() || (i == len(s.segs)-1 && pos >= g.base) {
			return g, max(pos, g.base), i == len(s.segs)-1 && !s.closed, true
		}
	}
	return segment{}, pos, false, false
}

func (s *Spool) subscribe() (chan struct{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	c := make(chan struct{}, 1)
	s.notify = append(s.notify, c)
	return c, true
}

// Entry is one record read from the spool. ID and Data alias the reader's buffer and are
// valid until the next call to Read.
type Entry struct {
	ID   string
	Data []byte
	// Pos is the position of the frame; Next the position after it.
	Pos, Next int64
}

// SpoolReader reads frames in order from a position. It is not safe for concurrent use; each
// sink has its own. Corrupt frames (CRC mismatch, impossible length) in a sealed segment make
// the reader skip the rest of that segment and count the skipped bytes.
type SpoolReader struct {
	s       *Spool
	pos     int64
	f       *os.File
	fbase   int64
	buf     []byte
	notify  chan struct{}
	skipped int64
}

// NewReader returns a reader starting at pos (a position returned by an earlier read, or 0
// for the oldest data).
func (s *Spool) NewReader(pos int64) (*SpoolReader, error) {
	c, ok := s.subscribe()
	if !ok {
		return nil, ErrClosed
	}
	return &SpoolReader{s: s, pos: pos, fbase: -1, notify: c}, nil
}

// Pos returns the position of the next frame to read.
func (r *SpoolReader) Pos() int64 { return r.pos }

// Skipped returns how many bytes of corrupt or deleted data the reader has skipped.
func (r *SpoolReader) Skipped() int64 { return r.skipped }

// Close releases the reader's file handle.
func (r *SpoolReader) Close() error {
	if r.f != nil {
		err := r.f.Close()
		r.f = nil
		return err
	}
	return nil
}

// Linger waits d, or less if ctx ends or the spool closes, so that records appended
// meanwhile are read together by the next Read.
func (r *SpoolReader) Linger(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return
		case <-ctx.Done():
			return
		case _, open := <-r.notify: // appends signal here too: Read finds their data anyway
			if !open {
				return
			}
		}
	}
}

// Read appends up to maxItems entries (about maxBytes of data, at least one entry) to dst,
// waiting until at least one is available, ctx is done (ctx.Err()) or the spool is closed and
// fully read (io.EOF). The entries alias the reader's buffer until the next Read.
func (r *SpoolReader) Read(ctx context.Context, dst []Entry, maxItems, maxBytes int) ([]Entry, error) {
	for {
		seg, from, active, ok := r.s.locate(r.pos)
		if !ok {
			return dst, io.EOF
		}
		if from != r.pos {
			r.skipped += from - r.pos
			r.pos = from
		}
		if r.pos < seg.end() {
			out, err := r.readSegment(dst, seg, maxItems, maxBytes)
			if err != nil || len(out) > len(dst) {
				return out, err
			}
			continue // skipped a corrupt segment tail
		}
		if !active {
			// a sealed segment fully read whose successor is missing: nothing more
			return dst, io.EOF
		}
		select {
		case <-ctx.Done():
			return dst, ctx.Err()
		case _, open := <-r.notify:
			if !open {
				// closed: drain what is left, then EOF
				if r.pos >= r.s.End() {
					return dst, io.EOF
				}
			}
		}
	}
}

func (r *SpoolReader) readSegment(dst []Entry, seg segment, maxItems, maxBytes int) ([]Entry, error) {
	if r.fbase != seg.base {
		r.Close()
		f, err := os.Open(seg.path)
		if errors.Is(err, fs.ErrNotExist) { // reclaimed or dropped under us: try again
			return dst, nil
		}
		if err != nil {
			return dst, fmt.Errorf("spool: %w", err)
		}
		r.f, r.fbase = f, seg.base
	}
	want := min(seg.end()-r.pos, int64(max(maxBytes, frameHeader)))
	if cap(r.buf) < int(want) {
		r.buf = make([]byte, want)
	}
	buf := r.buf[:want]
	off := r.pos - seg.base + int64(segHeader)
	n, err := r.f.ReadAt(buf, off)
	if err != nil && !(err == io.EOF && n > 0) {
		return dst, fmt.Errorf("spool: read: %w", err)
	}
	buf = buf[:n]
	start := len(dst)
	p := 0
	for len(dst)-start < maxItems {
		id, data, size, ferr := parseFrame(buf[p:])
		if ferr == errShortFrame {
			if len(dst) > start {
				break
			}
			// one frame larger than the buffer: grow and retry
			need, _ := frameLen(buf[p:])
			if need <= 0 || r.pos+int64(need) > seg.end() {
				r.skipCorrupt(seg)
				return dst, nil
			}
			r.buf = make([]byte, need)
			return r.readSegment(dst, seg, maxItems, need)
		}
		if ferr != nil {
			if len(dst) > start {
				break
			}
			r.skipCorrupt(seg)
			return dst, nil
		}
		dst = append(dst, Entry{ID: id, Data: data, Pos: r.pos, Next: r.pos + int64(size)})
		r.pos += int64(size)
		p += size
		if p >= len(buf) {
			break
		}
	}
	return dst, nil
}

func (r *SpoolReader) skipCorrupt(seg segment) {
	r.skipped += seg.end() - r.pos
	r.pos = seg.end()
}

var (
	errShortFrame = errors.New("short frame")
	errBadFrame   = errors.New("corrupt frame")
)

func frameLen(b []byte) (int, error) {
	if len(b) < frameHeader {
		return 0, errShortFrame
	}
	n := binary.LittleEndian.Uint32(b)
	if n < 1 || n > MaxRecordBytes {
		return 0, errBadFrame
	}
	return frameHeader + int(n), nil
}

// parseFrame decodes one frame at the start of b; data aliases b, id is a copy.
func parseFrame(b []byte) (id string, data []byte, size int, err error) {
	size, err = frameLen(b)
	if err != nil {
		return "", nil, 0, err
	}
	if len(b) < size {
		return "", nil, 0, errShortFrame
	}
	payload := b[frameHeader:size]
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(b[4:]) {
		return "", nil, 0, errBadFrame
	}
	idLen := int(payload[0])
	if 1+idLen > len(payload) {
		return "", nil, 0, errBadFrame
	}
	return string(payload[1 : 1+idLen]), payload[1+idLen:], size, nil
}

// frameScanner walks the frames of a file sequentially (recovery).
type frameScanner struct {
	f    *os.File
	off  int64
	size int64
	buf  []byte
}

func newFrameScanner(f *os.File, off, size int64) *frameScanner {
	return &frameScanner{f: f, off: off, size: size, buf: make([]byte, 64<<10)}
}

// next returns the next frame's id, data and size; io.EOF at a clean end; another error at a
// torn or corrupt frame.
func (fs *frameScanner) next() (string, []byte, int64, error) {
	if fs.off == fs.size {
		return "", nil, 0, io.EOF
	}
	var hdr [frameHeader]byte
	if _, err := fs.f.ReadAt(hdr[:], fs.off); err != nil {
		return "", nil, 0, errShortFrame
	}
	n, err := frameLen(hdr[:])
	if err != nil {
		return "", nil, 0, err
	}
	if fs.off+int64(n) > fs.size {
		return "", nil, 0, errShortFrame
	}
	if cap(fs.buf) < n {
		fs.buf = make([]byte, n)
	}
	b := fs.buf[:n]
	if _, err := fs.f.ReadAt(b, fs.off); err != nil {
		return "", nil, 0, errShortFrame
	}
	id, data, size, err := parseFrame(b)
	if err != nil {
		return "", nil, 0, err
	}
	fs.off += int64(size)
	return id, data, int64(size), nil
}

func crcOf(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hushlog/hush/pipeline"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Files of a log directory, <data-dir>/audit/<writer>/.
const (
	hashesFile      = "hashes"
	checkpointsFile = "checkpoints"
	keysFile        = "keys"
	indexDir        = "index"
)

var (
	// ErrLocked is returned when another Store already writes the log.
	ErrLocked = errors.New("audit log is locked by another writer")
	// ErrClosed is returned by operations on a closed Store.
	ErrClosed = errors.New("audit store is closed")
	// ErrCorrupt is returned by Open when acknowledged records cannot be read back; run
	// Verify to find out what is wrong.
	ErrCorrupt = errors.New("audit log is corrupt")
)

// LogDir returns the directory of writer's log under the data directory.
func LogDir(dataDir, writer string) string { return filepath.Join(dataDir, "audit", writer) }

// Store is an append-only, tamper-evident log of records for one writer. Each record is a
// leaf of an RFC 6962 Merkle tree (tlog.RecordHash of its bytes); signed checkpoints commit
// to the tree at an interval and on Close.
//
// A Store is safe for concurrent use. It is a pipeline.Sink.
type Store struct {
	cfg    Config
	dir    string
	signer note.Signer
	lock   *os.File

	mu        sync.Mutex
	segs      []segmentInfo // retained segments, oldest first; the last is active
	seg       *os.File      // active segment
	segSize   int64
	segStart  time.Time // when the active segment's first record was appended
	purgedAt  time.Time // last retention check
	hw        *hashWriter
	n         int64 // records in the log (tree size)
	idx       *index
	ckf       *os.File
	ckSize    int64 // bytes in the checkpoints file
	last      tlog.Tree
	lastAt    time.Time
	haveLast  bool
	seen      map[string]struct{} // record ids in the active segment
	prevSeen  map[string]struct{} // record ids in the previous segment
	buf       []byte
	purgeDue  bool
	bgErr     error
	closed    bool
	stop      chan struct{}
	tickerEnd chan struct{}
}

var _ pipeline.Sink = (*Store)(nil)

// Open opens (creating if needed) the log of cfg.Writer under cfg.Dir, recovers from an
// interrupted append (an incomplete or unacknowledged record at the end of the last segment
// is removed), catches up the query index, applies retention and starts periodic
// checkpoints. Only one Store may have a log open at a time (ErrLocked).
func Open(cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	s := &Store{cfg: cfg, dir: LogDir(cfg.Dir, cfg.Writer), signer: cfg.Signer}
	vkey := cfg.VerifierKey
	if cfg.KeyFile != "" {
		signer, derived, err := LoadKeyFile(cfg.KeyFile)
		if err != nil {
			return nil, err
		}
		s.signer, vkey = signer, derived
	}
	if cfg.Key != "" {
		signer, derived, err := ParseKey(cfg.Key)
		if err != nil {
			return nil, err
		}
		s.signer, vkey = signer, derived
	}
	if vkey != "" {
		if err := checkKeyPair(s.signer, vkey); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	lock, err := lockDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	s.lock = lock
	if err := s.open(vkey); err != nil {
		s.closeFiles()
		return nil, fmt.Errorf("audit: open %s: %w", s.dir, err)
	}
	if _, err := s.Purge(context.Background()); err != nil {
		s.closeFiles()
		return nil, err
	}
	if cfg.CheckpointInterval > 0 {
		s.stop, s.tickerEnd = make(chan struct{}), make(chan struct{})
		go s.tick(cfg.CheckpointInterval)
	}
	return s, nil
}

func (s *Store) open(vkey string) error {
	if vkey != "" {
		if err := s.recordKey(vkey); err != nil {
			return err
		}
	}
	// Hash file: whole stored-hash groups only.
	hf, err := os.OpenFile(filepath.Join(s.dir, hashesFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	s.hw = &hashWriter{f: hf}
	st, err := hf.Stat()
	if err != nil {
		return err
	}
	hashN := recordsForHashCount(st.Size() / tlog.HashSize)
	s.hw.written = tlog.StoredHashCount(hashN)
	if st.Size() != s.hw.written*tlog.HashSize {
		if err := hf.Truncate(s.hw.written * tlog.HashSize); err != nil {
			return err
		}
	}

	if err := s.openCheckpoints(); err != nil {
		return err
	}
	if s.segs, err = listSegments(s.dir); err != nil {
		return err
	}
	if len(s.segs) == 0 {
		if hashN > 0 {
			return fmt.Errorf("%w: hash file covers %d records but there are no segments", ErrCorrupt, hashN)
		}
		if err := s.newSegment(0); err != nil {
			return err
		}
	} else if err := s.recoverTail(hashN); err != nil {
		return err
	}
	// Make the creation of the log directory and its files durable.
	for _, d := range []string{s.dir, filepath.Dir(s.dir), s.cfg.Dir} {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	if s.haveLast && s.last.N > s.n {
		return fmt.Errorf("%w: the latest checkpoint covers %d records but the log holds %d", ErrCorrupt, s.last.N, s.n)
	}
	return s.openIndex()
}

// recoverTail scans the active segment, drops a torn or unacknowledged tail, and adds the
// hashes of complete records that were written but whose hashes were not.
func (s *Store) recoverTail(hashN int64) error {
	last := s.segs[len(s.segs)-1]
	f, err := os.OpenFile(last.path, os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	s.seg = f
	sr, err := newSegmentReader(f, s.cfg.MaxRecordBytes)
	if err != nil {
		if errors.Is(err, errTorn) && last.first >= hashN {
			// A crash while creating the segment: start it again.
			return s.rewriteHeader(last.first)
		}
		return fmt.Errorf("%w: %s: %w", ErrCorrupt, last.path, err)
	}
	if sr.first != last.first {
		return fmt.Errorf("%w: %s: header says first record %d", ErrCorrupt, last.path, sr.first)
	}
	s.seen, s.prevSeen = make(map[string]struct{}), make(map[string]struct{})
	i := last.first
	var buf []byte
	end := int64(-1)
	for {
		off, h, data, err := sr.next(buf)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if i < hashN || !(errors.Is(err, errTorn) || errors.Is(err, errFrameHash)) {
				return fmt.Errorf("%w: record %d in %s: %w", ErrCorrupt, i, last.path, err)
			}
			// Unacknowledged tail from an interrupted append: cut it off.
			end = off
			if err := f.Truncate(off); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
			break
		}
		buf = data
		hs, err := tlog.StoredHashesForRecordHash(i, h, s.hw)
		if err != nil {
			return err
		}
		if i < hashN {
			same, err := s.hw.matches(tlog.StoredHashIndex(0, i), hs)
			if err != nil {
				return err
			}
			if !same {
				// The hash write of the last, unacknowledged append was torn. Hashes
				// under a signed checkpoint are never rewritten.
				if s.haveLast && i < s.last.N {
					return fmt.Errorf("%w: record %d does not match the hash file", ErrCorrupt, i)
				}
				s.hw.written, hashN = tlog.StoredHashCount(i), i
				if err := s.hw.f.Truncate(s.hw.written * tlog.HashSize); err != nil {
					return err
				}
			}
		}
		if i >= hashN {
			s.hw.pending = append(s.hw.pending, hs...)
		}
		fields := parseFields(data)
		if fields.ID != "" {
			s.seen[fields.ID] = struct{}{}
		}
		if i == last.first {
			s.segStart = fields.time(s.cfg.Now())
		}
		i++
	}
	if i < hashN {
		return fmt.Errorf("%w: the hash file covers %d records but the log holds %d", ErrCorrupt, hashN, i)
	}
	if err := s.hw.flush(); err != nil {
		return err
	}
	s.n = i
	s.segSize = sr.off
	if end >= 0 {
		s.segSize = end
	}
	if st, err := f.Stat(); err != nil {
		return err
	} else if st.Size() != s.segSize {
		return fmt.Errorf("%w: %s has %d bytes after its last record", ErrCorrupt, last.path, st.Size()-s.segSize)
	}
	return nil
}

func (s *Store) rewriteHeader(first int64) error {
	if err := s.seg.Truncate(0); err != nil {
		return err
	}
	if _, err := s.seg.WriteAt(segmentHeader(first), 0); err != nil {
		return err
	}
	s.segSize = segHeaderLen
	s.n = first
	s.seen, s.prevSeen = make(map[string]struct{}), make(map[string]struct{})
	return s.seg.Sync()
}

// newSegment creates and activates the segment starting at record first.
func (s *Store) newSegment(first int64) error {
	path := filepath.Join(s.dir, segmentName(first))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(segmentHeader(first)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := syncDir(s.dir); err != nil {
		f.Close()
		return err
	}
	if s.seg != nil {
		if err := s.seg.Close(); err != nil {
			f.Close()
			return err
		}
	}
	s.seg, s.segSize, s.n, s.segStart = f, segHeaderLen, first, time.Time{}
	s.segs = append(s.segs, segmentInfo{first: first, path: path})
	s.prevSeen, s.seen = s.seen, make(map[string]struct{})
	return nil
}

func (s *Store) openCheckpoints() error {
	f, err := os.OpenFile(filepath.Join(s.dir, checkpointsFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	s.ckf = f
	b, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	notes, rest := splitNotes(b)
	s.ckSize = int64(len(b) - len(rest))
	if len(rest) > 0 {
		// An interrupted checkpoint append.
		if err := f.Truncate(s.ckSize); err != nil {
			return err
		}
	}
	if len(notes) > 0 {
		// The latest checkpoint only paces the next one; trust is established by Verify.
		msg := notes[len(notes)-1]
		if ck, err := parseCheckpointText(noteText(msg), msg); err == nil {
			s.last, s.lastAt, s.haveLast = ck.Tree, ck.Time, true
		}
	}
	return nil
}

func (s *Store) openIndex() error {
	ix, err := openIndex(filepath.Join(s.dir, indexDir), true)
	if err != nil {
		return err
	}
	s.idx = ix
	if ix.n > s.n {
		return ix.truncate(s.n)
	}
	return catchUpIndex(ix, s.segs, s.n, s.cfg.MaxRecordBytes)
}

// catchUpIndex adds rows for records [ix.n, n) from the segments; rows for records before the
// first retained segment become placeholders. A record without a usable @timestamp is dated
// by its segment's modification time, which is no earlier than its append.
func catchUpIndex(ix *index, segs []segmentInfo, n int64, maxData int) error {
	if len(segs) > 0 {
		for end := min(n, segs[0].first); ix.staged() < end; {
			ix.addRow(row{flags: flagPurged})
			if len(ix.pendRows) >= 1<<20 {
				if err := ix.flush(); err != nil {
					return err
				}
			}
		}
	}
	for k, sg := range segs {
		end := n
		if k+1 < len(segs) {
			end = segs[k+1].first
		}
		if ix.n >= end {
			continue
		}
		f, err := os.Open(sg.path)
		if err != nil {
			return err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return err
		}
		sr, err := newSegmentReader(f, maxData)
		if err != nil {
			f.Close()
			return fmt.Errorf("index %s: %w", sg.path, err)
		}
		var buf []byte
		for i := sg.first; i < end; i++ {
			off, _, data, err := sr.next(buf)
			if err != nil {
				f.Close()
				return fmt.Errorf("index record %d in %s: %w", i, sg.path, err)
			}
			buf = data
			if i >= ix.staged() {
				ix.add(data, off, st.ModTime())
			}
		}
		f.Close()
		if err := ix.flush(); err != nil {
			return err
		}
	}
	return ix.flush()
}

// recordKey adds vkey to the log's keys file unless it is already listed.
func (s *Store) recordKey(vkey string) error {
	if _, err := note.NewVerifier(vkey); err != nil {
		return fmt.Errorf("verifier key: %w", err)
	}
	path := filepath.Join(s.dir, keysFile)
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for line := range strings.Lines(string(b)) {
		if strings.TrimSpace(line) == vkey {
			return nil
		}
	}
	return appendSync(path, []byte(vkey+"\n"))
}

func appendSync(path string, b []byte) error {
	return writeSync(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600, b)
}

// writeSync opens path with flag and perm, writes b and syncs it to stable storage.
func writeSync(path string, flag int, perm os.FileMode, b []byte) error {
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Write appends items as records (pipeline.Sink). Items whose ID was already appended in the
// current or previous segment are skipped, so router retries do not duplicate records. When
// Write returns nil every item is durable (segment and hash file synced). Empty or oversized
// items, and items that look like the store's own purge statements, fail permanently via a
// *pipeline.PartialError; the other items of the batch are still appended. Any other error is
// retryable: records after the last durable point were discarded, and the retry is
// deduplicated. Write does not retain items.
func (s *Store) Write(ctx context.Context, items []pipeline.Item) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	failed := map[int]error{}
	batch := make([]pipeline.Item, 0, len(items))
	inBatch := make(map[string]struct{}, len(items))
	for i, it := range items {
		if err := s.checkData(it.Data); err != nil {
			failed[i] = pipeline.Permanent(err)
			continue
		}
		if it.ID != "" {
			if s.isSeen(it.ID) {
				continue
			}
			if _, dup := inBatch[it.ID]; dup {
				continue
			}
			inBatch[it.ID] = struct{}{}
		}
		batch = append(batch, it)
	}
	if _, err := s.appendLocked(batch); err != nil {
		return err
	}
	if err := s.afterAppend(); err != nil {
		return err
	}
	if len(failed) > 0 {
		return &pipeline.PartialError{Failed: failed}
	}
	return nil
}

// Append appends one record unconditionally and returns its index once it is durable. data is
// not retained.
func (s *Store) Append(data []byte) (int64, error) {
	if err := s.checkData(data); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return 0, err
	}
	first, err := s.appendLocked([]pipeline.Item{{Data: data}})
	if err != nil {
		return 0, err
	}
	return first, s.afterAppend()
}

func (s *Store) checkData(data []byte) error {
	switch {
	case len(data) == 0:
		return errors.New("audit: empty record")
	case len(data) > s.cfg.MaxRecordBytes:
		return fmt.Errorf("audit: record of %d bytes exceeds max_record_bytes %d", len(data), s.cfg.MaxRecordBytes)
	case isPurgeRecord(data):
		return errors.New("audit: record imitates a purge statement")
	}
	return nil
}

func (s *Store) usable() error {
	if s.closed {
		return ErrClosed
	}
	if s.bgErr != nil {
		return fmt.Errorf("audit: background checkpoint failed: %w", s.bgErr)
	}
	return nil
}

func (s *Store) isSeen(id string) bool {
	_, a := s.seen[id]
	_, b := s.prevSeen[id]
	return a || b
}

// afterAppend runs retention after a segment rotation and writes a checkpoint when due.
func (s *Store) afterAppend() error {
	if s.purgeDue {
		s.purgeDue = false
		if _, err := s.purgeLocked(); err != nil {
			return err
		}
	}
	return s.maybeCheckpointLocked()
}

// appendLocked appends items and makes them durable. On error nothing after the last
// durable point remains.
func (s *Store) appendLocked(items []pipeline.Item) (int64, error) {
	first := s.n
	if len(items) == 0 {
		return first, nil
	}
	now := s.cfg.Now()
	buf := s.buf[:0]
	var ids []string
	for _, it := range items {
		size := int64(frameHdrLen + len(it.Data))
		used := s.segSize + int64(len(buf))
		full := used+size > s.cfg.SegmentMaxBytes
		old := s.cfg.SegmentMaxAge > 0 && !s.segStart.IsZero() && now.Sub(s.segStart) >= s.cfg.SegmentMaxAge
		if (full || old) && used > segHeaderLen {
			if err := s.commit(buf, ids); err != nil {
				return first, err
			}
			buf, ids = buf[:0], ids[:0]
			if err := s.newSegment(s.n); err != nil {
				return first, fmt.Errorf("audit: new segment: %w", err)
			}
			s.purgeDue = true
		}
		if s.segStart.IsZero() {
			s.segStart = now
		}
		h := tlog.RecordHash(it.Data)
		hs, err := tlog.StoredHashesForRecordHash(s.n, h, s.hw)
		if err != nil {
			s.rollback()
			return first, fmt.Errorf("audit: tree hashes: %w", err)
		}
		s.hw.pending = append(s.hw.pending, hs...)
		s.idx.add(it.Data, s.segSize+int64(len(buf)), now)
		buf = appendFrame(buf, h, it.Data)
		if it.ID != "" {
			ids = append(ids, it.ID)
		}
		s.n++
	}
	err := s.commit(buf, ids)
	s.buf = buf[:0]
	if cap(s.buf) > 4<<20 {
		s.buf = nil
	}
	return first, err
}

// commit writes buf at the end of the active segment, syncs it, then writes and syncs the
// staged hashes. Records are acknowledged only after both syncs, so after a crash the hash
// file never covers a record the segment lacks.
func (s *Store) commit(buf []byte, ids []string) error {
	if _, err := s.seg.WriteAt(buf, s.segSize); err != nil {
		s.rollback()
		return fmt.Errorf("audit: write segment: %w", err)
	}
	if err := s.seg.Sync(); err != nil {
		s.rollback()
		return fmt.Errorf("audit: sync segment: %w", err)
	}
	if err := s.hw.flush(); err != nil {
		s.rollback()
		return fmt.Errorf("audit: %w", err)
	}
	s.segSize += int64(len(buf))
	for _, id := range ids {
		s.seen[id] = struct{}{}
	}
	if err := s.idx.flush(); err != nil {
		// The index is derived data; a later Open rebuilds what is missing.
		s.idx.discard()
	}
	return nil
}

// rollback forgets staged records after a failed commit.
func (s *Store) rollback() {
	s.hw.discard()
	s.n = recordsForHashCount(s.hw.written)
	if err := s.seg.Truncate(s.segSize); err != nil {
		s.bgErr = fmt.Errorf("truncate segment after failed append: %w", err)
	}
	if err := s.idx.discard(); err != nil {
		s.bgErr = fmt.Errorf("index after failed append: %w", err)
	}
}

// Size returns the number of records appended so far (the tree size), including purged ones.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Checkpoint signs the current tree head, appends it to the checkpoints file (synced) and
// returns the signed note. Auditors keep such notes to later prove the log only grew.
func (s *Store) Checkpoint() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	return s.checkpointLocked()
}

func (s *Store) checkpointLocked() ([]byte, error) {
	root, err := tlog.TreeHash(s.n, s.hw)
	if err != nil {
		return nil, fmt.Errorf("audit: tree hash: %w", err)
	}
	tree := tlog.Tree{N: s.n, Hash: root}
	now := s.cfg.Now()
	msg, err := note.Sign(&note.Note{Text: string(formatCheckpoint(tree, s.cfg.Writer, now))}, s.signer)
	if err != nil {
		return nil, fmt.Errorf("audit: sign checkpoint: %w", err)
	}
	if _, err := s.ckf.WriteAt(msg, s.ckSize); err != nil {
		return nil, fmt.Errorf("audit: write checkpoint: %w", err)
	}
	if err := s.ckf.Sync(); err != nil {
		return nil, fmt.Errorf("audit: sync checkpoint: %w", err)
	}
	s.ckSize += int64(len(msg))
	s.last, s.lastAt, s.haveLast = tree, now, true
	return msg, nil
}

func (s *Store) maybeCheckpointLocked() error {
	if s.cfg.CheckpointInterval < 0 || (s.haveLast && s.last.N == s.n) {
		return nil
	}
	if s.haveLast && s.cfg.Now().Sub(s.lastAt) < s.cfg.CheckpointInterval {
		return nil
	}
	_, err := s.checkpointLocked()
	return err
}

func (s *Store) tick(d time.Duration) {
	defer close(s.tickerEnd)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			if !s.closed && s.bgErr == nil {
				err := s.maybeCheckpointLocked()
				// Retention also runs hourly, so a quiet log still expires records.
				if now := s.cfg.Now(); err == nil && now.Sub(s.purgedAt) >= time.Hour {
					_, err = s.purgeLocked()
				}
				if err != nil {
					s.bgErr = err
				}
			}
			s.mu.Unlock()
		}
	}
}

// Close writes a final checkpoint if records were appended since the last one, and releases
// the log. Close is idempotent; Write and Append fail with ErrClosed afterwards. It does
// only local file I/O and does not consult ctx.
func (s *Store) Close(ctx context.Context) error {
	if s.stop != nil {
		select {
		case <-s.stop:
		default:
			close(s.stop)
		}
		<-s.tickerEnd
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	if !s.haveLast || s.last.N != s.n {
		_, err = s.checkpointLocked()
	}
	return errors.Join(err, s.closeFiles())
}

func (s *Store) closeFiles() error {
	var errs []error
	for _, f := range []*os.File{s.seg, s.ckf} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	if s.hw != nil {
		errs = append(errs, s.hw.f.Close())
	}
	if s.idx != nil {
		errs = append(errs, s.idx.close())
	}
	if s.lock != nil {
		errs = append(errs, unlockDir(s.lock))
	}
	return errors.Join(errs...)
}

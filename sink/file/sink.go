package file

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/hushlog/hush/pipeline"
)

// Sink writes records as JSON lines to a file that rotates by size and age; rotated files
// are synced, renamed with their rotation time and gzipped in the background.
//
// Write must not be called concurrently (the pipeline's router calls it from one
// goroutine); Close waits for background compression.
type Sink struct {
	cfg    Config
	now    func() time.Time
	active string

	f       *os.File
	w       *bufio.Writer
	size    int64 // bytes committed to f
	opened  time.Time
	closed  bool
	lastRot string

	gz     chan string
	gzDone chan struct{}
	gzMu   sync.Mutex
	gzErr  error
}

var _ pipeline.Sink = (*Sink)(nil)

// New opens (or continues) the active file in cfg.Dir, after SetDefaults and Validate. now
// is the clock for rotation times; nil means time.Now. Rotated files left uncompressed by an
// earlier run are compressed again.
func New(cfg Config, now func() time.Time) (*Sink, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("file sink: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("file sink: %w", err)
	}
	s := &Sink{cfg: cfg, now: now, active: filepath.Join(cfg.Dir, cfg.Prefix+".jsonl")}
	if err := s.open(); err != nil {
		return nil, err
	}
	if cfg.Compress {
		s.gz, s.gzDone = make(chan string, 64), make(chan struct{})
		go s.compressor()
		leftovers, _ := filepath.Glob(filepath.Join(cfg.Dir, cfg.Prefix+"-*.jsonl"))
		for _, p := range leftovers {
			s.gz <- p
		}
	}
	return s, nil
}

func (s *Sink) open() error {
	f, err := os.OpenFile(s.active, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("file sink: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("file sink: %w", err)
	}
	size, err := cutPartialLine(f, info.Size())
	if err != nil {
		f.Close()
		return err
	}
	s.f, s.size, s.opened = f, size, s.now()
	if mt := info.ModTime(); s.size > 0 && mt.Before(s.opened) {
		s.opened = mt // a file from a previous run: its age counts from its last write
	}
	if s.w == nil {
		s.w = bufio.NewWriterSize(f, 256<<10)
	} else {
		s.w.Reset(f)
	}
	return nil
}

// cutPartialLine truncates a last line without its newline: a write cut short by a crash,
// never acknowledged, so the retried records follow whole lines.
func cutPartialLine(f *os.File, size int64) (int64, error) {
	if size == 0 {
		return 0, nil
	}
	buf := make([]byte, 64<<10)
	end := size
	for end > 0 {
		n := min(int64(len(buf)), end)
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return 0, fmt.Errorf("file sink: %w", err)
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end = end - n + int64(i) + 1
			break
		}
		end -= n
	}
	if end == size {
		return size, nil
	}
	if err := f.Truncate(end); err != nil {
		return 0, fmt.Errorf("file sink: cut partial line: %w", err)
	}
	return end, nil
}

// ErrLineBreak marks a record that holds a line break and so cannot be one JSON line.
var ErrLineBreak = errors.New("file sink: record contains a line break")

// Write appends each item as one line. It returns nil once every line is written (and
// synced, with Config.Sync); an I/O error applies to the whole batch and is retryable — the
// file is cut back to the last whole batch so that a retry does not leave half lines.
// Items holding a line break fail permanently in a *pipeline.PartialError.
func (s *Sink) Write(ctx context.Context, items []pipeline.Item) error {
	if s.closed {
		return pipeline.Permanent(errors.New("file sink: closed"))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var bad map[int]error
	written := s.size
	for i, it := range items {
		if bytes.IndexByte(it.Data, '\n') >= 0 || bytes.IndexByte(it.Data, '\r') >= 0 {
			if bad == nil {
				bad = map[int]error{}
			}
			bad[i] = pipeline.Permanent(ErrLineBreak)
			continue
		}
		n := int64(len(it.Data) + 1)
		if written > 0 && (written+n > s.cfg.MaxBytes || s.now().Sub(s.opened) >= s.cfg.MaxAge) {
			if err := s.commit(written); err != nil {
				return err
			}
			if err := s.rotate(); err != nil {
				return err
			}
			written = 0
		}
		s.w.Write(it.Data)
		s.w.WriteByte('\n')
		written += n
	}
	if err := s.commit(written); err != nil {
		return err
	}
	if bad != nil {
		return &pipeline.PartialError{Failed: bad}
	}
	return nil
}

// commit flushes the buffer and syncs; on failure it cuts the file back to s.size.
func (s *Sink) commit(written int64) error {
	err := s.w.Flush()
	if err == nil && s.cfg.Sync {
		err = s.f.Sync()
	}
	if err != nil {
		s.w.Reset(s.f)
		_ = s.f.Truncate(s.size)
		return fmt.Errorf("file sink: write: %w", err)
	}
	s.size = written
	return nil
}

// rotate syncs and closes the active file, renames it with the rotation time and starts a
// new one.
func (s *Sink) rotate() error {
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("file sink: sync: %w", err)
	}
	if err := s.f.Close(); err != nil {
		return fmt.Errorf("file sink: %w", err)
	}
	name := s.rotatedName()
	if err := os.Rename(s.active, name); err != nil {
		return fmt.Errorf("file sink: rotate: %w", err)
	}
	syncDir(s.cfg.Dir)
	if err := s.open(); err != nil {
		return err
	}
	if s.gz != nil {
		s.gz <- name
	}
	return s.prune()
}

func (s *Sink) rotatedName() string {
	stamp := s.now().UTC().Format("20060102T150405.000Z")
	base := s.cfg.Prefix + "-" + stamp
	name := base
	for i := 1; name == s.lastRot || exists(filepath.Join(s.cfg.Dir, name+".jsonl")) ||
		exists(filepath.Join(s.cfg.Dir, name+".jsonl.gz")); i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	s.lastRot = name
	return filepath.Join(s.cfg.Dir, name+".jsonl")
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// prune deletes the oldest rotated files beyond MaxFiles.
func (s *Sink) prune() error {
	if s.cfg.MaxFiles == 0 {
		return nil
	}
	files := s.Rotated()
	for len(files) > s.cfg.MaxFiles {
		if err := os.Remove(files[0]); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("file sink: prune: %w", err)
		}
		files = files[1:]
	}
	return nil
}

// Rotated lists the rotated files, oldest first (compressed or not).
func (s *Sink) Rotated() []string {
	all, _ := filepath.Glob(filepath.Join(s.cfg.Dir, s.cfg.Prefix+"-*.jsonl*"))
	all = slices.DeleteFunc(all, func(p string) bool { return strings.HasSuffix(p, ".tmp") })
	slices.SortFunc(all, func(a, b string) int {
		return cmp.Compare(strings.TrimSuffix(a, ".gz"), strings.TrimSuffix(b, ".gz"))
	})
	return all
}

func (s *Sink) compressor() {
	defer close(s.gzDone)
	for p := range s.gz {
		if err := gzipFile(p); err != nil {
			s.gzMu.Lock()
			s.gzErr = errors.Join(s.gzErr, err)
			s.gzMu.Unlock()
		}
	}
}

// gzipFile writes p.gz (via a synced temporary file) and removes p.
func gzipFile(p string) error {
	in, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil // pruned meanwhile
	}
	if err != nil {
		return fmt.Errorf("file sink: compress: %w", err)
	}
	defer in.Close()
	tmp := p + ".gz.tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("file sink: compress: %w", err)
	}
	// BestSpeed: JSON lines compress well at any level, and the fast level keeps background
	// compression from competing with redaction for CPU
	zw, err := gzip.NewWriterLevel(out, gzip.BestSpeed)
	if err != nil {
		out.Close()
		return fmt.Errorf("file sink: compress: %w", err)
	}
	zw.Name = filepath.Base(p)
	_, err = io.Copy(zw, in)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p+".gz")
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("file sink: compress: %w", err)
	}
	syncDir(filepath.Dir(p))
	return os.Remove(p)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Close flushes and syncs the active file, waits for background compression and returns
// any error from it (the files concerned stay uncompressed, nothing is lost).
func (s *Sink) Close(ctx context.Context) error {
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.w.Flush()
	if serr := s.f.Sync(); err == nil {
		err = serr
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	if s.gz != nil {
		close(s.gz)
		select {
		case <-s.gzDone:
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		}
		s.gzMu.Lock()
		err = errors.Join(err, s.gzErr)
		s.gzMu.Unlock()
	}
	return err
}

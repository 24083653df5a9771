package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTestSpool(t testing.TB, cfg SpoolConfig) (*Spool, Recovery) {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	s, rec, err := OpenSpool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, rec
}

func readAll(t testing.TB, s *Spool, from int64) ([]string, *SpoolReader) {
	t.Helper()
	r, err := s.NewReader(from)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for r.Pos() < s.End() {
		es, err := r.Read(context.Background(), nil, 100, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			ids = append(ids, e.ID+"="+string(e.Data))
		}
	}
	return ids, r
}

func TestSpoolAppendReadRotateReopen(t *testing.T) {
	dir := t.TempDir()
	cfg := SpoolConfig{Dir: dir, SegmentBytes: 4096, MaxBytes: 1 << 20, Fsync: FsyncNever}
	s, _ := openTestSpool(t, cfg)
	var want []string
	for i := range 200 {
		id := fmt.Sprintf("id%04d", i)
		data := bytes.Repeat([]byte{'a' + byte(i%26)}, i%90)
		if _, err := s.Append(id, data); err != nil {
			t.Fatal(err)
		}
		want = append(want, id+"="+string(data))
	}
	got, _ := readAll(t, s, 0)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read %d records, want %d in order", len(got), len(want))
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	if len(segs) < 3 {
		t.Fatalf("expected rotation into several segments, got %d", len(segs))
	}
	end := s.End()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, rec := openTestSpool(t, cfg)
	if rec.TornSegment != "" || rec.Bytes != end {
		t.Fatalf("recovery = %+v, want clean with %d bytes", rec, end)
	}
	got, _ = readAll(t, s2, 0)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatal("records changed across reopen")
	}
	if _, err := s2.Append("next", []byte("x")); err != nil {
		t.Fatal(err)
	}
	got, _ = readAll(t, s2, end)
	if len(got) != 1 || got[0] != "next=x" {
		t.Fatalf("after reopen read %v", got)
	}
}

func TestSpoolTornTail(t *testing.T) {
	cases := []struct {
		name string
		tear func(t *testing.T, path string, size int64)
		lost int // records lost (only the torn one)
	}{
		{"partial frame appended", func(t *testing.T, path string, size int64) {
			appendBytes(t, path, []byte{200, 0, 0, 0, 1, 2, 3, 4, 5, 'x', 'y'})
		}, 0},
		{"last frame cut short", func(t *testing.T, path string, size int64) {
			if err := os.Truncate(path, size-3); err != nil {
				t.Fatal(err)
			}
		}, 1},
		{"garbage tail", func(t *testing.T, path string, size int64) {
			appendBytes(t, path, bytes.Repeat([]byte{0xff}, 37))
		}, 0},
		{"flipped bit in last frame", func(t *testing.T, path string, size int64) {
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte{'Z'}, size-1); err != nil {
				t.Fatal(err)
			}
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := SpoolConfig{Dir: dir, SegmentBytes: 1 << 20, MaxBytes: 4 << 20}
			s, _, err := OpenSpool(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 10 {
				if _, err := s.Append(fmt.Sprintf("r%d", i), []byte("payload")); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			segs, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
			last := segs[len(segs)-1]
			info, _ := os.Stat(last)
			c.tear(t, last, info.Size())
			s2, rec := openTestSpool(t, cfg)
			if rec.TornSegment != filepath.Base(last) || rec.TornBytes <= 0 {
				t.Fatalf("torn tail not reported: %+v", rec)
			}
			got, r := readAll(t, s2, 0)
			if len(got) != 10-c.lost {
				t.Fatalf("read %d records, want %d", len(got), 10-c.lost)
			}
			if r.Skipped() != 0 {
				t.Fatalf("skipped %d bytes after truncation", r.Skipped())
			}
			// appends after recovery are readable
			if _, err := s2.Append("after", []byte("ok")); err != nil {
				t.Fatal(err)
			}
			got, _ = readAll(t, s2, 0)
			if got[len(got)-1] != "after=ok" {
				t.Fatal("append after recovery not read back")
			}
		})
	}
}

func appendBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}

func TestSpoolCorruptSealedSegmentSkipped(t *testing.T) {
	dir := t.TempDir()
	s, _ := openTestSpool(t, SpoolConfig{Dir: dir, SegmentBytes: 4096, MaxBytes: 1 << 20})
	for i := range 100 {
		if _, err := s.Append(fmt.Sprintf("r%03d", i), bytes.Repeat([]byte("d"), 100)); err != nil {
			t.Fatal(err)
		}
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	f, err := os.OpenFile(segs[0], os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("XXXX"), int64(segHeader)+3*113+20); err != nil { // inside frame 4
		t.Fatal(err)
	}
	f.Close()
	got, r := readAll(t, s, 0)
	// the rest of the first segment (36 frames of 113 bytes) is skipped, later segments read
	if r.Skipped() == 0 || len(got) != 100-36+3 || got[len(got)-1][:5] != "r099=" {
		t.Fatalf("read %d records, skipped %d bytes", len(got), r.Skipped())
	}
	if got[0] != "r000="+string(bytes.Repeat([]byte("d"), 100)) {
		t.Fatal("records before the corruption were lost")
	}
}

func TestSpoolSizeCap(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 1000)
	t.Run("keep_oldest", func(t *testing.T) {
		s, _ := openTestSpool(t, SpoolConfig{SegmentBytes: 4096, MaxBytes: 8192})
		n := 0
		var err error
		for ; n < 100; n++ {
			if _, err = s.Append(fmt.Sprint(n), data); err != nil {
				break
			}
		}
		if !errors.Is(err, ErrSpoolFull) {
			t.Fatalf("err = %v, want ErrSpoolFull", err)
		}
		if s.Size() > 8192 {
			t.Fatalf("size %d over cap", s.Size())
		}
		got, _ := readAll(t, s, 0)
		if len(got) != n || got[0][:2] != "0=" {
			t.Fatalf("oldest data not kept: read %d of %d", len(got), n)
		}
		// reclaiming makes room again
		if _, err := s.Reclaim(s.End()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Append("more", data); err != nil {
			t.Fatalf("append after reclaim: %v", err)
		}
	})
	t.Run("drop_oldest", func(t *testing.T) {
		s, _ := openTestSpool(t, SpoolConfig{SegmentBytes: 4096, MaxBytes: 8192, Full: DropOldest})
		for n := range 100 {
			if _, err := s.Append(fmt.Sprint(n), data); err != nil {
				t.Fatal(err)
			}
		}
		if s.Size() > 8192 || s.DroppedBytes() == 0 {
			t.Fatalf("size %d, dropped %d", s.Size(), s.DroppedBytes())
		}
		got, r := readAll(t, s, 0)
		if len(got) == 0 || got[len(got)-1][:3] != "99=" || r.Skipped() == 0 {
			t.Fatalf("newest not kept or skip not counted: %d read, %d skipped", len(got), r.Skipped())
		}
	})
}

func TestSpoolReaderWaitsAndCloses(t *testing.T) {
	s, _ := openTestSpool(t, SpoolConfig{Fsync: FsyncAlways})
	r, err := s.NewReader(0)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []Entry)
	go func() {
		es, err := r.Read(context.Background(), nil, 10, 1<<20)
		if err != nil {
			panic(err)
		}
		got <- es
	}()
	if _, err := s.Append("a", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if es := <-got; len(es) != 1 || es[0].ID != "a" {
		t.Fatalf("got %v", es)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Read(ctx, nil, 10, 1<<20); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	done := make(chan error)
	go func() {
		_, err := r.Read(context.Background(), nil, 10, 1<<20)
		done <- err
	}()
	s.Close()
	select {
	case err := <-done:
		if err != io.EOF {
			t.Fatalf("err = %v, want io.EOF", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reader not woken by Close")
	}
}

func TestSpoolConfigValidate(t *testing.T) {
	cases := []struct {
		cfg  SpoolConfig
		want string
	}{
		{SpoolConfig{}, "spool.dir: required"},
		{SpoolConfig{Dir: "d", SegmentBytes: 10}, "spool.segment_bytes: must be at least 4096 (got 10)"},
		{SpoolConfig{Dir: "d", SegmentBytes: 1 << 20, MaxBytes: 1 << 20}, "spool.max_bytes: must be at least twice spool.segment_bytes (got 1048576)"},
		{SpoolConfig{Dir: "d", Fsync: 9}, "spool.fsync: want interval, always or never"},
		{SpoolConfig{Dir: "d"}, ""},
	}
	for _, c := range cases {
		err := c.cfg.Validate()
		if got := fmt.Sprint(err); (err == nil && c.want != "") || (err != nil && got != c.want) {
			t.Errorf("Validate(%+v) = %v, want %q", c.cfg, err, c.want)
		}
	}
}

// FuzzSpoolReader writes arbitrary bytes as a segment and checks that recovery and reading
// never panic, never return a frame whose checksum fails, and never loop.
func FuzzSpoolReader(f *testing.F) {
	var good bytes.Buffer
	good.WriteString(segMagic)
	for _, id := range []string{"a", "bb"} {
		s := t0Frame(id, []byte("data-"+id))
		good.Write(s)
	}
	f.Add(good.Bytes())
	f.Add([]byte(segMagic + "\x05\x00\x00\x00\x00\x00\x00\x00ab"))
	f.Add([]byte("HUSH"))
	f.Fuzz(func(t *testing.T, seg []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, segName(0)), seg, 0o600); err != nil {
			t.Fatal(err)
		}
		s, _, err := OpenSpool(SpoolConfig{Dir: dir, Fsync: FsyncNever})
		if err != nil {
			return
		}
		defer s.Close()
		r, err := s.NewReader(0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for i := 0; r.Pos() < s.End(); i++ {
			if i > len(seg)+2 {
				t.Fatal("reader does not advance")
			}
			es, err := r.Read(context.Background(), nil, 4, 64)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if !bytes.Equal(t0Frame(e.ID, e.Data)[frameHeader:], seg[e.Pos-0+int64(segHeader)+frameHeader:e.Next+int64(segHeader)]) {
					t.Fatal("entry does not match the bytes on disk")
				}
			}
		}
	})
}

func t0Frame(id string, data []byte) []byte {
	s := &Spool{}
	payload := 1 + len(id) + len(data)
	b := s.buf[:0]
	b = append(b, byte(payload), byte(payload>>8), byte(payload>>16), byte(payload>>24), 0, 0, 0, 0)
	b = append(b, byte(len(id)))
	b = append(b, id...)
	b = append(b, data...)
	c := crcOf(b[frameHeader:])
	b[4], b[5], b[6], b[7] = byte(c), byte(c>>8), byte(c>>16), byte(c>>24)
	return b
}

func TestSpoolAppendBatch(t *testing.T) {
	data := bytes.Repeat([]byte("y"), 500)
	cases := []struct {
		name      string
		cfg       SpoolConfig
		records   int
		wantN     int
		wantErr   error
		minSegs   int
		keepOrder bool
	}{
		{"one write", SpoolConfig{}, 5, 5, nil, 1, true},
		{"across rotation", SpoolConfig{SegmentBytes: 4096, MaxBytes: 1 << 20}, 40, 40, nil, 4, true},
		{"cap stops the rest", SpoolConfig{SegmentBytes: 4096, MaxBytes: 8192}, 40, 15, ErrSpoolFull, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := openTestSpool(t, c.cfg)
			var b Batch
			for i := range c.records {
				if err := b.Add(fmt.Sprintf("r%02d", i), data); err != nil {
					t.Fatal(err)
				}
			}
			n, err := s.AppendBatch(&b)
			if n != c.wantN || !errors.Is(err, c.wantErr) {
				t.Fatalf("AppendBatch = %d, %v; want %d, %v", n, err, c.wantN, c.wantErr)
			}
			got, _ := readAll(t, s, 0)
			if len(got) != n {
				t.Fatalf("read %d records, want %d", len(got), n)
			}
			for i, g := range got {
				if !strings.HasPrefix(g, fmt.Sprintf("r%02d=", i)) {
					t.Fatalf("record %d out of order", i)
				}
			}
			if segs, _ := filepath.Glob(filepath.Join(s.cfg.Dir, "*.seg")); len(segs) < c.minSegs {
				t.Fatalf("%d segments, want at least %d", len(segs), c.minSegs)
			}
			if s.Size() > s.cfg.MaxBytes {
				t.Fatalf("size %d over cap %d", s.Size(), s.cfg.MaxBytes)
			}
		})
	}
}

// TestSpoolSyncDuringRotation appends across many rotations while the interval syncer and
// FsyncAlways group commits run: syncing and sealing must not deadlock.
func TestSpoolSyncDuringRotation(t *testing.T) {
	for _, policy := range []FsyncPolicy{FsyncInterval, FsyncAlways} {
		t.Run(policy.String(), func(t *testing.T) {
			s, _ := openTestSpool(t, SpoolConfig{SegmentBytes: 4096, MaxBytes: 64 << 20, Fsync: policy,
				FsyncInterval: time.Millisecond})
			done := make(chan error)
			for w := range 4 {
				go func() {
					for i := range 300 {
						if _, err := s.Append(fmt.Sprintf("w%di%d", w, i), bytes.Repeat([]byte("z"), 300)); err != nil {
							done <- err
							return
						}
					}
					done <- nil
				}()
			}
			timeout := time.After(60 * time.Second)
			for range 4 {
				select {
				case err := <-done:
					if err != nil {
						t.Fatal(err)
					}
				case <-timeout:
					t.Fatal("appends stuck: sync and rotation deadlocked")
				}
			}
			if got, _ := readAll(t, s, 0); len(got) != 1200 {
				t.Fatalf("read %d records, want 1200", len(got))
			}
		})
	}
}

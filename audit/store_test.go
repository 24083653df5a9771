package audit

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
	"golang.org/x/mod/sumdb/tlog"
)

func TestAppendVerifyReopen(t *testing.T) {
	e := newEnv(t)
	s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 4096 })
	mustWrite(t, s, items(0, 50, minutes))
	ck, err := s.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, items(50, 120, minutes))
	mustClose(t, s)

	rep, err := e.verify(t, ck)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if rep.Records != 120 || rep.Checkpoints != 3 || rep.Unsigned != 0 {
		t.Fatalf("report = %+v", rep)
	}
	segs, _ := listSegments(e.logDir())
	if len(segs) < 3 {
		t.Fatalf("expected several segments with a 4 KiB limit, got %d", len(segs))
	}

	s = e.open(t, func(c *Config) { c.SegmentMaxBytes = 4096 })
	if s.Size() != 120 {
		t.Fatalf("reopened size = %d", s.Size())
	}
	i, err := s.Append(record(120, minutes(120)))
	if err != nil || i != 120 {
		t.Fatalf("Append = %d, %v", i, err)
	}
	mustClose(t, s)
	if _, err := e.verify(t, ck); err != nil {
		t.Fatal(err)
	}
}

func TestWriteDeduplicatesAndRejects(t *testing.T) {
	e := newEnv(t)
	s := e.open(t)
	defer mustClose(t, s)
	mustWrite(t, s, items(0, 10, minutes))
	// A retried batch overlapping the first adds only the new records.
	mustWrite(t, s, items(5, 15, minutes))
	if s.Size() != 15 {
		t.Fatalf("size = %d, want 15", s.Size())
	}
	batch := []pipeline.Item{
		{ID: "ok", Data: []byte(`{"a":1}`)},
		{ID: "empty"},
		{ID: "forged", Data: []byte(purgeHeader + "writer w1\n")},
	}
	err := s.Write(context.Background(), batch)
	var pe *pipeline.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 2 || !pipeline.IsPermanent(pe.Failed[1]) || !pipeline.IsPermanent(pe.Failed[2]) {
		t.Fatalf("Write = %v, want partial error for items 1 and 2", err)
	}
	if s.Size() != 16 {
		t.Fatalf("size = %d, want 16", s.Size())
	}
}

func TestClosedAndLocked(t *testing.T) {
	e := newEnv(t)
	s := e.open(t)
	if _, err := Open(e.config()); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	mustClose(t, s)
	if err := s.Close(context.Background()); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if _, err := s.Append([]byte("{}")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Append after Close = %v", err)
	}
}

func TestCheckpointNote(t *testing.T) {
	e := newEnv(t)
	s := e.open(t)
	mustWrite(t, s, items(0, 3, minutes))
	msg, err := s.Checkpoint()
	mustClose(t, s)
	if err != nil {
		t.Fatal(err)
	}
	ck, err := OpenCheckpoint(msg, e.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if ck.Tree.N != 3 || ck.Writer != "w1" || !ck.Time.Equal(t0) {
		t.Fatalf("checkpoint = %+v", ck)
	}
	tree, err := tlog.ParseTree([]byte(noteText(msg)))
	if err != nil || tree != ck.Tree {
		t.Fatalf("ParseTree = %v, %v", tree, err)
	}
	if !strings.Contains(string(msg), "\n— hush-test ") {
		t.Fatalf("no signature line in %q", msg)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no dir", Config{KeyFile: "k"}, "dir: required"},
		{"bad writer", Config{Dir: "d", KeyFile: "k", Writer: "a/b"}, "writer:"},
		{"small segment", Config{Dir: "d", KeyFile: "k", SegmentMaxBytes: 10}, "segment_max_bytes"},
		{"no key", Config{Dir: "d"}, "key_file: required"},
		{"min negative", Config{Dir: "d", KeyFile: "k", Retention: Retention{MinDays: -1}}, "retention.min_days"},
		{"max below min", Config{Dir: "d", KeyFile: "k", Retention: Retention{MinDays: 200, MaxDays: 100}}, "retention.max_days"},
		{"ok", Config{Dir: "d", KeyFile: "k"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestVerifyWhileWriting verifies and queries a log repeatedly while a Store appends to it
// and checkpoints: every verification must pass.
func TestVerifyWhileWriting(t *testing.T) {
	e := newEnv(t)
	var tick atomic.Int64 // every reading of the clock is a second later: a checkpoint per Write
	s := e.open(t, func(c *Config) {
		c.SegmentMaxBytes = 16 << 10
		c.CheckpointInterval = time.Second
		c.Now = func() time.Time { return t0.Add(time.Duration(tick.Add(1)) * time.Second) }
	})
	done := make(chan error, 1)
	go func() {
		for i := 0; i < 400; i += 8 {
			if err := s.Write(context.Background(), items(i, i+8, minutes)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		if _, err := e.verify(t); err != nil {
			t.Fatalf("verify during writes: %v", err)
		}
		if _, err := Query(e.dir, QueryOptions{Model: "model-1"}); err != nil {
			t.Fatalf("query during writes: %v", err)
		}
	}
	mustClose(t, s)
	rep, err := e.verify(t)
	if err != nil || rep.Records != 400 {
		t.Fatalf("final verify: %+v %v", rep, err)
	}
}

package audit

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// crash abandons a store the way a killed process would: no final checkpoint, files closed.
func crash(s *Store) {
	if s.stop != nil {
		close(s.stop)
		<-s.tickerEnd
	}
	s.mu.Lock()
	s.closed = true
	s.closeFiles()
	s.mu.Unlock()
}

func activeSegment(t *testing.T, e *testEnv) string {
	t.Helper()
	segs, err := listSegments(e.logDir())
	if err != nil || len(segs) == 0 {
		t.Fatal(segs, err)
	}
	return segs[len(segs)-1].path
}

func TestCrashRecovery(t *testing.T) {
	frame := appendFrame(nil, tlog.RecordHash(record(99, t0)), record(99, t0))
	for _, tc := range []struct {
		name    string
		damage  func(t *testing.T, e *testEnv)
		want    int64 // records after recovery
		corrupt bool  // Open must refuse
		// dirty: before recovery the hash file holds a torn write that verification cannot
		// tell from tampering, so it is only verified after Open repairs it.
		dirty bool
	}{
		{name: "torn frame", want: 20, damage: func(t *testing.T, e *testEnv) {
			appendFile(t, activeSegment(t, e), frame[:len(frame)/2])
		}},
		{name: "torn frame header", want: 20, damage: func(t *testing.T, e *testEnv) {
			appendFile(t, activeSegment(t, e), frame[:3])
		}},
		{name: "unsynced page of zeros", want: 20, damage: func(t *testing.T, e *testEnv) {
			z := append([]byte(nil), frame...)
			clear(z[frameHdrLen:])
			appendFile(t, activeSegment(t, e), z)
		}},
		{name: "frame written, hashes not", want: 21, damage: func(t *testing.T, e *testEnv) {
			appendFile(t, activeSegment(t, e), frame)
		}},
		{name: "frame written, hashes torn", want: 21, dirty: true, damage: func(t *testing.T, e *testEnv) {
			appendFile(t, activeSegment(t, e), frame)
			appendFile(t, filepath.Join(e.logDir(), hashesFile), make([]byte, 40))
		}},
		{name: "torn checkpoint", want: 20, dirty: true, damage: func(t *testing.T, e *testEnv) {
			appendFile(t, filepath.Join(e.logDir(), checkpointsFile), []byte("go.sum database tree\n21\n"))
		}},
		{name: "acknowledged record damaged", corrupt: true, damage: func(t *testing.T, e *testEnv) {
			flipByte(t, activeSegment(t, e), -5)
		}},
		{name: "acknowledged record cut off", corrupt: true, damage: func(t *testing.T, e *testEnv) {
			p := activeSegment(t, e)
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-5)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			s := e.open(t)
			mustWrite(t, s, items(0, 10, minutes))
			ck, err := s.Checkpoint()
			if err != nil {
				t.Fatal(err)
			}
			mustWrite(t, s, items(10, 20, minutes)) // acknowledged, not checkpointed
			crash(s)
			tc.damage(t, e)

			if !tc.corrupt && !tc.dirty {
				// Verification before recovery ignores the unacknowledged tail.
				if _, err := e.verify(t, ck); err != nil {
					t.Fatalf("verify before recovery: %v", err)
				}
			}
			s, err = Open(e.config())
			if tc.corrupt {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Open = %v, want ErrCorrupt", err)
				}
				if _, err := e.verify(t, ck); err == nil {
					t.Fatal("verify passes on a damaged acknowledged record")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Size() != tc.want {
				t.Fatalf("recovered size = %d, want %d", s.Size(), tc.want)
			}
			mustWrite(t, s, items(30, 35, minutes))
			mustClose(t, s)
			rep, err := e.verify(t, ck)
			if err != nil {
				t.Fatalf("verify after recovery: %v", err)
			}
			if rep.Records != tc.want+5 {
				t.Fatalf("records = %d, want %d", rep.Records, tc.want+5)
			}
			res, err := Query(e.dir, QueryOptions{})
			if err != nil || int64(len(res)) != tc.want+5 {
				t.Fatalf("query after recovery: %d results, %v", len(res), err)
			}
		})
	}
}

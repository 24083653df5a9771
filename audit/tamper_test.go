package audit

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// frames reads every frame of a segment file.
func frames(t testing.TB, path string) (first int64, data [][]byte) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sr, err := newSegmentReader(f, maxFrameData)
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, _, d, err := sr.next(nil)
		if err != nil {
			break
		}
		data = append(data, d)
	}
	return sr.first, data
}

func writeSegment(t testing.TB, path string, first int64, data [][]byte) {
	t.Helper()
	b := segmentHeader(first)
	for _, d := range data {
		b = appendFrame(b, tlog.RecordHash(d), d)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// rewriteHashes recomputes the hash file from the segments, as an attacker covering tracks
// would.
func rewriteHashes(t testing.TB, dir string) {
	t.Helper()
	segs, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	var stored []tlog.Hash
	r := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	n := int64(0)
	for _, sg := range segs {
		_, data := frames(t, sg.path)
		for _, d := range data {
			hs, err := tlog.StoredHashes(n, d, r)
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, hs...)
			n++
		}
	}
	var b []byte
	for _, h := range stored {
		b = append(b, h[:]...)
	}
	if err := os.WriteFile(filepath.Join(dir, hashesFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func editSegment(t testing.TB, dir string, k int, edit func([][]byte) [][]byte) {
	t.Helper()
	segs, _ := listSegments(dir)
	first, data := frames(t, segs[k].path)
	writeSegment(t, segs[k].path, first, edit(data))
}

func flipByte(t testing.TB, path string, off int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if off < 0 {
		off += int64(len(b))
	}
	b[off] ^= 0x01
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// buildLog writes 200 records in several segments, with checkpoints after 100 and at Close,
// and returns the checkpoint taken after 100 records (kept by an "auditor").
func buildLog(t testing.TB, e *testEnv) []byte {
	t.Helper()
	s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 8192 })
	mustWrite(t, s, items(0, 100, minutes))
	mid, err := s.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, items(100, 200, minutes))
	mustClose(t, s)
	return mid
}

func TestTamperDetected(t *testing.T) {
	otherSigner := func(t testing.TB) note.Signer {
		skey, _, err := GenerateKey(rand.Reader, "hush-test")
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := ParseKey(skey)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		name       string
		tamper     func(t *testing.T, dir string, latest []byte)
		useTrusted bool   // verify against the auditor's earlier checkpoint
		useLatest  bool   // verify against the final checkpoint kept by an auditor
		want       string // in the first problem
	}{
		{name: "changed byte in record data", want: "content changed: its bytes", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 1, func(d [][]byte) [][]byte { return d })
			segs, _ := listSegments(dir)
			off := int64(segHeaderLen)
			_, data := frames(t, segs[1].path)
			for i := 0; i < 2; i++ {
				off += frameHdrLen + int64(len(data[i]))
			}
			flipByte(t, segs[1].path, off+frameHdrLen+20)
		}},
		{name: "changed record with recomputed frame hash", want: "content changed", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 0, func(d [][]byte) [][]byte {
				d[3] = bytes.Replace(d[3], []byte("exchange"), []byte("Exchange"), 1)
				return d
			})
		}},
		{name: "changed record with recomputed hash file", want: "does not match the log", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 0, func(d [][]byte) [][]byte {
				d[3] = bytes.Replace(d[3], []byte("model-0"), []byte("model-9"), 1)
				return d
			})
			rewriteHashes(t, dir)
		}},
		{name: "deleted record", want: "record 5: missing (deleted)", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 0, func(d [][]byte) [][]byte { return append(d[:5], d[6:]...) })
		}},
		{name: "deleted record with recomputed hash file", want: "log truncated", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 0, func(d [][]byte) [][]byte { return append(d[:5], d[6:]...) })
			// Later segments now start one index too late; renumber them too.
			segs, _ := listSegments(dir)
			next := segs[0].first + int64(len(func() [][]byte { _, d := frames(t, segs[0].path); return d }()))
			for _, sg := range segs[1:] {
				_, data := frames(t, sg.path)
				os.Remove(sg.path)
				writeSegment(t, filepath.Join(dir, segmentName(next)), next, data)
				next += int64(len(data))
			}
			rewriteHashes(t, dir)
		}},
		{name: "reordered records", want: "record 7: out of order: records 7 and 8 are swapped", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 0, func(d [][]byte) [][]byte { d[7], d[8] = d[8], d[7]; return d })
		}},
		{name: "reordered records with recomputed hash file", want: "does not match the log", tamper: func(t *testing.T, dir string, _ []byte) {
			editSegment(t, dir, 0, func(d [][]byte) [][]byte { d[7], d[8] = d[8], d[7]; return d })
			rewriteHashes(t, dir)
		}},
		{name: "deleted middle segment", want: "are missing: a segment was removed", tamper: func(t *testing.T, dir string, _ []byte) {
			segs, _ := listSegments(dir)
			os.Remove(segs[1].path)
		}},
		{name: "deleted oldest segment without purge", want: "no purge statement explains them", tamper: func(t *testing.T, dir string, _ []byte) {
			segs, _ := listSegments(dir)
			os.Remove(segs[0].path)
		}},
		{name: "truncated log", want: "log truncated", tamper: func(t *testing.T, dir string, _ []byte) {
			segs, _ := listSegments(dir)
			last := segs[len(segs)-1]
			first, data := frames(t, last.path)
			writeSegment(t, last.path, first, data[:len(data)-3])
		}},
		{name: "truncated log with hash file and checkpoints rolled back", useTrusted: true, want: "log truncated: trusted checkpoint 1", tamper: func(t *testing.T, dir string, _ []byte) {
			segs, _ := listSegments(dir)
			for _, sg := range segs {
				if sg.first >= 60 {
					os.Remove(sg.path)
				}
			}
			segs, _ = listSegments(dir)
			last := segs[len(segs)-1]
			first, data := frames(t, last.path)
			writeSegment(t, last.path, first, data[:60-first])
			rewriteHashes(t, dir)
			os.WriteFile(filepath.Join(dir, checkpointsFile), nil, 0o600)
		}},
		{name: "forged checkpoint text", want: "checkpoint 3: checkpoint signature", tamper: func(t *testing.T, dir string, latest []byte) {
			forged := bytes.Replace(latest, []byte("\n200\n"), []byte("\n199\n"), 1)
			appendFile(t, filepath.Join(dir, checkpointsFile), forged)
		}},
		{name: "checkpoint signed with another key", want: "checkpoint 3: checkpoint signature", tamper: func(t *testing.T, dir string, latest []byte) {
			msg, err := note.Sign(&note.Note{Text: noteText(latest)}, otherSigner(t))
			if err != nil {
				t.Fatal(err)
			}
			appendFile(t, filepath.Join(dir, checkpointsFile), msg)
		}},
		{name: "checkpoints replaced under a substituted key", useLatest: true, want: "checkpoint 1: checkpoint signature", tamper: func(t *testing.T, dir string, latest []byte) {
			// The attacker changes a record, recomputes everything and signs a fresh
			// checkpoint with their own key, replacing the keys file as well.
			editSegment(t, dir, 0, func(d [][]byte) [][]byte {
				d[0] = bytes.Replace(d[0], []byte("u0"), []byte("u9"), 1)
				return d
			})
			rewriteHashes(t, dir)
			skey, vkey, _ := GenerateKey(rand.Reader, "hush-test")
			signer, _, _ := ParseKey(skey)
			hf, _ := os.Open(filepath.Join(dir, hashesFile))
			defer hf.Close()
			root, err := tlog.TreeHash(200, newHashCache(hf, tlog.StoredHashCount(200)))
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := note.Sign(&note.Note{Text: string(formatCheckpoint(tlog.Tree{N: 200, Hash: root}, "w1", t0))}, signer)
			os.WriteFile(filepath.Join(dir, checkpointsFile), msg, 0o600)
			os.WriteFile(filepath.Join(dir, keysFile), []byte(vkey+"\n"), 0o600)
		}},
		{name: "changed tree hash in hash file", want: "record 3: the hash file's tree hashes were altered", tamper: func(t *testing.T, dir string, _ []byte) {
			// Record 3 stores its leaf and the level-1 and level-2 hashes above it.
			flipByte(t, filepath.Join(dir, hashesFile), (tlog.StoredHashIndex(0, 3)+1)*tlog.HashSize+5)
		}},
		{name: "changed leaf in hash file", want: "record 9: content changed", tamper: func(t *testing.T, dir string, _ []byte) {
			flipByte(t, filepath.Join(dir, hashesFile), tlog.StoredHashIndex(0, 9)*tlog.HashSize)
		}},
		{name: "renamed segment", want: "header says first record", tamper: func(t *testing.T, dir string, _ []byte) {
			segs, _ := listSegments(dir)
			os.Rename(segs[1].path, filepath.Join(dir, segmentName(segs[1].first+1)))
			os.Rename(segs[2].path, filepath.Join(dir, segmentName(segs[1].first)))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			mid := buildLog(t, e)
			latest := lastCheckpoint(t, e.logDir())
			if _, err := e.verify(t, mid, latest); err != nil {
				t.Fatalf("intact log fails verification: %v", err)
			}
			tc.tamper(t, e.logDir(), latest)
			var trusted [][]byte
			if tc.useTrusted {
				trusted = append(trusted, mid)
			}
			if tc.useLatest {
				trusted = append(trusted, latest)
			}
			rep, err := e.verify(t, trusted...)
			if err == nil {
				t.Fatalf("tampering not detected; report %+v", rep)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

// TestEveryByteFlipDetected flips each byte of every file verification relies on, one at a
// time, in a small log: every flip must fail verification.
func TestEveryByteFlipDetected(t *testing.T) {
	e := newEnv(t)
	s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 1024 })
	mustWrite(t, s, items(0, 6, minutes))
	mustClose(t, s)
	dir := e.logDir()
	segs, _ := listSegments(dir)
	paths := []string{filepath.Join(dir, hashesFile), filepath.Join(dir, checkpointsFile)}
	for _, sg := range segs {
		paths = append(paths, sg.path)
	}
	checked := 0
	for _, p := range paths {
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for off := range orig {
			b := bytes.Clone(orig)
			b[off] ^= 0x20
			os.WriteFile(p, b, 0o600)
			if _, err := e.verify(t); err == nil {
				t.Errorf("%s: flipping byte %d went undetected", filepath.Base(p), off)
			}
			checked++
		}
		os.WriteFile(p, orig, 0o600)
	}
	if _, err := e.verify(t); err != nil {
		t.Fatalf("restored log: %v", err)
	}
	t.Logf("%d single-byte changes, all detected", checked)
}

func appendFile(t testing.TB, path string, b []byte) {
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

func lastCheckpoint(t testing.TB, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, checkpointsFile))
	if err != nil {
		t.Fatal(err)
	}
	notes, _ := splitNotes(b)
	if len(notes) == 0 {
		t.Fatal("no checkpoint")
	}
	return notes[len(notes)-1]
}

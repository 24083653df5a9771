package audit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExportBundle(t *testing.T) {
	e := newEnv(t)
	s := e.open(t, func(c *Config) { c.SegmentMaxBytes = 4096 })
	mustWrite(t, s, items(0, 300, minutes))
	// A record that is not a compact JSON object travels base64-encoded, byte for byte.
	if _, err := s.Append([]byte(" {\"@timestamp\":\"2026-01-01T02:00:30Z\",\n\"x\":1} ")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Checkpoint(); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, items(300, 310, func(int) time.Time { return t0.Add(2*time.Hour + 45*time.Second) })) // unsigned yet
	crash(s)                                                                                              // no final checkpoint: the last 10 are not under any checkpoint

	since, until := t0.Add(time.Hour), t0.Add(2*time.Hour+59*time.Second)
	for _, name := range []string{"dir", "b.tar", "b.zip"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), name)
			rep, err := Export(e.dir, out, ExportOptions{Since: since, Until: until, Now: e.clock.now})
			if err != nil {
				t.Fatal(err)
			}
			w := rep.Writers[0]
			if w.Records != 62 || w.Unsigned != 10 || w.TreeSize != 301 {
				t.Fatalf("export = %+v, want 61 records + 1 base64, 10 unsigned, tree 301", w)
			}
			br, err := VerifyBundle(out, e.verifier)
			if err != nil || br.Records != 62 {
				t.Fatalf("VerifyBundle = %+v, %v", br, err)
			}
			if _, err := Export(e.dir, out, ExportOptions{}); err == nil {
				t.Fatal("Export overwrote an existing bundle")
			}
		})
	}
}

func TestBundleTamperDetected(t *testing.T) {
	e := newEnv(t)
	s := e.open(t)
	mustWrite(t, s, items(0, 40, minutes))
	mustClose(t, s)
	orig := filepath.Join(t.TempDir(), "orig")
	signer, _, err := ParseKey(e.skey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Export(e.dir, orig, ExportOptions{Since: minutes(10), Until: minutes(19), Signer: signer}); err != nil {
		t.Fatal(err)
	}
	if br, err := VerifyBundle(orig, e.verifier); err != nil || !br.Signed || br.Records != 10 {
		t.Fatalf("intact bundle: %+v, %v", br, err)
	}
	recs := "w1/records.jsonl"
	lines := func(b []byte) [][]byte { return bytes.SplitAfter(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) }
	for _, tc := range []struct {
		name  string
		file  string
		edit  func([]byte) []byte
		other bool // verify with another key
		want  string
	}{
		{"changed record", recs, func(b []byte) []byte { return bytes.Replace(b, []byte("exchange 12"), []byte("exchange 13"), 1) }, false, "content changed"},
		{"record moved to another index", recs, func(b []byte) []byte {
			return bytes.Replace(b, []byte(`{"index":12,`), []byte(`{"index":13,`), 1)
		}, false, "inclusion proof"},
		{"removed record", recs, func(b []byte) []byte { l := lines(b); return bytes.Join(append(l[:3:3], l[4:]...), nil) }, false, "manifest says 10"},
		{"removed record and manifest count", "", nil, false, "differ from the signed list"},
		{"altered proof", recs, func(b []byte) []byte {
			i := bytes.Index(b, []byte(`"proof":["`)) + len(`"proof":["`)
			c := bytes.Clone(b)
			c[i] = 'A' // change the first base64 digit of the first proof hash
			if b[i] == 'A' {
				c[i] = 'B'
			}
			return c
		}, false, "inclusion proof"},
		{"forged checkpoint", "w1/checkpoint.note", func(b []byte) []byte {
			return bytes.Replace(b, []byte("\n40\n"), []byte("\n41\n"), 1)
		}, false, "signature"},
		{"other key", "", nil, true, "signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "b")
			copyDir(t, orig, dir)
			if tc.name == "removed record and manifest count" {
				for _, f := range []struct{ name, from, to string }{
					{recs, "", ""}, {"manifest.json", `"records": 10`, `"records": 9`},
				} {
					p := filepath.Join(dir, filepath.FromSlash(f.name))
					b, _ := os.ReadFile(p)
					if f.from == "" {
						l := lines(b)
						b = bytes.Join(l[1:], nil)
					} else {
						b = bytes.Replace(b, []byte(f.from), []byte(f.to), 1)
					}
					os.WriteFile(p, b, 0o644)
				}
			}
			if tc.edit != nil {
				p := filepath.Join(dir, filepath.FromSlash(tc.file))
				b, _ := os.ReadFile(p)
				nb := tc.edit(b)
				if bytes.Equal(nb, b) {
					t.Fatal("edit changed nothing")
				}
				os.WriteFile(p, nb, 0o644)
			}
			v := e.verifier
			if tc.other {
				v = newEnv(t).verifier
			}
			_, err := VerifyBundle(dir, v)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("VerifyBundle = %v, want %q", err, tc.want)
			}
		})
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	files, err := readBundle(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeBundle(to, files); err != nil {
		t.Fatal(err)
	}
}

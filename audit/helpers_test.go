package audit

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
	"golang.org/x/mod/sumdb/note"
)

// fakeClock is a settable clock for Config.Now.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

type testEnv struct {
	dir      string
	skey     string
	vkey     string
	keyFile  string
	clock    *fakeClock
	verifier note.Verifiers
}

func newEnv(t testing.TB) *testEnv {
	t.Helper()
	skey, vkey, err := GenerateKey(rand.Reader, "hush-test")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kf := filepath.Join(dir, "audit.key")
	if err := os.WriteFile(kf, []byte(skey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, _, err := ParseVerifiers(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{dir: dir, skey: skey, vkey: vkey, keyFile: kf, clock: &fakeClock{t: t0}, verifier: v}
}

func (e *testEnv) config() Config {
	return Config{Dir: e.dir, Writer: "w1", KeyFile: e.keyFile, Now: e.clock.now, CheckpointInterval: -1}
}

func (e *testEnv) open(t testing.TB, mod ...func(*Config)) *Store {
	t.Helper()
	cfg := e.config()
	for _, m := range mod {
		m(&cfg)
	}
	s, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *testEnv) logDir() string { return LogDir(e.dir, "w1") }

func (e *testEnv) verify(t testing.TB, trusted ...[]byte) (*Report, error) {
	t.Helper()
	return Verify(e.dir, "w1", VerifyOptions{Verifiers: e.verifier, Trusted: trusted})
}

// record returns a record document dated at.
func record(i int, at time.Time) []byte {
	return fmt.Appendf(nil, `{"@timestamp":%q,"record.id":"r%06d","gen_ai.request.model":"model-%d","user.id":"u%d","hush.findings":{%s},"message":"exchange %d"}`,
		at.UTC().Format(time.RFC3339Nano), i, i%3, i%5, findings(i), i)
}

func findings(i int) string {
	switch i % 4 {
	case 1:
		return `"EMAIL_ADDRESS":1`
	case 2:
		return `"EMAIL_ADDRESS":2,"AWS_ACCESS_KEY":1`
	}
	return ""
}

func items(from, to int, at func(int) time.Time) []pipeline.Item {
	var out []pipeline.Item
	for i := from; i < to; i++ {
		out = append(out, pipeline.Item{ID: fmt.Sprintf("r%06d", i), Data: record(i, at(i))})
	}
	return out
}

func minutes(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }

func mustWrite(t testing.TB, s *Store, its []pipeline.Item) {
	t.Helper()
	if err := s.Write(context.Background(), its); err != nil {
		t.Fatal(err)
	}
}

func mustClose(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

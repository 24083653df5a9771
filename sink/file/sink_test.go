package file

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func items(from, n int, size int) []pipeline.Item {
	var out []pipeline.Item
	for i := from; i < from+n; i++ {
		id := fmt.Sprintf("id%05d", i)
		pad := strings.Repeat("x", max(size-30, 0))
		out = append(out, pipeline.Item{ID: id, Data: []byte(`{"record.id":"` + id + `","p":"` + pad + `"}`)})
	}
	return out
}

// readLines returns every line of every file (rotated, compressed, active) in dir, in order.
func readLines(t *testing.T, s *Sink) []string {
	t.Helper()
	var lines []string
	for _, p := range append(s.Rotated(), s.active) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = f
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	return lines
}

func TestRotateBySizeAndCompress(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	cfg := DefaultConfig(dir)
	cfg.MaxBytes = 8192
	s, err := New(cfg, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	for b := range 10 {
		if err := s.Write(context.Background(), items(b*20, 20, 200)); err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(time.Millisecond)
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	rotated := s.Rotated()
	if len(rotated) < 4 {
		t.Fatalf("%d rotated files, want several", len(rotated))
	}
	for _, p := range rotated {
		if !strings.HasSuffix(p, ".jsonl.gz") {
			t.Fatalf("rotated file %s not compressed", filepath.Base(p))
		}
		if info, _ := os.Stat(strings.TrimSuffix(p, ".gz")); info != nil {
			t.Fatalf("uncompressed copy of %s left behind", filepath.Base(p))
		}
	}
	lines := readLines(t, s)
	if len(lines) != 200 {
		t.Fatalf("%d lines, want 200", len(lines))
	}
	for i, l := range lines {
		if !strings.Contains(l, fmt.Sprintf(`"id%05d"`, i)) {
			t.Fatalf("line %d out of order", i)
		}
	}
}

func TestRotateByAge(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	cfg := DefaultConfig(dir)
	cfg.MaxAge = time.Hour
	cfg.Compress = false
	s, err := New(cfg, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	for i := range 3 {
		if err := s.Write(context.Background(), items(i, 1, 50)); err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(61 * time.Minute)
	}
	got := s.Rotated()
	if len(got) != 2 || filepath.Base(got[0]) != "hush-20261123T110100.000Z.jsonl" ||
		filepath.Base(got[1]) != "hush-20261123T120200.000Z.jsonl" {
		t.Fatalf("rotated = %v", got)
	}
}

func TestMaxFilesAndContinue(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	cfg := DefaultConfig(dir)
	cfg.MaxBytes = 4096
	cfg.MaxFiles = 2
	cfg.Compress = false
	s, err := New(cfg, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	for b := range 10 {
		if err := s.Write(context.Background(), items(b*10, 10, 200)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.Rotated()); n != 2 {
		t.Fatalf("%d rotated files kept, want 2", n)
	}
	s.Close(context.Background())
	// a new sink continues the active file
	before := readLines(t, s)
	s2, err := New(cfg, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Write(context.Background(), items(1000, 1, 50)); err != nil {
		t.Fatal(err)
	}
	s2.Close(context.Background())
	after := readLines(t, s2)
	if len(after) != len(before)+1 {
		t.Fatalf("lines %d → %d after reopen", len(before), len(after))
	}
}

func TestLineBreakIsPermanent(t *testing.T) {
	s, err := New(DefaultConfig(t.TempDir()), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	its := items(0, 3, 50)
	its[1].Data = []byte("{\"a\":\n1}")
	err = s.Write(context.Background(), its)
	var pe *pipeline.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 1 || !pipeline.IsPermanent(pe.Failed[1]) {
		t.Fatalf("err = %v, want a permanent failure of item 1", err)
	}
	if lines := readLines(t, s); len(lines) != 2 {
		t.Fatalf("%d lines written, want 2", len(lines))
	}
}

func TestWriteAfterClose(t *testing.T) {
	s, err := New(DefaultConfig(t.TempDir()), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	if err := s.Write(context.Background(), items(0, 1, 10)); !pipeline.IsPermanent(err) {
		t.Fatalf("err = %v, want permanent", err)
	}
}

func TestConfigValidate(t *testing.T) {
	cases := []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) {}, ""},
		{func(c *Config) { c.Dir = "" }, "dir: required"},
		{func(c *Config) { c.Prefix = "../x" }, `prefix: "../x" is not a plain file name`},
		{func(c *Config) { c.MaxBytes = 10 }, "max_bytes: must be at least 4096 (got 10)"},
		{func(c *Config) { c.MaxAge = time.Millisecond }, "max_age: must be at least 1s (got 1ms)"},
		{func(c *Config) { c.MaxFiles = -1 }, "max_files: must not be negative (got -1)"},
	}
	for _, c := range cases {
		cfg := DefaultConfig("logs")
		c.mod(&cfg)
		err := cfg.Validate()
		if got := fmt.Sprint(err); (err == nil) != (c.want == "") || (err != nil && got != c.want) {
			t.Errorf("Validate = %v, want %q", err, c.want)
		}
	}
}

func ExampleNew() {
	dir, _ := os.MkdirTemp("", "logs")
	defer os.RemoveAll(dir)
	s, err := New(DefaultConfig(dir), nil)
	if err != nil {
		panic(err)
	}
	err = s.Write(context.Background(), []pipeline.Item{{ID: "01JDBV4K0X3T9P1QY2ZK6M8N7R",
		Data: []byte(`{"record.id":"01JDBV4K0X3T9P1QY2ZK6M8N7R","message":"POST /v1/chat/completions 200"}`)}})
	if err != nil {
		panic(err)
	}
	s.Close(context.Background())
	b, _ := os.ReadFile(filepath.Join(dir, "hush.jsonl"))
	fmt.Print(string(b))
	// Output: {"record.id":"01JDBV4K0X3T9P1QY2ZK6M8N7R","message":"POST /v1/chat/completions 200"}
}

func TestPartialLineCutOnOpen(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig(dir)
	if err := os.WriteFile(filepath.Join(dir, "hush.jsonl"), []byte("{\"a\":1}\n{\"b\":"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(context.Background(), items(0, 1, 10)); err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	lines := readLines(t, s)
	if len(lines) != 2 || lines[0] != `{"a":1}` || !strings.Contains(lines[1], "id00000") {
		t.Fatalf("lines = %q", lines)
	}
}

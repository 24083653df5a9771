package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hushlog/hush/pipeline"
)

// TestTestdata parses every file in testdata/config: a file with a .err companion must fail
// with exactly that message, the others must be valid.
func TestTestdata(t *testing.T) {
	files, err := filepath.Glob("../../testdata/config/*.yaml")
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata missing: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			want, rerr := os.ReadFile(strings.TrimSuffix(f, ".yaml") + ".err")
			_, err := Load(f)
			switch {
			case rerr != nil && err != nil:
				t.Fatalf("valid config rejected: %v", err)
			case rerr == nil && err == nil:
				t.Fatalf("invalid config accepted, want %q", want)
			case rerr == nil && err.Error() != string(want):
				t.Fatalf("error\n got %q\nwant %q", err, want)
			}
			if rerr == nil {
				var ce *Error
				if !errors.As(err, &ce) || ce.Key == "" || ce.Line == 0 {
					t.Fatalf("error %v does not name a key and line", err)
				}
			}
		})
	}
}

func TestGoodConfigValues(t *testing.T) {
	c, err := Load("../../testdata/config/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pc := c.PipelineConfig()
	if pc.QueueBytes != 64<<20 || pc.Spool.MaxBytes != 2<<30 || pc.Spool.Fsync != pipeline.FsyncInterval ||
		pc.Retry.InitialBackoff != 200*time.Millisecond || pc.Spool.Dir != filepath.Join("/var/lib/hush", "spool") {
		t.Fatalf("pipeline config = %+v", pc)
	}
	fc, on := c.FileSinkConfig()
	if !on || fc.Dir != filepath.Join("/var/lib/hush", "logs") || fc.MaxFiles != 365 || !fc.Compress {
		t.Fatalf("file sink = %+v, %v", fc, on)
	}
	if c.Sinks.Elasticsearch["index"] != "hush-%Y.%m.%d" || c.Sinks.Audit == nil || c.Server["listen"] != "127.0.0.1:8080" {
		t.Fatalf("opaque sections lost: %v %v %v", c.Sinks.Elasticsearch, c.Sinks.Audit, c.Server)
	}
	b, err := Section(c.Sinks.Elasticsearch)
	if err != nil {
		t.Fatal(err)
	}
	var es struct {
		URLs  []string `yaml:"urls"`
		Index string   `yaml:"index"`
	}
	if err := yaml.Unmarshal(b, &es); err != nil || es.Index != "hush-%Y.%m.%d" || len(es.URLs) != 1 {
		t.Fatalf("section round trip: %+v, %v", es, err)
	}
	if b, err := Section(nil); b != nil || err != nil {
		t.Fatal("nil section")
	}
}

func TestDefaults(t *testing.T) {
	c, err := Parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	pc := c.PipelineConfig()
	if pc.QueueBytes != pipeline.DefaultQueueBytes || pc.QueuePolicy != pipeline.DropWhenFull ||
		pc.Spool.Dir != filepath.Join(DefaultDataDir, "spool") {
		t.Fatalf("defaults = %+v", pc)
	}
	fc, on := c.FileSinkConfig()
	if !on || !fc.Sync || !fc.Compress || fc.Dir != filepath.Join(DefaultDataDir, "logs") {
		t.Fatalf("file sink defaults = %+v %v", fc, on)
	}
	if c.Sinks.Stdout.Enabled {
		t.Fatal("stdout enabled by default")
	}
}

func TestErrorsNeverEchoValues(t *testing.T) {
	const secret = "hunter2-very-secret-value"
	for _, doc := range []string{
		"pipeline:\n  workers: " + secret + "\n",
		"pipeline:\n  queue:\n    max_bytes: " + secret + "\n",
		"pipeline:\n  redaction_timeout: " + secret + "\n",
		"sinks:\n  file:\n    sync: " + secret + "\n",
		"pipeline:\n  queue:\n    policy: " + secret + "\n",
	} {
		_, err := Parse([]byte(doc))
		if err == nil {
			t.Fatal("accepted")
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Fatal("error message repeats the value")
		}
	}
}

func TestByteSize(t *testing.T) {
	cases := []struct {
		in   string
		want ByteSize
		ok   bool
	}{
		{"4096", 4096, true}, {"64MiB", 64 << 20, true}, {"1 GiB", 1 << 30, true}, {"100MB", 100e6, true},
		{"2KB", 2000, true}, {"7B", 7, true}, {"-1", 0, false}, {"1.5GiB", 0, false}, {"lots", 0, false},
		{"99999999999TiB", 0, false},
	}
	for _, c := range cases {
		got, err := ParseByteSize(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseByteSize(%q) = %d, %v", c.in, got, err)
		}
	}
	if s := ByteSize(64 << 20).String(); s != "64MiB" {
		t.Errorf("String = %s", s)
	}
	if s := ByteSize(1000).String(); s != "1000" {
		t.Errorf("String = %s", s)
	}
}

func TestValidateFile(t *testing.T) {
	if err := Validate("../../testdata/config/good.yaml"); err != nil {
		t.Fatal(err)
	}
	err := Validate("../../testdata/config/bad_typo.yaml")
	if err == nil || !strings.HasSuffix(err.Error(), "bad_typo.yaml: pipeline.queue.max_byts (line 3): unknown key (did you mean max_bytes?)") {
		t.Fatalf("Validate = %v", err)
	}
	if err := Validate("no-such-file.yaml"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Validate(missing) = %v", err)
	}
}

func TestPseudonymKey(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.key")
	os.WriteFile(short, []byte("tooshort"), 0o600)
	c := &Config{Pipeline: Pipeline{PseudonymKeyFile: short}}
	if _, err := c.PseudonymKey(); err == nil || err.Error() != "pipeline.pseudonym_key_file: key has 8 bytes, need at least 32" {
		t.Fatalf("err = %v", err)
	}
	good := filepath.Join(dir, "good.key")
	os.WriteFile(good, []byte(strings.Repeat("k", 40)+"\n"), 0o600)
	c.Pipeline.PseudonymKeyFile = good
	if k, err := c.PseudonymKey(); err != nil || len(k) != 40 {
		t.Fatalf("key %d bytes, %v", len(k), err)
	}
}

func ExampleValidate() {
	err := Validate("../../testdata/config/bad_range_queue.yaml")
	var ce *Error
	if errors.As(err, &ce) {
		os.Stdout.WriteString(ce.Key + ": " + ce.Msg + "\n")
	}
	// Output: pipeline.queue.max_bytes: must be at least 1MiB (got 1KiB)
}

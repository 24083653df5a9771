// Package config is the YAML configuration of hush serve: the pipeline (queue, redaction
// workers, spool, dead letters, retries) and its sinks.
//
// Decoding is strict: an unknown or duplicated key, or a value of the wrong type, is an
// error naming the key path and line ("pipeline.queue.max_bytes (line 4): want a byte size
// such as 4096 or 64MiB"); Validate then checks ranges the same way. Errors never repeat a
// value, since values may be credentials.
//
// The elasticsearch and audit sink sections are kept as opaque mappings here and decoded by
// their own packages' Config types, which own those keys and their validation.
//
//	cfg, err := config.Load("hush.yaml")
//	pc := cfg.Pipeline.PipelineConfig(cfg.DataDir) // then set Engine and Sinks
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/sink/file"
	"github.com/hushlog/hush/sink/stdout"
)

// Config is the whole file.
type Config struct {
	// DataDir holds the spool, the JSONL logs and the audit store. Default "hush-data".
	DataDir  string   `yaml:"data_dir"`
	Pipeline Pipeline `yaml:"pipeline"`
	Sinks    Sinks    `yaml:"sinks"`
	// Server, Capture and Redact are the sections of the gateway (listen addresses,
	// upstreams), the capture middleware and the redaction engine. Like the elasticsearch
	// and audit sinks they are kept as opaque mappings here and decoded strictly by the
	// packages that own those keys; nil when absent.
	Server  map[string]any `yaml:"server"`
	Capture map[string]any `yaml:"capture"`
	Redact  map[string]any `yaml:"redact"`
}

// Section re-encodes an opaque section (Sinks.Elasticsearch, Sinks.Audit, Server, Capture,
// Redact) as YAML, for the owning package to decode strictly into its own Config, e.g.
//
//	b, err := config.Section(cfg.Sinks.Elasticsearch)
//	dec := yaml.NewDecoder(bytes.NewReader(b)); dec.KnownFields(true); dec.Decode(&esCfg)
//
// A nil section gives nil.
func Section(m map[string]any) ([]byte, error) {
	if m == nil {
		return nil, nil
	}
	return yaml.Marshal(m)
}

// Pipeline is the pipeline section.
type Pipeline struct {
	Queue Queue `yaml:"queue"`
	// Workers is the number of redaction workers; 0 means GOMAXPROCS.
	Workers int `yaml:"workers"`
	// RedactionTimeout bounds redacting one exchange (fail closed past it). Default 5s.
	RedactionTimeout time.Duration `yaml:"redaction_timeout"`
	// PseudonymKeyFile holds the key (at least 32 bytes) that pseudonymises client.address
	// and user.id; empty means a random key per process run.
	PseudonymKeyFile string `yaml:"pseudonym_key_file"`
	// SecretHeaders adds header names whose values are never stored.
	SecretHeaders []string   `yaml:"secret_headers"`
	Spool         Spool      `yaml:"spool"`
	DeadLetter    DeadLetter `yaml:"dead_letter"`
	Retry         Retry      `yaml:"retry"`
}

// Queue is pipeline.queue.
type Queue struct {
	// MaxBytes caps raw exchanges in memory. Default 64MiB.
	MaxBytes ByteSize `yaml:"max_bytes"`
	// Policy is drop (default) or block.
	Policy string `yaml:"policy"`
}

// Spool is pipeline.spool.
type Spool struct {
	// Dir defaults to <data_dir>/spool.
	Dir           string        `yaml:"dir"`
	SegmentBytes  ByteSize      `yaml:"segment_bytes"`
	MaxBytes      ByteSize      `yaml:"max_bytes"`
	Fsync         string        `yaml:"fsync"`
	FsyncInterval time.Duration `yaml:"fsync_interval"`
	FullPolicy    string        `yaml:"full_policy"`
}

// DeadLetter is pipeline.dead_letter.
type DeadLetter struct {
	// Dir defaults to <spool dir>/deadletter.
	Dir      string   `yaml:"dir"`
	MaxBytes ByteSize `yaml:"max_bytes"`
}

// Retry is pipeline.retry.
type Retry struct {
	BatchItems     int           `yaml:"batch_items"`
	BatchBytes     ByteSize      `yaml:"batch_bytes"`
	BatchWait      time.Duration `yaml:"batch_wait"`
	MaxAttempts    int           `yaml:"max_attempts"`
	InitialBackoff time.Duration `yaml:"initial_backoff"`
	MaxBackoff     time.Duration `yaml:"max_backoff"`
	Multiplier     float64       `yaml:"multiplier"`
	Jitter         float64       `yaml:"jitter"`
	WriteTimeout   time.Duration `yaml:"write_timeout"`
}

// Sinks is the sinks section.
type Sinks struct {
	File   FileSink   `yaml:"file"`
	Stdout StdoutSink `yaml:"stdout"`
	// Elasticsearch and Audit are decoded by sink/elasticsearch and audit; nil when absent.
	Elasticsearch map[string]any `yaml:"elasticsearch"`
	Audit         map[string]any `yaml:"audit"`
}

// FileSink is sinks.file; see sink/file.Config for the meaning of each key.
type FileSink struct {
	// Enabled defaults to true: the JSONL files are the embedded default.
	Enabled  *bool         `yaml:"enabled"`
	Dir      string        `yaml:"dir"` // default <data_dir>/logs
	Prefix   string        `yaml:"prefix"`
	MaxBytes ByteSize      `yaml:"max_bytes"`
	MaxAge   time.Duration `yaml:"max_age"`
	Compress *bool         `yaml:"compress"`
	Sync     *bool         `yaml:"sync"`
	MaxFiles int           `yaml:"max_files"`
}

// StdoutSink is sinks.stdout.
type StdoutSink struct {
	// Enabled defaults to false.
	Enabled      bool     `yaml:"enabled"`
	MaxLineBytes ByteSize `yaml:"max_line_bytes"`
}

// DefaultDataDir is the data directory when none is configured.
const DefaultDataDir = "hush-data"

func ptr[T any](v T) *T { return &v }

// SetDefaults fills every unset field with its default.
func (c *Config) SetDefaults() {
	if c.DataDir == "" {
		c.DataDir = DefaultDataDir
	}
	p := &c.Pipeline
	if p.Queue.MaxBytes == 0 {
		p.Queue.MaxBytes = pipeline.DefaultQueueBytes
	}
	if p.Queue.Policy == "" {
		p.Queue.Policy = pipeline.DropWhenFull.String()
	}
	if p.RedactionTimeout == 0 {
		p.RedactionTimeout = 5 * time.Second
	}
	s := &p.Spool
	if s.Dir == "" {
		s.Dir = filepath.Join(c.DataDir, "spool")
	}
	if s.SegmentBytes == 0 {
		s.SegmentBytes = pipeline.DefaultSegmentBytes
	}
	if s.MaxBytes == 0 {
		s.MaxBytes = pipeline.DefaultSpoolMaxBytes
	}
	if s.Fsync == "" {
		s.Fsync = pipeline.FsyncInterval.String()
	}
	if s.FsyncInterval == 0 {
		s.FsyncInterval = time.Second
	}
	if s.FullPolicy == "" {
		s.FullPolicy = pipeline.KeepOldest.String()
	}
	if p.DeadLetter.Dir == "" {
		p.DeadLetter.Dir = filepath.Join(s.Dir, "deadletter")
	}
	if p.DeadLetter.MaxBytes == 0 {
		p.DeadLetter.MaxBytes = 256 << 20
	}
	// the retry defaults live in one place: the pipeline's
	rc := p.retryConfig()
	rc.SetDefaults()
	p.Retry = Retry{BatchItems: rc.BatchItems, BatchBytes: ByteSize(rc.BatchBytes), BatchWait: rc.BatchWait, MaxAttempts: rc.MaxAttempts,
		InitialBackoff: rc.InitialBackoff, MaxBackoff: rc.MaxBackoff, Multiplier: rc.Multiplier, Jitter: rc.Jitter,
		WriteTimeout: rc.WriteTimeout}
	f := &c.Sinks.File
	if f.Enabled == nil {
		f.Enabled = ptr(true)
	}
	if f.Dir == "" {
		f.Dir = filepath.Join(c.DataDir, "logs")
	}
	if f.Prefix == "" {
		f.Prefix = file.DefaultPrefix
	}
	if f.MaxBytes == 0 {
		f.MaxBytes = file.DefaultMaxBytes
	}
	if f.MaxAge == 0 {
		f.MaxAge = file.DefaultMaxAge
	}
	if f.Compress == nil {
		f.Compress = ptr(true)
	}
	if f.Sync == nil {
		f.Sync = ptr(true)
	}
	if c.Sinks.Stdout.MaxLineBytes == 0 {
		c.Sinks.Stdout.MaxLineBytes = stdout.DefaultMaxLineBytes
	}
}

// Validate checks ranges and choices after SetDefaults; the error is an *Error naming the
// key.
func (c *Config) Validate() error {
	p := &c.Pipeline
	if p.Queue.MaxBytes < 1<<20 {
		return &Error{Key: "pipeline.queue.max_bytes", Msg: fmt.Sprintf("must be at least 1MiB (got %s)", p.Queue.MaxBytes)}
	}
	if p.Queue.Policy != "drop" && p.Queue.Policy != "block" {
		return &Error{Key: "pipeline.queue.policy", Msg: "want drop or block"}
	}
	if p.Workers < 0 || p.Workers > 1024 {
		return &Error{Key: "pipeline.workers", Msg: fmt.Sprintf("must be between 0 (GOMAXPROCS) and 1024 (got %d)", p.Workers)}
	}
	for _, h := range p.SecretHeaders {
		if h == "" {
			return &Error{Key: "pipeline.secret_headers", Msg: "empty header name"}
		}
	}
	if p.RedactionTimeout < 0 {
		return &Error{Key: "pipeline.redaction_timeout", Msg: "must be positive"}
	}
	s := &p.Spool
	if s.SegmentBytes < 4096 {
		return &Error{Key: "pipeline.spool.segment_bytes", Msg: fmt.Sprintf("must be at least 4KiB (got %s)", s.SegmentBytes)}
	}
	if s.MaxBytes < 2*s.SegmentBytes {
		return &Error{Key: "pipeline.spool.max_bytes", Msg: fmt.Sprintf("must be at least twice pipeline.spool.segment_bytes (got %s)", s.MaxBytes)}
	}
	if _, err := pipeline.ParseFsyncPolicy(s.Fsync); err != nil {
		return &Error{Key: "pipeline.spool.fsync", Msg: "want interval, always or never"}
	}
	if s.FsyncInterval < time.Millisecond {
		return &Error{Key: "pipeline.spool.fsync_interval", Msg: fmt.Sprintf("must be at least 1ms (got %s)", s.FsyncInterval)}
	}
	if _, err := pipeline.ParseFullPolicy(s.FullPolicy); err != nil {
		return &Error{Key: "pipeline.spool.full_policy", Msg: "want keep_oldest or drop_oldest"}
	}
	if p.DeadLetter.MaxBytes < 32<<20 {
		return &Error{Key: "pipeline.dead_letter.max_bytes", Msg: fmt.Sprintf("must be at least 32MiB (got %s)", p.DeadLetter.MaxBytes)}
	}
	if err := p.retryConfig().Validate(); err != nil {
		return &Error{Key: "pipeline." + keyOf(err), Msg: msgOf(err)}
	}
	fc, _ := c.FileSinkConfig()
	if err := fc.Validate(); err != nil {
		return &Error{Key: "sinks.file." + keyOf(err), Msg: msgOf(err)}
	}
	if err := c.StdoutSinkConfig().Validate(); err != nil {
		return &Error{Key: "sinks.stdout." + keyOf(err), Msg: msgOf(err)}
	}
	return nil
}

// keyOf and msgOf split a component's "key: message" validation error.
func keyOf(err error) string {
	k, _, _ := bytes.Cut([]byte(err.Error()), []byte(": "))
	return string(k)
}

func msgOf(err error) string {
	_, m, _ := bytes.Cut([]byte(err.Error()), []byte(": "))
	return string(m)
}

func (p *Pipeline) retryConfig() pipeline.RetryConfig {
	r := p.Retry
	return pipeline.RetryConfig{BatchItems: r.BatchItems, BatchBytes: int(r.BatchBytes), BatchWait: r.BatchWait,
		MaxAttempts: r.MaxAttempts, InitialBackoff: r.InitialBackoff, MaxBackoff: r.MaxBackoff,
		Multiplier: r.Multiplier, Jitter: r.Jitter, WriteTimeout: r.WriteTimeout}
}

// PipelineConfig returns the pipeline settings (after SetDefaults). The caller adds the
// Engine, the Sinks, the Registerer and, if PseudonymKeyFile is set, the Pseudonymizer
// (see PseudonymKey).
func (c *Config) PipelineConfig() pipeline.Config {
	p := &c.Pipeline
	qp := pipeline.DropWhenFull
	if p.Queue.Policy == "block" {
		qp = pipeline.BlockWhenFull
	}
	fsync, _ := pipeline.ParseFsyncPolicy(p.Spool.Fsync)
	full, _ := pipeline.ParseFullPolicy(p.Spool.FullPolicy)
	return pipeline.Config{
		QueueBytes:       int64(p.Queue.MaxBytes),
		QueuePolicy:      qp,
		Workers:          p.Workers,
		RedactionTimeout: p.RedactionTimeout,
		Spool: pipeline.SpoolConfig{Dir: p.Spool.Dir, SegmentBytes: int64(p.Spool.SegmentBytes),
			MaxBytes: int64(p.Spool.MaxBytes), Fsync: fsync, FsyncInterval: p.Spool.FsyncInterval, Full: full},
		DeadLetterDir:      p.DeadLetter.Dir,
		DeadLetterMaxBytes: int64(p.DeadLetter.MaxBytes),
		Retry:              p.retryConfig(),
		SecretHeaders:      p.SecretHeaders,
	}
}

// PseudonymKey reads the pseudonym key file; nil, nil when none is configured. Errors name
// the key and the problem, never key material.
func (c *Config) PseudonymKey() ([]byte, error) {
	if c.Pipeline.PseudonymKeyFile == "" {
		return nil, nil
	}
	b, err := os.ReadFile(c.Pipeline.PseudonymKeyFile)
	if err != nil {
		return nil, &Error{Key: "pipeline.pseudonym_key_file", Msg: "cannot read the file"}
	}
	b = bytes.TrimSpace(b)
	if len(b) < 32 {
		return nil, &Error{Key: "pipeline.pseudonym_key_file", Msg: fmt.Sprintf("key has %d bytes, need at least 32", len(b))}
	}
	return b, nil
}

// FileSinkConfig returns the file sink settings and whether the sink is enabled.
func (c *Config) FileSinkConfig() (file.Config, bool) {
	f := &c.Sinks.File
	cfg := file.Config{Dir: f.Dir, Prefix: f.Prefix, MaxBytes: int64(f.MaxBytes), MaxAge: f.MaxAge,
		MaxFiles: f.MaxFiles}
	if f.Compress != nil {
		cfg.Compress = *f.Compress
	}
	if f.Sync != nil {
		cfg.Sync = *f.Sync
	}
	return cfg, f.Enabled != nil && *f.Enabled
}

// StdoutSinkConfig returns the stdout sink settings; Sinks.Stdout.Enabled says whether it runs.
func (c *Config) StdoutSinkConfig() stdout.Config {
	return stdout.Config{MaxLineBytes: int(c.Sinks.Stdout.MaxLineBytes)}
}

// Parse decodes a configuration strictly, applies defaults and validates it. Errors are
// *Error values naming the key path and line.
func Parse(data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("invalid YAML: %w", err)
	}
	d := decoder{lines: map[string]int{}}
	var c Config
	if len(root.Content) > 0 {
		if err := d.decode(&root, reflect.ValueOf(&c).Elem(), ""); err != nil {
			return nil, err
		}
	}
	// belt and braces: the standard strict decoder must agree that every key is known
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var check Config
	if err := dec.Decode(&check); err != nil && len(root.Content) > 0 {
		return nil, fmt.Errorf("invalid configuration: %w", err)
	}
	c.SetDefaults()
	if err := c.Validate(); err != nil {
		var ce *Error
		if errors.As(err, &ce) && ce.Line == 0 {
			ce.Line = d.lines[ce.Key]
		}
		return nil, err
	}
	return &c, nil
}

// Load reads and parses the file at path.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Validate checks the configuration file at path, for "hush config validate FILE": nil
// when it is valid, else an error that starts with the file name and names the key.
func Validate(path string) error {
	if _, err := Load(path); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return err
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

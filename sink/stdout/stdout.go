// Package stdout is the pipeline sink that writes records as JSON lines to standard output,
// for container log collectors (Fluent Bit, Vector, the Kubernetes node agent).
//
//	s, err := stdout.New(stdout.DefaultConfig(), os.Stdout)
//	// pass s to pipeline.Config.Sinks
package stdout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/hushlog/hush/pipeline"
)

// Config configures the stdout sink.
type Config struct {
	// MaxLineBytes rejects (permanently, to the dead-letter segment) records longer than
	// this, since collectors split or drop over-long lines. Default 1 MiB.
	MaxLineBytes int `yaml:"max_line_bytes"`
}

// DefaultMaxLineBytes is the default line limit.
const DefaultMaxLineBytes = 1 << 20

// DefaultConfig returns the defaults.
func DefaultConfig() Config { return Config{MaxLineBytes: DefaultMaxLineBytes} }

// SetDefaults fills zero fields.
func (c *Config) SetDefaults() {
	if c.MaxLineBytes == 0 {
		c.MaxLineBytes = DefaultMaxLineBytes
	}
}

// Validate reports the first invalid field by its configuration key.
func (c Config) Validate() error {
	if c.MaxLineBytes < 1024 {
		return fmt.Errorf("max_line_bytes: must be at least 1024 (got %d)", c.MaxLineBytes)
	}
	return nil
}

// ErrTooLong marks a record over MaxLineBytes.
var ErrTooLong = errors.New("stdout sink: record longer than max_line_bytes")

// ErrLineBreak marks a record holding a line break.
var ErrLineBreak = errors.New("stdout sink: record contains a line break")

// Sink writes one line per record to a writer, each batch with a single Write call so that
// lines from one batch are not interleaved with other output. It is safe for concurrent use.
type Sink struct {
	cfg Config
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

var _ pipeline.Sink = (*Sink)(nil)

// New returns a sink writing to w (nil: os.Stdout); cfg is completed with defaults and
// validated.
func New(cfg Config, w io.Writer) (*Sink, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("stdout sink: %w", err)
	}
	if w == nil {
		w = os.Stdout
	}
	return &Sink{cfg: cfg, w: w}, nil
}

// Write writes the batch. A write error is retryable and applies to the whole batch (the
// writer may have taken part of it, so a retry can duplicate lines: at-least-once). Records
// over MaxLineBytes or holding a line break fail permanently in a *pipeline.PartialError.
func (s *Sink) Write(ctx context.Context, items []pipeline.Item) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buf[:0]
	var bad map[int]error
	for i, it := range items {
		var err error
		switch {
		case len(it.Data) > s.cfg.MaxLineBytes:
			err = ErrTooLong
		case bytes.IndexByte(it.Data, '\n') >= 0 || bytes.IndexByte(it.Data, '\r') >= 0:
			err = ErrLineBreak
		}
		if err != nil {
			if bad == nil {
				bad = map[int]error{}
			}
			bad[i] = pipeline.Permanent(err)
			continue
		}
		b = append(b, it.Data...)
		b = append(b, '\n')
	}
	if cap(b) <= 4<<20 {
		s.buf = b
	}
	if len(b) > 0 {
		if _, err := s.w.Write(b); err != nil {
			return fmt.Errorf("stdout sink: %w", err)
		}
	}
	if bad != nil {
		return &pipeline.PartialError{Failed: bad}
	}
	return nil
}

// Close does nothing: standard output is not the sink's to close.
func (s *Sink) Close(context.Context) error { return nil }

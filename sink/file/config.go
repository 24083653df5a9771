package file

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Config configures the file sink. Start from DefaultConfig: the zero value of the boolean
// fields is not their default.
type Config struct {
	// Dir is the directory of the log files, created if missing. Required; the embedded
	// default of hush serve is <data-dir>/logs.
	Dir string `yaml:"dir"`
	// Prefix names the files: <prefix>.jsonl is written, rotated files are
	// <prefix>-<UTC time>.jsonl(.gz). Default "hush".
	Prefix string `yaml:"prefix"`
	// MaxBytes rotates the active file before it would grow past this size. Default 100 MiB.
	MaxBytes int64 `yaml:"max_bytes"`
	// MaxAge rotates the active file once it is this old (a file continued from a previous
	// run counts from its last write). Default 24h.
	MaxAge time.Duration `yaml:"max_age"`
	// Compress gzips rotated files in the background (fastest level). Default true.
	Compress bool `yaml:"compress"`
	// Sync forces every batch to stable storage before Write returns (the at-least-once
	// contract across power loss). Default true. Rotation always syncs.
	Sync bool `yaml:"sync"`
	// MaxFiles deletes the oldest rotated files beyond this many. Default 0: keep all.
	MaxFiles int `yaml:"max_files"`
}

// Defaults.
const (
	DefaultPrefix   = "hush"
	DefaultMaxBytes = 100 << 20
	DefaultMaxAge   = 24 * time.Hour
)

// DefaultConfig returns the defaults for files under dir.
func DefaultConfig(dir string) Config {
	return Config{Dir: dir, Prefix: DefaultPrefix, MaxBytes: DefaultMaxBytes, MaxAge: DefaultMaxAge,
		Compress: true, Sync: true}
}

// SetDefaults fills zero numeric and string fields with their defaults.
func (c *Config) SetDefaults() {
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxAge == 0 {
		c.MaxAge = DefaultMaxAge
	}
}

// Validate reports the first invalid field by its configuration key.
func (c Config) Validate() error {
	switch {
	case c.Dir == "":
		return errors.New("dir: required")
	case c.Prefix == "" || strings.ContainsAny(c.Prefix, `/\`) || c.Prefix != filepath.Clean(c.Prefix) || c.Prefix[0] == '.':
		return fmt.Errorf("prefix: %q is not a plain file name", c.Prefix)
	case c.MaxBytes < 4096:
		return fmt.Errorf("max_bytes: must be at least 4096 (got %d)", c.MaxBytes)
	case c.MaxAge < time.Second:
		return fmt.Errorf("max_age: must be at least 1s (got %s)", c.MaxAge)
	case c.MaxFiles < 0:
		return fmt.Errorf("max_files: must not be negative (got %d)", c.MaxFiles)
	}
	return nil
}

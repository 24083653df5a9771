package audit

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Defaults applied by Config.withDefaults for zero fields.
const (
	DefaultWriter             = "default"
	DefaultSegmentMaxBytes    = 64 << 20
	DefaultSegmentMaxAge      = 24 * time.Hour
	DefaultCheckpointInterval = time.Second
	DefaultMaxRecordBytes     = 16 << 20
	DefaultMaxDays            = 365
)

// Config configures a Store. The zero value of every field except Dir and the key is usable;
// Open fills in the defaults documented on each field.
type Config struct {
	// Dir is the data directory; the log lives in Dir/audit/<Writer>/. Required.
	Dir string
	// Writer names this log (one log per writing process). It is used as a directory name and
	// appears in every checkpoint, so it must be a non-empty run of letters, digits, '.', '-'
	// and '_'. Default "default".
	Writer string
	// SegmentMaxBytes is the size at which the active segment is sealed and a new one started.
	// Retention purges whole segments, so this is also the purge granularity. Default 64 MiB.
	SegmentMaxBytes int64
	// SegmentMaxAge seals the active segment once its first record is this old, so that
	// retention, which removes whole segments, keeps records at most about a day longer than
	// Retention.MaxDays even on a quiet log. Default 24h; negative disables age-based sealing.
	SegmentMaxAge time.Duration
	// MaxRecordBytes bounds one record; larger items are rejected permanently. Default 16 MiB.
	MaxRecordBytes int
	// CheckpointInterval is how often a signed checkpoint is appended while the log grows.
	// Default 1s; a negative value disables periodic checkpoints (Close still writes one).
	CheckpointInterval time.Duration
	// Signer signs checkpoints and purge records. Exactly one of Signer, KeyFile and Key is
	// required.
	Signer note.Signer
	// VerifierKey is the public note verifier key matching Signer. When set (or derived from
	// KeyFile) it is recorded in the log directory's "keys" file for verification and export.
	VerifierKey string
	// KeyFile is the path of a private key file written by GenerateKey / "hush audit keygen".
	KeyFile string
	// Key is a private key in the text form GenerateKey returns, for example taken from the
	// HUSH_AUDIT_KEY environment variable.
	Key string
	// Retention bounds how long records are kept.
	Retention Retention
	// Now returns the current time; default time.Now. Tests inject a fake clock.
	Now func() time.Time
}

// Retention bounds the age of stored records. Age is measured from a record's @timestamp
// (or its append time when it has none).
type Retention struct {
	// MinDays is the least number of days a record is kept; no purge removes a younger record.
	MinDays int
	// MaxDays is the age after which whole segments whose records are all older are purged.
	// Default 365. It must not be less than MinDays.
	MaxDays int
}

func (c Config) withDefaults() Config {
	if c.Writer == "" {
		c.Writer = DefaultWriter
	}
	if c.SegmentMaxBytes == 0 {
		c.SegmentMaxBytes = DefaultSegmentMaxBytes
	}
	if c.SegmentMaxAge == 0 {
		c.SegmentMaxAge = DefaultSegmentMaxAge
	}
	if c.MaxRecordBytes == 0 {
		c.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if c.CheckpointInterval == 0 {
		c.CheckpointInterval = DefaultCheckpointInterval
	}
	if c.Retention.MaxDays == 0 {
		c.Retention.MaxDays = DefaultMaxDays
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Validate reports the first invalid field of c after defaults are applied, naming it.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Dir == "":
		return errors.New("audit: dir: required")
	case !validWriter(c.Writer):
		return fmt.Errorf("audit: writer: %q must be letters, digits, '.', '-' or '_'", c.Writer)
	case c.SegmentMaxBytes < 1024:
		return fmt.Errorf("audit: segment_max_bytes: %d is below the minimum 1024", c.SegmentMaxBytes)
	case c.SegmentMaxAge > 0 && c.SegmentMaxAge < time.Minute:
		return fmt.Errorf("audit: segment_max_age: %v is below the minimum 1m", c.SegmentMaxAge)
	case c.MaxRecordBytes < 1 || c.MaxRecordBytes > maxFrameData:
		return fmt.Errorf("audit: max_record_bytes: %d is outside 1..%d", c.MaxRecordBytes, maxFrameData)
	case c.Signer == nil && c.KeyFile == "" && c.Key == "":
		return errors.New("audit: key_file: required (or key, or a Signer)")
	case (c.Signer != nil) && (c.KeyFile != "" || c.Key != "") || c.KeyFile != "" && c.Key != "":
		return errors.New("audit: key_file: set only one of key_file, key and Signer")
	case c.Retention.MinDays < 0:
		return fmt.Errorf("audit: retention.min_days: %d is negative", c.Retention.MinDays)
	case c.Retention.MaxDays < 0:
		return fmt.Errorf("audit: retention.max_days: %d is negative", c.Retention.MaxDays)
	case c.Retention.MaxDays < c.Retention.MinDays:
		return fmt.Errorf("audit: retention.max_days: %d is less than min_days %d", c.Retention.MaxDays, c.Retention.MinDays)
	}
	return nil
}

func validWriter(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > 128 {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
	}) < 0
}

package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hushlog/hush/audit"
	"github.com/hushlog/hush/capture"
	"github.com/hushlog/hush/internal/config"
	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/proxy"
	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/sink/elasticsearch"
	"github.com/hushlog/hush/sink/file"
	"github.com/hushlog/hush/sink/stdout"
)

// ServerSection is the "server" section of the config file.
type ServerSection struct {
	Listen      string `yaml:"listen"`
	AdminListen string `yaml:"admin_listen"`
	// Upstreams: the first is the default route.
	Upstreams             []UpstreamSection `yaml:"upstreams"`
	ShutdownTimeout       time.Duration     `yaml:"shutdown_timeout"`
	ResponseHeaderTimeout time.Duration     `yaml:"response_header_timeout"`
}

// UpstreamSection is one entry of server.upstreams.
type UpstreamSection struct {
	Name         string   `yaml:"name"`
	URL          string   `yaml:"url"`
	PathPrefixes []string `yaml:"path_prefixes"`
	Models       []string `yaml:"models"`
}

// CaptureSection is the "capture" section.
type CaptureSection struct {
	// Mode is none, metadata or full (default).
	Mode              string          `yaml:"mode"`
	MaxBodyBytes      config.ByteSize `yaml:"max_body_bytes"`
	CorrelationHeader string          `yaml:"correlation_header"`
	UserHeader        string          `yaml:"user_header"`
	OptOutHeader      string          `yaml:"opt_out_header"`
	// Skip lists path prefixes never captured; absent means health and metrics endpoints.
	Skip   *[]string      `yaml:"skip"`
	Routes []RouteSection `yaml:"routes"`
}

// RouteSection is one entry of capture.routes.
type RouteSection struct {
	Prefix  string   `yaml:"prefix"`
	Methods []string `yaml:"methods"`
	Mode    string   `yaml:"mode"`
	Skip    bool     `yaml:"skip"`
}

// AuditSection is sinks.audit: the embedded tamper-evident store, on by default.
type AuditSection struct {
	Enabled *bool  `yaml:"enabled"`
	Writer  string `yaml:"writer"`
	// KeyFile is the signing key ("hush audit keygen"); KeyEnv names a variable holding it.
	// Without either, a key is generated once in <data_dir>/audit/signing.key (0600).
	KeyFile            string          `yaml:"key_file"`
	KeyEnv             string          `yaml:"key_env"`
	CheckpointInterval time.Duration   `yaml:"checkpoint_interval"`
	SegmentMaxBytes    config.ByteSize `yaml:"segment_max_bytes"`
	Retention          struct {
		MinDays int `yaml:"min_days"`
		MaxDays int `yaml:"max_days"`
	} `yaml:"retention"`
	// PurgeInterval is how often retention runs (default 1h).
	PurgeInterval time.Duration `yaml:"purge_interval"`
}

// decodeSection decodes an opaque section strictly into v; errors name the section.
func decodeSection(name string, m map[string]any, v any) error {
	b, err := config.Section(m)
	if err != nil || b == nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return fmt.Errorf("%s: %w", name, err) // the section types never echo values
		}
		msgs := make([]string, 0, len(te.Errors))
		for _, e := range te.Errors {
			if m := unknownField.FindStringSubmatch(e); m != nil {
				msgs = append(msgs, fmt.Sprintf("%s.%s: unknown key", name, m[1]))
			} else if m := wrongType.FindStringSubmatch(e); m != nil {
				// never echo the value: it may be a credential
				msgs = append(msgs, fmt.Sprintf("%s: a %s value where %s is wanted", name, m[1], m[2]))
			} else {
				msgs = append(msgs, name+": invalid value")
			}
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	return nil
}

var (
	unknownField = regexp.MustCompile(`field (\S+) not found`)
	wrongType    = regexp.MustCompile(`cannot unmarshal !!(\w+) .* into (\S+)`)
)

// Overrides are command-line flags that win over the file; empty fields leave it alone.
type Overrides struct {
	Listen, AdminListen, DataDir, Capture string
	AdminSet                              bool // AdminListen was given (it may be empty: off)
	Upstreams                             []proxy.Upstream
}

// FromConfig turns a config file (nil: all defaults) plus flag overrides into Options,
// opening the sinks it names. Errors name the key. getenv reads key variables.
func FromConfig(cfg *config.Config, ov Overrides, getenv func(string) string) (Options, error) {
	return build(cfg, ov, getenv, true)
}

// Check validates every section of cfg the way FromConfig would, without opening sinks or
// creating anything on disk.
func Check(cfg *config.Config, getenv func(string) string) error {
	_, err := build(cfg, Overrides{}, getenv, false)
	return err
}

func build(cfg *config.Config, ov Overrides, getenv func(string) string, open bool) (Options, error) {
	if cfg == nil {
		var err error
		if cfg, err = config.Parse(nil); err != nil {
			return Options{}, err
		}
	}
	if ov.DataDir != "" && ov.DataDir != cfg.DataDir {
		moveDataDir(cfg, ov.DataDir)
	}
	var srv ServerSection
	var cs CaptureSection
	var as AuditSection
	if err := decodeSection("server", cfg.Server, &srv); err != nil {
		return Options{}, err
	}
	if err := decodeSection("capture", cfg.Capture, &cs); err != nil {
		return Options{}, err
	}
	if err := decodeSection("sinks.audit", cfg.Sinks.Audit, &as); err != nil {
		return Options{}, err
	}
	o := Options{Listen: "127.0.0.1:8080", AdminListen: "127.0.0.1:9464", DataDir: cfg.DataDir,
		ShutdownTimeout: srv.ShutdownTimeout}
	if srv.Listen != "" {
		o.Listen = srv.Listen
	}
	if srv.AdminListen != "" {
		o.AdminListen = srv.AdminListen
	}
	for _, u := range srv.Upstreams {
		o.Proxy.Upstreams = append(o.Proxy.Upstreams, proxy.Upstream(u))
	}
	o.Proxy.ResponseHeaderTimeout = srv.ResponseHeaderTimeout
	// flags win
	if ov.Listen != "" {
		o.Listen = ov.Listen
	}
	if ov.AdminSet {
		o.AdminListen = ov.AdminListen
	}
	if len(ov.Upstreams) > 0 {
		o.Proxy.Upstreams = ov.Upstreams
	}
	if len(o.Proxy.Upstreams) == 0 {
		o.Proxy.Upstreams = DefaultUpstreams()
	}
	if err := o.Proxy.Validate(); err != nil {
		return o, fmt.Errorf("server.%w", err)
	}

	capMode := cs.Mode
	if ov.Capture != "" {
		capMode = ov.Capture
	}
	c, err := captureConfig(cs, capMode)
	if err != nil {
		return o, err
	}
	o.Capture = c

	rb, err := config.Section(cfg.Redact)
	if err != nil {
		return o, err
	}
	fc, err := redact.ParseConfig(rb)
	if err != nil {
		return o, fmt.Errorf("redact: %w", err)
	}
	rc, err := fc.Build(getenv)
	if err != nil {
		return o, fmt.Errorf("redact.%w", err)
	}
	if o.Engine, err = redact.New(rc); err != nil {
		return o, fmt.Errorf("redact: %w", err)
	}

	o.Pipeline = cfg.PipelineConfig()
	if key, err := cfg.PseudonymKey(); err != nil {
		return o, err
	} else if key != nil {
		if o.Pipeline.Pseudonymizer, err = redact.NewHMAC("p1", key); err != nil {
			return o, fmt.Errorf("pipeline.pseudonym_key_file: %w", err)
		}
	}
	if o.Pipeline.Spool.Dir == "" {
		o.Pipeline.Spool.Dir = filepath.Join(o.DataDir, "spool")
	}
	if !open {
		return o, checkSinks(cfg, as, getenv)
	}
	if err := o.openSinks(cfg, as, getenv); err != nil {
		o.closeSinks()
		return o, err
	}
	return o, nil
}

// moveDataDir points cfg at dir: paths derived from the old data directory (the defaults, or
// configured below it) move along; paths configured elsewhere stay.
func moveDataDir(cfg *config.Config, dir string) {
	old := cfg.DataDir
	move := func(p *string) {
		if rel, err := filepath.Rel(old, *p); err == nil && *p != "" && !strings.HasPrefix(rel, "..") {
			*p = filepath.Join(dir, rel)
		}
	}
	move(&cfg.Sinks.File.Dir)
	move(&cfg.Pipeline.Spool.Dir)
	move(&cfg.Pipeline.DeadLetter.Dir)
	cfg.DataDir = dir
}

// DefaultUpstreams: OpenAI for everything, Anthropic for its messages API.
func DefaultUpstreams() []proxy.Upstream {
	return []proxy.Upstream{
		{Name: "openai", URL: "https://api.openai.com"},
		{Name: "anthropic", URL: "https://api.anthropic.com", PathPrefixes: []string{"/v1/messages", "/v1/complete"}},
	}
}

func captureConfig(cs CaptureSection, mode string) (capture.Config, error) {
	var c capture.Config
	if mode != "" {
		m, ok := record.ParseCaptureMode(mode)
		if !ok {
			return c, fmt.Errorf("capture.mode: %q: want none, metadata or full", mode)
		}
		c.Mode = m
	}
	c.MaxBodyBytes = int(cs.MaxBodyBytes)
	c.CorrelationHeader, c.UserHeader, c.OptOutHeader = cs.CorrelationHeader, cs.UserHeader, cs.OptOutHeader
	if cs.Skip != nil {
		c.DefaultSkips = append([]string{}, (*cs.Skip)...)
	}
	for i, r := range cs.Routes {
		rt := capture.Route{Prefix: r.Prefix, Methods: r.Methods, Skip: r.Skip}
		if r.Mode != "" {
			m, ok := record.ParseCaptureMode(r.Mode)
			if !ok {
				return c, fmt.Errorf("capture.routes[%d].mode: %q: want none, metadata or full", i, r.Mode)
			}
			rt.Mode = m
		}
		c.Routes = append(c.Routes, rt)
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	return c, nil
}

// openSinks opens every configured sink: files (default on), stdout, Elasticsearch and the
// audit store (default on).
func (o *Options) openSinks(cfg *config.Config, as AuditSection, getenv func(string) string) error {
	fc, on := cfg.FileSinkConfig()
	if on {
		if fc.Dir == "" {
			fc.Dir = filepath.Join(o.DataDir, "logs")
		}
		s, err := file.New(fc, nil)
		if err != nil {
			return fmt.Errorf("sinks.file: %w", err)
		}
		o.Sinks = append(o.Sinks, pipeline.NamedSink{Name: "file", Sink: s})
	}
	o.NoFileSink = true // opened here, with the file's settings
	if cfg.Sinks.Stdout.Enabled {
		s, err := stdout.New(cfg.StdoutSinkConfig(), os.Stdout)
		if err != nil {
			return fmt.Errorf("sinks.stdout: %w", err)
		}
		o.Sinks = append(o.Sinks, pipeline.NamedSink{Name: "stdout", Sink: s})
	}
	if cfg.Sinks.Elasticsearch != nil {
		ec := elasticsearch.DefaultConfig()
		if err := decodeSection("sinks.elasticsearch", cfg.Sinks.Elasticsearch, &ec); err != nil {
			return err
		}
		s, err := elasticsearch.New(ec)
		if err != nil {
			return fmt.Errorf("sinks.elasticsearch: %w", err)
		}
		o.Sinks = append(o.Sinks, pipeline.NamedSink{Name: "elasticsearch", Sink: s})
	}
	if as.Enabled == nil || *as.Enabled {
		ac := audit.Config{Dir: o.DataDir, Writer: as.Writer, KeyFile: as.KeyFile,
			CheckpointInterval: as.CheckpointInterval, SegmentMaxBytes: int64(as.SegmentMaxBytes),
			Retention: audit.Retention{MinDays: as.Retention.MinDays, MaxDays: as.Retention.MaxDays}}
		if as.KeyEnv != "" {
			if ac.Key = getenv(as.KeyEnv); ac.Key == "" {
				return fmt.Errorf("sinks.audit.key_env: variable %s is empty or unset", as.KeyEnv)
			}
		}
		if ac.KeyFile == "" && ac.Key == "" {
			kf, err := ensureAuditKey(o.DataDir)
			if err != nil {
				return fmt.Errorf("sinks.audit: %w", err)
			}
			ac.KeyFile = kf
		}
		st, err := audit.Open(ac)
		if err != nil {
			return fmt.Errorf("sinks.audit: %w", err)
		}
		o.Sinks = append(o.Sinks, pipeline.NamedSink{Name: "audit", Sink: st})
		o.audit = st
		o.purgeEvery = as.PurgeInterval
	}
	return nil
}

// checkSinks validates the elasticsearch and audit sections without opening anything.
func checkSinks(cfg *config.Config, as AuditSection, getenv func(string) string) error {
	if cfg.Sinks.Elasticsearch != nil {
		ec := elasticsearch.DefaultConfig()
		if err := decodeSection("sinks.elasticsearch", cfg.Sinks.Elasticsearch, &ec); err != nil {
			return err
		}
		if err := ec.Validate(); err != nil {
			return fmt.Errorf("sinks.elasticsearch.%w", err)
		}
	}
	if as.KeyEnv != "" && getenv(as.KeyEnv) == "" {
		return fmt.Errorf("sinks.audit.key_env: variable %s is empty or unset", as.KeyEnv)
	}
	ac := audit.Config{Dir: cfg.DataDir, Writer: as.Writer, KeyFile: "unchecked", CheckpointInterval: as.CheckpointInterval,
		SegmentMaxBytes: int64(as.SegmentMaxBytes), Retention: audit.Retention{MinDays: as.Retention.MinDays, MaxDays: as.Retention.MaxDays}}
	if err := ac.Validate(); err != nil {
		return fmt.Errorf("sinks.%w", err) // "sinks.audit: retention.max_days: …"
	}
	return nil
}

// closeSinks closes what openSinks opened, after a later error.
func (o *Options) closeSinks() {
	for _, s := range o.Sinks {
		_ = s.Sink.Close(context.Background())
	}
	o.Sinks = nil
}

// ensureAuditKey returns <dataDir>/audit/signing.key, generating it (0600, with its public
// key beside it) on first use.
func ensureAuditKey(dataDir string) (string, error) {
	dir := filepath.Join(dataDir, "audit")
	path := filepath.Join(dir, "signing.key")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	skey, vkey, err := audit.GenerateKey(rand.Reader, "hush-audit")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(skey+"\n"), 0o600); err != nil {
		return "", err
	}
	if err := os.WriteFile(path+".pub", []byte(vkey+"\n"), 0o644); err != nil {
		return "", err
	}
	return path, nil
}

package elasticsearch

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New to zero-valued Config fields (DefaultConfig returns them too).
const (
	DefaultIndex         = "hush-%{+yyyy.MM.dd}"
	DefaultPath          = "/_bulk"
	DefaultTimeout       = 30 * time.Second
	DefaultMaxBatchBytes = 5 << 20
)

// Config configures a Sink. URLs is required. New gives a zero Index, Timeout, MaxBatchBytes or
// Path its default; booleans mean what they say, so start from DefaultConfig, which also turns
// Gzip on. A Config is a plain value: Validate and New do not modify it.
type Config struct {
	// URLs are the base URLs of the cluster's nodes, such as "https://es.example:9200" or, for
	// VictoriaLogs, "http://127.0.0.1:9428/insert/elasticsearch". Path is appended to each.
	// Requests go to the URLs in turn; a request whose connection fails is tried on the next
	// URL before Write gives up. Credentials must not be embedded in a URL (use Username and
	// Password or APIKey): URLs appear in error messages.
	URLs []string `yaml:"urls"`

	// Index is the target index, or the data stream when DataStream is set. It may contain one
	// date pattern %{+FORMAT} (Logstash and Beats syntax) with the Joda-style tokens yyyy, yy,
	// MM, dd, HH, xxxx (ISO week-based year) and ww (ISO week); any other character of FORMAT
	// is copied. The pattern is evaluated in UTC on the record's own "@timestamp" field, so a
	// record retried after midnight lands in the same index as its first attempt (and
	// Elasticsearch still deduplicates it by _id); records without a parsable RFC 3339
	// "@timestamp" use the time of the Write call. Default DefaultIndex.
	Index string `yaml:"index"`

	// DataStream makes every action a "create" (data streams accept nothing else). Index then
	// names the data stream and must not contain a date pattern. An item that fails with 409
	// version_conflict_engine_exception already exists under its _id and counts as accepted,
	// which keeps retries idempotent. Without DataStream the action is "index", which
	// overwrites a document with the same _id.
	DataStream bool `yaml:"data_stream"`

	// Username and Password enable HTTP basic authentication. Not together with APIKey.
	Username string `yaml:"username"`
	Password Secret `yaml:"password"`
	// APIKey is sent as "Authorization: ApiKey <APIKey>": the base64 "encoded" value that
	// Elasticsearch's create-API-key call returns.
	APIKey Secret `yaml:"api_key"`

	// Headers are extra request headers (for example a tenant header of a proxy). They must
	// not set Authorization, Content-Type or Content-Encoding, which the sink owns. Header
	// values are sent as is and are not treated as secrets.
	Headers map[string]string `yaml:"headers"`

	// TLS configures HTTPS connections.
	TLS TLSConfig `yaml:"tls"`

	// Gzip compresses request bodies (Content-Encoding: gzip). On in DefaultConfig.
	Gzip bool `yaml:"gzip"`

	// Timeout bounds one HTTP request, including reading its response. Default DefaultTimeout.
	Timeout time.Duration `yaml:"timeout"`

	// MaxBatchBytes caps the uncompressed size of one _bulk request body; Write splits larger
	// batches into several requests. An item larger than the cap is sent in a request of its
	// own. Default DefaultMaxBatchBytes; Elasticsearch refuses bodies over its
	// http.max_content_length (100 MB by default).
	MaxBatchBytes int `yaml:"max_batch_bytes"`

	// Path is the bulk endpoint below each URL. Default DefaultPath ("/_bulk").
	Path string `yaml:"path"`

	// QueryParams are added to the query string of every bulk request, for example
	// {"_msg_field": "message", "_time_field": "@timestamp"} for VictoriaLogs or
	// {"pipeline": "hush"} for an Elasticsearch ingest pipeline.
	QueryParams map[string]string `yaml:"query_params"`
}

// TLSConfig holds TLS client options. Files are read once, by New.
type TLSConfig struct {
	// CAFile is a PEM file of certificate authorities that verify the server, in place of the
	// system pool.
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are a PEM client certificate and its key, for mutual TLS. Both or
	// neither.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ServerName overrides the name the server certificate is verified against.
	ServerName string `yaml:"server_name"`
	// InsecureSkipVerify disables server certificate verification. For tests only.
	InsecureSkipVerify bool `yaml:"insecure_skip_verify"`
}

func (t TLSConfig) isSet() bool { return t != TLSConfig{} }

// Secret is a credential. Its String, GoString, LogValue and MarshalText methods hide the
// value, so a Config can be printed, logged or encoded without leaking it; convert to string
// to use it.
type Secret string

const redacted = "[REDACTED]"

// String returns "[REDACTED]" for a non-empty secret and "" for an empty one.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString is String, for the %#v verb.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// LogValue hides the secret from log/slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText hides the secret from encoders (JSON, YAML): a Config written out never holds
// it. Decoding reads the plain value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// DefaultConfig returns a Config with every default filled in and no URLs. Gzip is on by
// default: bulk bodies of JSON records compress several times over.
func DefaultConfig() Config {
	return Config{
		Index:         DefaultIndex,
		Gzip:          true,
		Timeout:       DefaultTimeout,
		MaxBatchBytes: DefaultMaxBatchBytes,
		Path:          DefaultPath,
	}
}

// withDefaults returns c with zero-valued fields replaced by their defaults.
func (c Config) withDefaults() Config {
	if c.Index == "" {
		c.Index = DefaultIndex
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBatchBytes == 0 {
		c.MaxBatchBytes = DefaultMaxBatchBytes
	}
	if c.Path == "" {
		c.Path = DefaultPath
	}
	return c
}

// ownedHeaders are set by the sink; Config.Headers may not override them.
var ownedHeaders = []string{"Authorization", "Content-Type", "Content-Encoding"}

// Validate reports the first invalid field, naming it as in YAML ("urls[1]: ..."). Zero values
// that have a default are valid. Validate reads no files; New does.
func (c Config) Validate() error {
	c = c.withDefaults()
	if len(c.URLs) == 0 {
		return errors.New("urls: at least one URL is required")
	}
	for i, raw := range c.URLs {
		if err := validateURL(raw); err != nil {
			return fmt.Errorf("urls[%d]: %w", i, err)
		}
	}
	if _, err := parseIndex(c.Index); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if c.DataStream && strings.Contains(c.Index, "%{") {
		return errors.New("index: a data stream name cannot contain a date pattern")
	}
	if c.APIKey != "" && (c.Username != "" || c.Password != "") {
		return errors.New("api_key: set either api_key or username and password, not both")
	}
	if c.Password != "" && c.Username == "" {
		return errors.New("username: required when password is set")
	}
	if strings.ContainsAny(string(c.APIKey), "\r\n") {
		return errors.New("api_key: must not contain line breaks")
	}
	if strings.Contains(c.Username, ":") {
		return errors.New("username: must not contain ':'")
	}
	for name, value := range c.Headers {
		if !validHeaderName(name) {
			return fmt.Errorf("headers: invalid header name %q", name)
		}
		for _, owned := range ownedHeaders {
			if http.CanonicalHeaderKey(name) == owned {
				return fmt.Errorf("headers: %s is set by the sink", owned)
			}
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			return fmt.Errorf("headers: value of %s contains a control character", name)
		}
	}
	if (c.TLS.CertFile == "") != (c.TLS.KeyFile == "") {
		return errors.New("tls: cert_file and key_file must be set together")
	}
	if c.Timeout < 0 {
		return fmt.Errorf("timeout: must be positive, got %s", c.Timeout)
	}
	if c.MaxBatchBytes < 0 {
		return fmt.Errorf("max_batch_bytes: must be positive, got %d", c.MaxBatchBytes)
	}
	if !strings.HasPrefix(c.Path, "/") || strings.ContainsAny(c.Path, "?#") {
		return fmt.Errorf("path: must start with '/' and contain no query, got %q", c.Path)
	}
	for k := range c.QueryParams {
		if k == "" {
			return errors.New("query_params: empty parameter name")
		}
	}
	return nil
}

func validateURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's errors quote the input, which may hold credentials.
		return errors.New("invalid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("scheme must be http or https, got %q", u.Scheme)
	}
	if u.User != nil {
		return errors.New("credentials must not be part of the URL; use username/password or api_key")
	}
	if u.Host == "" {
		return errors.New("missing host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must have no query or fragment; use query_params")
	}
	return nil
}

func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

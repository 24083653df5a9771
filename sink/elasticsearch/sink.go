package elasticsearch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/hushlog/hush/pipeline"
)

var _ pipeline.Sink = (*Sink)(nil)

// Sink writes records to Elasticsearch's _bulk API. It is safe for concurrent use.
type Sink struct {
	cfg       Config
	index     indexPattern
	client    *http.Client
	ownClient bool
	now       func() time.Time
	endpoints []string // URL + Path + query
	header    http.Header
	next      atomic.Uint64
	closed    atomic.Bool

	bufs sync.Pool // *bytes.Buffer
	gzs  sync.Pool // *gzip.Writer
}

// Option customizes New.
type Option func(*options)

type options struct {
	client *http.Client
	now    func() time.Time
}

// WithHTTPClient makes the sink send requests with c. Its transport is used as is, so New
// refuses Config.TLS options together with this option; c's own Timeout, if any, applies on
// top of Config.Timeout. Close does not close c's idle connections.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.client = c } }

// WithClock sets the clock that dates records without a usable "@timestamp" (default
// time.Now).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// New validates cfg, applies its defaults, reads the TLS files it names and returns a Sink.
// It does not contact the server.
func New(cfg Config, opts ...Option) (*Sink, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("elasticsearch: %w", err)
	}
	cfg = cfg.withDefaults()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s := &Sink{cfg: cfg, client: o.client, now: o.now}
	if s.now == nil {
		s.now = time.Now
	}
	s.index, _ = parseIndex(cfg.Index) // checked by Validate
	if s.client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 4
		if cfg.TLS.isSet() {
			tc, err := cfg.TLS.load()
			if err != nil {
				return nil, fmt.Errorf("elasticsearch: %w", err)
			}
			tr.TLSClientConfig = tc
		}
		s.client = &http.Client{Transport: tr}
		s.ownClient = true
	} else if cfg.TLS.isSet() {
		return nil, errors.New("elasticsearch: tls: options cannot be combined with a custom HTTP client")
	}

	query := url.Values{}
	for k, v := range cfg.QueryParams {
		query.Set(k, v)
	}
	for _, base := range cfg.URLs {
		ep := strings.TrimRight(base, "/") + cfg.Path
		if len(query) > 0 {
			ep += "?" + query.Encode()
		}
		s.endpoints = append(s.endpoints, ep)
	}

	s.header = http.Header{}
	names := make([]string, 0, len(cfg.Headers))
	for k := range cfg.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		s.header.Set(k, cfg.Headers[k])
	}
	s.header.Set("Content-Type", "application/x-ndjson")
	if cfg.Gzip {
		s.header.Set("Content-Encoding", "gzip")
	}
	switch {
	case cfg.APIKey != "":
		s.header.Set("Authorization", "ApiKey "+string(cfg.APIKey))
	case cfg.Username != "":
		cred := base64.StdEncoding.EncodeToString([]byte(cfg.Username + ":" + string(cfg.Password)))
		s.header.Set("Authorization", "Basic "+cred)
	}
	return s, nil
}

func (t TLSConfig) load() (*tls.Config, error) {
	tc := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         t.ServerName,
		InsecureSkipVerify: t.InsecureSkipVerify, //nolint:gosec // an explicit, documented opt-in
	}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("tls: ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, errors.New("tls: ca_file: no PEM certificate found")
		}
		tc.RootCAs = pool
	}
	if t.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			// The error names the files, never their content.
			return nil, fmt.Errorf("tls: cert_file/key_file: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// Write sends items as one or more _bulk requests: items are packed in order into requests of
// at most Config.MaxBatchBytes, each action line naming the item's index and its ID as _id.
//
// It returns nil when the server accepted every item, and otherwise a *pipeline.PartialError
// listing exactly the items that were not confirmed, so that a retry resends only those
// (engines that do not deduplicate by _id then store no duplicate of a confirmed item). When
// one request-level failure covers the whole batch (a connection error, a 503), that error is
// returned on its own. Classification:
//
//   - retryable: connection errors and timeouts; request or item status 429, 5xx, 408, 409
//     (other than an existing document under DataStream), 404; 401 and 403 (ErrUnauthorized);
//     a response that cannot be read as a bulk response. After a retryable request-level
//     failure the remaining requests of the batch are not attempted.
//   - permanent (pipeline.Permanent): item status 400 and other 4xx (mapping and parsing
//     errors), a request-level 4xx not listed above, an item whose own request gets 413
//     (ErrTooLarge; a larger batch that gets 413 is split in two and each half retried), and
//     items that cannot be framed: empty ID, empty Data, or Data with a line break that is not
//     valid JSON.
//
// Error messages carry item positions, statuses, error types and sanitized reasons; never
// document content and never credentials. Write does not modify or retain items.
func (s *Sink) Write(ctx context.Context, items []pipeline.Item) error {
	if s.closed.Load() {
		return ErrClosed
	}
	if len(items) == 0 {
		return nil
	}
	w := writeState{
		s:      s,
		ctx:    ctx,
		failed: map[int]error{},
		cache:  indexCache{p: &s.index, now: s.now()},
	}
	buf := s.getBuf()
	defer s.putBuf(buf)
	var (
		chunk   []int // item positions in this request
		offsets []int // start of each item's lines in buf
	)
	flush := func() bool {
		if len(chunk) == 0 {
			return true
		}
		ok := w.send(buf.Bytes(), chunk, offsets)
		buf.Reset()
		chunk, offsets = chunk[:0], offsets[:0]
		return ok
	}
	stopped := false
	for i, it := range items {
		start := buf.Len()
		if err := w.encode(buf, i, it); err != nil {
			buf.Truncate(start)
			w.failed[i] = pipeline.Permanent(err)
			continue
		}
		if len(chunk) > 0 && buf.Len() > s.cfg.MaxBatchBytes {
			// The request is full: move this item's lines to the next one.
			lines := bytes.Clone(buf.Bytes()[start:])
			buf.Truncate(start)
			if !flush() {
				w.abandon(items[i:], i)
				stopped = true
				break
			}
			buf.Write(lines)
			start = 0
		}
		offsets = append(offsets, start)
		chunk = append(chunk, i)
	}
	if !stopped {
		flush()
	}
	return w.result(len(items))
}

// writeState is the bookkeeping of one Write call.
type writeState struct {
	s        *Sink
	ctx      context.Context
	cache    indexCache
	failed   map[int]error
	stopped  error // the retryable request-level error that ended the batch
	reqErrs  int   // request-level failures
	firstReq error
}

func (w *writeState) encode(buf *bytes.Buffer, i int, it pipeline.Item) error {
	if it.ID == "" {
		return fmt.Errorf("elasticsearch: item %d: empty ID", i)
	}
	if len(it.Data) == 0 {
		return fmt.Errorf("elasticsearch: item %d: empty document", i)
	}
	doc := it.Data
	if bytes.IndexByte(doc, '\n') >= 0 || bytes.IndexByte(doc, '\r') >= 0 {
		// NDJSON framing needs one line per document; insignificant whitespace can go.
		var compact bytes.Buffer
		if err := json.Compact(&compact, doc); err != nil {
			return fmt.Errorf("elasticsearch: item %d: document with a line break is not valid JSON", i)
		}
		doc = compact.Bytes()
	}
	op := `{"index":{"_index":"`
	if w.s.cfg.DataStream {
		op = `{"create":{"_index":"`
	}
	buf.WriteString(op)
	buf.Write(w.cache.lookup(doc))
	buf.WriteString(`","_id":`)
	writeJSONString(buf, it.ID)
	buf.WriteString("}}\n")
	buf.Write(doc)
	buf.WriteByte('\n')
	return nil
}

// abandon marks items (starting at position first) as not sent after a request-level failure.
func (w *writeState) abandon(items []pipeline.Item, first int) {
	for j := range items {
		if _, done := w.failed[first+j]; !done {
			w.failed[first+j] = w.notSent()
		}
	}
}

// notSent is the error of an item skipped because the batch stopped at w.stopped; it is
// retryable and wraps w.stopped.
func (w *writeState) notSent() error {
	return fmt.Errorf("elasticsearch: not sent after an earlier request failed: %w", w.stopped)
}

// send posts one request of the items at positions chunk whose lines start at offsets in
// body, recording failures. It reports false when the batch should stop (a retryable
// request-level error).
func (w *writeState) send(body []byte, chunk, offsets []int) bool {
	results, err := w.s.post(w.ctx, body, len(chunk))
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) && se.Status == http.StatusRequestEntityTooLarge && len(chunk) > 1 {
			mid := len(chunk) / 2
			split := offsets[mid]
			rest := make([]int, len(offsets)-mid)
			for k := range rest {
				rest[k] = offsets[mid+k] - split
			}
			if !w.send(body[:split], chunk[:mid], offsets[:mid]) {
				for _, pos := range chunk[mid:] {
					w.failed[pos] = w.notSent()
				}
				return false
			}
			return w.send(body[split:], chunk[mid:], rest)
		}
		if errors.As(err, &se) && se.Status == http.StatusRequestEntityTooLarge {
			err = pipeline.Permanent(err)
		}
		w.reqErrs++
		if w.firstReq == nil {
			w.firstReq = err
		}
		for _, pos := range chunk {
			w.failed[pos] = err
		}
		if !pipeline.IsPermanent(err) {
			w.stopped = err
			return false
		}
		return true
	}
	for k, ie := range results {
		if ie == nil {
			continue
		}
		ie.Item = chunk[k]
		if cerr := classifyItem(ie, w.s.cfg.DataStream); cerr != nil {
			w.failed[chunk[k]] = cerr
		}
	}
	return true
}

func (w *writeState) result(n int) error {
	if len(w.failed) == 0 {
		return nil
	}
	if w.reqErrs == 1 && len(w.failed) == n {
		// One request failed and took the rest with it: report it for the whole batch, unless
		// some items failed for reasons of their own.
		all := true
		for _, err := range w.failed {
			if err != w.firstReq && !errors.Is(err, w.firstReq) {
				all = false
				break
			}
		}
		if all {
			return w.firstReq
		}
	}
	return &pipeline.PartialError{Failed: w.failed}
}

// post sends one bulk body of n items and returns the per-item results of a 2xx answer, or a
// request-level error: *StatusError for other statuses, or a transport error. A connection
// failure is retried once on every other URL.
func (s *Sink) post(ctx context.Context, body []byte, n int) ([]*ItemError, error) {
	payload := body
	if s.cfg.Gzip {
		zbuf := s.getBuf()
		defer s.putBuf(zbuf)
		zw, _ := s.gzs.Get().(*gzip.Writer)
		if zw == nil {
			zw, _ = gzip.NewWriterLevel(zbuf, gzip.BestSpeed)
		} else {
			zw.Reset(zbuf)
		}
		_, _ = zw.Write(body) // writes to a bytes.Buffer cannot fail
		_ = zw.Close()
		s.gzs.Put(zw)
		payload = zbuf.Bytes()
	}
	var lastErr error
	for attempt := 0; attempt < len(s.endpoints); attempt++ {
		ep := s.endpoints[int(s.next.Add(1)-1)%len(s.endpoints)]
		results, err, transport := s.do(ctx, ep, payload, n)
		if err == nil || !transport || ctx.Err() != nil {
			return results, err
		}
		lastErr = err
	}
	return nil, lastErr
}

// do performs one HTTP request. transport reports a failure to get any HTTP answer.
func (s *Sink) do(ctx context.Context, endpoint string, payload []byte, n int) (_ []*ItemError, _ error, transport bool) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("elasticsearch: building request: %w", err), false
	}
	for k, v := range s.header {
		req.Header[k] = v
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("elasticsearch: %w", err), true
	}
	defer resp.Body.Close()
	limit := int64(1<<20 + 64<<10*int64(n/64+1))
	rbuf := s.getBuf()
	defer s.putBuf(rbuf)
	if resp.ContentLength > 0 && resp.ContentLength <= limit {
		rbuf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := rbuf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, fmt.Errorf("elasticsearch: reading response (status %d): %w", resp.StatusCode, err), false
	}
	respBody := rbuf.Bytes()
	if int64(len(respBody)) > limit {
		return nil, fmt.Errorf("elasticsearch: response larger than %d bytes (status %d)", limit, resp.StatusCode), false
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := parseErrorBody(resp.StatusCode, respBody)
		if retryableStatus(resp.StatusCode) || resp.StatusCode == http.StatusRequestEntityTooLarge {
			return nil, se, false
		}
		return nil, pipeline.Permanent(se), false
	}
	results, err := parseBulkResponse(respBody, n)
	if err != nil {
		return nil, fmt.Errorf("%w (status %d)", err, resp.StatusCode), false
	}
	return results, nil, false
}

// Close marks the sink closed and releases idle connections of the client New created. It does
// not wait for Writes in progress. Write after Close returns ErrClosed.
func (s *Sink) Close(context.Context) error {
	if s.closed.Swap(true) {
		return nil
	}
	if s.ownClient {
		s.client.CloseIdleConnections()
	}
	return nil
}

const maxPooledBuf = 32 << 20

func (s *Sink) getBuf() *bytes.Buffer {
	if b, ok := s.bufs.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (s *Sink) putBuf(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuf {
		return
	}
	b.Reset()
	s.bufs.Put(b)
}

// writeJSONString writes s as a JSON string.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			buf.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				buf.WriteByte('\\')
				buf.WriteByte(c)
			default:
				fmt.Fprintf(buf, `\u%04x`, c)
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf.WriteString(s[start:i])
			buf.WriteString(`\ufffd`)
			i++
			start = i
			continue
		}
		i += size
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

package capture

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hushlog/hush/record"
)

// Offerer takes captured exchanges. Offer must never block: the pipeline's queue drops (and
// counts) what it cannot take. After a successful Offer the exchange belongs to the Offerer.
type Offerer interface {
	Offer(x *record.Exchange) bool
}

// OffererFunc adapts a function to Offerer.
type OffererFunc func(*record.Exchange) bool

// Offer calls f.
func (f OffererFunc) Offer(x *record.Exchange) bool { return f(x) }

// Route sets the capture mode for requests whose path starts with Prefix (the longest
// matching prefix wins) and, when Methods is not empty, whose method is listed.
type Route struct {
	Prefix  string
	Methods []string
	Mode    record.CaptureMode
	// Skip leaves matching requests out entirely: no record at all (health checks).
	Skip bool
}

// Config configures the middleware. The zero value is usable: full capture (bodies are always
// redacted later), 1 MiB per body, health and metrics endpoints skipped, X-Request-ID.
type Config struct {
	// Mode is the capture mode of requests no Route matches. Zero is full.
	Mode record.CaptureMode
	// Routes refine Mode by path prefix and method.
	Routes []Route
	// DefaultSkips, when nil, is DefaultSkipPrefixes; set it to an empty slice to capture
	// health and metrics endpoints too.
	DefaultSkips []string
	// MaxBodyBytes caps each captured body; past it the body is cut and marked truncated.
	// Default 1 MiB.
	MaxBodyBytes int
	// CorrelationHeader carries the correlation id; it is generated when missing and set on
	// the response. Default "X-Request-ID".
	CorrelationHeader string
	// UserHeader, when set, names a request header that identifies the caller (stored
	// pseudonymised).
	UserHeader string
	// OptOutHeader, when set, lets a request ask not to have its content captured by sending
	// this header with value "none" or "off": the record then keeps metadata only (mode none).
	// Off by default.
	OptOutHeader string
	// Now and NewID are injectable for tests; defaults are time.Now and a random 16-byte hex id.
	Now   func() time.Time
	NewID func() string
}

// DefaultSkipPrefixes are paths never captured unless Config.DefaultSkips says otherwise.
var DefaultSkipPrefixes = []string{"/healthz", "/readyz", "/livez", "/metrics", "/favicon.ico"}

// Validate reports the first bad field.
func (c *Config) Validate() error {
	if c.MaxBodyBytes < 0 {
		return fmt.Errorf("capture: max_body_bytes: %d is negative", c.MaxBodyBytes)
	}
	for i, r := range c.Routes {
		if !strings.HasPrefix(r.Prefix, "/") {
			return fmt.Errorf("capture: routes[%d].prefix: %q must start with /", i, r.Prefix)
		}
		if r.Mode > record.CaptureNone {
			return fmt.Errorf("capture: routes[%d].mode: invalid", i)
		}
	}
	if c.Mode > record.CaptureNone {
		return errors.New("capture: mode: invalid")
	}
	return nil
}

func (c *Config) setDefaults() {
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.CorrelationHeader == "" {
		c.CorrelationHeader = "X-Request-ID"
	}
	c.CorrelationHeader = http.CanonicalHeaderKey(c.CorrelationHeader)
	c.UserHeader = http.CanonicalHeaderKey(c.UserHeader)
	c.OptOutHeader = http.CanonicalHeaderKey(c.OptOutHeader)
	if c.DefaultSkips == nil {
		c.DefaultSkips = DefaultSkipPrefixes
	}
	for _, p := range c.DefaultSkips {
		c.Routes = append(c.Routes, Route{Prefix: p, Skip: true})
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.NewID == nil {
		c.NewID = randomID
	}
}

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Middleware captures exchanges without delaying them. It is safe for concurrent use.
type Middleware struct {
	cfg  Config
	q    Offerer
	pool sync.Pool
}

// New returns a Middleware that offers every captured exchange to q.
func New(cfg Config, q Offerer) (*Middleware, error) {
	if q == nil {
		return nil, errors.New("capture: nil Offerer")
	}
	cfg.Routes = append([]Route(nil), cfg.Routes...)
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Middleware{cfg: cfg, q: q}
	m.pool.New = func() any { return new(writer) }
	return m, nil
}

// route returns the mode for r and whether r is skipped.
func (m *Middleware) route(r *http.Request) (record.CaptureMode, bool) {
	mode, skip, best := m.cfg.Mode, false, -1
	for i := range m.cfg.Routes {
		rt := &m.cfg.Routes[i]
		if len(rt.Prefix) <= best || !strings.HasPrefix(r.URL.Path, rt.Prefix) {
			continue
		}
		if len(rt.Methods) > 0 && !hasMethod(rt.Methods, r.Method) {
			continue
		}
		mode, skip, best = rt.Mode, rt.Skip, len(rt.Prefix)
	}
	return mode, skip
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

func hasMethod(ms []string, m string) bool {
	for _, x := range ms {
		if strings.EqualFold(x, m) {
			return true
		}
	}
	return false
}

// Handler wraps next. The response streams to the client exactly as without the middleware
// (every Write goes to the client first, then a capped copy is kept; Flush, Hijack and
// http.ResponseController reach the inner writer). After next returns, one non-blocking Offer
// hands the exchange to the pipeline. Nothing is parsed, redacted, encoded or written to disk
// on the request path.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.ServeHTTP(w, r, next)
	})
}

// ServeHTTP captures one exchange around next.
func (m *Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request, next http.Handler) {
	mode, skip := m.route(r)
	if skip {
		next.ServeHTTP(w, r)
		return
	}
	if h := m.cfg.OptOutHeader; h != "" {
		if v := first(r.Header[h]); v == "none" || v == "off" {
			mode = record.CaptureNone
		}
	}
	start := m.cfg.Now()
	// header keys are canonical (see setDefaults): index the maps directly, no allocation
	key := m.cfg.CorrelationHeader
	ids := r.Header[key]
	if first(ids) == "" {
		ids = []string{m.cfg.NewID()}
		r.Header[key] = ids
	}
	w.Header()[key] = ids
	id := ids[0]

	cw := m.pool.Get().(*writer)
	cw.reset(w, m, mode, start)
	if mode == record.CaptureFull && r.Body != nil && r.Body != http.NoBody {
		// a reader of its own, never pooled: the handler's transport may still read or close
		// the body after the handler returns (http.RoundTripper allows it)
		cw.body = &bodyReader{rc: r.Body, limit: m.cfg.MaxBodyBytes}
		if r.ContentLength > 0 {
			cw.body.buf = make([]byte, 0, min(int(r.ContentLength), m.cfg.MaxBodyBytes))
		}
		r.Body = cw.body
	}
	defer func() {
		if p := recover(); p != nil {
			if cw.status == 0 {
				cw.status = http.StatusInternalServerError
			}
			m.offer(cw, r, id, mode)
			panic(p)
		}
	}()
	next.ServeHTTP(cw, r)
	m.offer(cw, r, id, mode)
}

// offer builds the exchange from cw and hands it over; cw goes back to the pool.
func (m *Middleware) offer(cw *writer, r *http.Request, id string, mode record.CaptureMode) {
	x := &record.Exchange{
		Method:        r.Method,
		Path:          r.URL.Path,
		Status:        cw.status,
		Start:         cw.start,
		Duration:      m.cfg.Now().Sub(cw.start),
		TTFB:          cw.ttfb,
		ClientAddress: r.RemoteAddr,
		TraceID:       id,
		Mode:          mode,
	}
	if x.Status == 0 && cw.wrote {
		x.Status = http.StatusOK
	}
	if m.cfg.UserHeader != "" {
		x.UserID = first(r.Header[m.cfg.UserHeader])
	}
	if mode != record.CaptureNone {
		x.RequestHeader = r.Header.Clone()
		x.ResponseHeader = cw.Header().Clone()
	}
	if mode == record.CaptureFull {
		if cw.body != nil {
			x.RequestBody, x.RequestTruncated = cw.body.take()
		}
		x.ResponseBody, x.ResponseTruncated = cw.buf, cw.truncated
		x.WriteMarks = cw.marks
	}
	if cw.body != nil && r.Body == cw.body {
		r.Body = cw.body.rc // the server closes the original body
	}
	cw.release()
	m.pool.Put(cw)
	m.q.Offer(x)
}

// bodyReader copies what the handler reads from the request body, up to limit. A transport
// may go on reading or closing it after the handler has returned; take detaches the copy
// first, and reads after that pass through uncopied.
type bodyReader struct {
	rc        io.ReadCloser // set once
	mu        sync.Mutex
	buf       []byte
	limit     int
	truncated bool
	taken     bool
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.mu.Lock()
		if !b.taken {
			b.buf, b.truncated = appendCapped(b.buf, p[:n], b.limit, b.truncated)
		}
		b.mu.Unlock()
	}
	return n, err
}

// take returns the copy and ends copying.
func (b *bodyReader) take() ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.taken = true
	buf := b.buf
	b.buf = nil
	return buf, b.truncated
}

func (b *bodyReader) Close() error { return b.rc.Close() }

// appendCapped appends p to buf without letting it grow past limit.
func appendCapped(buf, p []byte, limit int, truncated bool) ([]byte, bool) {
	room := limit - len(buf)
	if len(p) > room {
		p, truncated = p[:max(room, 0)], true
	}
	if len(p) == 0 {
		return buf, truncated
	}
	if buf == nil {
		buf = make([]byte, 0, min(max(4096, len(p)), limit))
	}
	return append(buf, p...), truncated
}

// writer is the response writer wrapper. It is pooled; the captured buffers are not (they are
// handed to the pipeline with the exchange).
type writer struct {
	http.ResponseWriter
	m         *Middleware
	mode      record.CaptureMode
	start     time.Time
	status    int
	wrote     bool
	ttfb      time.Duration
	buf       []byte
	truncated bool
	marks     record.WriteMarks
	body      *bodyReader // the request body's reader in full mode, nil otherwise
}

var (
	_ http.ResponseWriter = (*writer)(nil)
	_ http.Flusher        = (*writer)(nil)
	_ http.Hijacker       = (*writer)(nil)
)

func (w *writer) reset(inner http.ResponseWriter, m *Middleware, mode record.CaptureMode, start time.Time) {
	*w = writer{ResponseWriter: inner, m: m, mode: mode, start: start}
}

func (w *writer) release() { *w = writer{} }

// WriteHeader records the status and passes it on. Informational (1xx) headers are passed on
// without being taken as the final status.
func (w *writer) WriteHeader(code int) {
	if code >= 200 && w.status == 0 {
		w.status = code
		w.first()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) first() {
	if !w.wrote {
		w.wrote = true
		w.ttfb = w.m.cfg.Now().Sub(w.start)
	}
}

// Write sends p to the client first, then keeps a capped copy.
func (w *writer) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.first()
	n, err := w.ResponseWriter.Write(p)
	if w.mode == record.CaptureFull && n > 0 {
		w.marks.Add(len(w.buf), w.m.cfg.Now().Sub(w.start))
		w.buf, w.truncated = appendCapped(w.buf, p[:n], w.m.cfg.MaxBodyBytes, w.truncated)
	}
	return n, err
}

// Flush flushes the inner writer (server-sent events reach the client at once).
func (w *writer) Flush() {
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection over when the inner writer supports it.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the inner writer (deadlines, full duplex).
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

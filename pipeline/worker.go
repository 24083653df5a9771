package pipeline

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
)

// redactor is the part of *redact.Engine the workers use; tests substitute failing ones.
type redactor interface {
	RedactJSON(sc *redact.Scope, doc []byte) ([]byte, []redact.Finding, error)
	AppendRedactJSON(dst []byte, sc *redact.Scope, doc []byte) ([]byte, []redact.Finding, error)
	RedactScope(sc *redact.Scope, text []byte) ([]byte, []redact.Finding)
}

// secretHeaderWords mark headers whose values are never kept, whatever they hold: a header
// whose lower-cased name contains one of them is stored as "[REDACTED:SECRET]".
var secretHeaderWords = []string{
	"authorization", "cookie", "api-key", "apikey", "api_key", "token", "secret", "password",
	"session", "signature", "credential", "x-amz-security", "private",
}

const secretValue = "[REDACTED:SECRET]"

func (b *builder) secretHeader(name string) bool {
	n := strings.ToLower(name)
	for _, w := range secretHeaderWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	for _, w := range b.secretHeaders {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// result is what a redaction run hands back to its worker.
type result struct {
	rec      record.Record
	findings []redact.Finding
	failure  string // "" or the failure class
}

// builder turns exchanges into records. It is owned by one redaction goroutine.
type builder struct {
	red           redactor
	pseudo        *redact.HMAC
	secretHeaders []string // lower-cased Config.SecretHeaders
	fs            []redact.Finding
	// bodies holds the redacted request and response bodies. The record refers to them
	// without a copy (bytesString) and is encoded before the builder takes its next exchange,
	// so they are reused from record to record.
	bodies     [2][]byte
	background func() // Config.Background, run first on the redaction goroutine
}

// metadata fills the fields that need no content redaction: they are kept even when
// redaction fails.
func (b *builder) metadata(x *record.Exchange, r *record.Record) {
	r.Timestamp = x.Start
	r.Duration = int64(x.Duration)
	r.TTFB = int64(x.TTFB)
	r.TTFT = int64(x.TTFT)
	r.Method = cleanMethod(x.Method)
	r.Status = x.Status
	r.CaptureMode = x.Mode.String()
	r.Truncated = x.RequestTruncated || x.ResponseTruncated
	r.Provider = cleanToken(x.Provider)
	r.Operation = cleanToken(x.Operation)
	r.RequestModel = cleanToken(x.RequestModel)
	r.ResponseModel = cleanToken(x.ResponseModel)
	r.InputTokens, r.OutputTokens = x.InputTokens, x.OutputTokens
	r.TraceID = cleanToken(x.TraceID)
	if x.ClientAddress != "" {
		host := x.ClientAddress
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h // the port changes per connection; correlate by host
		}
		r.ClientAddress = b.token("CLIENT_ADDRESS", host)
	}
	if x.UserID != "" {
		r.UserID = b.token("USER_ID", x.UserID)
	}
	r.Message = summary(r)
}

func (b *builder) token(typ, v string) string {
	var buf [128]byte
	value := unsafe.Slice(unsafe.StringData(v), len(v)) // only read (hashed)
	return string(b.pseudo.Append(buf[:0], redact.Finding{Type: typ}, value, nil))
}

// content redacts path, headers, bodies and messages into r. It may panic (a detector bug);
// the caller recovers and fails closed.
func (b *builder) content(x *record.Exchange, r *record.Record) {
	var sc redact.Scope
	b.fs = b.fs[:0]
	if x.Path != "" {
		r.Path = b.text(&sc, x.Path)
	}
	// identifier-shaped metadata is scanned too: a client can put anything in a model name
	// or a request id
	for _, f := range [...]*string{&r.Provider, &r.Operation, &r.RequestModel, &r.ResponseModel, &r.TraceID} {
		if *f != "" {
			*f = b.text(&sc, *f)
		}
	}
	r.Message = summary(r)
	if x.Mode == record.CaptureNone {
		return
	}
	r.RequestHeaders = b.headers(&sc, x.RequestHeader)
	r.ResponseHeaders = b.headers(&sc, x.ResponseHeader)
	if x.Mode != record.CaptureFull {
		return
	}
	if len(x.RequestBody) > 0 {
		b.bodies[0] = b.body(b.bodies[0][:0], &sc, x.RequestBody)
		r.RequestBody = bytesString(b.bodies[0])
	}
	bodyFrom := len(b.fs)
	if len(x.ResponseBody) > 0 {
		b.bodies[1] = b.body(b.bodies[1][:0], &sc, x.ResponseBody)
		r.ResponseBody = bytesString(b.bodies[1])
	}
	bodyTo := len(b.fs)
	r.InputMessages = b.messages(&sc, x.InputMessages)
	outFrom := len(b.fs)
	r.OutputMessages = b.messages(&sc, x.OutputMessages)
	// A streamed response arrives in small chunks (a few characters each): a value split
	// across them is found in the reassembled output messages but survives, in pieces, in
	// the event stream body. Then the body is withheld (fail closed); the messages keep the
	// redacted content.
	if record.IsEventStream(x.ResponseBody) && foundMore(b.fs[outFrom:], b.fs[bodyFrom:bodyTo]) {
		r.ResponseBody = streamWithheld
	}
}

// streamWithheld replaces an event-stream body that holds a value split across events.
const streamWithheld = "[REDACTED:SPLIT_ACROSS_EVENTS]"

// foundMore reports whether a holds more findings of some type than b.
func foundMore(a, b []redact.Finding) bool {
	n := make(map[string]int, len(b))
	for _, f := range b {
		n[f.Type]++
	}
	for _, f := range a {
		if n[f.Type]--; n[f.Type] < 0 {
			return true
		}
	}
	return false
}

// text redacts t; without findings it returns t itself (no copy).
func (b *builder) text(sc *redact.Scope, t string) string {
	out, fs := b.red.RedactScope(sc, unsafe.Slice(unsafe.StringData(t), len(t))) // read only
	if len(fs) == 0 {
		return t
	}
	b.fs = append(b.fs, fs...)
	return string(out)
}

// bytesString returns b as a string without copying. It is used only for the engine's
// output buffers and for exchange bodies the pipeline owns, which nothing modifies after this
// point; the record holding the string is encoded and dropped by the same worker. It saves
// two body-sized copies per record.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (b *builder) headers(sc *redact.Scope, h http.Header) map[string]string {
	if len(h) == 0 {
		return nil
	}
	m := make(map[string]string, len(h))
	for k, vs := range h {
		name := http.CanonicalHeaderKey(k)
		if b.secretHeader(name) {
			m[name] = secretValue
			b.fs = append(b.fs, redact.Finding{Type: "SECRET", Rule: "header-policy"})
			continue
		}
		v := ""
		if len(vs) == 1 {
			v = vs[0]
		} else {
			v = strings.Join(vs, ", ")
		}
		m[name] = b.text(sc, v)
	}
	return m
}

// body appends body redacted to dst: as JSON when it parses as JSON, as text otherwise
// (including truncated JSON and event streams).
func (b *builder) body(dst []byte, sc *redact.Scope, body []byte) []byte {
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		if out, fs, err := b.red.AppendRedactJSON(dst, sc, body); err == nil {
			b.fs = append(b.fs, fs...)
			return out
		}
	}
	out, fs := b.red.RedactScope(sc, body)
	b.fs = append(b.fs, fs...)
	return append(dst, out...)
}

func (b *builder) messages(sc *redact.Scope, m []byte) json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	if out, fs, err := b.red.RedactJSON(sc, m); err == nil {
		b.fs = append(b.fs, fs...)
		return out
	}
	s, _ := json.Marshal(b.text(sc, string(m)))
	return s
}

// failClosed drops every field of r that the engine would have scanned: what remains
// (method, status, timing, token counts, pseudonyms, capture mode) cannot carry content.
func failClosed(r *record.Record, reason string) {
	r.Path = ""
	r.Provider, r.Operation, r.RequestModel, r.ResponseModel, r.TraceID = "", "", "", "", ""
	r.RequestHeaders, r.ResponseHeaders = nil, nil
	r.RequestBody, r.ResponseBody = "", ""
	r.InputMessages, r.OutputMessages = nil, nil
	r.Findings = nil
	r.RedactionFailed = true
	r.RedactionError = reason
	r.Message = summary(r)
}

func summary(r *record.Record) string {
	b := make([]byte, 0, 64)
	b = append(b, r.Method...)
	if r.Path != "" {
		b = append(b, ' ')
		b = append(b, r.Path...)
	}
	if r.Status != 0 {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r.Status), 10)
	}
	if m := r.ResponseModel; m != "" || r.RequestModel != "" {
		if m == "" {
			m = r.RequestModel
		}
		b = append(b, ' ')
		b = append(b, m...)
	}
	return string(b)
}

// cleanMethod keeps standard methods and maps anything else to "_OTHER" (the OpenTelemetry
// convention), so a method can never carry content.
func cleanMethod(m string) string {
	switch m {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE":
		return m
	case "":
		return ""
	}
	return "_OTHER"
}

// cleanToken keeps short identifier-like metadata (model names, trace ids, provider names)
// and drops anything else: these fields are not scanned, so they must not carry free text.
func cleanToken(s string) string {
	if len(s) > 128 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '@') {
			return ""
		}
	}
	return s
}

// redactionJob runs builder.content on x in a separate goroutine so that the worker can give
// up after a timeout: the job's goroutine then finishes on its own and its result is thrown
// away.
type redactionJob struct {
	x   *record.Exchange
	rec record.Record
}

// runner is one redaction goroutine with its channels; a worker replaces it after a timeout.
type runner struct {
	in  chan redactionJob
	out chan result
}

func startRunner(b *builder) *runner {
	r := &runner{in: make(chan redactionJob), out: make(chan result, 1)}
	go func() {
		if b.background != nil {
			b.background()
		}
		for j := range r.in {
			r.out <- runContent(b, j)
		}
	}()
	return r
}

func runContent(b *builder, j redactionJob) (res result) {
	res.rec = j.rec
	defer func() {
		if p := recover(); p != nil { // the panic value is never logged: it may hold content
			res.failure = "panic"
		}
	}()
	b.content(j.x, &res.rec)
	res.findings = b.fs
	return res
}

// redact redacts x into rec (metadata already filled) and returns the record and findings.
// On panic or timeout the record keeps only metadata and is marked failed (fail closed).
// done is called once the exchange is no longer referenced: at once, or after a timed-out
// redaction finally returns, so that a hung detector keeps its exchange counted against the
// queue cap (new offers are refused, not piled up in memory).
func (w *worker) redact(x *record.Exchange, rec record.Record, done func()) result {
	var res result
	if w.timeout <= 0 { // no timeout: redact on this goroutine, panics still fail closed
		res = runContent(w.builder, redactionJob{x: x, rec: rec})
		done()
	} else {
		w.run.in <- redactionJob{x: x, rec: rec}
		w.timer.Reset(w.timeout)
		select {
		case res = <-w.run.out:
			w.timer.Stop()
			done()
		case <-w.timer.C:
			old := w.run
			close(old.in) // the stuck goroutine exits once its job returns
			w.stuck.Inc()
			go func() {
				<-old.out
				w.stuck.Dec()
				done()
			}()
			w.builder = &builder{red: w.builder.red, pseudo: w.builder.pseudo, secretHeaders: w.builder.secretHeaders,
				background: w.builder.background}
			w.run = startRunner(w.builder)
			res.failure = "timeout"
		}
	}
	if res.failure != "" {
		res.rec = rec
		failClosed(&res.rec, res.failure)
		res.findings = nil
	}
	return res
}

type worker struct {
	stuck    prometheus.Gauge // redactions still running after their timeout
	builder  *builder
	run      *runner
	timeout  time.Duration
	timer    *time.Timer
	buf      []byte
	ids      []byte
	batch    Batch
	batchIDs []string
	// findingCounters caches the findings counter of each type this worker has seen
	findingCounters map[string]prometheus.Counter
}

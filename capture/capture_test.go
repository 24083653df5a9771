package capture

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hushlog/hush/record"
)

type collector struct {
	mu sync.Mutex
	xs []*record.Exchange
}

func (c *collector) Offer(x *record.Exchange) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.xs = append(c.xs, x)
	return true
}

func (c *collector) all() []*record.Exchange {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*record.Exchange(nil), c.xs...)
}

func newMW(t *testing.T, cfg Config) (*Middleware, *collector) {
	t.Helper()
	c := &collector{}
	m, err := New(cfg, c)
	if err != nil {
		t.Fatal(err)
	}
	return m, c
}

func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(201)
	_, _ = w.Write([]byte(`{"echo":`))
	_, _ = w.Write(body)
	_, _ = w.Write([]byte(`}`))
}

func TestCaptureFull(t *testing.T) {
	m, c := newMW(t, Config{UserHeader: "X-User", NewID: func() string { return "id-1" }})
	req := httptest.NewRequest("POST", "/v1/chat/completions?x=1", strings.NewReader(`{"q":1}`))
	req.Header.Set("Authorization", "Bearer k")
	req.Header.Set("X-User", "u7")
	rec := httptest.NewRecorder()
	m.Handler(http.HandlerFunc(echo)).ServeHTTP(rec, req)
	if rec.Code != 201 || rec.Body.String() != `{"echo":{"q":1}}` || rec.Header().Get("X-Request-ID") != "id-1" {
		t.Fatalf("response changed: %d %q", rec.Code, rec.Body.String())
	}
	xs := c.all()
	if len(xs) != 1 {
		t.Fatalf("%d exchanges", len(xs))
	}
	x := xs[0]
	if x.Method != "POST" || x.Path != "/v1/chat/completions" || x.Status != 201 || x.TraceID != "id-1" || x.UserID != "u7" || x.Mode != record.CaptureFull {
		t.Fatalf("metadata: %+v", x)
	}
	if string(x.RequestBody) != `{"q":1}` || string(x.ResponseBody) != `{"echo":{"q":1}}` || x.RequestTruncated || x.ResponseTruncated {
		t.Fatal("bodies not captured exactly")
	}
	if x.RequestHeader.Get("Authorization") == "" || x.ResponseHeader.Get("Content-Type") != "application/json" {
		t.Fatal("headers not captured (they are redacted by the pipeline)")
	}
	if x.WriteMarks.Len() != 3 || x.Duration < x.TTFB {
		t.Fatalf("marks %d, duration %v < ttfb %v", x.WriteMarks.Len(), x.Duration, x.TTFB)
	}
}

func TestModesAndRoutes(t *testing.T) {
	m, c := newMW(t, Config{
		Routes:       []Route{{Prefix: "/v1/embeddings", Mode: record.CaptureMetadata}, {Prefix: "/v1/files", Methods: []string{"POST"}, Mode: record.CaptureNone}, {Prefix: "/internal", Skip: true}},
		OptOutHeader: "X-Hush-Capture",
	})
	h := m.Handler(http.HandlerFunc(echo))
	do := func(method, path string, hdr ...string) {
		req := httptest.NewRequest(method, path, strings.NewReader("body"))
		if len(hdr) == 2 {
			req.Header.Set(hdr[0], hdr[1])
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	do("POST", "/v1/embeddings")
	do("POST", "/v1/files/x")
	do("GET", "/v1/files/x")
	do("GET", "/healthz")
	do("GET", "/metrics")
	do("GET", "/internal/debug")
	do("POST", "/v1/chat/completions", "X-Hush-Capture", "off")
	xs := c.all()
	if len(xs) != 4 {
		t.Fatalf("want 4 exchanges (health, metrics and /internal skipped), got %d", len(xs))
	}
	if xs[0].Mode != record.CaptureMetadata || xs[0].RequestBody != nil || xs[0].RequestHeader == nil {
		t.Fatal("metadata mode kept a body or dropped headers")
	}
	if xs[1].Mode != record.CaptureNone || xs[1].RequestHeader != nil || xs[1].ResponseBody != nil {
		t.Fatal("none mode kept headers or bodies")
	}
	if xs[2].Mode != record.CaptureFull {
		t.Fatal("method filter ignored")
	}
	if xs[3].Mode != record.CaptureNone {
		t.Fatal("opt-out header ignored")
	}
}

func TestTruncation(t *testing.T) {
	m, c := newMW(t, Config{MaxBodyBytes: 10})
	big := strings.Repeat("x", 100)
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, big)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/x", strings.NewReader(big)))
	x := c.all()[0]
	if rec.Body.Len() != 100 {
		t.Fatal("client did not get the whole body")
	}
	if len(x.RequestBody) != 10 || !x.RequestTruncated || len(x.ResponseBody) != 10 || !x.ResponseTruncated {
		t.Fatalf("caps: %d %v %d %v", len(x.RequestBody), x.RequestTruncated, len(x.ResponseBody), x.ResponseTruncated)
	}
}

func TestPanicStillRecorded(t *testing.T) {
	m, c := newMW(t, Config{})
	h := m.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("panic swallowed")
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	}()
	if xs := c.all(); len(xs) != 1 || xs[0].Status != 500 {
		t.Fatal("panicking request not recorded as 500")
	}
}

// TestStreamingNotBuffered proves each flushed chunk reaches the client before the handler
// writes the next one: the handler waits for the client to confirm every chunk, so any
// buffering in the middleware would deadlock (bounded by a timeout).
func TestStreamingNotBuffered(t *testing.T) {
	m, c := newMW(t, Config{})
	got := make(chan string)
	srv := httptest.NewServer(m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		rc := http.NewResponseController(w)
		for i := 0; i < 5; i++ {
			_, _ = io.WriteString(w, "data: chunk\n\n")
			if err := rc.Flush(); err != nil {
				t.Error(err)
				return
			}
			select {
			case <-got:
			case <-time.After(5 * time.Second):
				t.Error("chunk not delivered while the handler waited: the middleware buffers")
				return
			}
		}
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v1/chat/completions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := 0; i < 5; i++ {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		_, _ = br.ReadString('\n')
		got <- line
	}
	_, _ = io.Copy(io.Discard, br)
	resp.Body.Close()
	srv.Close()
	if xs := c.all(); len(xs) != 1 || !bytes.Equal(xs[0].ResponseBody, bytes.Repeat([]byte("data: chunk\n\n"), 5)) || xs[0].WriteMarks.Len() != 5 {
		t.Fatal("stream not captured whole")
	}
}

func TestHijackAndDeadlines(t *testing.T) {
	m, _ := newMW(t, Config{})
	srv := httptest.NewServer(m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("deadline through Unwrap: %v", err)
		}
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		_ = buf.Flush()
		conn.Close()
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/ws")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "ok" {
		t.Fatalf("hijacked response %q", b)
	}
	rec := httptest.NewRecorder() // no Hijacker: a clear error, not a panic
	m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, err := w.(http.Hijacker).Hijack(); err == nil {
			t.Error("hijack on a writer without support succeeded")
		}
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
}

func TestValidate(t *testing.T) {
	if _, err := New(Config{MaxBodyBytes: -1}, &collector{}); err == nil || !strings.Contains(err.Error(), "max_body_bytes") {
		t.Fatalf("got %v", err)
	}
	if _, err := New(Config{Routes: []Route{{Prefix: "v1"}}}, &collector{}); err == nil || !strings.Contains(err.Error(), "routes[0].prefix") {
		t.Fatalf("got %v", err)
	}
	if _, err := New(Config{}, nil); err == nil {
		t.Fatal("nil offerer accepted")
	}
}

type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nopWriter) WriteHeader(int)             {}

// BenchmarkMiddleware compares a bare handler with the middleware in modes none and full, in
// one run: the target is ≤ 2 allocs per request with capture none.
func BenchmarkMiddleware(b *testing.B) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	body := bytes.Repeat([]byte("x"), 4096)
	run := func(b *testing.B, h http.Handler) {
		req := httptest.NewRequest("POST", "/v1/chat/completions", nil)
		req.Header.Set("X-Request-ID", "fixed")
		w := &nopWriter{h: http.Header{}}
		br := bytes.NewReader(body)
		b.ReportAllocs()
		for b.Loop() {
			br.Reset(body)
			req.Body = io.NopCloser(br)
			h.ServeHTTP(w, req)
		}
	}
	drop := OffererFunc(func(*record.Exchange) bool { return true })
	b.Run("bare", func(b *testing.B) { run(b, handler) })
	for _, mode := range []record.CaptureMode{record.CaptureNone, record.CaptureFull} {
		m, err := New(Config{Mode: mode}, drop)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(mode.String(), func(b *testing.B) { run(b, m.Handler(handler)) })
	}
}

// TestBodyReadAfterReturn hands the request body to a goroutine that reads and closes it
// after the handler has returned, as an HTTP transport may: the exchange keeps what was read
// before, the late reads go through uncopied, and the next request's capture is untouched
// (run with -race).
func TestBodyReadAfterReturn(t *testing.T) {
	m, c := newMW(t, Config{})
	late := make(chan io.ReadCloser, 1)
	done := make(chan []byte)
	go func() {
		b := <-late
		rest, _ := io.ReadAll(b)
		b.Close()
		done <- rest
	}()
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		head := make([]byte, 4)
		_, _ = io.ReadFull(r.Body, head)
		if r.URL.Path == "/first" {
			late <- r.Body
		} else {
			_, _ = io.ReadAll(r.Body)
		}
		w.WriteHeader(200)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/first", strings.NewReader("abcdefgh")))
	if rest := <-done; string(rest) != "efgh" {
		t.Fatalf("late read got %d bytes", len(rest))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/second", strings.NewReader("12345678")))
	xs := c.all()
	if len(xs) != 2 || string(xs[0].RequestBody) != "abcd" || string(xs[1].RequestBody) != "12345678" {
		t.Fatalf("captured %d exchanges: %q", len(xs), func() []string {
			var s []string
			for _, x := range xs {
				s = append(s, string(x.RequestBody))
			}
			return s
		}())
	}
}

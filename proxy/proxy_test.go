package proxy

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

func upstream(t *testing.T, name string) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Upstream", name)
		w.Header().Set("X-Auth-Seen", r.Header.Get("Authorization"))
		_, _ = w.Write(append([]byte(r.URL.Path+"|"), body...))
	}))
	t.Cleanup(s.Close)
	return s
}

func TestRouting(t *testing.T) {
	a, b := upstream(t, "openai"), upstream(t, "anthropic")
	p, err := New(Config{Upstreams: []Upstream{
		{Name: "openai", URL: a.URL, PathPrefixes: []string{"/v1/chat"}},
		{Name: "anthropic", URL: b.URL + "/base", PathPrefixes: []string{"/v1/messages"}, Models: []string{"claude-*"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	cases := []struct{ path, body, want string }{
		{"/v1/chat/completions", `{"model":"gpt-4o"}`, "openai"},
		{"/v1/messages", `{"model":"x"}`, "anthropic"},
		{"/v1/chat/completions", `{"messages":[],"model" : "claude-sonnet"}`, "anthropic"},
		{"/other", `{}`, "openai"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("POST", srv.URL+c.path, strings.NewReader(c.body))
		req.Header.Set("Authorization", "Bearer client-key")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("X-Upstream") != c.want {
			t.Errorf("%s %s went to %q, want %q", c.path, c.body, resp.Header.Get("X-Upstream"), c.want)
		}
		if resp.Header.Get("X-Auth-Seen") != "Bearer client-key" {
			t.Error("client credentials did not reach the upstream")
		}
		if !strings.HasSuffix(string(got), "|"+c.body) {
			t.Errorf("body not forwarded whole: %q", got)
		}
		if c.want == "anthropic" && !strings.HasPrefix(string(got), "/base/") {
			t.Errorf("upstream base path not kept: %q", got)
		}
	}
}

func TestUpstreamErrors(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	for _, c := range []struct {
		url  string
		want int
	}{{down.URL, 502}, {slow.URL, 504}} {
		p, err := New(Config{Upstreams: []Upstream{{Name: "u", URL: c.url}}, ResponseHeaderTimeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/chat/completions", strings.NewReader("{}")))
		if rec.Code != c.want || !strings.Contains(rec.Body.String(), "upstream u unavailable") {
			t.Errorf("got %d %q, want %d", rec.Code, rec.Body.String(), c.want)
		}
	}
}

// TestStreamingPassThrough: each event reaches the client before the upstream sends the
// next, and gzip bodies pass unchanged.
func TestStreamingPassThrough(t *testing.T) {
	next := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < 3; i++ {
			_, _ = io.WriteString(w, "data: x\n\n")
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-time.After(5 * time.Second):
				t.Error("event not delivered before the next one: the proxy buffers")
				return
			}
		}
	}))
	defer up.Close()
	p, _ := New(Config{Upstreams: []Upstream{{Name: "u", URL: up.URL}}})
	srv := httptest.NewServer(p)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v1/chat/completions")
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(resp.Body)
	for i := 0; i < 3; i++ {
		if _, err := br.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		_, _ = br.ReadString('\n')
		next <- struct{}{}
	}
	resp.Body.Close()

	gz := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, `{"ok":true}`)
		_ = zw.Close()
	}))
	defer gz.Close()
	p2, _ := New(Config{Upstreams: []Upstream{{Name: "g", URL: gz.URL}}})
	srv2 := httptest.NewServer(p2)
	defer srv2.Close()
	resp, err = http.Get(srv2.URL + "/x") // the client asks for gzip and decodes transparently
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != `{"ok":true}` {
		t.Fatalf("gzip body changed: %q", b)
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "upstreams: at least one"},
		{Config{Upstreams: []Upstream{{URL: "ftp://x"}}}, "upstreams[0].url"},
		{Config{Upstreams: []Upstream{{URL: "https://u:p@x"}}}, "credentials in the URL"},
		{Config{Upstreams: []Upstream{{URL: "https://x", PathPrefixes: []string{"v1"}}}}, "path_prefixes[0]"},
	} {
		if _, err := New(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

func FuzzModelOf(f *testing.F) {
	f.Add([]byte(`{"model":"gpt-4o"}`))
	f.Add([]byte(`{"model" : "x`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m := modelOf(b)
		if strings.Contains(m, `"`) {
			t.Fatal("model contains a quote")
		}
	})
}

// TestStreamNotCutWhenRequestBodyCloses sends streamed requests with a body through the
// proxy with several Ps. Without full duplex, the HTTP/1 server closes the request body when
// the response headers go out and the transport, reading it once more to confirm its end,
// tears down the upstream connection: the stream stops after its first events.
func TestStreamNotCutWhenRequestBodyCloses(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(4, runtime.GOMAXPROCS(0))))
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := range 5 {
			fmt.Fprintf(w, "data: {\"n\":%d}\n\n", i)
			_ = http.NewResponseController(w).Flush()
			time.Sleep(time.Millisecond)
		}
		_, _ = io.WriteString(w, "data: [DONE]\n\n")
	}))
	defer up.Close()
	p, err := New(Config{Upstreams: []Upstream{{Name: "up", URL: up.URL}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	body := `{"model":"m","stream":true,"messages":[{"role":"user","content":"hello"}]}`
	cut := 0
	for range 150 {
		resp, err := http.Post(srv.URL+"/v1/chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !strings.HasSuffix(string(b), "data: [DONE]\n\n") {
			cut++
		}
	}
	if cut > 0 {
		t.Fatalf("%d of 150 streams cut short", cut)
	}
}

// TestErrorLog cuts an upstream response short: the proxy's error line goes to
// Config.ErrorLog, not to the standard logger.
func TestErrorLog(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, "partial")
		_ = http.NewResponseController(w).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer up.Close()
	var buf bytes.Buffer
	p, err := New(Config{Upstreams: []Upstream{{Name: "up", URL: up.URL}}, ErrorLog: log.New(&buf, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/models", nil))
	if !strings.Contains(buf.String(), "ReverseProxy") {
		t.Fatalf("error log has %d bytes, want the proxy's copy error", buf.Len())
	}
}

package serve

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/internal/synth"
	"github.com/hushlog/hush/proxy"
)

// TestGatewayBadInput sends the requests a gateway meets on a bad day through hush serve and
// checks that the client sees exactly what the upstream said, and that each record says what
// happened without storing raw text.
func TestGatewayBadInput(t *testing.T) {
	g := synth.New(11)
	secret := g.Email()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/v1/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = zw.Write([]byte(`{"choices":[{"message":{"content":"reply to ` + secret + `"}}]}`))
			_ = zw.Close()
		case "/v1/error":
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"message":"rate limited"}}`))
		case "/v1/slow":
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		case "/v1/stream":
			w.Header().Set("Content-Type", "text/event-stream")
			for i := 0; i < 100; i++ {
				if _, err := io.WriteString(w, "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n"); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				time.Sleep(time.Millisecond)
			}
		default:
			_, _ = w.Write(body) // echo, malformed or not
		}
	}))
	defer up.Close()
	dir := t.TempDir()
	o := Options{Listen: "127.0.0.1:0", DataDir: dir,
		Proxy: proxy.Config{Upstreams: []proxy.Upstream{{Name: "u", URL: up.URL}}, ResponseHeaderTimeout: 200 * time.Millisecond}}
	o.Capture.MaxBodyBytes = 64 << 10
	s, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + s.Addr()
	post := func(path string, body []byte, hdr ...string) (int, []byte) {
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(body))
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			b, _ = io.ReadAll(zr)
		}
		return resp.StatusCode, b
	}
	malformed := []byte(`{"model":"m","messages":[{"role":"user","content":"` + secret)
	if code, b := post("/v1/chat/completions", malformed); code != 200 || !bytes.Equal(b, malformed) {
		t.Fatalf("malformed JSON: %d, body changed", code)
	}
	if code, b := post("/v1/gzip", []byte(`{}`), "Accept-Encoding", "gzip"); code != 200 || !bytes.Contains(b, []byte("reply to")) {
		t.Fatalf("gzip: %d", code)
	}
	huge := bytes.Repeat([]byte("a"), 1<<20)
	if code, b := post("/v1/echo", huge); code != 200 || len(b) != len(huge) {
		t.Fatalf("huge body: %d, %d bytes back", code, len(b))
	}
	if code, _ := post("/v1/error", []byte(`{}`)); code != 429 {
		t.Fatalf("upstream 429 became %d", code)
	}
	if code, _ := post("/v1/slow", []byte(`{}`)); code != 504 {
		t.Fatalf("upstream timeout gave %d", code)
	}
	// client disconnects mid-stream
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/v1/stream", strings.NewReader(`{}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	_, _ = resp.Body.Read(buf)
	cancel()
	resp.Body.Close()

	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs, err := os.ReadFile(filepath.Join(dir, "logs", "hush.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(logs, []byte(secret)) {
		t.Fatal("a raw e-mail address reached the records")
	}
	recs := map[string]map[string]any{}
	for _, l := range bytes.Split(bytes.TrimSpace(logs), []byte{'\n'}) {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatal(err)
		}
		recs[m["url.path"].(string)] = m
	}
	if len(recs) != 6 {
		t.Fatalf("want 6 records, got %d", len(recs))
	}
	if recs["/v1/error"]["http.response.status_code"] != 429.0 || recs["/v1/slow"]["http.response.status_code"] != 504.0 {
		t.Fatal("records do not carry the status the client saw")
	}
	if recs["/v1/echo"]["hush.truncated"] != true {
		t.Fatal("huge body not marked truncated")
	}
	if gz := recs["/v1/gzip"]; !strings.Contains(gz["http.response.body.content"].(string), "[REDACTED:EMAIL_ADDRESS]") {
		t.Fatal("gzip response not decoded and redacted")
	}
}

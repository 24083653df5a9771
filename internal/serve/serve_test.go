package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hushlog/hush/internal/fakellm"
	"github.com/hushlog/hush/internal/synth"
	"github.com/hushlog/hush/privlog"
	"github.com/hushlog/hush/proxy"
)

func TestServeEndToEnd(t *testing.T) {
	up := httptest.NewServer(&fakellm.Server{})
	defer up.Close()
	dir := t.TempDir()
	var accessLog bytes.Buffer
	ph, err := privlog.New(slog.NewJSONHandler(&accessLog, nil), privlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Start(Options{
		AccessLog: slog.New(ph),
		Listen:    "127.0.0.1:0", AdminListen: "127.0.0.1:0", DataDir: dir,
		Proxy: proxy.Config{Upstreams: []proxy.Upstream{{Name: "openai", URL: up.URL}, {Name: "anthropic", URL: up.URL, PathPrefixes: []string{"/v1/messages"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	g := synth.New(42)
	secret, email := g.GitHubToken("ghp_"), g.Email()
	prompt := "deploy with GITHUB_TOKEN=" + secret + " and mail " + email
	base := "http://" + s.Addr()
	post := func(path, body string) string {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer client-credential-value")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		return string(b)
	}
	msg, _ := json.Marshal(prompt)
	out := post("/v1/chat/completions", `{"model":"gpt-4o-mini","messages":[{"role":"user","content":`+string(msg)+`}]}`)
	if !strings.Contains(out, "You said: deploy") || !strings.Contains(out, secret) {
		t.Fatal("the client must get the upstream answer unchanged")
	}
	stream := post("/v1/messages", `{"model":"claude-x","stream":true,"max_tokens":10,"messages":[{"role":"user","content":`+string(msg)+`}]}`)
	if !strings.Contains(stream, "event: message_stop") {
		t.Fatal("stream cut")
	}
	resp, err := http.Get("http://" + s.AdminAddr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	logs, err := os.ReadFile(filepath.Join(dir, "logs", "hush.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(logs), []byte{'\n'})
	if len(lines) != 2 {
		t.Fatalf("want 2 records, got %d", len(lines))
	}
	// records arrive in the order the redaction workers finish them: index them by path
	recs := map[string]map[string]any{}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatal(err)
		}
		recs[m["url.path"].(string)] = m
	}
	chat, msgs := recs["/v1/chat/completions"], recs["/v1/messages"]
	if chat["gen_ai.request.model"] != "gpt-4o-mini" || chat["gen_ai.provider.name"] != "openai" || chat["gen_ai.usage.output_tokens"] == nil {
		t.Fatalf("chat record lacks model/provider/usage: keys %d", len(chat))
	}
	if msgs["gen_ai.provider.name"] != "anthropic" || msgs["gen_ai.response.model"] != "claude-x" || msgs["gen_ai.output.messages"] == nil {
		t.Fatal("streamed record lacks reassembled output")
	}
	// the access log: public (prefixed) lines, the client pseudonymised as in the records
	alines := bytes.Split(bytes.TrimSpace(accessLog.Bytes()), []byte{'\n'})
	if len(alines) != 2 {
		t.Fatalf("want 2 access-log lines, got %d", len(alines))
	}
	var al map[string]any
	if err := json.Unmarshal(alines[0], &al); err != nil {
		t.Fatal(err)
	}
	if al["msg"] != "SystemLog: access" || al["client"] != chat["client.address"] || al["status"] != 200.0 {
		t.Fatalf("access line: msg %v, client matches record: %v", al["msg"], al["client"] == chat["client.address"])
	}
	if bytes.Contains(accessLog.Bytes(), []byte("127.0.0.1")) || bytes.Contains(accessLog.Bytes(), []byte(secret)) {
		t.Fatal("access log holds a raw client address or secret")
	}
	// canary: neither the secret, the e-mail nor the client credential is anywhere on disk
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, v := range []string{secret, email, "client-credential-value"} {
			if bytes.Contains(b, []byte(v)) {
				t.Errorf("%s holds a raw value of %d bytes", filepath.Base(p), len(v))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

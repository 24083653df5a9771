package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/internal/fakellm"
	"github.com/hushlog/hush/internal/synth"
	"github.com/hushlog/hush/proxy"

	"net/http/httptest"
)

// TestOfficialSDKs points the official openai and @anthropic-ai/sdk npm packages at hush serve
// in front of a local server speaking the same wire format: non-streaming and streaming calls
// must succeed unchanged, and the records must be redacted with model and usage. The SDKs are
// installed by the test script (npm ci in e2e/); without them the test is skipped.
func TestOfficialSDKs(t *testing.T) {
	root := filepath.Join("..", "..")
	if _, err := os.Stat(filepath.Join(root, "e2e", "node_modules", "openai")); err != nil {
		t.Skip("e2e/node_modules missing: run npm ci --prefix e2e")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	up := httptest.NewServer(&fakellm.Server{})
	defer up.Close()
	dir := t.TempDir()
	s, err := Start(Options{Listen: "127.0.0.1:0", DataDir: dir, Proxy: proxy.Config{Upstreams: []proxy.Upstream{{Name: "fake", URL: up.URL}}}})
	if err != nil {
		t.Fatal(err)
	}
	g := synth.New(9)
	secret, email := g.GitHubToken("ghp_"), g.Email()
	prompt := "token " + secret + " mail " + email
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(root, "e2e", "sdk.mjs"))
	cmd.Env = append(os.Environ(), "HUSH_URL=http://"+s.Addr(), "PROMPT="+prompt)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sdk script: %v (stderr %d bytes: %.300s)", err, stderr.Len(), strings.ReplaceAll(stderr.String(), secret, "<secret>"))
	}
	var res map[string]struct {
		Text   string         `json:"text"`
		Chunks int            `json:"chunks"`
		Usage  map[string]int `json:"usage"`
		Stop   string         `json:"stop"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	want := "You said: " + prompt
	for _, k := range []string{"openai", "openaiStream", "anthropic", "anthropicStream"} {
		if res[k].Text != want {
			t.Errorf("%s: the SDK got a changed answer (%d bytes, want %d)", k, len(res[k].Text), len(want))
		}
	}
	if res["openaiStream"].Chunks < 3 || res["anthropicStream"].Stop != "end_turn" || res["openai"].Usage["completion_tokens"] == 0 {
		t.Errorf("stream shape lost: %d chunks, stop %q", res["openaiStream"].Chunks, res["anthropicStream"].Stop)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs, err := os.ReadFile(filepath.Join(dir, "logs", "hush.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(logs, []byte("\n")); n != 4 {
		t.Fatalf("want 4 records, got %d", n)
	}
	for name, v := range map[string]string{"token": secret, "e-mail": email, "client key": "sdk-client-key"} {
		if bytes.Contains(logs, []byte(v)) {
			t.Errorf("the raw %s reached the records", name)
		}
	}
	for _, l := range bytes.Split(bytes.TrimSpace(logs), []byte{'\n'}) {
		var m map[string]any
		_ = json.Unmarshal(l, &m)
		if m["gen_ai.request.model"] == nil || m["gen_ai.usage.output_tokens"] == nil || m["gen_ai.output.messages"] == nil {
			t.Errorf("record %v lacks model, usage or output", m["url.path"])
		}
	}
}

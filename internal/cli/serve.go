package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/hushlog/hush/internal/fakellm"
	"github.com/hushlog/hush/internal/serve"
	"github.com/hushlog/hush/internal/synth"
	"github.com/hushlog/hush/proxy"
	"github.com/hushlog/hush/record"
)

// upstreamFlags collects --upstream values: URL, or NAME=URL, optionally followed by
// ",/prefix,/prefix" path routes.
type upstreamFlags []proxy.Upstream

func (u *upstreamFlags) String() string { return fmt.Sprint(len(*u)) }

func (u *upstreamFlags) Set(v string) error {
	parts := strings.Split(v, ",")
	up := proxy.Upstream{URL: parts[0]}
	if name, url, ok := strings.Cut(parts[0], "="); ok {
		up.Name, up.URL = name, url
	}
	if up.Name == "" {
		up.Name = fmt.Sprintf("upstream%d", len(*u)+1)
	}
	up.PathPrefixes = parts[1:]
	*u = append(*u, up)
	return nil
}

// defaultUpstreams are used when no --upstream is given: OpenAI for everything, Anthropic for
// its messages API.
func defaultUpstreams() []proxy.Upstream {
	return []proxy.Upstream{
		{Name: "openai", URL: "https://api.openai.com"},
		{Name: "anthropic", URL: "https://api.anthropic.com", PathPrefixes: []string{"/v1/messages", "/v1/complete"}},
	}
}

type serveFlags struct {
	config, listen, admin, dataDir, mode string
	upstreams                            upstreamFlags
}

func (sf *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.config, "config", "", "YAML config (redaction section)")
	fs.StringVar(&sf.listen, "listen", "127.0.0.1:8080", "gateway listen address")
	fs.StringVar(&sf.admin, "admin-listen", "127.0.0.1:9464", "admin address for /healthz, /readyz, /metrics (empty: off)")
	fs.StringVar(&sf.dataDir, "data-dir", "./hush-data", "directory for the spool, logs and audit store")
	fs.StringVar(&sf.mode, "capture", "full", "default capture mode: none, metadata or full")
	fs.Var(&sf.upstreams, "upstream", "upstream as URL or NAME=URL[,/path-prefix...] (repeatable; default OpenAI and Anthropic)")
}

func (sf *serveFlags) options(env Env) (serve.Options, error) {
	mode, ok := record.ParseCaptureMode(sf.mode)
	if !ok {
		return serve.Options{}, fmt.Errorf("--capture: %q: want none, metadata or full", sf.mode)
	}
	e, err := loadEngine(sf.config, env.Getenv)
	if err != nil {
		return serve.Options{}, err
	}
	ups := []proxy.Upstream(sf.upstreams)
	if len(ups) == 0 {
		ups = defaultUpstreams()
	}
	o := serve.Options{Listen: sf.listen, AdminListen: sf.admin, DataDir: sf.dataDir, Engine: e}
	o.Proxy.Upstreams = ups
	o.Capture.Mode = mode
	o.AccessLog = slog.New(slog.NewJSONHandler(env.Stderr, nil))
	return o, nil
}

// runServe implements "hush serve".
func runServe(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var sf serveFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts, err := sf.options(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush serve: %v\n", err)
		return 2
	}
	s, err := serve.Start(opts)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(env.Stderr, "hush serve: gateway on http://%s, admin on http://%s, data in %s\n", s.Addr(), s.AdminAddr(), opts.DataDir)
	<-ctx.Done()
	fmt.Fprintln(env.Stderr, "hush serve: shutting down: finishing requests, draining the queue, flushing sinks")
	if err := s.Shutdown(context.Background()); err != nil {
		fmt.Fprintf(env.Stderr, "hush serve: shutdown: %v\n", err)
		return 1
	}
	return 0
}

// runDemo implements "hush demo": hush serve in front of a built-in echo model, a few sample
// requests carrying fake secrets and personal data, then the records hush stored.
func runDemo(_ context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	dataDir := fs.String("data-dir", "", "keep the demo's data here (default: a temporary directory)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dir := *dataDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "hush-demo-")
		if err != nil {
			fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	model := httptest.NewServer(&fakellm.Server{})
	defer model.Close()
	s, err := serve.Start(serve.Options{Listen: "127.0.0.1:0", AdminListen: "127.0.0.1:0", DataDir: dir,
		Proxy: proxy.Config{Upstreams: []proxy.Upstream{{Name: "echo", URL: model.URL}}}})
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
		return 1
	}
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	fmt.Fprintf(out, "hush demo: gateway on http://%s in front of a local echo model\n\n", s.Addr())
	g := synth.New(2026)
	samples := []struct{ path, body string }{
		{"/v1/chat/completions", chatBody("gpt-4o-mini", false, fmt.Sprintf(
			"Why does my deploy fail? export GITHUB_TOKEN=%s and AWS_ACCESS_KEY_ID=%s; DB at postgres://app:%s@db.internal:5432/app",
			g.GitHubToken("ghp_"), g.AWSKeyID(), g.Password()))},
		{"/v1/chat/completions", chatBody("gpt-4o-mini", true, fmt.Sprintf(
			"Draft a reply to %s (%s), card %s was charged twice.", g.Name(), g.Email(), g.CardNumber(" ")))},
		{"/v1/messages", anthropicBody(fmt.Sprintf("Summarise this ticket from %s, phone %s, SSN %s.", g.Email(), g.USPhone(), g.SSN()))},
	}
	for _, sm := range samples {
		req, _ := http.NewRequest("POST", "http://"+s.Addr()+sm.path, strings.NewReader(sm.body))
		req.Header.Set("Authorization", "Bearer demo-client-key")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
			return 1
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Fprintf(out, "→ POST %s: %d, %d bytes back to the client, unchanged\n", sm.path, resp.StatusCode, n)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
		return 1
	}
	logs, err := os.ReadFile(filepath.Join(dir, "logs", "hush.jsonl"))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(out, "\nRecords stored in %s (redacted before they touched disk):\n\n", filepath.Join(dir, "logs", "hush.jsonl"))
	for _, line := range bytes.Split(bytes.TrimSpace(logs), []byte{'\n'}) {
		var v map[string]any
		if json.Unmarshal(line, &v) != nil {
			continue
		}
		keep := map[string]any{}
		for _, k := range []string{"record.id", "url.path", "http.response.status_code", "gen_ai.provider.name", "gen_ai.request.model",
			"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.input.messages", "gen_ai.output.messages", "hush.findings", "http.request.headers"} {
			if x, ok := v[k]; ok {
				keep[k] = x
			}
		}
		b, _ := json.MarshalIndent(keep, "", "  ")
		out.Write(b)
		out.WriteString("\n\n")
	}
	return 0
}

func chatBody(model string, stream bool, prompt string) string {
	b, _ := json.Marshal(map[string]any{"model": model, "stream": stream, "messages": []any{
		map[string]string{"role": "system", "content": "You are a helpful assistant."},
		map[string]string{"role": "user", "content": prompt}}})
	return string(b)
}

func anthropicBody(prompt string) string {
	b, _ := json.Marshal(map[string]any{"model": "claude-sonnet-4-5", "max_tokens": 256, "stream": true,
		"messages": []any{map[string]string{"role": "user", "content": prompt}}})
	return string(b)
}

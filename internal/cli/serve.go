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

	"github.com/hushlog/hush/audit"
	"github.com/hushlog/hush/internal/config"
	"github.com/hushlog/hush/internal/fakellm"
	"github.com/hushlog/hush/internal/serve"
	"github.com/hushlog/hush/internal/synth"
	"github.com/hushlog/hush/privlog"
	"github.com/hushlog/hush/proxy"
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

type serveFlags struct {
	config, listen, admin, dataDir, mode string
	upstreams                            upstreamFlags
}

func (sf *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.config, "config", "", "YAML config file (see testdata/config/good.yaml)")
	fs.StringVar(&sf.listen, "listen", "", "gateway listen address (default 127.0.0.1:8080)")
	fs.StringVar(&sf.admin, "admin-listen", "", "admin address for /healthz, /readyz, /metrics (default 127.0.0.1:9464)")
	fs.StringVar(&sf.dataDir, "data-dir", "", "directory for the spool, logs and audit store (default ./hush-data)")
	fs.StringVar(&sf.mode, "capture", "", "default capture mode: none, metadata or full (default full)")
	fs.Var(&sf.upstreams, "upstream", "upstream as URL or NAME=URL[,/path-prefix...] (repeatable; default OpenAI, and Anthropic for /v1/messages)")
}

// options reads the config file (if any) and applies the flags over it.
func (sf *serveFlags) options(fs *flag.FlagSet, env Env) (serve.Options, error) {
	var cfg *config.Config
	if sf.config != "" {
		var err error
		if cfg, err = config.Load(sf.config); err != nil {
			return serve.Options{}, err
		}
	}
	ov := serve.Overrides{Listen: sf.listen, DataDir: sf.dataDir, Capture: sf.mode, Upstreams: sf.upstreams}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "admin-listen" {
			ov.AdminListen, ov.AdminSet = sf.admin, true
		}
	})
	o, err := serve.FromConfig(cfg, ov, env.Getenv)
	if err != nil {
		return o, err
	}
	h, err := privlog.New(slog.NewJSONHandler(env.Stderr, nil), privlog.Options{Engine: o.Engine})
	if err != nil {
		return o, err
	}
	o.AccessLog = slog.New(h)
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
	opts, err := sf.options(fs, env)
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
	opts, err := serve.FromConfig(nil, serve.Overrides{Listen: "127.0.0.1:0", AdminListen: "127.0.0.1:0", AdminSet: true,
		DataDir: dir, Upstreams: []proxy.Upstream{{Name: "echo", URL: model.URL}}}, env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
		return 1
	}
	s, err := serve.Start(opts)
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
	reports, err := audit.VerifyAll(dir, audit.VerifyOptions{})
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush demo: audit verify: %v\n", err)
		return 1
	}
	for _, r := range reports {
		verdict := "intact"
		if len(r.Problems) > 0 {
			verdict = fmt.Sprintf("%d problems", len(r.Problems))
		}
		fmt.Fprintf(out, "\naudit store (%s): %d records, %d signed checkpoints verified: %s\n", r.Writer, r.Records, r.Checkpoints, verdict)
	}
	logs, err := os.ReadFile(filepath.Join(dir, "logs", "hush.jsonl"))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush demo: %v\n", err)
		return 1
	}
	where := "hush demo --data-dir DIR keeps them; hush audit verify --data-dir DIR checks the audit store"
	if *dataDir != "" {
		where = "in " + filepath.Join(dir, "logs", "hush.jsonl")
	}
	fmt.Fprintf(out, "\nRecords stored, redacted before they touched disk (%s):\n\n", where)
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

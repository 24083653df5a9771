package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hushlog/hush/internal/config"
)

func TestFullConfigValidates(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "testdata", "serve", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(cfg, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"server:\n  listne: x\n", "server.listne: unknown key"},
		{"server:\n  upstreams: [{name: a, url: 'ftp://x'}]\n", "server.upstreams[0].url"},
		{"capture:\n  mode: everything\n", `capture.mode: "everything"`},
		{"capture:\n  routes: [{prefix: v1, mode: none}]\n", "capture: routes[0].prefix"},
		{"redact:\n  operators: {default: scramble}\n", "redact.operators.default"},
		{"sinks:\n  audit:\n    retention: {min_days: 10, max_days: 5}\n", "sinks.audit: retention.max_days"},
		{"capture:\n  max_body_bytes: [1]\n", "capture: "},
		{"sinks:\n  audit:\n    key_env: NOPE\n", "sinks.audit.key_env: variable NOPE"},
		{"sinks:\n  elasticsearch:\n    urls: []\n", "sinks.elasticsearch.urls"},
		{"sinks:\n  elasticsearch:\n    urls: [http://x:9200]\n    idx: y\n", "sinks.elasticsearch.idx: unknown key"},
	}
	for _, c := range cases {
		cfg, err := config.Parse([]byte(c.yaml))
		if err == nil {
			err = Check(cfg, func(string) string { return "" })
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.yaml, err, c.want)
		}
	}
}

func TestFromConfigDefaultsAndOverrides(t *testing.T) {
	dir := t.TempDir()
	o, err := FromConfig(nil, Overrides{DataDir: dir, Listen: "127.0.0.1:0", Capture: "metadata"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer o.closeSinks()
	if o.Listen != "127.0.0.1:0" || o.AdminListen != "127.0.0.1:9464" || o.Capture.Mode.String() != "metadata" || len(o.Proxy.Upstreams) != 2 {
		t.Fatalf("options: %+v", o.Capture)
	}
	names := map[string]bool{}
	for _, s := range o.Sinks {
		names[s.Name] = true
	}
	if !names["file"] || !names["audit"] || len(names) != 2 {
		t.Fatalf("embedded default sinks: %v", names)
	}
	if o.Pipeline.Spool.Dir != filepath.Join(dir, "spool") {
		t.Fatalf("spool dir %q not moved with the data dir", o.Pipeline.Spool.Dir)
	}
	if fi, err := os.Stat(filepath.Join(dir, "audit", "signing.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("audit key not generated with mode 0600: %v", err)
	}
}

package pipeline_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/sink/stdout"
)

// TestCanary sends exchanges full of synthetic secrets through every path (spool, file
// sink, stdout sink, dead letters, metrics) and checks that none of the secret values, nor
// the raw client address or user id, appears anywhere. Failures name a secret by index only.
func TestCanary(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	reg := prometheus.NewRegistry()
	so, err := stdout.New(stdout.DefaultConfig(), &out)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pipeline.New(pipeline.Config{
		Engine:     engine(),
		Spool:      pipeline.SpoolConfig{Dir: filepath.Join(dir, "spool"), SegmentBytes: 64 << 10},
		Registerer: reg,
		Sinks: []pipeline.NamedSink{
			{Name: "files", Sink: fileSink(filepath.Join(dir, "logs"))},
			{Name: "stdout", Sink: so},
			{Name: "reject", Sink: rejectSink{}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := newCanaries(42)
	const n = 500
	for i := range n {
		if !p.Offer(exchange(c, 1024+i)) {
			t.Fatal("offer refused")
		}
	}
	// Close unregisters the metrics, so scrape while the pipeline is running
	scrape := func() []byte {
		rr := httptest.NewRecorder()
		promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rr, httptest.NewRequest("GET", "/metrics", nil))
		return rr.Body.Bytes()
	}
	metricsDuring := scrape()
	ctxErr := p.Close(context.Background())
	if ctxErr != nil {
		t.Fatal(ctxErr)
	}
	files, err := allFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string][]byte{"stdout sink": out.Bytes(), "metrics": metricsDuring}
	for p, b := range files {
		rel, _ := filepath.Rel(dir, p)
		sources[rel] = b
	}
	var sawDead, sawLogs, sawSpool bool
	for name, b := range sources {
		if k := c.find(b); k >= 0 {
			t.Errorf("canary #%d found in %s", k, name)
		}
		for _, raw := range []string{"192.0.2.10", "user-"} {
			if bytes.Contains(b, []byte(raw)) {
				t.Errorf("raw identity value found in %s", name)
			}
		}
		switch filepath.Dir(name) {
		case filepath.Join("spool", "deadletter"):
			sawDead = sawDead || bytes.Contains(b, []byte("rejected by test sink"))
		case "logs":
			sawLogs = sawLogs || bytes.Count(b, []byte("\n")) > 0
		case "spool":
			sawSpool = true
		}
	}
	if !sawDead || !sawLogs || !sawSpool || out.Len() == 0 || len(c.made) < 6*n {
		t.Fatalf("a path was not exercised: dead letters %v, logs %v, spool %v, stdout %d bytes",
			sawDead, sawLogs, sawSpool, out.Len())
	}
	if !bytes.Contains(metricsDuring, []byte(`hush_pipeline_offered_total 500`)) {
		t.Fatal("metrics scrape does not show the offered exchanges")
	}
	ids, err := jsonlIDs(filepath.Join(dir, "logs"))
	if err != nil || len(ids) != n {
		t.Fatalf("file sink has %d records (%v), want %d", len(ids), err, n)
	}
}

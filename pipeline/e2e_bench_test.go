package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/sink/file"
)

// chatCompletion returns a ~4 KB OpenAI chat-completion request and its response, holding a
// few secrets and personal data for the built-in rules to find.
func chatCompletion(i int) (req, resp []byte) {
	para := "The deployment failed again last night; the logs show a timeout in the payment service " +
		"and the retry storm that followed. Please write a short incident summary for the team. "
	var history string
	for len(history) < 3000 {
		history += para
	}
	req = fmt.Appendf(nil, `{"model":"gpt-4o-mini","temperature":0.3,"stream":false,"messages":[`+
		`{"role":"system","content":"You are an SRE assistant. Never reveal credentials."},`+
		`{"role":"user","content":"%s Contact jane.doe%d@example.com or call +1 415 555 0%03d. `+
		`Our staging key is AKIAZ3MX7QK2B4TQW%03d and the bot token is ghp_R8f2Kx9LmQ4vT7wZ1bN6yH3sD5jP0cA2eU%02d, db passwd=hunter2%03d."}]}`,
		history, i%1000, i%1000, i%1000, i%100, i%1000)
	resp = fmt.Appendf(nil, `{"id":"chatcmpl-%d","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",`+
		`"choices":[{"index":0,"message":{"role":"assistant","content":"Incident summary: a payment `+
		`service timeout caused a retry storm. Follow up with jane.doe%d@example.com."},"finish_reason":"stop"}],`+
		`"usage":{"prompt_tokens":812,"completion_tokens":41,"total_tokens":853}}`, i, i%1000)
	return req, resp
}

// BenchmarkEndToEnd measures records per second from Offer through redaction, the spool
// and the file sink (JSONL, synced per batch): the clock stops when the file sink has accepted
// every record. Close, which then waits for the gzip of rotated files, is reported apart
// (close-ms), as is the CPU time per record over the timed part. "builtin-rules" redacts
// with the full built-in rule set; "two-rules" with a two-rule engine, which shows the cost
// of the pipeline itself.
func BenchmarkEndToEnd(b *testing.B) {
	builtin, err := redact.New(redact.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("builtin-rules", func(b *testing.B) { benchEndToEnd(b, builtin, "[REDACTED:EMAIL_ADDRESS]", "@example.com") })
	b.Run("two-rules", func(b *testing.B) { benchEndToEnd(b, engine(), "[REDACTED:PASSWORD]", "hunter2") })
}

func benchEndToEnd(b *testing.B, eng *redact.Engine, marker, secret string) {
	const variants = 64
	var reqs, resps [variants][]byte
	for i := range variants {
		reqs[i], resps[i] = chatCompletion(i)
	}
	reqHdr := http.Header{"Authorization": {"Bearer sk-proj-Xq3"}, "Content-Type": {"application/json"}}
	respHdr := http.Header{"Content-Type": {"application/json"}}
	hdrBytes := record.HeaderSize(reqHdr) + record.HeaderSize(respHdr)

	dir := b.TempDir()
	fs, err := file.New(file.DefaultConfig(filepath.Join(dir, "logs")), nil)
	if err != nil {
		b.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	p, err := pipeline.New(pipeline.Config{
		Engine:      eng,
		Spool:       pipeline.SpoolConfig{Dir: filepath.Join(dir, "spool")},
		Sinks:       []pipeline.NamedSink{{Name: "file", Sink: fs}},
		QueuePolicy: pipeline.BlockWhenFull, // measure throughput, not drops
		Registerer:  reg,
	})
	if err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	cpu0 := cpuTime(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		v := i % variants
		p.Offer(&record.Exchange{
			Method: "POST", Path: "/v1/chat/completions", Status: 200,
			RequestHeader: reqHdr, ResponseHeader: respHdr, HeaderBytes: hdrBytes,
			RequestBody: reqs[v], ResponseBody: resps[v],
			Start: start, Duration: 900 * time.Millisecond, ClientAddress: "198.51.100.7:5000",
		})
	}
	runtime.ReadMemStats(&ms)
	// the throughput is records delivered to the file sink (written, synced per batch) per
	// second; Close, timed apart, then waits for the background gzip of rotated files
	for p.Stats().Sinks["file"].Delivered < uint64(b.N) {
		time.Sleep(200 * time.Microsecond)
	}
	elapsed := time.Since(start)
	cpu := cpuTime(b) - cpu0
	closeStart := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		b.Fatal(err)
	}
	closeTime := time.Since(closeStart)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
	// CPU time per record (user+system, all threads) does not depend on what else runs on
	// the machine; 2 cores divided by it bounds the throughput of an idle 2-core machine
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/record")
	b.ReportMetric(float64(closeTime.Milliseconds()), "close-ms")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	ids, err := jsonlIDs(filepath.Join(dir, "logs"))
	if err != nil {
		b.Fatal(err)
	}
	if len(ids) != b.N {
		b.Fatalf("file sink has %d records, want %d", len(ids), b.N)
	}
	files, err := allFiles(filepath.Join(dir, "logs"))
	if err != nil {
		b.Fatal(err)
	}
	for _, data := range files {
		if !bytes.Contains(data, []byte(marker)) || bytes.Contains(data, []byte(secret)) {
			b.Fatal("records were not redacted")
		}
	}
}

// TestMemoryWithinCapUnderOverload offers far more than the workers can redact, with the
// drop policy: the heap stays within the queue cap plus a fixed allowance, and every
// refused exchange is counted.
func TestMemoryWithinCapUnderOverload(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	const queueCap = 8 << 20
	reg := prometheus.NewRegistry()
	dir := t.TempDir()
	p, err := pipeline.New(pipeline.Config{
		Engine:     engine(),
		QueueBytes: queueCap,
		Workers:    1,
		Spool:      pipeline.SpoolConfig{Dir: filepath.Join(dir, "spool"), Fsync: pipeline.FsyncNever},
		Sinks:      []pipeline.NamedSink{{Name: "file", Sink: fileSink(filepath.Join(dir, "logs"))}},
		Registerer: reg,
	})
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 64<<10)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	runtime.GC()
	var base, ms runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	refused := 0
	const offers = 20000
	var spare *record.Exchange
	for i := range offers {
		x := spare
		if x == nil {
			x = &record.Exchange{Method: "POST", Path: "/v1/chat/completions", RequestBody: body}
		}
		spare = nil
		if !p.Offer(x) {
			refused++
			spare = x // refused exchanges stay ours: reuse
		}
		if i%500 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	dropped := metricValue(t, reg, "hush_pipeline_dropped_total", pipeline.DropQueueFull)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	growth := int64(peak) - int64(base.HeapInuse)
	t.Logf("%d offers of 64 KiB, %d refused, heap growth at peak %.1f MiB (queue cap %d MiB)",
		offers, refused, float64(growth)/(1<<20), queueCap>>20)
	if refused == 0 || int(dropped) != refused {
		t.Fatalf("refused %d, counted %v", refused, dropped)
	}
	if growth > 3*queueCap+32<<20 {
		t.Fatalf("heap grew by %d bytes, over 3× the queue cap plus 32 MiB", growth)
	}
}

// metricValue returns the value of the counter name whose only label has value label.
func metricValue(t testing.TB, reg *prometheus.Registry, name, label string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if ls := m.GetLabel(); len(ls) == 1 && ls[0].GetValue() == label {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// cpuTime returns the user and system CPU time of this process.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package elasticsearch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

// These tests run the sink against a real engine that speaks the Elasticsearch bulk protocol:
// VictoriaLogs, built by scripts/install-victorialogs.sh. They skip when it is not installed.

// victoriaLogsBinary finds the server: $HUSH_VICTORIALOGS, else .tools/bin/victoria-logs
// under the repository root.
func victoriaLogsBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a VictoriaLogs server; skipped in -short mode")
	}
	if p := os.Getenv("HUSH_VICTORIALOGS"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("HUSH_VICTORIALOGS: %v", err)
		}
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module github.com/hushlog/hush\n")) {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("VictoriaLogs not found: repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, ".tools", "bin", "victoria-logs")
	if _, err := os.Stat(p); err != nil {
		t.Skip("VictoriaLogs not installed: run scripts/install-victorialogs.sh or set HUSH_VICTORIALOGS")
	}
	return p
}

// victoriaLogs is one VictoriaLogs server process on 127.0.0.1.
type victoriaLogs struct {
	t       *testing.T
	bin     string
	dataDir string
	addr    string // host:port

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	logs bytes.Buffer
}

func startVictoriaLogs(t *testing.T) *victoriaLogs {
	t.Helper()
	v := &victoriaLogs{t: t, bin: victoriaLogsBinary(t), dataDir: t.TempDir()}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	v.addr = l.Addr().String()
	l.Close()
	if err := v.start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		v.stop()
		if t.Failed() {
			t.Logf("VictoriaLogs output:\n%s", v.output())
		}
	})
	return v
}

func (v *victoriaLogs) url() string { return "http://" + v.addr }

func (v *victoriaLogs) output() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.logs.String()
}

type lockedWriter struct{ v *victoriaLogs }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.v.mu.Lock()
	defer w.v.mu.Unlock()
	return w.v.logs.Write(p)
}

// start runs the server on v.addr and v.dataDir and waits until /health answers OK.
func (v *victoriaLogs) start() error {
	cmd := exec.Command(v.bin,
		"-storageDataPath="+v.dataDir,
		"-httpListenAddr="+v.addr,
		"-loggerLevel=WARN",
		"-retentionPeriod=30d",
	)
	cmd.Stdout, cmd.Stderr = lockedWriter{v}, lockedWriter{v}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting VictoriaLogs: %w", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	v.mu.Lock()
	v.cmd, v.done = cmd, done
	v.mu.Unlock()

	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, err := http.Get(v.url() + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-done:
			return fmt.Errorf("VictoriaLogs exited during start-up:\n%s", v.output())
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("VictoriaLogs not ready on %s after 20s", v.addr)
		}
	}
}

// stop sends SIGTERM (a graceful shutdown that persists what was acknowledged) and waits up to
// 15 s before killing the process.
func (v *victoriaLogs) stop() {
	v.mu.Lock()
	cmd, done := v.cmd, v.done
	v.cmd = nil
	v.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		v.t.Errorf("VictoriaLogs did not stop within 15s of SIGTERM")
	}
}

// ids returns how often each record.id is stored, after making recent data searchable.
func (v *victoriaLogs) ids(ctx context.Context) map[string]int {
	v.t.Helper()
	resp, err := http.Get(v.url() + "/internal/force_flush")
	if err != nil {
		v.t.Fatal(err)
	}
	resp.Body.Close()
	q := url.Values{"query": {`* | fields record.id`}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, v.url()+"/select/logsql/query", strings.NewReader(q.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		v.t.Fatalf("LogsQL query: status %d: %s", resp.StatusCode, body)
	}
	counts := map[string]int{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row struct {
			ID string `json:"record.id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			v.t.Fatalf("LogsQL row %q: %v", sc.Text(), err)
		}
		counts[row.ID]++
	}
	if err := sc.Err(); err != nil {
		v.t.Fatal(err)
	}
	return counts
}

// victoriaLogsConfig is the sink configuration for VictoriaLogs' Elasticsearch bulk endpoint.
func victoriaLogsConfig(v *victoriaLogs) Config {
	cfg := DefaultConfig()
	cfg.URLs = []string{v.url() + "/insert/elasticsearch"}
	cfg.QueryParams = map[string]string{
		"_msg_field":     "message",
		"_time_field":    "@timestamp",
		"_stream_fields": "gen_ai.provider.name",
	}
	cfg.Timeout = 5 * time.Second
	return cfg
}

// liveItems returns n records dated now (VictoriaLogs drops records outside its retention).
func liveItems(prefix string, n int) []pipeline.Item {
	now := time.Now().UTC()
	items := make([]pipeline.Item, n)
	for i := range items {
		id := fmt.Sprintf("%s%08d", prefix, i)
		items[i] = pipeline.Item{ID: id, Data: fmt.Appendf(nil,
			`{"@timestamp":%q,"record.id":%q,"message":"POST /v1/chat/completions 200","gen_ai.provider.name":"openai","gen_ai.request.model":"gpt-4o","gen_ai.usage.input_tokens":%d,"gen_ai.input.messages":[{"role":"user","content":"summarise ticket %d for [REDACTED:EMAIL_ADDRESS]"}]}`,
			now.Add(time.Duration(i)*time.Microsecond).Format(time.RFC3339Nano), id, 100+i%900, i)}
	}
	return items
}

func TestVictoriaLogsRoundTrip(t *testing.T) {
	v := startVictoriaLogs(t)
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			cfg := victoriaLogsConfig(v)
			cfg.Gzip = gz
			cfg.MaxBatchBytes = 64 << 10 // several requests per Write
			s, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(context.Background())
			prefix := fmt.Sprintf("rt%v-", gz)
			items := liveItems(prefix, 20000)
			size := 0
			for _, it := range items {
				size += len(it.Data)
			}
			start := time.Now()
			for i := 0; i < len(items); i += 1000 {
				if err := s.Write(context.Background(), items[i:i+1000]); err != nil {
					t.Fatalf("Write: %v", err)
				}
			}
			elapsed := time.Since(start)
			t.Logf("VictoriaLogs accepted %d records (%.1f MB) in %s: %.0f records/s, %.1f MB/s",
				len(items), float64(size)/1e6, elapsed.Round(time.Millisecond),
				float64(len(items))/elapsed.Seconds(), float64(size)/1e6/elapsed.Seconds())
			got := v.ids(context.Background())
			for _, it := range items {
				if got[it.ID] != 1 {
					t.Fatalf("record %s stored %d times, want once", it.ID, got[it.ID])
				}
			}
		})
	}
}

// TestVictoriaLogsOutage stops the server under load with SIGTERM, keeps writing while it is
// down, restarts it on the same data directory and port, and retries (as the router does: only
// the items a Write did not confirm) until every record is accepted. Every record must then be
// stored; VictoriaLogs does not deduplicate by _id, so duplicates are counted and reported.
func TestVictoriaLogsOutage(t *testing.T) {
	v := startVictoriaLogs(t)
	cfg := victoriaLogsConfig(v)
	cfg.Timeout = 2 * time.Second
	cfg.MaxBatchBytes = 128 << 10
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())

	const total, batch = 60000, 1000
	items := liveItems("out-", total)
	var (
		confirmed       atomic.Int64
		outage          = make(chan struct{})
		restarted       = make(chan error, 1)
		failedWrites    int
		retriedItems    int
		permanentErrors []error
	)
	// The outage runs beside the writes. A test that fails early cancels it and waits for it,
	// so that the server's own cleanup never races a restart.
	abort := make(chan struct{})
	outageDone := make(chan struct{})
	go func() {
		defer close(outageDone)
		select {
		case <-outage:
		case <-abort:
			restarted <- errors.New("outage aborted")
			return
		}
		v.stop()
		// Stay down for two seconds of writes that all fail.
		select {
		case <-time.After(2 * time.Second):
		case <-abort:
		}
		restarted <- v.start()
	}()
	t.Cleanup(func() { close(abort); <-outageDone })

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	start := time.Now()
	pending := items
	outageStarted := false
	for len(pending) > 0 {
		if ctx.Err() != nil {
			t.Fatalf("%d records still unconfirmed after 45s", len(pending))
		}
		if !outageStarted && confirmed.Load() >= total/3 {
			outageStarted = true
			close(outage)
		}
		n := min(batch, len(pending))
		err := s.Write(ctx, pending[:n])
		var pe *pipeline.PartialError
		switch {
		case err == nil:
			confirmed.Add(int64(n))
			pending = pending[n:]
			continue
		case errors.As(err, &pe):
			var keep []pipeline.Item
			for i := range n {
				if e, failed := pe.Failed[i]; failed {
					if pipeline.IsPermanent(e) {
						permanentErrors = append(permanentErrors, e)
						continue
					}
					keep = append(keep, pending[i])
				}
			}
			confirmed.Add(int64(n - len(pe.Failed)))
			retriedItems += len(keep)
			pending = append(keep, pending[n:]...)
		default:
			if pipeline.IsPermanent(err) {
				t.Fatalf("outage gave a permanent error: %v", err)
			}
			retriedItems += n
		}
		failedWrites++
		// Back off as the router would; the server is down or restarting.
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	elapsed := time.Since(start)
	if len(permanentErrors) > 0 {
		t.Fatalf("%d permanent errors, first: %v", len(permanentErrors), permanentErrors[0])
	}
	if !outageStarted {
		t.Fatal("the outage never started")
	}
	if err := <-restarted; err != nil {
		t.Fatal(err)
	}
	if failedWrites == 0 {
		t.Fatal("no Write failed during the outage; the test did not exercise it")
	}

	got := v.ids(context.Background())
	missing, duplicates, rows := 0, 0, 0
	for _, c := range got {
		rows += c
	}
	for _, it := range items {
		switch c := got[it.ID]; {
		case c == 0:
			missing++
		case c > 1:
			duplicates += c - 1
		}
	}
	t.Logf("outage: %d records in %s, %d failed Writes, %d item retries, %d stored rows, %d missing, %d duplicates (%.3f%%)",
		total, elapsed.Round(time.Millisecond), failedWrites, retriedItems, rows, missing, duplicates,
		100*float64(duplicates)/total)
	if missing > 0 {
		t.Fatalf("%d of %d records missing after the outage", missing, total)
	}
	// Only a request in flight when the server stopped can be stored without a confirmation.
	if duplicates > 2*batch {
		t.Fatalf("%d duplicates: more than the requests in flight at shutdown can explain", duplicates)
	}
}

// TestVictoriaLogsLostResponses puts a proxy in front of the server that forwards every third
// request and then drops the connection instead of returning the answer: the records are
// stored but never confirmed. Retrying only what a Write did not confirm must store every
// record, with duplicates exactly equal to the records of the lost answers.
func TestVictoriaLogsLostResponses(t *testing.T) {
	v := startVictoriaLogs(t)
	var (
		mu        sync.Mutex
		requests  int
		lostItems int
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, v.url()+r.URL.RequestURI(), bytes.NewReader(body))
		req.Header = r.Header.Clone()
		req.Header.Del("Accept-Encoding") // let the client decompress the answer
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		mu.Lock()
		requests++
		lose := requests%3 == 0 && resp.StatusCode == http.StatusOK
		if lose {
			lostItems += bytes.Count(body, []byte("\n")) / 2
		}
		mu.Unlock()
		if lose {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.WriteHeader(resp.StatusCode)
		w.Write(answer)
	}))
	t.Cleanup(proxy.Close)

	cfg := victoriaLogsConfig(v)
	cfg.URLs = []string{proxy.URL + "/insert/elasticsearch"}
	cfg.Gzip = false
	cfg.MaxBatchBytes = 32 << 10
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())

	const total = 5000
	items := liveItems("lost-", total)
	pending := items
	for attempts := 0; len(pending) > 0; attempts++ {
		if attempts > 1000 {
			t.Fatalf("%d records unconfirmed after 1000 Writes", len(pending))
		}
		n := min(500, len(pending))
		err := s.Write(context.Background(), pending[:n])
		var pe *pipeline.PartialError
		switch {
		case err == nil:
			pending = pending[n:]
		case errors.As(err, &pe):
			var keep []pipeline.Item
			for i := range n {
				if e, failed := pe.Failed[i]; failed {
					if pipeline.IsPermanent(e) {
						t.Fatalf("permanent error: %v", e)
					}
					keep = append(keep, pending[i])
				}
			}
			pending = append(keep, pending[n:]...)
		case pipeline.IsPermanent(err):
			t.Fatalf("permanent error: %v", err)
		}
	}
	got := v.ids(context.Background())
	duplicates := 0
	for _, it := range items {
		if got[it.ID] == 0 {
			t.Fatalf("record %s missing", it.ID)
		}
		duplicates += got[it.ID] - 1
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("lost answers: %d requests, %d records in lost answers, %d duplicates stored", requests, lostItems, duplicates)
	if lostItems == 0 || duplicates != lostItems {
		t.Fatalf("%d duplicates, want exactly the %d records whose answers were lost", duplicates, lostItems)
	}
}

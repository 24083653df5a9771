package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
)

// readDeadLetters returns the dead letters in dir by id.
func readDeadLetters(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := ReadDeadLetters(dir, func(id string, env []byte) error {
		out[id] = string(env)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSinkOutage runs a sink that fails whole batches, fails some items retryably, rejects
// some permanently and is down for a while: every spooled record is delivered or
// dead-lettered, none is missing, and duplicates are counted.
func TestSinkOutage(t *testing.T) {
	rnd := mrand.New(mrand.NewPCG(7, 7))
	var down atomic.Bool
	down.Store(true)
	sink := newMemSink()
	var calls atomic.Int64
	sink.fail = func(items []Item) error {
		calls.Add(1)
		if down.Load() {
			return errors.New("connection refused")
		}
		switch rnd.IntN(4) {
		case 0:
			return errors.New("503 service unavailable")
		case 1:
			failed := map[int]error{}
			for i, it := range items {
				switch {
				case strings.HasSuffix(it.ID, "7"):
					failed[i] = Permanent(errors.New("mapping conflict"))
				case rnd.IntN(3) == 0:
					failed[i] = errors.New("429 too many requests")
				}
			}
			return &PartialError{Failed: failed}
		}
		failed := map[int]error{}
		for i, it := range items {
			if strings.HasSuffix(it.ID, "7") {
				failed[i] = Permanent(errors.New("mapping conflict"))
			}
		}
		if len(failed) > 0 {
			return &PartialError{Failed: failed}
		}
		return nil
	}
	cfg := testConfig(t, NamedSink{Name: "flaky", Sink: sink})
	cfg.Retry = RetryConfig{MaxAttempts: 1000, BatchItems: 64}
	// the outage lasts until the router has backed off 20 times
	noticed, up := make(chan struct{}), make(chan struct{})
	var outageWaits atomic.Int64
	cfg.wait = func(ctx context.Context, d time.Duration) error {
		if down.Load() {
			if outageWaits.Add(1) == 20 {
				close(noticed)
			}
			if outageWaits.Load() >= 20 {
				<-up
			}
		}
		return ctx.Err()
	}
	var spooled recorder
	cfg.OnSpooled = spooled.add
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	secrets := newSecretGen(2)
	const n = 2000
	for i := range n {
		for !p.Offer(chatExchange(i, secrets.token())) {
			t.Fatalf("offer %d dropped", i)
		}
		if i == n/2 {
			<-noticed
			down.Store(false)
			close(up)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	ids, _ := sink.snapshot()
	dead := readDeadLetters(t, filepath.Join(cfg.Spool.Dir, "deadletter"))
	acked := spooled.list()
	if len(acked) != n {
		t.Fatalf("%d spooled, want %d", len(acked), n)
	}
	missing, dups := 0, 0
	for _, id := range acked {
		switch {
		case strings.HasSuffix(id, "7"):
			if _, ok := dead[id]; !ok || ids[id] != 0 {
				t.Fatalf("permanently failing record %s: delivered %d, dead-lettered %v", id, ids[id], ok)
			}
		case ids[id] == 0:
			missing++
		default:
			dups += ids[id] - 1
		}
	}
	if missing > 0 {
		t.Fatalf("%d records missing", missing)
	}
	t.Logf("%d records, %d dead letters, %d duplicates, %d sink calls", n, len(dead), dups, calls.Load())
	if dups != 0 {
		t.Fatalf("%d duplicates: only unconfirmed items may be retried", dups)
	}
	if got := testutil.ToFloat64(p.m.deadLetters.WithLabelValues("flaky")); int(got) != len(dead) {
		t.Fatalf("dead letter metric %v, want %d", got, len(dead))
	}
	for id, env := range dead {
		if !strings.Contains(env, `"record":{"@timestamp"`) || !strings.Contains(env, `"permanent":true`) ||
			!strings.Contains(env, id) {
			t.Fatalf("dead letter %s malformed", id)
		}
	}
}

func TestPoisonAfterMaxAttempts(t *testing.T) {
	sink := newMemSink()
	sink.fail = func(items []Item) error {
		failed := map[int]error{}
		for i, it := range items {
			if bytes.Contains(it.Data, []byte(`"url.path":"/poison"`)) {
				failed[i] = errors.New("always 500")
			}
		}
		return &PartialError{Failed: failed}
	}
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.Retry = RetryConfig{MaxAttempts: 3}
	var waited []time.Duration
	var mu sync.Mutex
	cfg.wait = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waited = append(waited, d)
		mu.Unlock()
		return nil
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		x := chatExchange(i, "x")
		if i%5 == 0 {
			x.Path = "/poison"
		}
		p.Offer(x)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids, _ := sink.snapshot()
	dead := readDeadLetters(t, filepath.Join(cfg.Spool.Dir, "deadletter"))
	if len(ids) != 40 || len(dead) != 10 {
		t.Fatalf("%d delivered + %d dead, want 50", len(ids), len(dead))
	}
	for _, env := range dead {
		if !strings.Contains(env, `"attempts":3`) || !strings.Contains(env, `"permanent":false`) {
			t.Fatal("dead letter does not record 3 retryable attempts")
		}
	}
	// backoff grows: 200ms then 400ms, ±20%
	for i := 0; i+1 < len(waited); i += 2 {
		if waited[i] < 160*time.Millisecond || waited[i] > 240*time.Millisecond ||
			waited[i+1] < 320*time.Millisecond || waited[i+1] > 480*time.Millisecond {
			t.Fatalf("backoffs %v not exponential with jitter", waited[i:i+2])
		}
	}
}

// gatedRedactor blocks until the gate closes, then redacts with the engine.
type gatedRedactor struct {
	e    *redact.Engine
	gate chan struct{}
}

func (g gatedRedactor) RedactJSON(sc *redact.Scope, doc []byte) ([]byte, []redact.Finding, error) {
	<-g.gate
	return g.e.RedactJSON(sc, doc)
}

func (g gatedRedactor) AppendRedactJSON(dst []byte, sc *redact.Scope, doc []byte) ([]byte, []redact.Finding, error) {
	<-g.gate
	return g.e.AppendRedactJSON(dst, sc, doc)
}

func (g gatedRedactor) RedactScope(sc *redact.Scope, text []byte) ([]byte, []redact.Finding) {
	<-g.gate
	return g.e.RedactScope(sc, text)
}

func TestFullQueueNeverBlocksAndCountsDrops(t *testing.T) {
	gate := make(chan struct{})
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.redactor = gatedRedactor{e: testEngine(t), gate: gate}
	cfg.Engine = nil
	cfg.QueueBytes = 1 << 20
	cfg.Workers = 1
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mk := func() *record.Exchange {
		return &record.Exchange{Method: "POST", Path: "/v1/x", RequestBody: make([]byte, 100_000)}
	}
	per := int64(mk().Size())
	capacity := int((1 << 20) / per)
	// 4 goroutines offer 100 each; the queue holds `capacity` (the one being redacted
	// still counts until it is done), the rest is dropped at once
	var accepted, refused atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if p.Offer(mk()) {
					accepted.Add(1)
				} else {
					refused.Add(1)
				}
			}
		}()
	}
	wg.Wait() // returns only because Offer never waits for the blocked worker
	if int(accepted.Load()) != capacity {
		t.Fatalf("accepted %d, want %d", accepted.Load(), capacity)
	}
	if got := testutil.ToFloat64(p.m.dropQueueFull); int64(got) != refused.Load() || refused.Load() != 400-int64(capacity) {
		t.Fatalf("drops counted %v, refused %d", got, refused.Load())
	}
	if q := p.q.bytes.Load(); q > cfg.QueueBytes {
		t.Fatalf("queue holds %d bytes over its cap", q)
	}
	close(gate)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ids, _ := sink.snapshot(); len(ids) != capacity {
		t.Fatalf("delivered %d, want %d", len(ids), capacity)
	}
}

func TestBlockPolicyWaitsForRoom(t *testing.T) {
	gate := make(chan struct{})
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.redactor = gatedRedactor{e: testEngine(t), gate: gate}
	cfg.QueueBytes = 1 << 20
	cfg.QueuePolicy = BlockWhenFull
	cfg.Workers = 1
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mk := func() *record.Exchange { return &record.Exchange{Method: "GET", RequestBody: make([]byte, 300_000)} }
	for range 3 {
		if !p.Offer(mk()) {
			t.Fatal("refused with room left")
		}
	}
	done := make(chan bool)
	go func() { done <- p.Offer(mk()) }()
	select {
	case <-done:
		t.Fatal("Offer did not wait under the block policy")
	default:
	}
	close(gate)
	if !<-done {
		t.Fatal("blocked Offer refused after room was made")
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ids, _ := sink.snapshot(); len(ids) != 4 {
		t.Fatalf("delivered %d, want 4", len(ids))
	}
}

// failingRedactor panics on paths containing "panic" and hangs on "hang".
type failingRedactor struct {
	e      *redact.Engine
	hang   chan struct{}
	panics atomic.Int64
}

func (f *failingRedactor) check(b []byte) {
	if strings.Contains(string(b), "/panic") {
		f.panics.Add(1)
		panic("detector bug near " + string(b)) // content in the panic value must not leak
	}
	if strings.Contains(string(b), "/hang") {
		<-f.hang
	}
}

func (f *failingRedactor) RedactJSON(sc *redact.Scope, doc []byte) ([]byte, []redact.Finding, error) {
	f.check(doc)
	return f.e.RedactJSON(sc, doc)
}

func (f *failingRedactor) AppendRedactJSON(dst []byte, sc *redact.Scope, doc []byte) ([]byte, []redact.Finding, error) {
	f.check(doc)
	return f.e.AppendRedactJSON(dst, sc, doc)
}

func (f *failingRedactor) RedactScope(sc *redact.Scope, text []byte) ([]byte, []redact.Finding) {
	f.check(text)
	return f.e.RedactScope(sc, text)
}

func TestRedactionFailureFailsClosed(t *testing.T) {
	fr := &failingRedactor{e: testEngine(t), hang: make(chan struct{})}
	released := false
	defer func() {
		if !released {
			close(fr.hang)
		}
	}()
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.redactor = fr
	cfg.RedactionTimeout = 50 * time.Millisecond
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	secrets := newSecretGen(3)
	paths := map[string]string{"/panic": "panic", "/hang": "timeout", "/ok": ""}
	byDuration := map[int64]string{} // the duration identifies a record: it survives failure
	i := 0
	for path, want := range paths {
		x := chatExchange(i, secrets.token())
		x.Path = path + "/" + secrets.token()
		x.Duration = time.Duration(i+1) * time.Second
		x.RequestModel = "gpt-4o-" + secrets.token()
		byDuration[int64(x.Duration)] = want
		p.Offer(x)
		i++
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, docs := sink.snapshot()
	if len(docs) != 3 {
		t.Fatalf("%d records, want 3 (failures keep metadata)", len(docs))
	}
	for _, doc := range docs {
		if k := secrets.find(doc); k >= 0 {
			t.Fatalf("secret #%d stored after a redaction failure", k)
		}
		r, err := record.Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := byDuration[r.Duration]
		if !ok || r.RedactionFailed != (want != "") || r.RedactionError != want {
			t.Fatalf("record %d: failed=%v reason=%q, want %q", r.Duration, r.RedactionFailed, r.RedactionError, want)
		}
		if want != "" && (r.Path != "" || r.RequestBody != "" || r.RequestHeaders != nil || r.Status != 200 ||
			r.RequestModel != "" || r.TraceID != "" || r.UserID == "" || r.Method != "POST") {
			t.Fatalf("failed record kept content or lost metadata: %s", doc)
		}
		if want == "" && (r.RequestModel != "gpt-4o-[REDACTED:DEMO_TOKEN]" || r.TraceID == "") {
			t.Fatalf("model %q, trace %q: identifier metadata must be scanned, not dropped", r.RequestModel, r.TraceID)
		}
	}
	for reason, n := range map[string]float64{"panic": 1, "timeout": 1} {
		if got := testutil.ToFloat64(p.m.failed.WithLabelValues(reason)); got != n {
			t.Fatalf("redaction_failed{%s} = %v", reason, got)
		}
	}
	// the hung redaction still holds its exchange: it stays counted against the queue cap
	if got := testutil.ToFloat64(p.m.stuck); got != 1 || p.q.bytes.Load() == 0 {
		t.Fatalf("stuck = %v, queue bytes = %d: a hung exchange must stay counted", got, p.q.bytes.Load())
	}
	released = true
	close(fr.hang)
}

func TestCloseDeadlineDropsQueuedAndKeepsSpool(t *testing.T) {
	gate := make(chan struct{})
	defer close(gate)
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.redactor = gatedRedactor{e: testEngine(t), gate: gate}
	cfg.Workers = 1
	cfg.RedactionTimeout = 20 * time.Millisecond
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := range n {
		if !p.Offer(chatExchange(i, "x")) {
			t.Fatal("refused")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Close(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Close = %v, want context.Canceled", err)
	}
	st := p.Stats()
	failed := st.RedactionFailed["timeout"]
	if st.Dropped[DropShutdown]+st.Spooled != n || st.Dropped[DropShutdown] == 0 || failed != st.Spooled {
		t.Fatalf("stats %+v: every exchange must be spooled (fail closed) or dropped as shutdown", st)
	}
	// what was spooled but not delivered is delivered after a restart
	sink2 := newMemSink()
	cfg.Sinks = []NamedSink{{Name: "s", Sink: sink2}}
	cfg.redactor = nil
	cfg.Engine = testEngine(t)
	p2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := p2.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids1, _ := sink.snapshot()
	ids2, _ := sink2.snapshot()
	for id := range ids2 {
		ids1[id]++
	}
	if uint64(len(ids1)) != st.Spooled {
		t.Fatalf("delivered %d distinct records across the restart, spooled %d", len(ids1), st.Spooled)
	}
}

func TestStats(t *testing.T) {
	sink := newMemSink()
	p, err := New(testConfig(t, NamedSink{Name: "mem", Sink: sink}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		p.Offer(chatExchange(i, "x"))
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.Offer(chatExchange(0, "x"))
	st := p.Stats()
	if st.Offered != 11 || st.Redacted != 10 || st.Spooled != 10 || st.Dropped[DropClosed] != 1 ||
		st.Sinks["mem"].Delivered != 10 || st.Sinks["mem"].LagBytes != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := testConfig(t, NamedSink{Name: "a", Sink: newMemSink()})
	cases := []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) {}, ""},
		{func(c *Config) { c.Engine = nil }, "pipeline: engine: required"},
		{func(c *Config) { c.QueueBytes = 10 }, "queue.max_bytes: must be at least 1MiB (got 10)"},
		{func(c *Config) { c.Workers = -1 }, "workers: must be between 1 and 1024 (got -1)"},
		{func(c *Config) { c.Sinks = nil }, "sinks: at least one sink is required"},
		{func(c *Config) { c.Sinks = append(c.Sinks, c.Sinks[0]) }, `sinks[1]: name "a": duplicate`},
		{func(c *Config) { c.Sinks[0].Name = "A b" }, `sinks[0]: name "A b": use lower-case letters, digits, '-' or '_'`},
		{func(c *Config) { c.Retry.Jitter = 2 }, "retry.jitter: must be between 0 and 1 (got 2)"},
		{func(c *Config) { c.Spool.Dir = "" }, "spool.dir: required"},
		{func(c *Config) { c.Sinks[0].Retry = &RetryConfig{MaxAttempts: -1} }, "sinks[0]: a: retry.max_attempts: must be at least 1 (got -1)"},
	}
	for _, c := range cases {
		cfg := ok
		cfg.Sinks = append([]NamedSink(nil), ok.Sinks...)
		c.mod(&cfg)
		err := cfg.Validate()
		if got := fmt.Sprint(err); (err == nil) != (c.want == "") || (err != nil && got != c.want) {
			t.Errorf("Validate = %v, want %q", err, c.want)
		}
	}
}

// panicSink panics on its first writes, then accepts.
type panicSink struct {
	*memSink
	left int
}

func (p *panicSink) Write(ctx context.Context, items []Item) error {
	if p.left > 0 {
		p.left--
		panic("sink bug")
	}
	return p.memSink.Write(ctx, items)
}

func TestSinkPanicIsRetried(t *testing.T) {
	sink := &panicSink{memSink: newMemSink(), left: 3}
	cfg := testConfig(t, NamedSink{Name: "p", Sink: sink})
	cfg.wait = func(context.Context, time.Duration) error { return nil }
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		p.Offer(chatExchange(i, "x"))
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ids, _ := sink.snapshot(); len(ids) != 20 {
		t.Fatalf("delivered %d, want 20", len(ids))
	}
	if st := p.Stats(); st.Sinks["p"].Retries == 0 {
		t.Fatal("panics not counted as retries")
	}
}

func TestSpoolDirLocked(t *testing.T) {
	dir := t.TempDir()
	s, _, err := OpenSpool(SpoolConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenSpool(SpoolConfig{Dir: dir}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	s.Close()
	s2, _, err := OpenSpool(SpoolConfig{Dir: dir})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	s2.Close()
}

func TestHeaderPolicy(t *testing.T) {
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.SecretHeaders = []string{"X-Tenant-Pin"}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	secrets := newSecretGen(9)
	x := chatExchange(0, secrets.token())
	x.RequestHeader = http.Header{
		"Authorization":     {"Bearer " + secrets.token()},
		"Cookie":            {"session=" + secrets.token()},
		"X-Api-Key":         {secrets.token()},
		"Anthropic-Version": {"2023-06-01"},
		"X-Tenant-Pin":      {"8841"},
		"X-Note":            {"call me, passwd=" + secrets.token()},
		"Accept":            {"application/json", "text/event-stream"},
	}
	p.Offer(x)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, docs := sink.snapshot()
	if len(docs) != 1 {
		t.Fatalf("%d records", len(docs))
	}
	for _, doc := range docs {
		if k := secrets.find(doc); k >= 0 {
			t.Fatalf("secret #%d stored", k)
		}
		r, err := record.Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"Authorization":     secretValue,
			"Cookie":            secretValue,
			"X-Api-Key":         secretValue,
			"X-Tenant-Pin":      secretValue,
			"Anthropic-Version": "2023-06-01",
			"X-Note":            "call me, passwd=[REDACTED:PASSWORD]",
			"Accept":            "application/json, text/event-stream",
		}
		for k, v := range want {
			if r.RequestHeaders[k] != v {
				t.Errorf("header %s = %q, want %q", k, r.RequestHeaders[k], v)
			}
		}
	}
}

func TestBadCursorRedelivers(t *testing.T) {
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		p.Offer(chatExchange(i, "x"))
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfg.Spool.Dir, "cursors", "s"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	sink2 := newMemSink()
	cfg.Sinks = []NamedSink{{Name: "s", Sink: sink2}}
	p2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rec := p2.Recovery(); len(rec.CursorResets) != 1 || rec.CursorResets[0] != "s" {
		t.Fatalf("recovery = %+v", rec)
	}
	if err := p2.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ids, _ := sink2.snapshot(); len(ids) != 5 {
		t.Fatalf("redelivered %d, want 5", len(ids))
	}
}

// pipelineGoroutines counts goroutines running pipeline code.
func pipelineGoroutines() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "hush/pipeline.") && !strings.Contains(g, "pipelineGoroutines") &&
			!strings.Contains(g, "testing.tRunner") {
			n++
		}
	}
	return n
}

// settle yields until pipelineGoroutines reports at most want, or gives up.
func settle(want int) int {
	n := pipelineGoroutines()
	for i := 0; n > want && i < 10000; i++ {
		runtime.Gosched()
		n = pipelineGoroutines()
	}
	return n
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	if n := settle(0); n > 0 {
		t.Skipf("%d pipeline goroutines from earlier tests still running", n)
	}
	p, err := New(testConfig(t, NamedSink{Name: "s", Sink: newMemSink()}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		p.Offer(chatExchange(i, "x"))
	}
	if running := pipelineGoroutines(); running == 0 {
		t.Fatal("goroutine accounting sees nothing while the pipeline runs")
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := settle(0); n > 0 {
		t.Fatalf("%d pipeline goroutines left after Close", n)
	}
}

func TestSpoolReclaimedAfterEverySinkPassed(t *testing.T) {
	fast, slow := newMemSink(), newMemSink()
	gate := make(chan struct{})
	slow.fail = func([]Item) error {
		<-gate // the slow sink holds the spool until the gate opens
		return nil
	}
	cfg := testConfig(t, NamedSink{Name: "fast", Sink: fast}, NamedSink{Name: "slow", Sink: slow})
	cfg.Spool.SegmentBytes = 8192
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		p.Offer(chatExchange(i, "x"))
	}
	for {
		if ids, _ := fast.snapshot(); len(ids) == 200 {
			break
		}
		<-fast.notify
	}
	segs := func() int {
		m, _ := filepath.Glob(filepath.Join(cfg.Spool.Dir, "*.seg"))
		return len(m)
	}
	if n := segs(); n < 10 {
		t.Fatalf("%d segments while the slow sink lags, want them kept", n)
	}
	close(gate)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := segs(); n > 1 {
		t.Fatalf("%d segments left after every sink passed them, want at most the last", n)
	}
}

func TestSpoolFullDropsNewAndCounts(t *testing.T) {
	gate := make(chan struct{})
	sink := newMemSink()
	sink.fail = func([]Item) error {
		<-gate
		return nil
	}
	cfg := testConfig(t, NamedSink{Name: "s", Sink: sink})
	cfg.Spool.SegmentBytes = 4096
	cfg.Spool.MaxBytes = 8192
	var spooled recorder
	cfg.OnSpooled = spooled.add
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const n = 100
	for i := range n {
		p.Offer(chatExchange(i, "x"))
	}
	// wait until every exchange is either spooled or dropped
	for {
		st := p.Stats()
		if st.Spooled+st.Dropped[DropSpoolFull] == n {
			break
		}
		runtime.Gosched()
	}
	close(gate)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if st.Dropped[DropSpoolFull] == 0 || st.Spooled == n {
		t.Fatalf("stats %+v: the cap must drop new records", st)
	}
	ids, _ := sink.snapshot()
	for _, id := range spooled.list() {
		if ids[id] == 0 {
			t.Fatal("an acknowledged record was not delivered")
		}
	}
	if uint64(len(ids)) != st.Spooled {
		t.Fatalf("delivered %d, spooled %d", len(ids), st.Spooled)
	}
}

func TestPerSinkRetryOverride(t *testing.T) {
	strict, lenient := newMemSink(), newMemSink()
	var lenientCalls atomic.Int64
	fail := errors.New("503")
	strict.fail = func([]Item) error { return fail }
	lenient.fail = func([]Item) error {
		if lenientCalls.Add(1) < 3 {
			return fail
		}
		return nil
	}
	cfg := testConfig(t,
		NamedSink{Name: "strict", Sink: strict, Retry: &RetryConfig{MaxAttempts: 1}},
		NamedSink{Name: "lenient", Sink: lenient})
	cfg.wait = func(context.Context, time.Duration) error { return nil }
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p.Offer(chatExchange(0, "x"))
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if st.Sinks["strict"].DeadLetters != 1 || st.Sinks["lenient"].Delivered != 1 || st.Sinks["lenient"].DeadLetters != 0 {
		t.Fatalf("stats = %+v", st.Sinks)
	}
}

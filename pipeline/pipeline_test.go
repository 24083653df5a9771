package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// testRules is a small deterministic rule set: the built-in rules are not under test here.
func testRules() []rules.Rule {
	return []rules.Rule{
		{ID: "demo-token", Type: "DEMO_TOKEN", Category: rules.Secret, Keywords: []string{"dmo_"},
			Match: rules.Token("dmo_", rules.TokenOpts{Min: 10, Max: 40, Body: rules.AlNum})},
		{ID: "demo-secret", Type: "PASSWORD", Category: rules.Secret, Keywords: []string{"secret", "passwd"},
			Match: rules.Value(rules.ValueOpts{Min: 6, Max: 64, Chars: rules.NewSet("!#-&(-~"), RequireAssign: true})},
	}
}

func testEngine(t testing.TB) *redact.Engine {
	t.Helper()
	e, err := redact.New(redact.Config{Rules: testRules()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// memSink records what it is given. It is safe for concurrent inspection.
type memSink struct {
	mu     sync.Mutex
	ids    map[string]int // id → deliveries
	docs   map[string][]byte
	order  []string
	closed bool
	fail   func(items []Item) error // nil: accept all
	notify chan struct{}
}

var _ Sink = (*memSink)(nil)

func newMemSink() *memSink {
	return &memSink{ids: map[string]int{}, docs: map[string][]byte{}, notify: make(chan struct{}, 1)}
}

func (s *memSink) Write(_ context.Context, items []Item) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.fail != nil {
		err = s.fail(items)
	}
	var pe *PartialError
	if err != nil && !errors.As(err, &pe) {
		return err
	}
	for i, it := range items {
		if pe != nil && pe.Failed[i] != nil {
			continue
		}
		s.ids[it.ID]++
		s.docs[it.ID] = append([]byte(nil), it.Data...)
		s.order = append(s.order, it.ID)
	}
	select {
	case s.notify <- struct{}{}:
	default:
	}
	return err
}

func (s *memSink) Close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

func (s *memSink) snapshot() (ids map[string]int, docs map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids = make(map[string]int, len(s.ids))
	for k, v := range s.ids {
		ids[k] = v
	}
	docs = make(map[string][]byte, len(s.docs))
	for k, v := range s.docs {
		docs[k] = v
	}
	return ids, docs
}

// recorder collects OnSpooled ids.
type recorder struct {
	mu  sync.Mutex
	ids []string
}

func (r *recorder) add(id string) {
	r.mu.Lock()
	r.ids = append(r.ids, id)
	r.mu.Unlock()
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}

func testConfig(t testing.TB, sinks ...NamedSink) Config {
	return Config{
		Engine:  testEngine(t),
		Spool:   SpoolConfig{Dir: t.TempDir(), Fsync: FsyncNever},
		Sinks:   sinks,
		Retry:   RetryConfig{InitialBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond},
		Workers: 2,
	}
}

// secretGen makes synthetic secrets that the test rules detect, and finds them again. It
// never prints them: failures name a secret by its index.
type secretGen struct {
	rnd  *mrand.Rand
	made []string
}

func newSecretGen(seed uint64) *secretGen {
	return &secretGen{rnd: mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *secretGen) token() string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("dmo_")
	for range 24 {
		b = append(b, alnum[g.rnd.IntN(len(alnum))])
	}
	s := string(b)
	g.made = append(g.made, s)
	return s
}

// find returns the index of a secret that occurs in data (or in its body without the
// prefix), or -1.
func (g *secretGen) find(data []byte) int {
	for i, s := range g.made {
		if bytes.Contains(data, []byte(s[4:])) {
			return i
		}
	}
	return -1
}

func chatExchange(i int, secret string) *record.Exchange {
	body := fmt.Sprintf(`{"model":"gpt-4o","messages":[{"role":"user","content":"request %d uses key %s"}]}`, i, secret)
	return &record.Exchange{
		Method:         "POST",
		Path:           "/v1/chat/completions",
		Status:         200,
		RequestHeader:  http.Header{"Authorization": {"Bearer " + secret}, "Content-Type": {"application/json"}},
		ResponseHeader: http.Header{"Content-Type": {"application/json"}},
		RequestBody:    []byte(body),
		ResponseBody:   []byte(`{"choices":[{"message":{"role":"assistant","content":"ok passwd=` + secret + `"}}]}`),
		Start:          time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		Duration:       time.Second,
		ClientAddress:  "10.0.0.7:51234",
		UserID:         "alice",
		TraceID:        "4bf92f3577b34da6a3ce929d0e0e4736",
		RequestModel:   "gpt-4o",
	}
}

func TestPipelineEndToEnd(t *testing.T) {
	sink := newMemSink()
	cfg := testConfig(t, NamedSink{Name: "mem", Sink: sink})
	reg := prometheus.NewRegistry()
	cfg.Registerer = reg
	var spooled recorder
	cfg.OnSpooled = spooled.add
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const n = 300
	secrets := newSecretGen(1)
	for i := range n {
		if !p.Offer(chatExchange(i, secrets.token())) {
			t.Fatalf("offer %d refused", i)
		}
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids, docs := sink.snapshot()
	if len(ids) != n {
		t.Fatalf("sink got %d records, want %d", len(ids), n)
	}
	for _, id := range spooled.list() {
		if ids[id] != 1 {
			t.Fatalf("record %s delivered %d times", id, ids[id])
		}
	}
	for id, doc := range docs {
		r, err := record.Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		if r.ID != id || r.RedactionFailed || r.Method != "POST" || r.Status != 200 {
			t.Fatalf("bad record %s", doc)
		}
		if r.RequestHeaders["Authorization"] != secretValue {
			t.Fatal("authorization header not redacted by policy")
		}
		if r.Findings["DEMO_TOKEN"] != 1 || r.Findings["PASSWORD"] != 1 {
			t.Fatalf("findings = %v", r.Findings)
		}
		if leaked := secrets.find(doc); leaked >= 0 || strings.Contains(string(doc), "alice") ||
			strings.Contains(string(doc), "10.0.0.7") {
			t.Fatalf("a raw value (secret #%d) reached the sink", leaked)
		}
		if !strings.HasPrefix(r.ClientAddress, "[HMAC:CLIENT_ADDRESS:ephemeral:") {
			t.Fatalf("client address not pseudonymised: %q", r.ClientAddress)
		}
	}
	if !sink.closed {
		t.Fatal("sink not closed")
	}
	if got := testutil.ToFloat64(p.m.offered); got != n {
		t.Fatalf("offered = %v", got)
	}
	if got := testutil.ToFloat64(p.m.findings.WithLabelValues("DEMO_TOKEN")); got != n {
		t.Fatalf("findings metric = %v", got)
	}
	if p.Offer(chatExchange(0, "x")) {
		t.Fatal("offer accepted after Close")
	}
	if got := testutil.ToFloat64(p.m.dropClosed); got != 1 {
		t.Fatalf("closed drops = %v", got)
	}
}

// TestBackgroundHook checks that Config.Background runs once on every goroutine that
// redacts or encodes: two workers and their two redaction goroutines.
func TestBackgroundHook(t *testing.T) {
	var calls atomic.Int32
	cfg := testConfig(t, NamedSink{Name: "mem", Sink: newMemSink()})
	cfg.Background = func() { calls.Add(1) }
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p.Offer(chatExchange(1, "x"))
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 4 {
		t.Fatalf("Background ran %d times, want 4 (2 workers, 2 redaction goroutines)", n)
	}
}

package pipeline

import (
	"bytes"
	"context"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
)

func benchExchange() *record.Exchange {
	x := &record.Exchange{
		Method:         "POST",
		Path:           "/v1/chat/completions",
		Status:         200,
		RequestHeader:  http.Header{"Authorization": {"Bearer x"}, "Content-Type": {"application/json"}, "User-Agent": {"openai-go/1.0"}},
		ResponseHeader: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_1"}},
		RequestBody:    make([]byte, 4096),
		ResponseBody:   make([]byte, 1024),
		Start:          time.Now(),
	}
	x.HeaderBytes = record.HeaderSize(x.RequestHeader) + record.HeaderSize(x.ResponseHeader)
	return x
}

// offerOnly builds the Offer path alone: queue and metrics, with a consumer that takes
// exchanges off the queue and gives their bytes back.
func offerOnly(b *testing.B, drain bool) *Pipeline {
	p := &Pipeline{q: newQueue(DefaultQueueBytes, DropWhenFull), m: newMetrics()}
	if drain {
		go func() {
			for x := range p.q.ch {
				p.q.release(int64(x.Size()))
			}
		}()
	}
	b.Cleanup(p.q.close)
	return p
}

// BenchmarkOffer measures the request-path cost of handing over one exchange.
func BenchmarkOffer(b *testing.B) {
	x := benchExchange()
	b.Run("accepted", func(b *testing.B) {
		p := offerOnly(b, true)
		b.ReportAllocs()
		for b.Loop() {
			p.Offer(x)
		}
	})
	b.Run("dropped-full", func(b *testing.B) {
		p := offerOnly(b, false)
		for p.Offer(x) {
		}
		b.ReportAllocs()
		for b.Loop() {
			if p.Offer(x) {
				b.Fatal("accepted while full")
			}
		}
	})
	b.Run("accepted-uncounted-headers", func(b *testing.B) {
		p := offerOnly(b, true)
		x := benchExchange()
		x.HeaderBytes = 0 // Offer walks the header maps
		b.ReportAllocs()
		for b.Loop() {
			p.Offer(x)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		p := offerOnly(b, true)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				p.Offer(x)
			}
		})
	})
}

func TestOfferAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	p := &Pipeline{q: newQueue(DefaultQueueBytes, DropWhenFull), m: newMetrics()}
	x := benchExchange()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for x := range p.q.ch {
			p.q.release(int64(x.Size()))
		}
	}()
	if a := testing.AllocsPerRun(1000, func() { p.Offer(x) }); a > 0 {
		t.Fatalf("Offer allocates %v times", a)
	}
	p.q.close()
	<-done
}

// identity is a redactor that changes nothing: it isolates the pipeline's own cost.
type identity struct{}

func (identity) RedactJSON(_ *redact.Scope, doc []byte) ([]byte, []redact.Finding, error) {
	return doc, nil, nil
}

func (identity) AppendRedactJSON(dst []byte, _ *redact.Scope, doc []byte) ([]byte, []redact.Finding, error) {
	return append(dst, doc...), nil, nil
}

func (identity) RedactScope(_ *redact.Scope, text []byte) ([]byte, []redact.Finding) {
	return text, nil
}

// countSink accepts everything and counts.
type countSink struct{ n atomic.Int64 }

func (c *countSink) Write(_ context.Context, items []Item) error {
	c.n.Add(int64(len(items)))
	return nil
}

func (c *countSink) Close(context.Context) error { return nil }

// BenchmarkPipelineOverhead measures queue → worker → encode → spool → router → sink with a
// redactor that does nothing, i.e. everything the pipeline adds to redaction itself.
func BenchmarkPipelineOverhead(b *testing.B) {
	b.Run("timeout", func(b *testing.B) { benchOverhead(b, 0) })
	b.Run("no-timeout", func(b *testing.B) { benchOverhead(b, -1) })
}

func benchOverhead(b *testing.B, timeout time.Duration) {
	sink := &countSink{}
	cfg := Config{
		redactor:         identity{},
		Spool:            SpoolConfig{Dir: b.TempDir()},
		Sinks:            []NamedSink{{Name: "count", Sink: sink}},
		QueuePolicy:      BlockWhenFull,
		RedactionTimeout: timeout,
	}
	p, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	body := bytes.Repeat([]byte(`{"role":"user","content":"hello there, how are you"},`), 80)
	x0 := benchExchange()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		x := *x0
		x.RequestBody = body
		p.Offer(&x)
	}
	if err := p.Close(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/record")
	if sink.n.Load() != int64(b.N) {
		b.Fatalf("delivered %d of %d", sink.n.Load(), b.N)
	}
}

// cpuTime returns the user and system CPU time of this process.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package pipeline

import (
	"net/http"
	"testing"
	"time"

	"github.com/hushlog/hush/record"
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

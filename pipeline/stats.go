package pipeline

import (
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Stats is a snapshot of the pipeline's counters, for status pages, the CLI and the audit
// store's drop records. The same values are exported as Prometheus metrics.
type Stats struct {
	Offered  uint64
	Redacted uint64
	Spooled  uint64
	// Dropped counts drops by reason (the Drop* constants).
	Dropped map[string]uint64
	// RedactionFailed counts fail-closed records by reason ("panic", "timeout").
	RedactionFailed map[string]uint64
	// QueueBytes and SpoolBytes are the current sizes.
	QueueBytes, SpoolBytes int64
	// Sinks holds per-sink delivery figures, by sink name.
	Sinks map[string]SinkStats
}

// SinkStats are one sink's delivery figures.
type SinkStats struct {
	Delivered, DeadLetters, Retries uint64
	// LagBytes is how much of the spool the sink has not been sent yet.
	LagBytes int64
}

// Stats returns a snapshot of the counters. It is safe for concurrent use and cheap enough
// for a status endpoint, not for the request path.
func (p *Pipeline) Stats() Stats {
	s := Stats{
		Offered:         counterValue(p.m.offered),
		Redacted:        counterValue(p.m.redacted),
		Spooled:         counterValue(p.m.spooled),
		Dropped:         vecValues(p.m.dropped),
		RedactionFailed: vecValues(p.m.failed),
		QueueBytes:      p.q.bytes.Load(),
		SpoolBytes:      p.spool.Size(),
		Sinks:           map[string]SinkStats{},
	}
	end := p.spool.End()
	for _, r := range p.routers {
		s.Sinks[r.name] = SinkStats{
			Delivered:   counterValue(r.delivered),
			DeadLetters: counterValue(r.deadCount),
			Retries:     counterValue(r.retries),
			LagBytes:    max(end-r.pos.Load(), 0),
		}
	}
	return s
}

func counterValue(c prometheus.Counter) uint64 {
	var m dto.Metric
	if c.Write(&m) != nil {
		return 0
	}
	return uint64(m.GetCounter().GetValue())
}

// vecValues returns the counters of a one-label vector by label value.
func vecValues(v *prometheus.CounterVec) map[string]uint64 {
	out := map[string]uint64{}
	ch := make(chan prometheus.Metric, 16)
	go func() {
		v.Collect(ch)
		close(ch)
	}()
	for m := range ch {
		var d dto.Metric
		if m.Write(&d) != nil || len(d.GetLabel()) != 1 {
			continue
		}
		out[d.GetLabel()[0].GetValue()] = uint64(d.GetCounter().GetValue())
	}
	return out
}

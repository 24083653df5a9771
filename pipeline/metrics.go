package pipeline

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Drop reasons, the values of the "reason" label of hush_pipeline_dropped_total.
const (
	DropQueueFull      = "queue_full"       // Offer found the queue full
	DropClosed         = "closed"           // Offer after Close
	DropSpoolFull      = "spool_full"       // the spool was at its cap (keep_oldest)
	DropSpoolError     = "spool_error"      // the spool failed to write
	DropEncode         = "encode_error"     // no record id could be made
	DropDeadLetterFull = "dead_letter_full" // a poison record could not be dead-lettered
	DropShutdown       = "shutdown"         // still queued when Close ran out of time
)

// metrics are the pipeline's Prometheus collectors. Label values are fixed reasons, entity
// types from the rule set, and sink names from configuration: never data.
type metrics struct {
	offered       prometheus.Counter
	dropped       *prometheus.CounterVec
	dropQueueFull prometheus.Counter
	dropClosed    prometheus.Counter
	dropSpoolFull prometheus.Counter
	dropSpoolErr  prometheus.Counter
	dropEncode    prometheus.Counter
	dropShutdown  prometheus.Counter
	redacted      prometheus.Counter
	failed        *prometheus.CounterVec
	findings      *prometheus.CounterVec
	withheld      prometheus.Counter
	spooled       prometheus.Counter
	tornTails     prometheus.Counter
	stuck         prometheus.Gauge
	delivered     *prometheus.CounterVec
	sinkErrors    *prometheus.CounterVec
	retries       *prometheus.CounterVec
	deadLetters   *prometheus.CounterVec
	skipped       *prometheus.CounterVec
	writeSeconds  *prometheus.HistogramVec
	collectors    []prometheus.Collector
}

func newMetrics() *metrics {
	m := &metrics{
		offered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hush_pipeline_offered_total", Help: "Exchanges offered to the pipeline."}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_pipeline_dropped_total", Help: "Exchanges or records dropped, by reason."},
			[]string{"reason"}),
		redacted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hush_pipeline_redacted_total", Help: "Exchanges turned into redacted records."}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_pipeline_redaction_failed_total",
			Help: "Records whose content was dropped because redaction failed (fail closed), by reason."},
			[]string{"reason"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_pipeline_findings_total", Help: "Sensitive values redacted, by entity type."},
			[]string{"type"}),
		withheld: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hush_pipeline_stream_bodies_withheld_total",
			Help: "Event-stream response bodies withheld because a value found in the reassembled output was split across events."}),
		spooled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hush_pipeline_spooled_total", Help: "Records appended to the spool."}),
		stuck: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "hush_pipeline_redactions_stuck",
			Help: "Redactions still running after their timeout; their exchanges stay counted in the queue."}),
		tornTails: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hush_spool_torn_tails_total", Help: "Torn segment tails truncated at open."}),
		delivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_sink_delivered_total", Help: "Records accepted by a sink."}, []string{"sink"}),
		sinkErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_sink_errors_total", Help: "Failed sink writes, by class (retryable, permanent)."},
			[]string{"sink", "class"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_sink_retries_total", Help: "Records written again after a failure."}, []string{"sink"}),
		deadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_sink_dead_letters_total", Help: "Records moved to the dead-letter segment."},
			[]string{"sink"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hush_sink_skipped_bytes_total",
			Help: "Spool bytes a sink never read: corrupt frames or segments dropped at the size cap."},
			[]string{"sink"}),
	}
	m.writeSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hush_sink_write_seconds", Help: "Duration of one sink Write call (a batch).",
		Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10)}, []string{"sink"})
	m.dropQueueFull = m.dropped.WithLabelValues(DropQueueFull)
	m.dropClosed = m.dropped.WithLabelValues(DropClosed)
	m.dropSpoolFull = m.dropped.WithLabelValues(DropSpoolFull)
	m.dropSpoolErr = m.dropped.WithLabelValues(DropSpoolError)
	m.dropEncode = m.dropped.WithLabelValues(DropEncode)
	m.dropShutdown = m.dropped.WithLabelValues(DropShutdown)
	m.collectors = []prometheus.Collector{m.offered, m.dropped, m.redacted, m.failed, m.findings, m.withheld,
		m.spooled, m.stuck, m.tornTails, m.delivered, m.sinkErrors, m.retries, m.deadLetters, m.skipped, m.writeSeconds}
	return m
}

func (m *metrics) add(c ...prometheus.Collector) { m.collectors = append(m.collectors, c...) }

// register registers every collector on r; it undoes a partial registration on error.
func (m *metrics) register(r prometheus.Registerer) error {
	if r == nil {
		return nil
	}
	for i, c := range m.collectors {
		if err := r.Register(c); err != nil {
			for _, d := range m.collectors[:i] {
				r.Unregister(d)
			}
			var are prometheus.AlreadyRegisteredError
			if errors.As(err, &are) {
				return errors.New("pipeline: metrics already registered on this registry")
			}
			return err
		}
	}
	return nil
}

func (m *metrics) unregister(r prometheus.Registerer) {
	if r == nil {
		return
	}
	for _, c := range m.collectors {
		r.Unregister(c)
	}
}

package pipeline

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
)

// Config configures a Pipeline. Zero fields take the defaults named on each; Engine,
// Spool.Dir and at least one sink are required.
type Config struct {
	// Engine redacts every exchange. Required.
	Engine *redact.Engine
	// QueueBytes caps the raw exchanges waiting for redaction, by Exchange.Size. Default
	// 64 MiB.
	QueueBytes int64
	// QueuePolicy is what Offer does when the queue is full; default DropWhenFull.
	QueuePolicy QueuePolicy
	// Workers is the number of redaction workers. Default runtime.GOMAXPROCS(0).
	Workers int
	// RedactionTimeout bounds the redaction of one exchange; past it the record keeps only
	// metadata and is marked hush.redaction_failed. Default 5s; negative disables it.
	RedactionTimeout time.Duration
	// Background, when set, is called first on every goroutine that redacts or encodes (the
	// workers and their redaction goroutines), e.g. to lock it to a thread of low OS priority
	// so that it runs on the CPU time the request path leaves (hush serve does that).
	Background func()
	// Spool configures the durable spool.
	Spool SpoolConfig
	// DeadLetterDir holds the dead-letter segments. Default Spool.Dir + "/deadletter".
	DeadLetterDir string
	// DeadLetterMaxBytes caps the dead-letter segments. Default 256 MiB.
	DeadLetterMaxBytes int64
	// Retry tunes delivery to sinks.
	Retry RetryConfig
	// Sinks receive every record. Names are lower-case letters, digits, '-' and '_', unique;
	// they name the cursor file and the "sink" metric label.
	Sinks []NamedSink
	// Pseudonymizer makes the tokens stored for client.address and user.id. nil means an
	// HMAC key drawn from Rand at start: tokens then correlate only within one process run.
	Pseudonymizer *redact.HMAC
	// SecretHeaders adds header names whose values are never stored (compared
	// case-insensitively, as substrings), to the built-in list: Authorization, Cookie,
	// API-key, token, secret, password, session, signature and credential headers.
	SecretHeaders []string
	// Parse, if set, runs in a worker before redaction to fill the provider fields of an
	// exchange (gen_ai.*) from its bodies. It must not retain the exchange or its bytes.
	Parse func(*record.Exchange)
	// OnSpooled, if set, is called with each record id once the record is in the spool
	// (the acknowledgement of at-least-once delivery). It runs on a worker and must be fast.
	OnSpooled func(id string)
	// Registerer receives the pipeline's metrics; nil registers nowhere.
	Registerer prometheus.Registerer
	// Now and Rand are the clock and randomness (record ids, jitter, ephemeral keys); nil
	// means time.Now and crypto/rand.Reader.
	Now  func() time.Time
	Rand io.Reader

	redactor redactor                                         // tests substitute failing redactors
	wait     func(ctx context.Context, d time.Duration) error // tests substitute backoff waits
}

// NamedSink is a Sink with the name it has in configuration and metrics.
type NamedSink struct {
	Name string
	Sink Sink
	// Retry, if set, replaces Config.Retry for this sink (an Elasticsearch bulk endpoint
	// wants larger batches than a file).
	Retry *RetryConfig
}

// DefaultQueueBytes is the default queue cap.
const DefaultQueueBytes = 64 << 20

func (c *Config) setDefaults() {
	if c.QueueBytes == 0 {
		c.QueueBytes = DefaultQueueBytes
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.RedactionTimeout == 0 {
		c.RedactionTimeout = 5 * time.Second
	}
	if c.DeadLetterDir == "" && c.Spool.Dir != "" {
		c.DeadLetterDir = filepath.Join(c.Spool.Dir, "deadletter")
	}
	if c.DeadLetterMaxBytes == 0 {
		c.DeadLetterMaxBytes = 256 << 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Rand == nil {
		c.Rand = rand.Reader
	}
	if c.wait == nil {
		c.wait = sleepCtx
	}
	c.Retry.SetDefaults()
}

// Validate reports the first invalid field, naming it.
func (c Config) Validate() error {
	c.setDefaults()
	if c.Engine == nil && c.redactor == nil {
		return errors.New("pipeline: engine: required")
	}
	if c.QueueBytes < 1<<20 {
		return fmt.Errorf("queue.max_bytes: must be at least 1MiB (got %d)", c.QueueBytes)
	}
	if c.QueuePolicy > BlockWhenFull {
		return errors.New("queue.policy: want drop or block")
	}
	if c.Workers < 1 || c.Workers > 1024 {
		return fmt.Errorf("workers: must be between 1 and 1024 (got %d)", c.Workers)
	}
	if err := c.Spool.Validate(); err != nil {
		return err
	}
	if err := c.Retry.Validate(); err != nil {
		return err
	}
	if len(c.Sinks) == 0 {
		return errors.New("sinks: at least one sink is required")
	}
	seen := map[string]bool{}
	for i, s := range c.Sinks {
		if !validSinkName(s.Name) {
			return fmt.Errorf("sinks[%d]: name %q: use lower-case letters, digits, '-' or '_'", i, s.Name)
		}
		if seen[s.Name] {
			return fmt.Errorf("sinks[%d]: name %q: duplicate", i, s.Name)
		}
		seen[s.Name] = true
		if s.Sink == nil {
			return fmt.Errorf("sinks[%d]: %s: nil Sink", i, s.Name)
		}
		if s.Retry != nil {
			if err := s.Retry.Validate(); err != nil {
				return fmt.Errorf("sinks[%d]: %s: %w", i, s.Name, err)
			}
		}
	}
	for i, h := range c.SecretHeaders {
		if strings.TrimSpace(h) == "" {
			return fmt.Errorf("secret_headers[%d]: empty", i)
		}
	}
	if c.Pseudonymizer != nil {
		if err := c.Pseudonymizer.Validate(); err != nil {
			return fmt.Errorf("pseudonymizer: %w", err)
		}
	}
	return nil
}

// Pipeline carries exchanges from Offer to every sink: queue → redaction workers → spool →
// one router per sink. Offer is safe for concurrent use by any number of goroutines; Close
// is called once.
type Pipeline struct {
	cfg      Config
	q        *queue
	spool    *Spool
	dead     *Spool
	routers  []*router
	m        *metrics
	ids      *record.IDGenerator
	recovery Recovery

	workersDone chan struct{}
	routerCtx   context.Context
	stopRouters context.CancelFunc
	routersDone chan struct{}
	closeOnce   sync.Once
	closeErr    error
	abandon     atomic.Bool // Close ran out of time: drop what is still queued
}

// New opens the spool (recovering a torn tail), loads every sink's cursor, registers the
// metrics and starts the workers and routers. On error nothing is left running or
// registered and the sinks are still the caller's; on success they belong to the pipeline
// and Close closes them.
func New(cfg Config) (*Pipeline, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()
	red := cfg.redactor
	if red == nil {
		red = cfg.Engine
	}
	pseudo := cfg.Pseudonymizer
	if pseudo == nil {
		key := make([]byte, 32)
		if _, err := io.ReadFull(cfg.Rand, key); err != nil {
			return nil, fmt.Errorf("pipeline: ephemeral pseudonym key: %w", err)
		}
		var err error
		if pseudo, err = redact.NewHMAC("ephemeral", key); err != nil {
			return nil, err
		}
	}
	var seed [32]byte
	if _, err := io.ReadFull(cfg.Rand, seed[:]); err != nil {
		return nil, fmt.Errorf("pipeline: seed: %w", err)
	}
	spool, rec, err := OpenSpool(cfg.Spool)
	if err != nil {
		return nil, err
	}
	dead, _, err := OpenSpool(SpoolConfig{Dir: cfg.DeadLetterDir, SegmentBytes: 16 << 20,
		MaxBytes: max(cfg.DeadLetterMaxBytes, 32<<20), Fsync: FsyncInterval})
	if err != nil {
		spool.Close()
		return nil, fmt.Errorf("dead letters: %w", err)
	}
	p := &Pipeline{
		cfg:         cfg,
		q:           newQueue(cfg.QueueBytes, cfg.QueuePolicy),
		spool:       spool,
		dead:        dead,
		m:           newMetrics(),
		ids:         record.NewIDGenerator(cfg.Now, cfg.Rand),
		recovery:    rec,
		workersDone: make(chan struct{}),
		routersDone: make(chan struct{}),
	}
	if rec.TornSegment != "" {
		p.m.tornTails.Inc()
	}
	p.m.add(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "hush_pipeline_queue_bytes",
			Help: "Bytes of raw exchanges waiting for redaction."},
			func() float64 { return float64(p.q.bytes.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "hush_spool_bytes",
			Help: "Bytes the spool segments occupy."}, func() float64 { return float64(p.spool.Size()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "hush_dead_letter_bytes",
			Help: "Bytes the dead-letter segments occupy."}, func() float64 { return float64(p.dead.Size()) }),
	)
	cursorDir := filepath.Join(cfg.Spool.Dir, "cursors")
	if err := os.MkdirAll(cursorDir, 0o700); err != nil {
		p.closeFiles()
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	rnd := mrand.New(mrand.NewChaCha8(seed))
	for _, ns := range cfg.Sinks {
		r, err := p.newRouter(ns, cursorDir, mrand.New(mrand.NewPCG(rnd.Uint64(), rnd.Uint64())))
		if err != nil {
			p.closeFiles()
			return nil, err
		}
		p.routers = append(p.routers, r)
	}
	if err := p.m.register(cfg.Registerer); err != nil {
		p.closeFiles()
		return nil, err
	}
	secretHeaders := make([]string, 0, len(cfg.SecretHeaders))
	for _, h := range cfg.SecretHeaders {
		secretHeaders = append(secretHeaders, strings.ToLower(h))
	}
	var wg sync.WaitGroup
	for range cfg.Workers {
		w := &worker{
			builder: &builder{red: red, pseudo: pseudo, secretHeaders: secretHeaders, background: cfg.Background},
			timeout: cfg.RedactionTimeout,
			stuck:   p.m.stuck,
			timer:   time.NewTimer(time.Hour),

			findingCounters: map[string]prometheus.Counter{},
		}
		w.timer.Stop()
		if w.timeout > 0 {
			w.run = startRunner(w.builder)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if cfg.Background != nil {
				cfg.Background()
			}
			p.work(w)
		}()
	}
	go func() {
		wg.Wait()
		close(p.workersDone)
	}()
	p.routerCtx, p.stopRouters = context.WithCancel(context.Background())
	var rwg sync.WaitGroup
	for _, r := range p.routers {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			r.run(p.routerCtx)
		}()
	}
	go func() {
		rwg.Wait()
		close(p.routersDone)
	}()
	return p, nil
}

func (p *Pipeline) newRouter(ns NamedSink, cursorDir string, rnd *mrand.Rand) (*router, error) {
	path := filepath.Join(cursorDir, ns.Name)
	pos, err := loadCursor(path)
	if errors.Is(err, errBadCursor) {
		// deliver everything still in the spool again: duplicates, never loss
		p.recovery.CursorResets = append(p.recovery.CursorResets, ns.Name)
		pos, err = 0, nil
	}
	if err != nil {
		return nil, err
	}
	if pos > p.spool.End() { // the spool was removed or replaced: start over with what it has
		p.recovery.CursorResets = append(p.recovery.CursorResets, ns.Name)
		pos = p.spool.Start()
	}
	reader, err := p.spool.NewReader(pos)
	if err != nil {
		return nil, err
	}
	m := p.m
	retry := p.cfg.Retry
	if ns.Retry != nil {
		retry = *ns.Retry
		retry.SetDefaults()
	}
	r := &router{
		name: ns.Name, sink: ns.Sink, cfg: retry, spool: p.spool, dead: p.dead,
		writeTime: m.writeSeconds.WithLabelValues(ns.Name),
		reader:    reader, cursor: path, rnd: rnd, now: p.cfg.Now, wait: p.cfg.wait, m: m,
		delivered: m.delivered.WithLabelValues(ns.Name),
		errRetry:  m.sinkErrors.WithLabelValues(ns.Name, "retryable"),
		errPerm:   m.sinkErrors.WithLabelValues(ns.Name, "permanent"),
		retries:   m.retries.WithLabelValues(ns.Name),
		deadCount: m.deadLetters.WithLabelValues(ns.Name),
		skipped:   m.skipped.WithLabelValues(ns.Name),
		dropDead:  m.dropped.WithLabelValues(DropDeadLetterFull),
		onMove:    p.reclaim,
	}
	r.pos.Store(pos)
	r.saved.Store(pos)
	m.add(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "hush_sink_lag_bytes",
		Help: "Spool bytes a sink has not yet been sent.", ConstLabels: prometheus.Labels{"sink": ns.Name}},
		func() float64 { return float64(max(p.spool.End()-r.pos.Load(), 0)) }))
	return r, nil
}

// reclaim frees spool segments every sink has passed.
func (p *Pipeline) reclaim() {
	low := p.routers[0].saved.Load()
	for _, r := range p.routers[1:] {
		low = min(low, r.saved.Load())
	}
	_, _ = p.spool.Reclaim(low) // a failed removal is retried at the next advance
}

// Offer hands a captured exchange to the pipeline without waiting (under the default
// DropWhenFull policy): it reports whether the exchange was accepted. On true the pipeline
// owns x and its buffers; on false (queue full, or the pipeline closed) the drop is counted
// and x stays the caller's. Offer is safe for concurrent use; it costs well under a
// microsecond and makes no allocation.
func (p *Pipeline) Offer(x *record.Exchange) bool {
	p.m.offered.Inc()
	switch p.q.offer(x, int64(x.Size())) {
	case offerOK:
		return true
	case offerFull:
		p.m.dropQueueFull.Inc()
	default:
		p.m.dropClosed.Inc()
	}
	return false
}

// Recovery reports what opening the spool found (a torn tail, data left from a previous run).
func (p *Pipeline) Recovery() Recovery { return p.recovery }

// work redacts exchanges from the queue and appends the records to the spool until the
// queue is closed and empty.
func (p *Pipeline) work(w *worker) {
	defer func() {
		if w.run != nil {
			close(w.run.in) // stop the redaction goroutine
		}
	}()
	for {
		x, ok := <-p.q.ch
		if !ok {
			return
		}
		w.batch.Reset()
		w.batchIDs = w.batchIDs[:0]
		p.process(w, x)
		// take whatever else is already queued, up to a small batch, so that one write
		// carries several records; never wait for more
	more:
		for w.batch.Len() < maxWorkerBatch {
			select {
			case x, ok = <-p.q.ch:
				if !ok {
					break more
				}
				p.process(w, x)
			default:
				break more
			}
		}
		p.flush(w)
		if !ok {
			return
		}
	}
}

// maxWorkerBatch bounds the records one worker writes to the spool at once.
const maxWorkerBatch = 16

// process redacts and encodes one exchange into the worker's batch.
func (p *Pipeline) process(w *worker, x *record.Exchange) {
	// Yield between records. A worker and its redaction goroutine hand each job back and forth
	// through channels, and Go runs such a pair on one P with an inherited time slice: without
	// a yield they can hold a P for the whole 10ms slice while request goroutines wait behind
	// them. Redaction is background work; the request path goes first.
	runtime.Gosched()
	size := int64(x.Size())
	if p.abandon.Load() {
		p.q.release(size)
		p.m.dropShutdown.Inc()
		return
	}
	if p.cfg.Parse != nil {
		p.parse(x)
	}
	var rec record.Record
	w.builder.metadata(x, &rec)
	res := w.redact(x, rec, func() { p.q.release(size) })
	if res.failure != "" {
		p.m.failed.WithLabelValues(res.failure).Inc()
	} else {
		p.m.redacted.Inc()
		if res.rec.ResponseBody == streamWithheld {
			p.m.withheld.Inc()
		}
		if len(res.findings) > 0 {
			res.rec.Findings = make(map[string]int, 4)
			for _, f := range res.findings {
				res.rec.Findings[f.Type]++
			}
			for typ, n := range res.rec.Findings {
				c, ok := w.findingCounters[typ]
				if !ok { // types come from rule definitions, never from content: a bounded set
					c = p.m.findings.WithLabelValues(typ)
					w.findingCounters[typ] = c
				}
				c.Add(float64(n))
			}
		}
	}
	var err error
	w.ids, err = p.ids.Append(w.ids[:0])
	if err != nil {
		p.m.dropEncode.Inc()
		return
	}
	res.rec.ID = string(w.ids)
	if res.rec.Timestamp.IsZero() {
		res.rec.Timestamp = p.cfg.Now()
	}
	w.buf = res.rec.AppendJSON(w.buf[:0])
	if err := w.batch.Add(res.rec.ID, w.buf); err != nil {
		p.m.dropEncode.Inc()
		return
	}
	w.batchIDs = append(w.batchIDs, res.rec.ID)
}

// flush writes the worker's batch to the spool and acknowledges what was written.
func (p *Pipeline) flush(w *worker) {
	if w.batch.Len() == 0 {
		return
	}
	n, err := p.spool.AppendBatch(&w.batch)
	p.m.spooled.Add(float64(n))
	if rest := w.batch.Len() - n; rest > 0 {
		if errors.Is(err, ErrSpoolFull) {
			p.m.dropSpoolFull.Add(float64(rest))
		} else {
			p.m.dropSpoolErr.Add(float64(rest))
		}
	}
	if p.cfg.OnSpooled != nil {
		for _, id := range w.batchIDs[:n] {
			p.cfg.OnSpooled(id)
		}
	}
}

// parse runs the provider parser; a panic there leaves the provider fields empty.
func (p *Pipeline) parse(x *record.Exchange) {
	defer func() {
		if recover() != nil {
			x.Provider, x.Operation, x.RequestModel, x.ResponseModel = "", "", "", ""
			x.InputMessages, x.OutputMessages = nil, nil
			x.InputTokens, x.OutputTokens = 0, 0
		}
	}()
	p.cfg.Parse(x)
}

// Close drains the pipeline: it stops accepting exchanges, redacts and spools every queued
// one, then lets each sink catch up with the spool until ctx ends; finally it saves the
// cursors and closes the sinks, the spool and the dead-letter segments, and unregisters the
// metrics. If ctx ends while exchanges are still queued, those are dropped and counted
// (reason "shutdown"); records not delivered by then stay in the spool and are delivered
// after the next New. Close returns ctx.Err() if the deadline cut draining short, joined
// with any error from closing sinks or files. Only the first call does anything.
func (p *Pipeline) Close(ctx context.Context) error {
	p.closeOnce.Do(func() { p.closeErr = p.close(ctx) })
	return p.closeErr
}

func (p *Pipeline) close(ctx context.Context) error {
	var errs []error
	p.q.close()
	select {
	case <-p.workersDone:
	case <-ctx.Done():
		// out of time: exchanges still queued are dropped and counted (they were never
		// acknowledged); records being redacted now still reach the spool
		p.abandon.Store(true)
		<-p.workersDone
		errs = append(errs, ctx.Err())
	}
	if err := p.spool.Close(); err != nil { // readers drain to the end, then stop
		errs = append(errs, err)
	}
	select {
	case <-p.routersDone:
	case <-ctx.Done():
		p.stopRouters()
		<-p.routersDone
		if len(errs) == 0 {
			errs = append(errs, ctx.Err())
		}
	}
	p.stopRouters()
	for _, r := range p.routers {
		r.reader.Close()
		if err := r.sink.Close(ctx); err != nil {
			errs = append(errs, fmt.Errorf("sink %s: %w", r.name, err))
		}
	}
	if err := p.dead.Close(); err != nil {
		errs = append(errs, err)
	}
	p.m.unregister(p.cfg.Registerer)
	return errors.Join(errs...)
}

// closeFiles releases what New opened before it failed.
func (p *Pipeline) closeFiles() {
	for _, r := range p.routers {
		r.reader.Close()
	}
	p.spool.Close()
	p.dead.Close()
}

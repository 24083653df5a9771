// Package serve assembles "hush serve": the reverse proxy wrapped in the capture middleware,
// feeding the pipeline (redaction workers, spool, sinks), plus the admin endpoints /healthz,
// /readyz and /metrics on their own listener.
package serve

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hushlog/hush/audit"
	"github.com/hushlog/hush/capture"
	"github.com/hushlog/hush/llm"
	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/privlog"
	"github.com/hushlog/hush/proxy"
	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/sink/file"
)

// Options configure a Server. Listen, DataDir and Proxy.Upstreams are required; Engine nil
// means the built-in rules.
type Options struct {
	// Listen and AdminListen are the gateway and admin addresses ("127.0.0.1:8080",
	// "127.0.0.1:9464"; port 0 picks a free one).
	Listen, AdminListen string
	// DataDir holds the spool, the JSONL logs (DataDir/logs) and the audit store.
	DataDir string
	Proxy   proxy.Config
	Capture capture.Config
	Engine  *redact.Engine
	// Pipeline tunes the pipeline; its Engine, Spool.Dir, Parse, Registerer and the default
	// file sink are filled in by Start.
	Pipeline pipeline.Config
	// Sinks are added to the embedded default file sink.
	Sinks []pipeline.NamedSink
	// NoFileSink leaves out the embedded JSONL file sink.
	NoFileSink bool
	// AccessLog receives one line per exchange, written by a pipeline worker (never on the
	// request path); nil means no access log.
	AccessLog *slog.Logger
	// ShutdownTimeout bounds graceful shutdown (default 30s).
	ShutdownTimeout time.Duration

	audit      *audit.Store // the audit sink, when FromConfig opened one: retention runs on it
	purgeEvery time.Duration
}

// Server is a running gateway.
type Server struct {
	opts      Options
	pipe      *pipeline.Pipeline
	gw, adm   *http.Server
	gwLn      net.Listener
	admLn     net.Listener
	ready     atomic.Bool
	done      chan error
	registry  *prometheus.Registry
	stopPurge context.CancelFunc
	purged    chan struct{}
	// releaseProcs gives back the Ps added for the low-priority workers
	releaseProcs func()
}

// Start builds everything and starts serving. It returns once both listeners are bound.
func Start(opts Options) (*Server, error) {
	if opts.Listen == "" || opts.DataDir == "" {
		return nil, errors.New("serve: listen and data dir are required")
	}
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = 30 * time.Second
	}
	if opts.Engine == nil {
		e, err := redact.New(redact.Config{})
		if err != nil {
			return nil, err
		}
		opts.Engine = e
	}
	pxc := opts.Proxy
	if h, ok := accessHandler(opts.AccessLog); ok && pxc.ErrorLog == nil {
		// the proxy's own error lines go through the access log's handler, as private lines
		pxc.ErrorLog = privlog.NewLogLogger(h, slog.LevelWarn)
	}
	px, err := proxy.New(pxc)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	pc := opts.Pipeline
	pc.Engine = opts.Engine
	pc.Spool.Dir = filepath.Join(opts.DataDir, "spool")
	pc.Registerer = reg
	if pc.Pseudonymizer == nil {
		// one key for records and access log alike, so their client tokens match
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		if pc.Pseudonymizer, err = redact.NewHMAC("run", key); err != nil {
			return nil, err
		}
	}
	pc.Parse = parseAndLog(opts.AccessLog, opts.Engine, pc.Pseudonymizer)
	pc.Background = lowPriority
	if pc.Workers == 0 {
		pc.Workers = runtime.GOMAXPROCS(0)
	}
	if !opts.NoFileSink {
		fc := file.DefaultConfig(filepath.Join(opts.DataDir, "logs"))
		fs, err := file.New(fc, nil)
		if err != nil {
			return nil, fmt.Errorf("file sink: %w", err)
		}
		pc.Sinks = append(pc.Sinks, pipeline.NamedSink{Name: "file", Sink: fs})
	}
	pc.Sinks = append(pc.Sinks, opts.Sinks...)
	pipe, err := pipeline.New(pc)
	if err != nil {
		for _, ns := range pc.Sinks {
			_ = ns.Sink.Close(context.Background())
		}
		return nil, err
	}
	// the workers run at low priority (Background): one more P each, so that requests never
	// wait for a P that a descheduled worker holds
	releaseProcs := addProcs(pc.Workers)
	mw, err := capture.New(opts.Capture, pipe)
	if err != nil {
		_ = pipe.Close(context.Background())
		releaseProcs()
		return nil, err
	}
	s := &Server{opts: opts, pipe: pipe, registry: reg, done: make(chan error, 2), releaseProcs: releaseProcs}
	s.gw = &http.Server{Handler: mw.Handler(px), ReadHeaderTimeout: 30 * time.Second}
	admin := http.NewServeMux()
	admin.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	admin.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !s.ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	admin.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	s.adm = &http.Server{Handler: admin, ReadHeaderTimeout: 10 * time.Second}

	if s.gwLn, err = net.Listen("tcp", opts.Listen); err != nil {
		_ = pipe.Close(context.Background())
		releaseProcs()
		return nil, err
	}
	if opts.AdminListen != "" {
		if s.admLn, err = net.Listen("tcp", opts.AdminListen); err != nil {
			s.gwLn.Close()
			_ = pipe.Close(context.Background())
			releaseProcs()
			return nil, err
		}
		go func() { s.done <- ignoreClosed(s.adm.Serve(s.admLn)) }()
	}
	go func() { s.done <- ignoreClosed(s.gw.Serve(s.gwLn)) }()
	ctx, cancel := context.WithCancel(context.Background())
	s.stopPurge, s.purged = cancel, make(chan struct{})
	go s.retention(ctx)
	s.ready.Store(true)
	return s, nil
}

// retention purges the audit store's expired segments now and then (each purge is itself
// recorded, signed, in the log).
func (s *Server) retention(ctx context.Context) {
	defer close(s.purged)
	if s.opts.audit == nil {
		return
	}
	every := s.opts.purgeEvery
	if every <= 0 {
		every = time.Hour
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.opts.audit.Purge(ctx); err != nil && ctx.Err() == nil && s.opts.AccessLog != nil {
			s.opts.AccessLog.Warn("SystemLog: audit retention purge failed", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// accessHandler returns the access log's handler when it is privlog's.
func accessHandler(l *slog.Logger) (*privlog.Handler, bool) {
	if l == nil {
		return nil, false
	}
	h, ok := l.Handler().(*privlog.Handler)
	return h, ok
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Addr and AdminAddr return the bound addresses.
func (s *Server) Addr() string { return s.gwLn.Addr().String() }

// AdminAddr returns the admin listener's address ("" when disabled).
func (s *Server) AdminAddr() string {
	if s.admLn == nil {
		return ""
	}
	return s.admLn.Addr().String()
}

// Pipeline returns the running pipeline.
func (s *Server) Pipeline() *pipeline.Pipeline { return s.pipe }

// Shutdown stops accepting requests, lets in-flight ones finish, then drains the queue through
// redaction into the spool and lets the sinks catch up, all within the shutdown timeout.
func (s *Server) Shutdown(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.ShutdownTimeout)
	defer cancel()
	s.ready.Store(false)
	s.stopPurge()
	<-s.purged
	err := s.gw.Shutdown(ctx)
	err = errors.Join(err, s.pipe.Close(ctx))
	s.releaseProcs()
	if s.admLn != nil {
		err = errors.Join(err, s.adm.Shutdown(ctx))
	}
	return err
}

// parseAndLog is the pipeline's Parse hook: compressed bodies decoded (or dropped), provider
// parsing, then the access-log line. The line is a public record (privlog prefix): it holds
// only metadata, the path after redaction and the client's pseudonym, the same token the
// record stores.
func parseAndLog(log *slog.Logger, e *redact.Engine, pseudo *redact.HMAC) func(*record.Exchange) {
	return func(x *record.Exchange) {
		llm.Decode(x)
		llm.Parse(x).Apply(x)
		if log == nil {
			return
		}
		client := ""
		if host, _, err := net.SplitHostPort(x.ClientAddress); err == nil {
			client = string(pseudo.Append(nil, redact.Finding{Type: "CLIENT_ADDRESS"}, []byte(host), nil))
		}
		log.Info("access", privlog.Public,
			slog.String("method", x.Method), slog.String("path", e.RedactString(x.Path)), slog.Int("status", x.Status),
			slog.Duration("duration", x.Duration), slog.Duration("ttfb", x.TTFB), slog.Int("response_bytes", len(x.ResponseBody)),
			slog.String("request_id", x.TraceID), slog.String("client", client), slog.String("model", x.RequestModel))
	}
}

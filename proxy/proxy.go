// Package proxy is the reverse proxy behind "hush serve": it forwards model-API requests to
// upstreams chosen by path prefix or by the requested model, streams responses back as they
// arrive (server-sent events are flushed per chunk), and passes upstream credentials through
// untouched. Capture happens around it (package capture); the proxy itself keeps nothing.
package proxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"
)

// Upstream is one model API hush forwards to.
type Upstream struct {
	// Name identifies the upstream in errors and metrics, e.g. "openai".
	Name string
	// URL is the base URL; the request path is appended to its path.
	URL string
	// PathPrefixes route requests whose path starts with one of them here (the longest
	// match over all upstreams wins).
	PathPrefixes []string
	// Models route requests whose JSON body names one of these models here (exact, or a
	// prefix when it ends with '*'). Model routes win over path routes.
	Models []string
}

// Config configures the proxy.
type Config struct {
	// Upstreams, at least one. A request that matches no route goes to the first.
	Upstreams []Upstream
	// ResponseHeaderTimeout bounds the wait for upstream headers (default 10 minutes: model
	// calls can think for a long time before answering).
	ResponseHeaderTimeout time.Duration
	// MaxModelPeek is how many body bytes are read to find the "model" field when model
	// routes exist (default 64 KiB). The body is forwarded whole either way.
	MaxModelPeek int
	// Transport overrides the HTTP transport (tests).
	Transport http.RoundTripper
	// ErrorLog receives the reverse proxy's own errors (a response copy cut short); nil means
	// the standard logger. hush serve passes one that writes through privlog.
	ErrorLog *log.Logger
}

type target struct {
	name string
	url  *url.URL
}

// Proxy is an http.Handler. It is safe for concurrent use.
type Proxy struct {
	rp       *httputil.ReverseProxy
	targets  []target
	prefixes []prefixRoute
	models   []modelRoute
	peek     int
}

type prefixRoute struct {
	prefix string
	t      int
}

type modelRoute struct {
	model  string
	prefix bool
	t      int
}

// Validate reports the first bad field.
func (c *Config) Validate() error {
	if len(c.Upstreams) == 0 {
		return errors.New("upstreams: at least one is required")
	}
	for i, u := range c.Upstreams {
		pu, err := url.Parse(u.URL)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return fmt.Errorf("upstreams[%d].url: %q is not an http(s) URL", i, u.URL)
		}
		if pu.User != nil {
			return fmt.Errorf("upstreams[%d].url: credentials in the URL are not allowed; clients send their own", i)
		}
		for j, p := range u.PathPrefixes {
			if !strings.HasPrefix(p, "/") {
				return fmt.Errorf("upstreams[%d].path_prefixes[%d]: %q must start with /", i, j, p)
			}
		}
	}
	if c.ResponseHeaderTimeout < 0 || c.MaxModelPeek < 0 {
		return errors.New("response_header_timeout and max_model_peek must not be negative")
	}
	return nil
}

// New builds the proxy.
func New(cfg Config) (*Proxy, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	if cfg.ResponseHeaderTimeout == 0 {
		cfg.ResponseHeaderTimeout = 10 * time.Minute
	}
	if cfg.MaxModelPeek == 0 {
		cfg.MaxModelPeek = 64 << 10
	}
	p := &Proxy{peek: cfg.MaxModelPeek}
	for i, u := range cfg.Upstreams {
		pu, _ := url.Parse(u.URL)
		p.targets = append(p.targets, target{name: u.Name, url: pu})
		for _, pre := range u.PathPrefixes {
			p.prefixes = append(p.prefixes, prefixRoute{pre, i})
		}
		for _, m := range u.Models {
			p.models = append(p.models, modelRoute{strings.TrimSuffix(m, "*"), strings.HasSuffix(m, "*"), i})
		}
	}
	tr := cfg.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          1024,
			MaxIdleConnsPerHost:   256,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: cfg.ResponseHeaderTimeout,
			ExpectContinueTimeout: time.Second,
		}
	}
	p.rp = &httputil.ReverseProxy{
		Transport:     tr,
		FlushInterval: -1, // flush every write: streamed tokens reach the client at once
		Rewrite:       p.rewrite,
		ErrorHandler:  p.errorHandler,
		ErrorLog:      cfg.ErrorLog,
	}
	return p, nil
}

type ctxKey struct{}

// ServeHTTP forwards r.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Without full duplex, the HTTP/1 server drains and closes the request body as soon as
	// the response headers go out; the transport then fails its final read of that body
	// (after copying Content-Length bytes it reads once more to see EOF) and tears down the
	// upstream connection, cutting a streamed answer after its first events.
	_ = http.NewResponseController(w).EnableFullDuplex() // an error: not HTTP/1, nothing to do
	t := p.route(r)
	r = r.WithContext(contextWith(r.Context(), t))
	p.rp.ServeHTTP(w, r)
}

// route picks the upstream: model routes (peeking at the body), then the longest path prefix,
// then the first upstream.
func (p *Proxy) route(r *http.Request) int {
	if len(p.models) > 0 && r.Body != nil && r.Body != http.NoBody {
		head := make([]byte, p.peek)
		n, _ := io.ReadFull(r.Body, head)
		head = head[:n]
		r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
		if m := modelOf(head); m != "" {
			for _, mr := range p.models {
				if m == mr.model || (mr.prefix && strings.HasPrefix(m, mr.model)) {
					return mr.t
				}
			}
		}
	}
	best, bestLen := 0, -1
	for _, pr := range p.prefixes {
		if len(pr.prefix) > bestLen && strings.HasPrefix(r.URL.Path, pr.prefix) {
			best, bestLen = pr.t, len(pr.prefix)
		}
	}
	return best
}

type readCloser struct {
	io.Reader
	io.Closer
}

// modelOf finds the top-level "model" string in a JSON body prefix without a full parse.
func modelOf(b []byte) string {
	i := bytes.Index(b, []byte(`"model"`))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(b[i+7:], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return ""
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return ""
	}
	return string(rest[1 : 1+end])
}

func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	t := p.targets[targetFrom(pr.In.Context())]
	pr.SetURL(t.url)
	pr.SetXForwarded()
	// the client's own credentials (Authorization, x-api-key) pass through untouched
}

func (p *Proxy) errorHandler(w http.ResponseWriter, r *http.Request, err error) {
	t := p.targets[targetFrom(r.Context())]
	status := http.StatusBadGateway
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		status = http.StatusGatewayTimeout
	}
	if errors.Is(err, r.Context().Err()) && r.Context().Err() != nil {
		return // the client went away; nobody to answer
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"type":"upstream_error","message":"upstream %s unavailable"}}`, t.name)
}

func contextWith(ctx context.Context, t int) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

func targetFrom(ctx context.Context) int {
	t, _ := ctx.Value(ctxKey{}).(int)
	return t
}

// Command gwbench measures the gateway's overhead in one run: the same load (fixed concurrency,
// Go's own HTTP client) sent directly to a local fake model, through hush serve with capture
// none, and through hush serve with capture full (4 KB prompts carrying secrets); then the
// time to first token of streamed responses, direct and through hush with capture none and
// full. Two more scenarios run the request path alone (proxy and capture, the exchange
// discarded at the Offer), which separates what capture costs a request from what the
// pipeline's redaction costs when it shares the machine's cores with the gateway. It prints p50/p99 latency and throughput for
// each and the differences.
//
//	go run ./internal/gwbench [-n 20000] [-c 32] [-rate 500] [-stream 300]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hushlog/hush/capture"
	"github.com/hushlog/hush/internal/config"
	"github.com/hushlog/hush/internal/fakellm"
	"github.com/hushlog/hush/internal/serve"
	"github.com/hushlog/hush/internal/synth"
	"github.com/hushlog/hush/proxy"
	"github.com/hushlog/hush/record"
)

func main() {
	n := flag.Int("n", 20000, "requests per scenario")
	c := flag.Int("c", 32, "concurrent clients")
	traceFile := flag.String("trace", "", "write an execution trace of the whole run to this file")
	flag.IntVar(&rate, "rate", 0, "total requests per second, paced (0: as fast as the clients go)")
	streams := flag.Int("stream", 300, "streamed requests for the time-to-first-token comparison")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.StringVar(&configFile, "config", "", "hush config file for the gateway under test (default: embedded defaults)")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gwbench:", err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gwbench:", err)
			os.Exit(1)
		}
		_ = trace.Start(f)
		defer trace.Stop()
	}
	if err := run(*n, *c, *streams); err != nil {
		fmt.Fprintln(os.Stderr, "gwbench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type result struct {
	name     string
	lat      []time.Duration
	elapsed  time.Duration
	failures int
}

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))]
}

func run(n, c, streams int) error {
	model := httptest.NewServer(&fakellm.Server{})
	defer model.Close()
	g := synth.New(77)
	bodies := make([][]byte, 64)
	for i := range bodies {
		bodies[i] = g.ChatBody(4096, true)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c * 2, MaxIdleConns: c * 2}}

	var results []result
	// direct
	results = append(results, load("direct", model.URL, n, c, client, bodies))
	for _, mode := range []record.CaptureMode{record.CaptureNone, record.CaptureFull} {
		s, stop, err := startMode(model.URL, mode)
		if err != nil {
			return err
		}
		results = append(results, load("hush capture="+mode.String(), "http://"+s.Addr(), n, c, client, bodies))
		stop()
	}
	paced := "as fast as they go"
	if rate > 0 {
		paced = fmt.Sprintf("paced at %d requests/s in all", rate)
	}
	// the request path alone: proxy + capture, the exchange discarded at the Offer, so no
	// pipeline work competes for the CPU
	for _, mode := range []record.CaptureMode{record.CaptureNone, record.CaptureFull} {
		px, err := proxy.New(proxy.Config{Upstreams: []proxy.Upstream{{Name: "fake", URL: model.URL}}})
		if err != nil {
			return err
		}
		mw, err := capture.New(capture.Config{Mode: mode}, capture.OffererFunc(func(*record.Exchange) bool { return false }))
		if err != nil {
			return err
		}
		srv := httptest.NewServer(mw.Handler(px))
		results = append(results, load("path only, "+mode.String(), srv.URL, n, c, client, bodies))
		srv.Close()
	}
	fmt.Printf("%d requests per scenario, %d concurrent clients %s, 4 KB chat-completion bodies with secrets, %d CPUs\n\n", n, c, paced, runtime.NumCPU())
	fmt.Printf("%-24s %10s %10s %10s %10s\n", "scenario", "req/s", "p50", "p99", "failures")
	for _, r := range results {
		fmt.Printf("%-24s %10.0f %10s %10s %10d\n", r.name, float64(len(r.lat))/r.elapsed.Seconds(), r.pct(0.5).Round(time.Microsecond), r.pct(0.99).Round(time.Microsecond), r.failures)
	}
	for _, pair := range [][2]result{{results[1], results[2]}, {results[3], results[4]}} {
		none, full := pair[0], pair[1]
		fmt.Printf("%s vs %s: p50 %+v, p99 %+v\n", full.name, none.name, (full.pct(0.5) - none.pct(0.5)).Round(time.Microsecond), (full.pct(0.99) - none.pct(0.99)).Round(time.Microsecond))
	}

	// time to first token, streamed, with the model pausing 2ms between chunks
	slow := httptest.NewServer(&fakellm.Server{ChunkDelay: 2 * time.Millisecond})
	defer slow.Close()
	direct := ttft("direct", slow.URL, streams, client, bodies)
	var through []result
	for _, mode := range []record.CaptureMode{record.CaptureNone, record.CaptureFull} {
		s, stop, err := startMode(slow.URL, mode)
		if err != nil {
			return err
		}
		through = append(through, ttft("hush capture="+mode.String(), "http://"+s.Addr(), streams, client, bodies))
		stop()
	}
	fmt.Printf("\nstreamed, time to first token (%d requests, 2ms between chunks):\n", streams)
	for _, r := range append([]result{direct}, through...) {
		fmt.Printf("%-24s p50 %10s   p99 %10s\n", r.name, r.pct(0.5).Round(time.Microsecond), r.pct(0.99).Round(time.Microsecond))
	}
	for _, pair := range [][2]result{{direct, through[1]}, {through[0], through[1]}} {
		a, b := pair[0], pair[1]
		fmt.Printf("%s minus %s: p50 %+v, p99 %+v\n", b.name, a.name, (b.pct(0.5) - a.pct(0.5)).Round(time.Microsecond), (b.pct(0.99) - a.pct(0.99)).Round(time.Microsecond))
	}
	return nil
}

var (
	configFile string
	rate       int
)

// startMode starts hush serve as "hush serve" would (config file or embedded defaults: JSONL
// files and the audit store) in front of upstream, with the given capture mode.
func startMode(upstream string, mode record.CaptureMode) (*serve.Server, func(), error) {
	dir, err := os.MkdirTemp("", "gwbench-")
	if err != nil {
		return nil, nil, err
	}
	var cfg *config.Config
	if configFile != "" {
		if cfg, err = config.Load(configFile); err != nil {
			return nil, nil, err
		}
	}
	o, err := serve.FromConfig(cfg, serve.Overrides{Listen: "127.0.0.1:0", AdminSet: true, DataDir: dir,
		Capture: mode.String(), Upstreams: []proxy.Upstream{{Name: "fake", URL: upstream}}}, os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	s, err := serve.Start(o)
	if err != nil {
		return nil, nil, err
	}
	return s, func() { _ = s.Shutdown(context.Background()); os.RemoveAll(dir) }, nil
}

func load(name, base string, n, c int, client *http.Client, bodies [][]byte) result {
	var mu sync.Mutex
	res := result{name: name}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	var pace <-chan time.Time
	if rate > 0 {
		t := time.NewTicker(time.Second / time.Duration(rate))
		defer t.Stop()
		pace = t.C
	}
	t0 := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			fails := 0
			for i := range next {
				if pace != nil {
					<-pace
				}
				t := time.Now()
				resp, err := client.Post(base+"/v1/chat/completions", "application/json", bytes.NewReader(bodies[i%len(bodies)]))
				if err != nil {
					fails++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					fails++
					continue
				}
				local = append(local, time.Since(t))
			}
			mu.Lock()
			res.lat = append(res.lat, local...)
			res.failures += fails
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(t0)
	sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
	return res
}

// ttft sends streamed requests one at a time and measures the time until the first content
// delta arrives at the client.
func ttft(name, base string, n int, client *http.Client, bodies [][]byte) result {
	res := result{name: name}
	for i := 0; i < n; i++ {
		var req map[string]any
		_ = json.Unmarshal(bodies[i%len(bodies)], &req)
		req["stream"] = true
		b, _ := json.Marshal(req)
		t := time.Now()
		resp, err := client.Post(base+"/v1/chat/completions", "application/json", bytes.NewReader(b))
		if err != nil {
			res.failures++
			continue
		}
		buf := make([]byte, 4096)
		var seen []byte
		got := time.Duration(0)
		for {
			k, err := resp.Body.Read(buf)
			seen = append(seen, buf[:k]...)
			if got == 0 && strings.Count(string(seen), `"content":"`) >= 2 { // role chunk, then first token
				got = time.Since(t)
			}
			if err != nil {
				break
			}
		}
		resp.Body.Close()
		if got > 0 {
			res.lat = append(res.lat, got)
		} else {
			res.failures++
		}
	}
	sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
	return res
}

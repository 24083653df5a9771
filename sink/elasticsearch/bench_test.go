package elasticsearch

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

// benchItems returns n records of about 2 KB, the size of a redacted chat exchange.
func benchItems(n int) []pipeline.Item {
	msg := strings.Repeat("The quarterly report shows [REDACTED:EMAIL_ADDRESS] asked about invoice 4471. ", 22)
	items := make([]pipeline.Item, n)
	for i := range items {
		id := fmt.Sprintf("01JDBV4K0X3T9P1Q%010d", i)
		items[i] = pipeline.Item{ID: id, Data: fmt.Appendf(nil,
			`{"@timestamp":"2026-11-23T21:37:41.%06dZ","record.id":%q,"message":"POST /v1/chat/completions 200","gen_ai.provider.name":"openai","gen_ai.request.model":"gpt-4o","gen_ai.usage.input_tokens":812,"gen_ai.usage.output_tokens":164,"gen_ai.input.messages":[{"role":"user","content":%q}],"hush.findings":{"EMAIL_ADDRESS":22}}`,
			i, id, msg)}
	}
	return items
}

// benchServer answers every request with Elasticsearch's all-created response for n items,
// after reading the whole body, as a node does.
func benchServer(b *testing.B, n int) *httptest.Server {
	req := &bulkRequest{}
	for i := range n {
		req.Actions = append(req.Actions, bulkAction{Op: "index", Index: "hush-2026.11.23", ID: fmt.Sprint(i)})
	}
	resp := allCreated(req)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		io.Copy(io.Discard, body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(resp)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkWrite measures Write throughput against a local bulk endpoint, next to a baseline
// that POSTs the same bytes with a bare http.Client (what any bulk client must at least pay).
//
//	go test -run '^$' -bench Write -benchtime 3s ./sink/elasticsearch
func BenchmarkWrite(b *testing.B) {
	const batch = 500
	items := benchItems(batch)
	var body bytes.Buffer
	for _, it := range items {
		fmt.Fprintf(&body, `{"index":{"_index":"hush-2026.11.23","_id":%q}}`+"\n%s\n", it.ID, it.Data)
	}
	var zbody bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zbody, gzip.BestSpeed)
	zw.Write(body.Bytes())
	zw.Close()

	for _, gz := range []bool{false, true} {
		srv := benchServer(b, batch)
		b.Run(fmt.Sprintf("sink/gzip=%v", gz), func(b *testing.B) {
			s, err := New(Config{URLs: []string{srv.URL}, Gzip: gz, MaxBatchBytes: 16 << 20},
				WithClock(func() time.Time { return testNow }))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close(context.Background())
			b.SetBytes(int64(body.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Write(context.Background(), items); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "docs/s")
		})
		b.Run(fmt.Sprintf("raw-post/gzip=%v", gz), func(b *testing.B) {
			payload := body.Bytes()
			if gz {
				payload = zbody.Bytes()
			}
			client := &http.Client{}
			b.SetBytes(int64(body.Len()))
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/_bulk", bytes.NewReader(payload))
				req.Header.Set("Content-Type", "application/x-ndjson")
				if gz {
					req.Header.Set("Content-Encoding", "gzip")
				}
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

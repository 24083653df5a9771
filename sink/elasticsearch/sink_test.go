package elasticsearch

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/pipeline"
)

const canary = "SECRET-CANARY-7731"

var testNow = time.Date(2026, 11, 23, 21, 37, 41, 0, time.UTC)

func testID(i int) string { return "01JDBV4K0X3T9P1QY2ZK6M8N7" + strconv.Itoa(i) }

// testItems returns n records dated testNow whose message carries the canary.
func testItems(n int) []pipeline.Item {
	items := make([]pipeline.Item, n)
	for i := range items {
		id := testID(i)
		items[i] = pipeline.Item{ID: id, Data: fmt.Appendf(nil,
			`{"@timestamp":"2026-11-23T21:37:41.123Z","record.id":%q,"message":"chat %s","gen_ai.request.model":"gpt-4o"}`, id, canary)}
	}
	return items
}

func newTestSink(t testing.TB, cfg Config, opts ...Option) *Sink {
	t.Helper()
	s, err := New(cfg, append([]Option{WithClock(func() time.Time { return testNow })}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

func TestConfigValidate(t *testing.T) {
	good := func(mod func(*Config)) Config {
		c := DefaultConfig()
		c.URLs = []string{"https://es.example:9200"}
		mod(&c)
		return c
	}
	tests := []struct {
		name string
		cfg  Config
		want string // "" = valid
	}{
		{"defaults", good(func(*Config) {}), ""},
		{"zero values take defaults", Config{URLs: []string{"http://127.0.0.1:9200"}}, ""},
		{"victorialogs", good(func(c *Config) {
			c.URLs = []string{"http://127.0.0.1:9428/insert/elasticsearch/"}
			c.QueryParams = map[string]string{"_msg_field": "message", "_time_field": "@timestamp"}
		}), ""},
		{"data stream", good(func(c *Config) { c.DataStream, c.Index = true, "logs-hush-default" }), ""},
		{"no urls", Config{}, "urls: at least one URL is required"},
		{"bad scheme", good(func(c *Config) { c.URLs = append(c.URLs, "ftp://es:21") }), `urls[1]: scheme must be http or https, got "ftp"`},
		{"credentials in url", good(func(c *Config) { c.URLs = []string{"https://elastic:" + canary + "@es:9200"} }),
			"urls[0]: credentials must not be part of the URL; use username/password or api_key"},
		{"unparsable url", good(func(c *Config) { c.URLs = []string{"http://es:" + canary} }), "urls[0]: invalid URL"},
		{"query in url", good(func(c *Config) { c.URLs = []string{"http://es:9200?pipeline=x"} }), "urls[0]: must have no query or fragment; use query_params"},
		{"no host", good(func(c *Config) { c.URLs = []string{"http:///x"} }), "urls[0]: missing host"},
		{"uppercase index", good(func(c *Config) { c.Index = "Hush" }), "index: must be lowercase"},
		{"bad index char", good(func(c *Config) { c.Index = "hush logs" }), `index: must not contain any of \ / * ? " < > | , # : or a space`},
		{"index starts with _", good(func(c *Config) { c.Index = "_hush" }), "index: must not start with '-', '_' or '+'"},
		{"unknown date token", good(func(c *Config) { c.Index = "hush-%{+yyyy.MMM}" }), `index: unsupported date token "MMM" (supported: yyyy yy MM dd HH xxxx ww)`},
		{"unterminated pattern", good(func(c *Config) { c.Index = "hush-%{+yyyy" }), "index: unterminated date pattern, want %{+FORMAT}"},
		{"pattern without plus", good(func(c *Config) { c.Index = "hush-%{yyyy}" }), `index: date pattern "%{yyyy}" must look like %{+yyyy.MM.dd}`},
		{"two patterns", good(func(c *Config) { c.Index = "%{+yyyy}-%{+MM}" }), "index: at most one date pattern is allowed"},
		{"data stream with date", good(func(c *Config) { c.DataStream = true }), "index: a data stream name cannot contain a date pattern"},
		{"api key and basic", good(func(c *Config) { c.APIKey, c.Username = canary, "u" }), "api_key: set either api_key or username and password, not both"},
		{"password without user", good(func(c *Config) { c.Password = canary }), "username: required when password is set"},
		{"owned header", good(func(c *Config) { c.Headers = map[string]string{"authorization": canary} }), "headers: Authorization is set by the sink"},
		{"bad header name", good(func(c *Config) { c.Headers = map[string]string{"X Tenant": "a"} }), `headers: invalid header name "X Tenant"`},
		{"header injection", good(func(c *Config) { c.Headers = map[string]string{"X-Tenant": "a\r\nX-Evil: 1"} }), "headers: value of X-Tenant contains a control character"},
		{"cert without key", good(func(c *Config) { c.TLS.CertFile = "client.pem" }), "tls: cert_file and key_file must be set together"},
		{"negative timeout", good(func(c *Config) { c.Timeout = -time.Second }), "timeout: must be positive, got -1s"},
		{"negative batch", good(func(c *Config) { c.MaxBatchBytes = -1 }), "max_batch_bytes: must be positive, got -1"},
		{"relative path", good(func(c *Config) { c.Path = "_bulk" }), `path: must start with '/' and contain no query, got "_bulk"`},
		{"empty query param", good(func(c *Config) { c.QueryParams = map[string]string{"": "x"} }), "query_params: empty parameter name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Fatalf("Validate() = %q, want %q", got, tt.want)
			}
			if strings.Contains(got, canary) {
				t.Fatalf("error leaks a secret: %q", got)
			}
		})
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	cfg := Config{URLs: []string{"http://es:9200"}, Username: "hush", Password: canary}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "password", cfg.Password, "cfg", cfg)
	for _, out := range []string{
		fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("password=%s", cfg.Password),
		logged.String(),
	} {
		if strings.Contains(out, canary) {
			t.Errorf("secret printed: %s", out)
		}
		if !strings.Contains(out, "[REDACTED]") {
			t.Errorf("secret not marked as redacted: %s", out)
		}
	}
	if Secret("").String() != "" {
		t.Error("empty secret should print empty")
	}
}

func TestIndexName(t *testing.T) {
	doc := func(ts string) []byte { return []byte(`{"@timestamp":"` + ts + `","message":"m"}`) }
	tests := []struct {
		name    string
		pattern string
		doc     []byte
		want    string
	}{
		{"static", "hush", doc("2026-01-02T03:04:05Z"), "hush"},
		{"daily from record", DefaultIndex, doc("2026-01-02T03:04:05Z"), "hush-2026.01.02"},
		{"record time converted to UTC", DefaultIndex, doc("2026-01-02T01:00:00+02:00"), "hush-2026.01.01"},
		{"hourly", "hush-%{+yyyy.MM.dd.HH}", doc("2026-01-02T03:04:05.999999999Z"), "hush-2026.01.02.03"},
		{"two digit year", "hush-%{+yy-MM}", doc("2026-01-02T03:04:05Z"), "hush-26-01"},
		{"iso week", "hush-%{+xxxx.ww}-w", doc("2027-01-01T00:00:00Z"), "hush-2026.53-w"},
		{"timestamp not first", DefaultIndex, []byte(`{"message":"m","@timestamp":"2025-12-31T23:59:59Z"}`), "hush-2025.12.31"},
		{"escaped timestamp", DefaultIndex, []byte(`{"@timestamp":"2025-12-31T23:59:59\u005a"}`), "hush-2025.12.31"},
		{"no timestamp uses write time", DefaultIndex, []byte(`{"message":"m"}`), "hush-2026.11.23"},
		{"bad timestamp uses write time", DefaultIndex, doc("yesterday"), "hush-2026.11.23"},
		{"nested timestamp ignored", DefaultIndex, []byte(`{"a":{"@timestamp":"2020-01-01T00:00:00Z"}}`), "hush-2026.11.23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseIndex(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			c := indexCache{p: &p, now: testNow}
			if got := string(c.lookup(tt.doc)); got != tt.want {
				t.Fatalf("index = %q, want %q", got, tt.want)
			}
			// The cached name must be recomputed when the day changes.
			if got := string(c.lookup(doc("1999-12-31T23:00:00Z"))); tt.pattern == DefaultIndex && got != "hush-1999.12.31" {
				t.Fatalf("after day change index = %q", got)
			}
		})
	}
}

func TestWireFormat(t *testing.T) {
	tests := []struct {
		name       string
		cfg        func(*Config)
		wantOp     string
		wantAuth   string
		wantQuery  string
		wantPath   string
		wantHeader [2]string
	}{
		{name: "index, basic auth, gzip", cfg: func(c *Config) { c.Username, c.Password, c.Gzip = "hush", canary, true },
			wantOp: "index", wantAuth: "Basic " + base64.StdEncoding.EncodeToString([]byte("hush:"+canary)), wantPath: "/_bulk"},
		{name: "data stream, api key, plain", cfg: func(c *Config) {
			c.DataStream, c.Index, c.APIKey, c.Gzip = true, "logs-hush-default", canary, false
			c.Headers = map[string]string{"X-Opaque-Id": "hush"}
		}, wantOp: "create", wantAuth: "ApiKey " + canary, wantPath: "/_bulk", wantHeader: [2]string{"X-Opaque-Id", "hush"}},
		{name: "victorialogs path and query", cfg: func(c *Config) {
			c.URLs[0] += "/insert/elasticsearch/"
			c.QueryParams = map[string]string{"_msg_field": "message", "_time_field": "@timestamp"}
		}, wantOp: "index", wantPath: "/insert/elasticsearch/_bulk", wantQuery: "_msg_field=message&_time_field=%40timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := newFakeES(t, nil)
			cfg := DefaultConfig()
			cfg.URLs = []string{es.srv.URL}
			tt.cfg(&cfg)
			s := newTestSink(t, cfg)
			items := testItems(3)
			// A pretty-printed document must still travel as one line.
			items[2].Data = []byte("{\n  \"@timestamp\": \"2026-11-23T21:37:41Z\",\n  \"message\": \"multi\\nline\"\n}")
			if err := s.Write(context.Background(), items); err != nil {
				t.Fatalf("Write: %v", err)
			}
			reqs := es.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Path != tt.wantPath || r.Query != tt.wantQuery {
				t.Errorf("path %q query %q, want %q %q", r.Path, r.Query, tt.wantPath, tt.wantQuery)
			}
			if got := r.Header.Get("Authorization"); got != tt.wantAuth {
				t.Errorf("Authorization = %q, want %q", got, tt.wantAuth)
			}
			if got := r.Header.Get("Content-Type"); got != "application/x-ndjson" {
				t.Errorf("Content-Type = %q", got)
			}
			if gz := r.Header.Get("Content-Encoding") == "gzip"; gz != cfg.Gzip {
				t.Errorf("gzip = %v, want %v", gz, cfg.Gzip)
			}
			if k := tt.wantHeader[0]; k != "" && r.Header.Get(k) != tt.wantHeader[1] {
				t.Errorf("header %s = %q", k, r.Header.Get(k))
			}
			wantIndex := "hush-2026.11.23"
			if cfg.DataStream {
				wantIndex = "logs-hush-default"
			}
			for i, a := range r.Actions {
				if a != (bulkAction{Op: tt.wantOp, Index: wantIndex, ID: items[i].ID}) {
					t.Errorf("action %d = %+v", i, a)
				}
			}
			for i := range 2 {
				if !bytes.Equal(r.Docs[i], items[i].Data) {
					t.Errorf("doc %d = %s, want %s", i, r.Docs[i], items[i].Data)
				}
			}
			if want := `{"@timestamp":"2026-11-23T21:37:41Z","message":"multi\nline"}`; string(r.Docs[2]) != want {
				t.Errorf("compacted doc = %s, want %s", r.Docs[2], want)
			}
		})
	}
}

// errClass is how the router would see one item's outcome.
type errClass int

const (
	ok errClass = iota
	retry
	perm
)

func classOf(err error) errClass {
	switch {
	case err == nil:
		return ok
	case pipeline.IsPermanent(err):
		return perm
	}
	return retry
}

// TestResponses checks the classification of every answer shape Elasticsearch 8 gives to a
// bulk request (bodies in testdata are in the format of the bulk API reference).
func TestResponses(t *testing.T) {
	tests := []struct {
		name       string
		dataStream bool
		status     int
		body       string // testdata file or literal JSON
		whole      errClass
		items      map[int]errClass // for a *pipeline.PartialError
		sentinel   error
		wantMsg    []string // substrings of the error
	}{
		{name: "all created", status: 200, body: "bulk_all_created.json", whole: ok},
		{name: "mapping errors", status: 200, body: "bulk_mapping_errors.json", items: map[int]errClass{1: perm, 2: perm},
			wantMsg: []string{"item 1: status 400 document_parsing_exception (caused by illegal_argument_exception): […] failed to parse field [gen_ai.usage.input_tokens] of type [long] in document with id '…'",
				"item 2: status 400 mapper_parsing_exception (caused by illegal_argument_exception): failed to parse date field […] with format […]"}},
		{name: "item throttled and unavailable", status: 200, body: "bulk_item_throttled.json", items: map[int]errClass{0: retry, 2: retry},
			wantMsg: []string{"item 0: status 429 es_rejected_execution_exception", "item 2: status 503 unavailable_shards_exception"}},
		{name: "create conflict is success", dataStream: true, status: 200, body: "bulk_create_conflict.json", items: map[int]errClass{2: perm},
			wantMsg: []string{"item 2: status 400 illegal_argument_exception: data stream timestamp field [@timestamp] is missing"}},
		{name: "index conflict is retried", status: 200, body: "bulk_create_conflict.json", items: map[int]errClass{0: retry, 2: perm}},
		{name: "whole 429", status: 429, body: "error_429.json", whole: retry, wantMsg: []string{"status 429 circuit_breaking_exception: […] Data too large"}},
		{name: "whole 503", status: 503, body: "error_503.json", whole: retry, wantMsg: []string{"status 503 cluster_block_exception: blocked by: […]"}},
		{name: "502 from a proxy", status: 502, body: "<html>bad gateway " + canary + "</html>", whole: retry, wantMsg: []string{"bulk request: status 502"}},
		{name: "401", status: 401, body: "error_401.json", whole: retry, sentinel: ErrUnauthorized, wantMsg: []string{"status 401 security_exception: unable to authenticate user […]"}},
		{name: "403", status: 403, body: "error_403.json", whole: retry, sentinel: ErrUnauthorized},
		{name: "404 wrong path", status: 404, body: `{"error":"Incorrect HTTP method for uri [/_bulkk] and method [POST]","status":405}`, whole: retry},
		{name: "whole 400", status: 400, body: "error_400.json", whole: perm, wantMsg: []string{"status 400 illegal_argument_exception: Malformed action/metadata line […]"}},
		{name: "200 but not a bulk response", status: 200, body: `<html>` + canary, whole: retry, wantMsg: []string{"not a bulk response"}},
		{name: "200 with truncated json", status: 200, body: `{"took":1,"errors":true,"items":[{"index":{"status":201}}`, whole: retry},
		{name: "too few items", status: 200, body: `{"took":1,"errors":true,"items":[{"index":{"status":201}}]}`, whole: retry, wantMsg: []string{"has 1 items, sent 3"}},
		{name: "errors false without items", status: 200, body: `{"took":1,"errors":false}`, whole: ok},
		{name: "items before errors", status: 200, body: `{"items":[{"index":{"status":201}},{"index":{"status":500,"error":"boom"}},{"index":{"status":201}}],"errors":true}`,
			items: map[int]errClass{1: retry}, wantMsg: []string{"item 1: status 500: boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if strings.HasSuffix(tt.body, ".json") {
				body = readTestdata(t, tt.body)
			}
			es := newFakeES(t, func(*bulkRequest, int) (int, []byte) { return tt.status, body })
			cfg := Config{URLs: []string{es.srv.URL}, DataStream: tt.dataStream, Username: "hush", Password: canary}
			if tt.dataStream {
				cfg.Index = "hush"
			}
			s := newTestSink(t, cfg)
			err := s.Write(context.Background(), testItems(3))

			var pe *pipeline.PartialError
			switch {
			case tt.items != nil:
				if !errors.As(err, &pe) {
					t.Fatalf("Write = %v, want *pipeline.PartialError", err)
				}
				got := map[int]errClass{}
				for i, e := range pe.Failed {
					got[i] = classOf(e)
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.items) {
					t.Fatalf("failed items = %v, want %v (%v)", got, tt.items, pe.Failed)
				}
			default:
				if errors.As(err, &pe) {
					t.Fatalf("Write = %v (%v), want a whole-batch error", err, pe.Failed)
				}
				if got := classOf(err); got != tt.whole {
					t.Fatalf("Write = %v, class %d, want %d", err, got, tt.whole)
				}
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			msg := errorText(err)
			for _, want := range tt.wantMsg {
				if !strings.Contains(msg, want) {
					t.Errorf("error text lacks %q:\n%s", want, msg)
				}
			}
			if strings.Contains(msg, canary) {
				t.Errorf("error text leaks document content or a secret:\n%s", msg)
			}
		})
	}
}

// errorText is every message the router could log for err.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	parts := []string{err.Error()}
	var pe *pipeline.PartialError
	if errors.As(err, &pe) {
		for i := range 64 {
			if e, ok := pe.Failed[i]; ok {
				parts = append(parts, e.Error())
			}
		}
	}
	return strings.Join(parts, "\n")
}

func TestItemErrorFields(t *testing.T) {
	es := newFakeES(t, func(*bulkRequest, int) (int, []byte) { return 200, readTestdata(t, "bulk_mapping_errors.json") })
	s := newTestSink(t, Config{URLs: []string{es.srv.URL}})
	err := s.Write(context.Background(), testItems(3))
	var ie *ItemError
	if !errors.As(err.(*pipeline.PartialError).Failed[1], &ie) {
		t.Fatalf("item error %T is not an *ItemError", err)
	}
	want := ItemError{Item: 1, Status: 400, Type: "document_parsing_exception", CausedBy: "illegal_argument_exception",
		Reason: "[…] failed to parse field [gen_ai.usage.input_tokens] of type [long] in document with id '…'"}
	if *ie != want {
		t.Fatalf("ItemError = %+v, want %+v", *ie, want)
	}
}

func TestSplitAtMaxBatchBytes(t *testing.T) {
	es := newFakeES(t, nil)
	items := testItems(10)
	one := len(items[0].Data) + 100 // a document and its action line
	s := newTestSink(t, Config{URLs: []string{es.srv.URL}, MaxBatchBytes: 3 * one})
	big := pipeline.Item{ID: "big", Data: []byte(`{"message":"` + strings.Repeat("x", 5*one) + `"}`)}
	items = append(items[:5], append([]pipeline.Item{big}, items[5:]...)...)
	if err := s.Write(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range es.requests() {
		if len(r.RawBody) > 3*one && len(r.Actions) > 1 {
			t.Errorf("request of %d bytes with %d items exceeds MaxBatchBytes %d", len(r.RawBody), len(r.Actions), 3*one)
		}
		for _, a := range r.Actions {
			ids = append(ids, a.ID)
		}
	}
	var want []string
	for _, it := range items {
		want = append(want, it.ID)
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("sent %v, want each item once in order %v", ids, want)
	}
	if n := len(es.requests()); n < 4 {
		t.Fatalf("%d requests, want the batch split into at least 4", n)
	}
}

// TestOutageMidBatch: when a later request of a split batch fails, only its items and those
// after it are reported; the confirmed ones are not resent.
func TestOutageMidBatch(t *testing.T) {
	calls := 0
	es := newFakeES(t, func(*bulkRequest, int) (int, []byte) {
		calls++
		if calls == 2 {
			return 503, readTestdata(t, "error_503.json")
		}
		return 200, nil
	})
	items := testItems(6)
	s := newTestSink(t, Config{URLs: []string{es.srv.URL}, MaxBatchBytes: 2*len(items[0].Data) + 200})
	err := s.Write(context.Background(), items)
	var pe *pipeline.PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("Write = %v, want PartialError", err)
	}
	if len(pe.Failed) != 4 {
		t.Fatalf("failed = %v, want items 2..5", pe.Failed)
	}
	for i := 2; i < 6; i++ {
		if e := pe.Failed[i]; e == nil || pipeline.IsPermanent(e) {
			t.Errorf("item %d: %v, want retryable", i, e)
		}
	}
	if calls != 2 {
		t.Fatalf("%d requests, want 2 (no request after a retryable failure)", calls)
	}
}

func Test413SplitsBatch(t *testing.T) {
	const limit = 700
	es := newFakeES(t, func(r *bulkRequest, _ int) (int, []byte) {
		if len(r.RawBody) > limit {
			return http.StatusRequestEntityTooLarge, nil
		}
		return 200, nil
	})
	items := testItems(6)
	items[3].Data = []byte(`{"message":"` + strings.Repeat("y", limit) + `"}`)
	s := newTestSink(t, Config{URLs: []string{es.srv.URL}})
	err := s.Write(context.Background(), items)
	var pe *pipeline.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 1 || !pipeline.IsPermanent(pe.Failed[3]) || !errors.Is(pe.Failed[3], ErrTooLarge) {
		t.Fatalf("Write = %v, want only item 3 failed permanently with ErrTooLarge", errorText(err))
	}
	stored := 0
	for _, r := range es.requests() {
		if len(r.RawBody) <= limit {
			stored += len(r.Actions)
		}
	}
	if stored != 5 {
		t.Fatalf("%d items stored, want 5", stored)
	}
}

func TestInvalidItems(t *testing.T) {
	es := newFakeES(t, nil)
	s := newTestSink(t, Config{URLs: []string{es.srv.URL}})
	items := testItems(4)
	items[0].ID = ""
	items[1].Data = nil
	items[2].Data = []byte("{\"message\":\n" + canary)
	err := s.Write(context.Background(), items)
	var pe *pipeline.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 3 {
		t.Fatalf("Write = %v, want 3 failed items", err)
	}
	for i := range 3 {
		if !pipeline.IsPermanent(pe.Failed[i]) {
			t.Errorf("item %d: %v, want permanent", i, pe.Failed[i])
		}
	}
	if msg := errorText(err); strings.Contains(msg, canary) {
		t.Errorf("error leaks document: %s", msg)
	}
	if r := es.requests(); len(r) != 1 || len(r[0].Actions) != 1 || r[0].Actions[0].ID != items[3].ID {
		t.Fatalf("requests = %+v, want one with item 3", r)
	}
}

func TestConnectionErrors(t *testing.T) {
	dead := deadURL(t)
	t.Run("failover to the next URL", func(t *testing.T) {
		es := newFakeES(t, nil)
		s := newTestSink(t, Config{URLs: []string{dead, es.srv.URL}})
		for range 3 {
			if err := s.Write(context.Background(), testItems(2)); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(es.requests()); n != 3 {
			t.Fatalf("%d requests reached the live node, want 3", n)
		}
	})
	t.Run("all down is retryable", func(t *testing.T) {
		s := newTestSink(t, Config{URLs: []string{dead}, Username: "hush", Password: canary})
		err := s.Write(context.Background(), testItems(2))
		if err == nil || pipeline.IsPermanent(err) || errors.As(err, new(*pipeline.PartialError)) {
			t.Fatalf("Write = %v, want a retryable whole-batch error", err)
		}
		if strings.Contains(err.Error(), canary) {
			t.Fatalf("error leaks the password: %v", err)
		}
	})
	t.Run("timeout is retryable", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(release) })
		s := newTestSink(t, Config{URLs: []string{srv.URL}, Timeout: 50 * time.Millisecond})
		err := s.Write(context.Background(), testItems(1))
		if err == nil || pipeline.IsPermanent(err) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Write = %v, want retryable deadline exceeded", err)
		}
	})
	t.Run("closed sink", func(t *testing.T) {
		s := newTestSink(t, Config{URLs: []string{dead}})
		if err := s.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := s.Write(context.Background(), testItems(1)); !errors.Is(err, ErrClosed) || pipeline.IsPermanent(err) {
			t.Fatalf("Write after Close = %v, want retryable ErrClosed", err)
		}
	})
}

// deadURL returns the URL of a 127.0.0.1 port that refuses connections.
func deadURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestTLS(t *testing.T) {
	es := newFakeES(t, nil)
	es.srv.Close()
	srv := httptest.NewUnstartedServer(es.srv.Config.Handler)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failing case logs a handshake error
	srv.StartTLS()
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	der := srv.Certificate().Raw
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		tls     TLSConfig
		wantErr bool
	}{
		{"ca file", TLSConfig{CAFile: ca}, false},
		{"insecure skip verify", TLSConfig{InsecureSkipVerify: true}, false},
		{"system roots reject the test CA", TLSConfig{ServerName: "127.0.0.1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSink(t, Config{URLs: []string{srv.URL}, TLS: tt.tls})
			err := s.Write(context.Background(), testItems(1))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Write = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil && (pipeline.IsPermanent(err) || !errors.As(err, new(x509.UnknownAuthorityError))) {
				t.Fatalf("Write = %v, want a retryable certificate error", err)
			}
		})
	}
	t.Run("bad files name the field", func(t *testing.T) {
		for _, tc := range []struct {
			tls  TLSConfig
			want string
		}{
			{TLSConfig{CAFile: filepath.Join(dir, "missing.pem")}, "elasticsearch: tls: ca_file: open "},
			{TLSConfig{CAFile: filepath.Join("testdata", "error_400.json")}, "elasticsearch: tls: ca_file: no PEM certificate found"},
			{TLSConfig{CertFile: ca, KeyFile: ca}, "elasticsearch: tls: cert_file/key_file: "},
		} {
			_, err := New(Config{URLs: []string{srv.URL}, TLS: tc.tls})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("New = %v, want prefix %q", err, tc.want)
			}
		}
		if _, err := New(Config{URLs: []string{srv.URL}, TLS: TLSConfig{CAFile: ca}}, WithHTTPClient(srv.Client())); err == nil {
			t.Error("New accepted TLS options with a custom client")
		}
	})
}

func TestSanitizeReason(t *testing.T) {
	tests := []struct{ in, want string }{
		{"failed to parse field [count] of type [long] in document with id '7'. Preview of field's value: 'x'",
			"failed to parse field [count] of type [long] in document with id '…'"},
		{`For input string: "` + canary + `"`, `For input string: "…"`},
		{"failed to parse date field [" + canary + "] with format [strict_date_optional_time]", "failed to parse date field […] with format […]"},
		{"mapper [a.b] cannot be changed from type [long] to [text]", "mapper [a.b] cannot be changed from type [long] to […]"},
		{"object mapping for [message] tried to parse field [" + canary + " x] as object", "object mapping for […] tried to parse field […] as object"},
		{"containing [index {[i][1], source[{\"m\":\"" + canary + "\"}]}]", "containing […]"},
		{"unterminated '" + canary, "unterminated '…'"},
		{"unterminated [" + canary, "unterminated […]"},
		{"tabs\tand\nnewlines\x00", "tabs and newlines"},
		{strings.Repeat("é", 200), strings.Repeat("é", 80) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := sanitizeReason(tt.in); got != tt.want {
				t.Fatalf("sanitizeReason(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzParseBulkResponse: any body yields either an error or exactly one result per item,
// whose messages are short, printable and carry no quoted or bracketed content they were not
// allowed to keep.
func FuzzParseBulkResponse(f *testing.F) {
	for _, name := range []string{"bulk_all_created.json", "bulk_mapping_errors.json", "bulk_item_throttled.json", "bulk_create_conflict.json"} {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, 3)
	}
	f.Add([]byte(`{"errors":false}`), 1)
	f.Add([]byte(`{"items":[{"index":{"status":500,"error":"x"}}]}`), 1)
	f.Fuzz(func(t *testing.T, body []byte, n int) {
		if n < 0 || n > 1000 {
			return
		}
		results, err := parseBulkResponse(body, n)
		if err != nil {
			if results != nil {
				t.Fatal("results with an error")
			}
			return
		}
		if len(results) != n {
			t.Fatalf("%d results for %d items", len(results), n)
		}
		for i, r := range results {
			if r == nil {
				continue
			}
			if r.Item != i || r.Status >= 200 && r.Status < 300 {
				t.Fatalf("result %d = %+v", i, r)
			}
			msg := r.Error()
			if len(r.Reason) > maxReason+len("…") || strings.ContainsAny(msg, "\n\r\t\x00") {
				t.Fatalf("bad message %q", msg)
			}
			rest := strings.NewReplacer(`'…'`, "", `"…"`, "").Replace(r.Reason)
			if strings.ContainsAny(rest, `'"`) {
				t.Fatalf("quoted content kept in %q", r.Reason)
			}
		}
	})
}

func TestClassifyItem(t *testing.T) {
	tests := []struct {
		status   int
		typ      string
		create   bool
		want     errClass
		sentinel error
	}{
		{200, "", false, ok, nil},
		{201, "", true, ok, nil},
		{409, "version_conflict_engine_exception", true, ok, nil},
		{409, "version_conflict_engine_exception", false, retry, nil},
		{409, "some_other_conflict", true, retry, nil},
		{429, "es_rejected_execution_exception", false, retry, nil},
		{500, "", false, retry, nil},
		{503, "unavailable_shards_exception", false, retry, nil},
		{404, "index_not_found_exception", false, retry, nil},
		{401, "security_exception", false, retry, ErrUnauthorized},
		{403, "security_exception", false, retry, ErrUnauthorized},
		{408, "", false, retry, nil},
		{0, "", false, retry, nil},
		{400, "mapper_parsing_exception", false, perm, nil},
		{400, "document_parsing_exception", false, perm, nil},
		{400, "illegal_argument_exception", true, perm, nil},
		{413, "", false, perm, ErrTooLarge},
		{422, "", false, perm, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %s create=%v", tt.status, tt.typ, tt.create), func(t *testing.T) {
			err := classifyItem(&ItemError{Status: tt.status, Type: tt.typ}, tt.create)
			if got := classOf(err); got != tt.want {
				t.Fatalf("class = %d, want %d (%v)", got, tt.want, err)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Fatalf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
		})
	}
}

func TestMutualTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "hush"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	clientCert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(clientCert)

	es := newFakeES(t, nil)
	es.srv.Close()
	srv := httptest.NewUnstartedServer(es.srv.Config.Handler)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	with := newTestSink(t, Config{URLs: []string{srv.URL}, TLS: TLSConfig{InsecureSkipVerify: true, CertFile: certFile, KeyFile: keyFile}})
	if err := with.Write(context.Background(), testItems(1)); err != nil {
		t.Fatalf("with a client certificate: %v", err)
	}
	without := newTestSink(t, Config{URLs: []string{srv.URL}, TLS: TLSConfig{InsecureSkipVerify: true}})
	if err := without.Write(context.Background(), testItems(1)); err == nil || pipeline.IsPermanent(err) {
		t.Fatalf("without a client certificate: %v, want a retryable handshake error", err)
	}
	if n := len(es.requests()); n != 1 {
		t.Fatalf("%d requests reached the server, want 1", n)
	}
}

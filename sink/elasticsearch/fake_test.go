package elasticsearch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// bulkRequest is one _bulk request as the fake Elasticsearch received it.
type bulkRequest struct {
	Header  http.Header
	Path    string
	Query   string
	RawBody []byte // decompressed
	Actions []bulkAction
	Docs    [][]byte
}

type bulkAction struct {
	Op    string // "index" or "create"
	Index string
	ID    string
}

// fakeES is an Elasticsearch 8 _bulk endpoint on 127.0.0.1. It decodes each request the way
// Elasticsearch does (gzip Content-Encoding, NDJSON action and source lines, a final newline),
// records it, and answers with respond, or with a generated all-created response in the
// format of recorded Elasticsearch answers.
type fakeES struct {
	t       testing.TB
	srv     *httptest.Server
	respond func(req *bulkRequest, n int) (status int, body []byte)

	mu   sync.Mutex
	reqs []*bulkRequest
}

func newFakeES(t testing.TB, respond func(req *bulkRequest, n int) (int, []byte)) *fakeES {
	t.Helper()
	f := &fakeES{t: t, respond: respond}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeES) requests() []*bulkRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*bulkRequest(nil), f.reqs...)
}

func (f *fakeES) serve(w http.ResponseWriter, r *http.Request) {
	req, err := decodeBulkRequest(r)
	if err != nil {
		// Elasticsearch answers framing errors with 400 illegal_argument_exception.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"root_cause":[{"type":"illegal_argument_exception","reason":%q}],"type":"illegal_argument_exception","reason":%q},"status":400}`, err.Error(), err.Error())
		return
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	status, body := http.StatusOK, []byte(nil)
	if f.respond != nil {
		status, body = f.respond(req, len(req.Actions))
	}
	if body == nil && status == http.StatusOK {
		body = allCreated(req)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func decodeBulkRequest(r *http.Request) (*bulkRequest, error) {
	if r.Method != http.MethodPost {
		return nil, fmt.Errorf("method %s", r.Method)
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, err
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	req := &bulkRequest{Header: r.Header.Clone(), Path: r.URL.Path, Query: r.URL.RawQuery, RawBody: raw}
	if len(raw) == 0 || raw[len(raw)-1] != '\n' {
		return nil, fmt.Errorf("The bulk request must be terminated by a newline [\\n]")
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 64<<20)
	for line := 1; sc.Scan(); line++ {
		var action map[string]struct {
			Index string `json:"_index"`
			ID    string `json:"_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &action); err != nil || len(action) != 1 {
			return nil, fmt.Errorf("Malformed action/metadata line [%d]", line)
		}
		var a bulkAction
		for op, meta := range action {
			a = bulkAction{Op: op, Index: meta.Index, ID: meta.ID}
		}
		if !sc.Scan() {
			return nil, fmt.Errorf("Validation Failed: 1: no requests added;")
		}
		line++
		if !json.Valid(sc.Bytes()) {
			return nil, fmt.Errorf("document on line [%d] is not JSON", line)
		}
		req.Actions = append(req.Actions, a)
		req.Docs = append(req.Docs, bytes.Clone(sc.Bytes()))
	}
	return req, sc.Err()
}

// allCreated is Elasticsearch's answer to a request whose every action succeeded.
func allCreated(req *bulkRequest) []byte {
	var b strings.Builder
	b.WriteString(`{"took":3,"errors":false,"items":[`)
	for i, a := range req.Actions {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{%q:{"_index":%q,"_id":%q,"_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},"_seq_no":%d,"_primary_term":1,"status":201}}`,
			a.Op, a.Index, a.ID, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

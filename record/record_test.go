package record

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func sampleRecord() *Record {
	return &Record{
		Timestamp:       time.Date(2026, 11, 23, 21, 37, 41, 123456789, time.UTC),
		ID:              "01JDBV4K0X3T9P1QY2ZK6M8N7R",
		Message:         "POST /v1/chat/completions 200 gpt-4o",
		Duration:        812000000,
		Method:          "POST",
		Path:            "/v1/chat/completions",
		Status:          200,
		TTFB:            1200000,
		TTFT:            3400000,
		ClientAddress:   "[HMAC:CLIENT_ADDRESS:k1:00112233445566778899aabb]",
		TraceID:         "4bf92f3577b34da6a3ce929d0e0e4736",
		Provider:        "openai",
		Operation:       "chat",
		RequestModel:    "gpt-4o",
		ResponseModel:   "gpt-4o-2024-08-06",
		InputTokens:     12,
		OutputTokens:    34,
		InputMessages:   json.RawMessage(`[{"role":"user","content":"hi <EMAIL_ADDRESS_1>"}]`),
		RequestHeaders:  map[string]string{"Content-Type": "application/json", "Authorization": "[REDACTED:SECRET]"},
		RequestBody:     "{\"model\":\"gpt-4o\",\n\"x\":\"<b>&\u2028\"}",
		ResponseBody:    "bad \xff utf8 \x01",
		Findings:        map[string]int{"EMAIL_ADDRESS": 1, "API_KEY": 2},
		Truncated:       true,
		CaptureMode:     "full",
		RedactionFailed: false,
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	cases := map[string]*Record{
		"full":  sampleRecord(),
		"empty": {ID: "01JDBV4K0X3T9P1QY2ZK6M8N7R", CaptureMode: "none"},
		"failed": {ID: "01JDBV4K0X3T9P1QY2ZK6M8N7R", CaptureMode: "full", RedactionFailed: true,
			RedactionError: "timeout", Status: 502},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			got := r.AppendJSON(nil)
			want, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			// same document; byte equality holds except that encoding/json also escapes
			// HTML characters inside raw messages
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("AppendJSON wrote invalid JSON: %v", err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("AppendJSON differs from encoding/json:\n got %s\nwant %s", got, want)
			}
			if r.InputMessages == nil && !bytes.Equal(got, want) {
				t.Fatalf("AppendJSON bytes differ from encoding/json:\n got %s\nwant %s", got, want)
			}
			if bytes.ContainsAny(got, "\n\r") {
				t.Fatal("encoded record spans lines")
			}
			back, err := Decode(got)
			if err != nil {
				t.Fatal(err)
			}
			want2, err := Decode(want)
			if err != nil {
				t.Fatal(err)
			}
			back.InputMessages, want2.InputMessages = nil, nil // compared as JSON above
			if !reflect.DeepEqual(back, want2) {
				t.Fatalf("round trip changed the record:\n got %+v\nwant %+v", back, want2)
			}
		})
	}
}

func TestAppendJSONRawMessages(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want string
	}{
		{"compact", `[{"a":1}]`, `[{"a":1}]`},
		{"multi-line", "[\n  {\"a\": 1}\n]", `[{"a":1}]`},
		{"invalid", `{"a":`, `"{\"a\":"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Record{ID: "x", OutputMessages: json.RawMessage(c.raw)}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(r.AppendJSON(nil), &got); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			if s := string(got["gen_ai.output.messages"]); s != c.want {
				t.Fatalf("got %s, want %s", s, c.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{`{"record.id":`, "record: invalid JSON at offset 13"},
		{`{"record.id":"x","event.duration":"secret-value"}`, "record: field event.duration: want int64"},
		{`{"message":"m"}`, "record: missing record.id"},
		{`[]`, "record: field : want record.Record"},
	}
	for _, c := range cases {
		_, err := Decode([]byte(c.in))
		if err == nil || err.Error() != c.want {
			t.Errorf("Decode(%s) = %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(sampleRecord().AppendJSON(nil))
	f.Add([]byte(`{"record.id":"a","hush.findings":{"X":1}}`))
	f.Add([]byte(`{"record.id":"\ud800","gen_ai.input.messages":[1,2]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err != nil {
			if bytes.Contains([]byte(err.Error()), data) && len(data) > 8 {
				t.Fatal("error echoes the document")
			}
			return
		}
		enc := r.AppendJSON(nil)
		r2, err := Decode(enc)
		if err != nil {
			t.Fatalf("re-decoding our own encoding failed: %v", err)
		}
		if !bytes.Equal(r2.AppendJSON(nil), enc) {
			t.Fatal("encoding is not stable")
		}
	})
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "q\"b\\", "\x00\x1f<>&", "\u2028\u2029", "\xff\xfe", "é漢字🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestCaptureMode(t *testing.T) {
	for _, m := range []CaptureMode{CaptureFull, CaptureMetadata, CaptureNone} {
		got, ok := ParseCaptureMode(m.String())
		if !ok || got != m {
			t.Errorf("ParseCaptureMode(%q) = %v, %v", m.String(), got, ok)
		}
	}
	if _, ok := ParseCaptureMode("raw"); ok {
		t.Error("ParseCaptureMode accepted raw")
	}
	var zero CaptureMode
	if zero != CaptureFull {
		t.Error("zero capture mode must be full (redacted)")
	}
}

func TestExchangeSize(t *testing.T) {
	x := &Exchange{RequestBody: make([]byte, 1000), ResponseBody: make([]byte, 3000)}
	base := x.Size()
	if base < 4000 {
		t.Fatalf("Size = %d, want at least the bodies", base)
	}
	x.RequestHeader = map[string][]string{"Authorization": {"Bearer abc"}}
	if x.Size() <= base {
		t.Fatal("headers not counted")
	}
	x.HeaderBytes = HeaderSize(x.RequestHeader)
	if x.Size() <= base {
		t.Fatal("precomputed header bytes not counted")
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = x.Size() }); allocs != 0 {
		t.Fatalf("Size allocates %v", allocs)
	}
}

type seqReader struct{ b byte }

func (s *seqReader) Read(p []byte) (int, error) {
	for i := range p {
		s.b++
		p[i] = s.b
	}
	return len(p), nil
}

func TestIDGenerator(t *testing.T) {
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now := func() time.Time { return clock }
	g := NewIDGenerator(now, &seqReader{})
	var ids []string
	steps := []time.Duration{0, 0, time.Millisecond, -time.Second, 0, time.Hour}
	for _, d := range steps {
		clock = clock.Add(d)
		id, err := g.New()
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != IDLen {
			t.Fatalf("id %q has length %d", id, len(id))
		}
		ids = append(ids, id)
	}
	if !slices.IsSorted(ids) {
		t.Fatalf("ids not increasing: %v", ids)
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatalf("duplicate ids: %v", ids)
	}
	ts, err := IDTime(ids[len(ids)-1])
	if err != nil {
		t.Fatal(err)
	}
	if !ts.Equal(clock.Truncate(time.Millisecond)) {
		t.Fatalf("IDTime = %v, want %v", ts, clock)
	}
	for _, bad := range []string{"", "01JDBV4K0X3T9P1QY2ZK6M8N7", "01JDBV4K0U3T9P1QY2ZK6M8N7R"} {
		if _, err := IDTime(bad); err == nil {
			t.Errorf("IDTime(%q) accepted", bad)
		}
	}
}

func TestIDGeneratorConcurrentUnique(t *testing.T) {
	g := NewIDGenerator(nil, nil)
	const workers, each = 4, 2000
	out := make(chan []string, workers)
	for range workers {
		go func() {
			ids := make([]string, 0, each)
			for range each {
				id, err := g.New()
				if err != nil {
					panic(err)
				}
				ids = append(ids, id)
			}
			out <- ids
		}()
	}
	seen := map[string]bool{}
	for range workers {
		ids := <-out
		if !slices.IsSorted(ids) {
			t.Fatal("ids from one goroutine not increasing")
		}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("duplicate id %s", id)
			}
			seen[id] = true
		}
	}
}

func TestIDAppendNoAlloc(t *testing.T) {
	g := NewIDGenerator(nil, nil)
	buf := make([]byte, 0, 64)
	if allocs := testing.AllocsPerRun(100, func() {
		var err error
		if buf, err = g.Append(buf[:0]); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Fatalf("Append allocates %v", allocs)
	}
	if !reflect.DeepEqual(len(buf), IDLen) {
		t.Fatalf("len %d", len(buf))
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	r := sampleRecord()
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf = r.AppendJSON(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkEncodingJSON(b *testing.B) {
	r := sampleRecord()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendStringJSONBody(b *testing.B) {
	s := string(bytes.Repeat([]byte(`{"role":"user","content":"hello there, how are you"},`), 80))
	buf := make([]byte, 0, 2*len(s))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendString(buf[:0], s)
	}
}

// BenchmarkAppendStringChatBody escapes a chat request whose prompt is long prose, the
// common shape of model traffic.
func BenchmarkAppendStringChatBody(b *testing.B) {
	prompt := strings.Repeat("The deployment failed again last night; the logs show a timeout in the payment service. ", 40)
	s := `{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"` + prompt + `"}]}`
	buf := make([]byte, 0, 2*len(s))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendString(buf[:0], s)
	}
}

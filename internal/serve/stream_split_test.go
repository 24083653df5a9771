package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/sink/file"
)

// openAIChunks streams pieces as OpenAI chat-completion chunks.
func openAIChunks(pieces []string) string {
	var b strings.Builder
	for _, p := range pieces {
		c, _ := json.Marshal(p)
		b.WriteString(`data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":` + string(c) + `}}]}` + "\n\n")
	}
	b.WriteString("data: [DONE]\n\n")
	return b.String()
}

// anthropicChunks streams pieces as Anthropic message events.
func anthropicChunks(pieces []string) string {
	var b strings.Builder
	b.WriteString("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"claude-x\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n")
	b.WriteString("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
	for _, p := range pieces {
		c, _ := json.Marshal(p)
		b.WriteString("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + string(c) + "}}\n\n")
	}
	b.WriteString("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
	return b.String()
}

// TestStreamSplitValueWithheld streams an e-mail address cut into model-token-sized pieces:
// no event holds it whole, the reassembled output does. The stored record must hold no
// piece of it: the event-stream body is withheld and counted, the output message redacted.
// A stream without sensitive data keeps its body.
func TestStreamSplitValueWithheld(t *testing.T) {
	email := []string{"Write to ", "jane", ".d", "oe", "@exa", "mple", ".com", " today."}
	plain := []string{"The ", "deploy", "ment ", "is ", "fine."}
	cases := []struct {
		name, path, req string
		body            func([]string) string
	}{
		{"openai", "/v1/chat/completions", `{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}`, openAIChunks},
		{"anthropic", "/v1/messages", `{"model":"claude-x","stream":true,"max_tokens":64,"messages":[{"role":"user","content":"hi"}]}`, anthropicChunks},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := redact.New(redact.Config{})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			fs, err := file.New(file.Config{Dir: filepath.Join(dir, "logs")}, nil)
			if err != nil {
				t.Fatal(err)
			}
			reg := prometheus.NewRegistry()
			pc := pipeline.Config{Engine: e, Spool: pipeline.SpoolConfig{Dir: filepath.Join(dir, "spool")},
				Sinks: []pipeline.NamedSink{{Name: "file", Sink: fs}}, Registerer: reg}
			pc.Parse = parseAndLog(nil, e, nil)
			p, err := pipeline.New(pc)
			if err != nil {
				t.Fatal(err)
			}
			for i, pieces := range [][]string{email, plain} {
				p.Offer(&record.Exchange{Method: "POST", Path: c.path, Status: 200, Mode: record.CaptureFull,
					TraceID:     []string{"split", "plain"}[i],
					RequestBody: []byte(c.req), ResponseBody: []byte(c.body(pieces))})
			}
			// a prompt with a value of its own does not make a clean streamed answer withheld
			promptReq := strings.Replace(c.req, `"hi"`, `"mail ops@example.org please"`, 1)
			p.Offer(&record.Exchange{Method: "POST", Path: c.path, Status: 200, Mode: record.CaptureFull,
				TraceID: "prompt", RequestBody: []byte(promptReq), ResponseBody: []byte(c.body(plain))})
			// the counter is read before Close, which unregisters the metrics
			withheld := 0.0
			for deadline := time.Now().Add(10 * time.Second); withheld < 1 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				mfs, _ := reg.Gather()
				for _, mf := range mfs {
					if mf.GetName() == "hush_pipeline_stream_bodies_withheld_total" {
						withheld = mf.GetMetric()[0].GetCounter().GetValue()
					}
				}
			}
			if err := p.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if withheld != 1 {
				t.Errorf("withheld counter %v, want 1", withheld)
			}
			data, err := os.ReadFile(filepath.Join(dir, "logs", "hush.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			recs := map[string]*record.Record{}
			for _, l := range bytes.Split(bytes.TrimSpace(data), []byte{'\n'}) {
				r, err := record.Decode(l)
				if err != nil {
					t.Fatal(err)
				}
				recs[r.TraceID] = r
			}
			split, ok := recs["split"]
			if !ok {
				t.Fatal("split record missing")
			}
			for i, piece := range []string{"jane", "@exa"} {
				if bytes.Contains(data, []byte(piece)) {
					t.Errorf("piece %d of the split value is stored", i)
				}
			}
			if split.ResponseBody != "[REDACTED:SPLIT_ACROSS_EVENTS]" {
				t.Errorf("event-stream body kept (%d bytes)", len(split.ResponseBody))
			}
			if !bytes.Contains(split.OutputMessages, []byte("[REDACTED:EMAIL_ADDRESS]")) {
				t.Error("reassembled output not redacted")
			}
			if kept, ok := recs["plain"]; !ok || !strings.Contains(kept.ResponseBody, "deploy") {
				t.Error("a stream without sensitive data lost its body")
			}
			if kept, ok := recs["prompt"]; !ok || !strings.Contains(kept.ResponseBody, "deploy") || kept.Findings["EMAIL_ADDRESS"] == 0 {
				t.Error("a clean stream answering a prompt with personal data lost its body, or the prompt's value was not found")
			}
		})
	}
}

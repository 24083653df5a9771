package llm

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hushlog/hush/record"
)

func TestParseSSE(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string // type|data
	}{
		{"lf", "data: a\n\ndata: b\n\n", []string{"|a", "|b"}},
		{"crlf and cr", "event: x\r\ndata: 1\r\n\r\ndata:2\r\r", []string{"x|1", "|2"}},
		{"multi-line data", "data: a\ndata: b\ndata: c\n\n", []string{"|a\nb\nc"}},
		{"comments and unknown fields", ": ping\nid: 7\nretry: 10\ndata: x\n\n", []string{"|x"}},
		{"no data is not dispatched", "event: x\n\n", nil},
		{"cut short", "data: a\n\ndata: partial", []string{"|a", "|partial"}},
		{"no space after colon kept", "data:  two\n\n", []string{"| two"}},
		{"field without colon", "data\n\n", []string{"|"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			ParseSSE([]byte(c.in), func(e Event) bool {
				got = append(got, string(e.Type)+"|"+string(e.Data))
				return true
			})
			if strings.Join(got, ";") != strings.Join(c.want, ";") {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func parse(path, req, resp string) Result {
	return Parse(&record.Exchange{Path: path, RequestBody: []byte(req), ResponseBody: []byte(resp)})
}

func outText(r Result) string {
	var b strings.Builder
	for _, m := range r.Output {
		for _, p := range m.Parts {
			b.WriteString(p.Type + ":" + p.Content + string(p.Arguments) + ";")
		}
	}
	return b.String()
}

func TestOpenAIChat(t *testing.T) {
	req := `{"model":"gpt-4o-mini","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi "},{"type":"text","text":"there"}]},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"42"}]}`
	resp := `{"id":"chatcmpl-1","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3}}`
	r := parse("/v1/chat/completions", req, resp)
	if r.Provider != "openai" || r.Operation != "chat" || r.RequestModel != "gpt-4o-mini" || r.ResponseModel != "gpt-4o-mini-2024-07-18" {
		t.Fatalf("metadata: %+v", r)
	}
	if r.InputTokens != 12 || r.OutputTokens != 3 || r.Stream {
		t.Fatalf("usage: %d %d", r.InputTokens, r.OutputTokens)
	}
	if len(r.Input) != 4 || r.Input[1].Parts[0].Content != "hi there" || r.Input[2].Parts[0].Name != "f" || r.Input[3].Parts[0].Type != "tool_call_response" {
		t.Fatalf("input: %+v", r.Input)
	}
	if outText(r) != "text:Hello!;" || r.Output[0].FinishReason != "stop" {
		t.Fatalf("output: %s", outText(r))
	}
}

func TestOpenAIChatStream(t *testing.T) {
	resp := `data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"gh"},"finish_reason":null}]}

data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"p_abc"},"finish_reason":null}]}

data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1","function":{"name":"lookup","arguments":"{\"q\":"}}]}}]}

data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"x\"}"}}]},"finish_reason":"tool_calls"}]}

data: {"id":"c","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4}}

data: [DONE]

`
	r := parse("/v1/chat/completions", `{"model":"gpt-4o","stream":true,"messages":[]}`, resp)
	if !r.Stream || r.ResponseModel != "gpt-4o" || r.InputTokens != 9 || r.OutputTokens != 4 {
		t.Fatalf("metadata: %+v", r)
	}
	if got := outText(r); got != `text:ghp_abc;tool_call:{"q":"x"};` {
		t.Fatalf("reassembled %q", got)
	}
	if r.Output[0].FinishReason != "tool_calls" {
		t.Fatalf("finish %q", r.Output[0].FinishReason)
	}
	if want := strings.Index(resp, `data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"gh"}`); r.FirstTokenOffset != want {
		t.Fatalf("first token offset %d, want %d", r.FirstTokenOffset, want)
	}
}

func TestAnthropic(t *testing.T) {
	req := `{"model":"claude-sonnet-4-5","system":"be kind","max_tokens":100,"messages":[{"role":"user","content":"hello"},{"role":"assistant","content":[{"type":"tool_use","id":"tu1","name":"calc","input":{"a":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"tu1","content":"2"}]}]}`
	resp := `{"id":"msg_1","type":"message","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"Hi!"}],"stop_reason":"end_turn","usage":{"input_tokens":20,"output_tokens":5}}`
	r := parse("/v1/messages", req, resp)
	if r.Provider != "anthropic" || r.InputTokens != 20 || r.OutputTokens != 5 || r.ResponseModel != "claude-sonnet-4-5-20250929" {
		t.Fatalf("metadata: %+v", r)
	}
	if len(r.Input) != 4 || r.Input[0].Role != "system" || string(r.Input[2].Parts[0].Arguments) != `{"a":1}` || r.Input[3].Parts[0].ID != "tu1" {
		t.Fatalf("input: %+v", r.Input)
	}
	if outText(r) != "text:Hi!;" || r.Output[0].FinishReason != "end_turn" {
		t.Fatalf("output %s", outText(r))
	}
}

func TestAnthropicStream(t *testing.T) {
	resp := "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-x\",\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n" +
		"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
		"event: ping\ndata: {\"type\":\"ping\"}\n\n" +
		"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n" +
		"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}\n\n" +
		"event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
		"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"tu\",\"name\":\"get\",\"input\":{}}}\n\n" +
		"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"k\\\":\"}}\n\n" +
		"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"2}\"}}\n\n" +
		"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":15}}\n\n" +
		"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
	r := parse("/v1/messages", `{"model":"claude-x","stream":true,"messages":[{"role":"user","content":"x"}]}`, resp)
	if !r.Stream || r.InputTokens != 25 || r.OutputTokens != 15 || r.ResponseModel != "claude-x" {
		t.Fatalf("metadata: %+v", r)
	}
	if got := outText(r); got != `text:Hello;tool_call:{"k":2};` || r.Output[0].FinishReason != "tool_use" {
		t.Fatalf("reassembled %q finish %q", got, r.Output[0].FinishReason)
	}
}

func TestResponsesAndEmbeddings(t *testing.T) {
	r := parse("/v1/responses", `{"model":"gpt-5","instructions":"sys","input":"question"}`,
		`{"model":"gpt-5","status":"completed","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"answer"}]},{"type":"function_call","call_id":"f1","name":"n","arguments":"{}"}],"usage":{"input_tokens":3,"output_tokens":2}}`)
	if len(r.Input) != 2 || outText(r) != "text:answer;tool_call:{};" || r.InputTokens != 3 {
		t.Fatalf("responses: %+v %s", r.Input, outText(r))
	}
	s := parse("/v1/responses", `{"model":"gpt-5","input":[{"role":"user","content":[{"type":"input_text","text":"q"}]}]}`,
		"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"an\"}\n\nevent: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"swer\"}\n\nevent: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-5\",\"status\":\"completed\",\"usage\":{\"input_tokens\":4,\"output_tokens\":2}}}\n\n")
	if outText(s) != "text:answer;" || s.OutputTokens != 2 || s.Input[0].Parts[0].Content != "q" {
		t.Fatalf("responses stream: %s", outText(s))
	}
	e := parse("/v1/embeddings", `{"model":"text-embedding-3-small","input":["a","b"]}`, `{"model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}`)
	if e.Operation != "embeddings" || len(e.Input[0].Parts) != 2 || e.InputTokens != 2 {
		t.Fatalf("embeddings: %+v", e)
	}
}

func TestUnknownAndMalformed(t *testing.T) {
	if r := parse("/v2/other", `{"model":"m"}`, `{}`); r.API != Unknown || r.Provider != "" {
		t.Fatalf("unknown API parsed: %+v", r)
	}
	for _, body := range []string{``, `{`, `[]`, `{"choices":"x"}`, "data: {bad\n\n", "\x00\xff"} {
		r := parse("/v1/chat/completions", body, body)
		if len(r.Output) != 0 {
			t.Fatalf("malformed body produced output")
		}
	}
}

func TestApply(t *testing.T) {
	x := &record.Exchange{Path: "/v1/chat/completions", RequestBody: []byte(`{"model":"m","messages":[{"role":"user","content":"q"}]}`), ResponseBody: []byte(`{"model":"m","choices":[{"message":{"content":"a"}}]}`)}
	Parse(x).Apply(x)
	if x.RequestModel != "m" || !json.Valid(x.InputMessages) || !json.Valid(x.OutputMessages) {
		t.Fatalf("apply: model %q", x.RequestModel)
	}
	if string(x.InputMessages) != `[{"role":"user","parts":[{"type":"text","content":"q"}]}]` {
		t.Fatalf("input messages %s", x.InputMessages)
	}
}

func FuzzParseSSE(f *testing.F) {
	f.Add([]byte("event: a\ndata: b\n\n"))
	f.Add([]byte("data: x\r\ndata: y\r\r\n: c\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		last := -1
		ParseSSE(in, func(e Event) bool {
			if e.Offset < last || e.Offset > len(in) {
				t.Fatalf("offset %d after %d (len %d)", e.Offset, last, len(in))
			}
			last = e.Offset
			return true
		})
	})
}

func FuzzParse(f *testing.F) {
	f.Add("/v1/chat/completions", []byte(`{"model":"m","messages":[{"role":"user","content":"q"}]}`), []byte("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"))
	f.Add("/v1/messages", []byte(`{"messages":[{"role":"user","content":[{"type":"tool_result","content":[1]}]}]}`), []byte("event: x\ndata: {\"type\":\"content_block_delta\"}\n\n"))
	f.Fuzz(func(t *testing.T, path string, req, resp []byte) {
		x := &record.Exchange{Path: path, RequestBody: req, ResponseBody: resp}
		r := Parse(x)
		r.Apply(x)
		if x.InputMessages != nil && !json.Valid(x.InputMessages) {
			t.Fatal("invalid input messages JSON")
		}
		if x.OutputMessages != nil && !json.Valid(x.OutputMessages) {
			t.Fatal("invalid output messages JSON")
		}
	})
}

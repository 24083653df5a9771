// Package fakellm is a local model server that speaks the OpenAI (chat completions,
// responses, embeddings) and Anthropic (messages) wire formats, streaming included. It answers
// by echoing the last user message, so it needs no model and no network: "hush demo", the
// end-to-end tests and the overhead benchmark run against it.
package fakellm

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Server is an http.Handler. ChunkDelay pauses between streamed chunks (0: none).
type Server struct {
	ChunkDelay time.Duration
	// Words is how many words a streamed reply is cut into at most (default 8).
	Words int
}

type request struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	Input json.RawMessage `json:"input"`
}

func lastUser(req *request) string {
	for i := len(req.Messages) - 1; i >= 0; i-- {
		m := req.Messages[i]
		if m.Role != "user" {
			continue
		}
		var s string
		if json.Unmarshal(m.Content, &s) == nil {
			return s
		}
		var blocks []struct {
			Text string `json:"text"`
		}
		if json.Unmarshal(m.Content, &blocks) == nil && len(blocks) > 0 {
			return blocks[0].Text
		}
	}
	var s string
	if json.Unmarshal(req.Input, &s) == nil {
		return s
	}
	return ""
}

// ServeHTTP answers /v1/chat/completions, /v1/responses, /v1/embeddings and /v1/messages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	var req request
	if err := json.Unmarshal(body, &req); err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"body is not valid JSON"}}`)
		return
	}
	if req.Model == "" {
		req.Model = "echo-1"
	}
	reply := "You said: " + lastUser(&req)
	in, out := len(strings.Fields(lastUser(&req)))+5, len(strings.Fields(reply))
	switch {
	case strings.HasSuffix(r.URL.Path, "/chat/completions"):
		if req.Stream {
			s.streamOpenAI(w, req.Model, reply, in, out)
			return
		}
		writeJSON(w, map[string]any{
			"id": "chatcmpl-echo", "object": "chat.completion", "created": 1700000000, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": reply}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out},
		})
	case strings.HasSuffix(r.URL.Path, "/responses"):
		writeJSON(w, map[string]any{
			"id": "resp_echo", "object": "response", "model": req.Model, "status": "completed",
			"output": []any{map[string]any{"type": "message", "role": "assistant", "content": []any{map[string]any{"type": "output_text", "text": reply}}}},
			"usage":  map[string]any{"input_tokens": in, "output_tokens": out},
		})
	case strings.HasSuffix(r.URL.Path, "/embeddings"):
		writeJSON(w, map[string]any{"object": "list", "model": req.Model,
			"data":  []any{map[string]any{"object": "embedding", "index": 0, "embedding": []float64{0.1, 0.2, 0.3}}},
			"usage": map[string]any{"prompt_tokens": in, "total_tokens": in}})
	case strings.HasSuffix(r.URL.Path, "/messages"):
		if req.Stream {
			s.streamAnthropic(w, req.Model, reply, in, out)
			return
		}
		writeJSON(w, map[string]any{
			"id": "msg_echo", "type": "message", "role": "assistant", "model": req.Model,
			"content":     []any{map[string]any{"type": "text", "text": reply}},
			"stop_reason": "end_turn", "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": in, "output_tokens": out},
		})
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) pieces(reply string) []string {
	n := s.Words
	if n <= 0 {
		n = 8
	}
	words := strings.SplitAfter(reply, " ")
	var out []string
	per := (len(words) + n - 1) / n
	for i := 0; i < len(words); i += per {
		out = append(out, strings.Join(words[i:min(i+per, len(words))], ""))
	}
	return out
}

func (s *Server) event(w http.ResponseWriter, typ string, v any) {
	b, _ := json.Marshal(v)
	if typ != "" {
		fmt.Fprintf(w, "event: %s\n", typ)
	}
	fmt.Fprintf(w, "data: %s\n\n", b)
	_ = http.NewResponseController(w).Flush()
	if s.ChunkDelay > 0 {
		time.Sleep(s.ChunkDelay)
	}
}

func (s *Server) streamOpenAI(w http.ResponseWriter, model, reply string, in, out int) {
	w.Header().Set("Content-Type", "text/event-stream")
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-echo", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	s.event(w, "", chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	for _, p := range s.pieces(reply) {
		s.event(w, "", chunk(map[string]any{"content": p}, nil))
	}
	s.event(w, "", chunk(map[string]any{}, "stop"))
	s.event(w, "", map[string]any{"id": "chatcmpl-echo", "object": "chat.completion.chunk", "created": 1700000000, "model": model, "choices": []any{},
		"usage": map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out}})
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	_ = http.NewResponseController(w).Flush()
}

func (s *Server) streamAnthropic(w http.ResponseWriter, model, reply string, in, out int) {
	w.Header().Set("Content-Type", "text/event-stream")
	s.event(w, "message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": "msg_echo", "type": "message", "role": "assistant", "model": model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil, "usage": map[string]any{"input_tokens": in, "output_tokens": 1}}})
	s.event(w, "content_block_start", map[string]any{"type": "content_block_start", "index": 0, "content_block": map[string]any{"type": "text", "text": ""}})
	for _, p := range s.pieces(reply) {
		s.event(w, "content_block_delta", map[string]any{"type": "content_block_delta", "index": 0, "delta": map[string]any{"type": "text_delta", "text": p}})
	}
	s.event(w, "content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
	s.event(w, "message_delta", map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil}, "usage": map[string]any{"output_tokens": out}})
	s.event(w, "message_stop", map[string]any{"type": "message_stop"})
}

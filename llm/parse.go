package llm

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/hushlog/hush/record"
)

// API identifies a provider wire format.
type API uint8

const (
	// Unknown is any other API: bodies are still captured and redacted as JSON or text.
	Unknown API = iota
	// OpenAIChat is POST /v1/chat/completions.
	OpenAIChat
	// OpenAIResponses is POST /v1/responses.
	OpenAIResponses
	// OpenAIEmbeddings is POST /v1/embeddings.
	OpenAIEmbeddings
	// OpenAICompletions is the legacy POST /v1/completions.
	OpenAICompletions
	// AnthropicMessages is POST /v1/messages.
	AnthropicMessages
)

// Detect returns the API a request path belongs to. It matches on the path's suffix so that
// gateway prefixes ("/openai/v1/chat/completions") and Azure deployments work.
func Detect(path string) API {
	switch {
	case strings.HasSuffix(path, "/chat/completions"):
		return OpenAIChat
	case strings.HasSuffix(path, "/responses"):
		return OpenAIResponses
	case strings.HasSuffix(path, "/embeddings"):
		return OpenAIEmbeddings
	case strings.HasSuffix(path, "/completions"):
		return OpenAICompletions
	case strings.HasSuffix(path, "/messages"):
		return AnthropicMessages
	}
	return Unknown
}

// Provider and operation names per API (OpenTelemetry GenAI: gen_ai.provider.name,
// gen_ai.operation.name).
func (a API) names() (provider, operation string) {
	switch a {
	case OpenAIChat:
		return "openai", "chat"
	case OpenAIResponses:
		return "openai", "chat"
	case OpenAIEmbeddings:
		return "openai", "embeddings"
	case OpenAICompletions:
		return "openai", "text_completion"
	case AnthropicMessages:
		return "anthropic", "chat"
	}
	return "", ""
}

// Part is one piece of a message in the OpenTelemetry GenAI message shape.
type Part struct {
	Type      string          `json:"type"` // text, tool_call, tool_call_response, image, …
	Content   string          `json:"content,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
	Response  json.RawMessage `json:"response,omitempty"`
}

// Message is one input or output message.
type Message struct {
	Role         string `json:"role"`
	Parts        []Part `json:"parts"`
	FinishReason string `json:"finish_reason,omitempty"`
}

// Result is what Parse extracts from one exchange.
type Result struct {
	API                         API
	Provider, Operation         string
	RequestModel, ResponseModel string
	InputTokens, OutputTokens   int64
	Stream                      bool
	Input, Output               []Message
	// FirstTokenOffset is the byte offset in the response body of the event that carried the
	// first generated content (-1 when unknown); the capture layer maps it to a time.
	FirstTokenOffset int
}

// Parse extracts model, messages, tool calls, outputs, finish reason and usage from a captured
// exchange, streaming (Server-Sent Events) or not. It runs off the request path, never fails
// (what it cannot parse it leaves empty) and does not modify x.
func Parse(x *record.Exchange) Result {
	api := Detect(x.Path)
	r := Result{API: api, FirstTokenOffset: -1}
	r.Provider, r.Operation = api.names()
	if api == Unknown {
		return r
	}
	parseRequest(api, x.RequestBody, &r)
	if record.IsEventStream(x.ResponseBody) {
		r.Stream = true
		parseStream(api, x.ResponseBody, &r)
	} else {
		parseResponse(api, x.ResponseBody, &r)
	}
	return r
}

// Apply stores r's metadata and messages (as JSON) in x, and the time to first token when the
// capture layer's write marks cover the first token's offset. Messages are raw text: the
// pipeline redacts them like bodies.
func (r Result) Apply(x *record.Exchange) {
	x.Provider, x.Operation = r.Provider, r.Operation
	x.RequestModel, x.ResponseModel = r.RequestModel, r.ResponseModel
	x.InputTokens, x.OutputTokens = r.InputTokens, r.OutputTokens
	if t, ok := x.WriteMarks.TimeAt(r.FirstTokenOffset); ok && x.TTFT == 0 {
		x.TTFT = t
	}
	if len(r.Input) > 0 {
		x.InputMessages, _ = json.Marshal(r.Input)
	}
	if len(r.Output) > 0 {
		x.OutputMessages, _ = json.Marshal(r.Output)
	}
}

// text returns a JSON value that is a string, or the concatenated "text" of an array of
// content blocks; other shapes give "".
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) == nil {
		var b strings.Builder
		for _, bl := range blocks {
			b.WriteString(bl.Text)
		}
		return b.String()
	}
	return ""
}

type usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	InputTokens      int64 `json:"input_tokens"`
	OutputTokens     int64 `json:"output_tokens"`
}

func (u *usage) apply(r *Result) {
	if u == nil {
		return
	}
	if n := u.PromptTokens + u.InputTokens; n > 0 {
		r.InputTokens = n
	}
	if n := u.CompletionTokens + u.OutputTokens; n > 0 {
		r.OutputTokens = n
	}
}

type toolCall struct {
	Index    int    `json:"index"`
	ID       string `json:"id"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

func toolPart(id, name, args string) Part {
	p := Part{Type: "tool_call", ID: id, Name: name}
	if args != "" {
		p.Arguments = jsonOrString(args)
	}
	return p
}

// jsonOrString keeps s as JSON when it is valid JSON (tool arguments usually are), else as a
// JSON string.
func jsonOrString(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

func parseRequest(api API, body []byte, r *Result) {
	var req struct {
		Model        string          `json:"model"`
		Messages     json.RawMessage `json:"messages"`
		System       json.RawMessage `json:"system"`
		Input        json.RawMessage `json:"input"`
		Instructions string          `json:"instructions"`
		Prompt       json.RawMessage `json:"prompt"`
	}
	if json.Unmarshal(body, &req) != nil {
		return
	}
	r.RequestModel = req.Model
	switch api {
	case OpenAIChat:
		var msgs []struct {
			Role       string          `json:"role"`
			Content    json.RawMessage `json:"content"`
			ToolCalls  []toolCall      `json:"tool_calls"`
			ToolCallID string          `json:"tool_call_id"`
		}
		_ = json.Unmarshal(req.Messages, &msgs)
		for _, m := range msgs {
			msg := Message{Role: m.Role}
			if m.Role == "tool" {
				msg.Parts = append(msg.Parts, Part{Type: "tool_call_response", ID: m.ToolCallID, Response: jsonOrString(text(m.Content))})
			} else if t := text(m.Content); t != "" {
				msg.Parts = append(msg.Parts, Part{Type: "text", Content: t})
			}
			for _, tc := range m.ToolCalls {
				msg.Parts = append(msg.Parts, toolPart(tc.ID, tc.Function.Name, tc.Function.Arguments))
			}
			r.Input = append(r.Input, msg)
		}
	case AnthropicMessages:
		if t := text(req.System); t != "" {
			r.Input = append(r.Input, Message{Role: "system", Parts: []Part{{Type: "text", Content: t}}})
		}
		var msgs []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		}
		_ = json.Unmarshal(req.Messages, &msgs)
		for _, m := range msgs {
			r.Input = append(r.Input, Message{Role: m.Role, Parts: anthropicParts(m.Content)})
		}
	case OpenAIResponses:
		if req.Instructions != "" {
			r.Input = append(r.Input, Message{Role: "system", Parts: []Part{{Type: "text", Content: req.Instructions}}})
		}
		if t := text(req.Input); t != "" {
			r.Input = append(r.Input, Message{Role: "user", Parts: []Part{{Type: "text", Content: t}}})
			break
		}
		var items []struct {
			Type    string          `json:"type"`
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
			CallID  string          `json:"call_id"`
			Output  string          `json:"output"`
		}
		_ = json.Unmarshal(req.Input, &items)
		for _, it := range items {
			if it.Type == "function_call_output" {
				r.Input = append(r.Input, Message{Role: "tool", Parts: []Part{{Type: "tool_call_response", ID: it.CallID, Response: jsonOrString(it.Output)}}})
				continue
			}
			r.Input = append(r.Input, Message{Role: it.Role, Parts: []Part{{Type: "text", Content: text(it.Content)}}})
		}
	case OpenAIEmbeddings, OpenAICompletions:
		raw := req.Input
		if api == OpenAICompletions {
			raw = req.Prompt
		}
		if t := text(raw); t != "" {
			r.Input = append(r.Input, Message{Role: "user", Parts: []Part{{Type: "text", Content: t}}})
		} else {
			var many []string
			if json.Unmarshal(raw, &many) == nil {
				m := Message{Role: "user"}
				for _, s := range many {
					m.Parts = append(m.Parts, Part{Type: "text", Content: s})
				}
				r.Input = append(r.Input, m)
			}
		}
	}
}

func anthropicParts(raw json.RawMessage) []Part {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []Part{{Type: "text", Content: s}}
	}
	var blocks []struct {
		Type      string          `json:"type"`
		Text      string          `json:"text"`
		ID        string          `json:"id"`
		Name      string          `json:"name"`
		Input     json.RawMessage `json:"input"`
		ToolUseID string          `json:"tool_use_id"`
		Content   json.RawMessage `json:"content"`
	}
	_ = json.Unmarshal(raw, &blocks)
	var parts []Part
	for _, b := range blocks {
		switch b.Type {
		case "text":
			parts = append(parts, Part{Type: "text", Content: b.Text})
		case "tool_use":
			parts = append(parts, Part{Type: "tool_call", ID: b.ID, Name: b.Name, Arguments: b.Input})
		case "tool_result":
			parts = append(parts, Part{Type: "tool_call_response", ID: b.ToolUseID, Response: jsonOrString(text(b.Content))})
		default:
			parts = append(parts, Part{Type: b.Type})
		}
	}
	return parts
}

func parseResponse(api API, body []byte, r *Result) {
	var resp struct {
		Model   string `json:"model"`
		Usage   *usage `json:"usage"`
		Choices []struct {
			Message struct {
				Role      string          `json:"role"`
				Content   json.RawMessage `json:"content"`
				ToolCalls []toolCall      `json:"tool_calls"`
			} `json:"message"`
			Text         string `json:"text"`
			FinishReason string `json:"finish_reason"`
		} `json:"choices"`
		Content    json.RawMessage `json:"content"`
		StopReason string          `json:"stop_reason"`
		Output     []struct {
			Type      string          `json:"type"`
			Role      string          `json:"role"`
			Content   json.RawMessage `json:"content"`
			CallID    string          `json:"call_id"`
			Name      string          `json:"name"`
			Arguments string          `json:"arguments"`
		} `json:"output"`
		Status string `json:"status"`
	}
	if json.Unmarshal(body, &resp) != nil {
		return
	}
	r.ResponseModel = resp.Model
	resp.Usage.apply(r)
	switch api {
	case OpenAIChat, OpenAICompletions:
		for _, c := range resp.Choices {
			m := Message{Role: "assistant", FinishReason: c.FinishReason}
			if t := text(c.Message.Content) + c.Text; t != "" {
				m.Parts = append(m.Parts, Part{Type: "text", Content: t})
			}
			for _, tc := range c.Message.ToolCalls {
				m.Parts = append(m.Parts, toolPart(tc.ID, tc.Function.Name, tc.Function.Arguments))
			}
			r.Output = append(r.Output, m)
		}
	case AnthropicMessages:
		if resp.Content != nil {
			r.Output = append(r.Output, Message{Role: "assistant", Parts: anthropicParts(resp.Content), FinishReason: resp.StopReason})
		}
	case OpenAIResponses:
		m := Message{Role: "assistant", FinishReason: resp.Status}
		for _, o := range resp.Output {
			switch o.Type {
			case "message":
				m.Parts = append(m.Parts, Part{Type: "text", Content: text(o.Content)})
			case "function_call":
				m.Parts = append(m.Parts, toolPart(o.CallID, o.Name, o.Arguments))
			}
		}
		if len(m.Parts) > 0 {
			r.Output = append(r.Output, m)
		}
	}
}

// parseStream reassembles a streamed response from its events.
func parseStream(api API, body []byte, r *Result) {
	var (
		texts    = map[int]*strings.Builder{} // by choice / content block index
		finish   = map[int]string{}
		tools    = map[int]*Part{} // OpenAI: by tool call index; Anthropic: by block index
		toolArgs = map[int]*strings.Builder{}
	)
	first := func(off int) {
		if r.FirstTokenOffset < 0 {
			r.FirstTokenOffset = off
		}
	}
	addText := func(i int, s string, off int) {
		if s == "" {
			return
		}
		first(off)
		b := texts[i]
		if b == nil {
			b = &strings.Builder{}
			texts[i] = b
		}
		b.WriteString(s)
	}
	addArgs := func(i int, s string) {
		b := toolArgs[i]
		if b == nil {
			b = &strings.Builder{}
			toolArgs[i] = b
		}
		b.WriteString(s)
	}
	ParseSSE(body, func(ev Event) bool {
		if bytes.Equal(ev.Data, []byte("[DONE]")) {
			return false
		}
		switch api {
		case OpenAIChat, OpenAICompletions:
			var c struct {
				Model   string `json:"model"`
				Usage   *usage `json:"usage"`
				Choices []struct {
					Index int `json:"index"`
					Delta struct {
						Content   string     `json:"content"`
						ToolCalls []toolCall `json:"tool_calls"`
					} `json:"delta"`
					Text         string  `json:"text"`
					FinishReason *string `json:"finish_reason"`
				} `json:"choices"`
			}
			if json.Unmarshal(ev.Data, &c) != nil {
				return true
			}
			if c.Model != "" {
				r.ResponseModel = c.Model
			}
			c.Usage.apply(r)
			for _, ch := range c.Choices {
				addText(ch.Index, ch.Delta.Content+ch.Text, ev.Offset)
				for _, tc := range ch.Delta.ToolCalls {
					first(ev.Offset)
					k := ch.Index<<16 | tc.Index
					p := tools[k]
					if p == nil {
						p = &Part{Type: "tool_call"}
						tools[k] = p
					}
					if tc.ID != "" {
						p.ID = tc.ID
					}
					if tc.Function.Name != "" {
						p.Name = tc.Function.Name
					}
					addArgs(k, tc.Function.Arguments)
				}
				if ch.FinishReason != nil {
					finish[ch.Index] = *ch.FinishReason
				}
			}
		case AnthropicMessages:
			var e struct {
				Type    string `json:"type"`
				Index   int    `json:"index"`
				Message struct {
					Model string `json:"model"`
					Usage *usage `json:"usage"`
				} `json:"message"`
				ContentBlock struct {
					Type string `json:"type"`
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"content_block"`
				Delta struct {
					Type        string `json:"type"`
					Text        string `json:"text"`
					PartialJSON string `json:"partial_json"`
					StopReason  string `json:"stop_reason"`
				} `json:"delta"`
				Usage *usage `json:"usage"`
			}
			if json.Unmarshal(ev.Data, &e) != nil {
				return true
			}
			switch e.Type {
			case "message_start":
				r.ResponseModel = e.Message.Model
				e.Message.Usage.apply(r)
			case "content_block_start":
				if e.ContentBlock.Type == "tool_use" {
					tools[e.Index] = &Part{Type: "tool_call", ID: e.ContentBlock.ID, Name: e.ContentBlock.Name}
				}
			case "content_block_delta":
				switch e.Delta.Type {
				case "text_delta":
					addText(e.Index, e.Delta.Text, ev.Offset)
				case "input_json_delta":
					first(ev.Offset)
					addArgs(e.Index, e.Delta.PartialJSON)
				}
			case "message_delta":
				if e.Delta.StopReason != "" {
					finish[0] = e.Delta.StopReason
				}
				if e.Usage != nil && e.Usage.OutputTokens > 0 {
					r.OutputTokens = e.Usage.OutputTokens
				}
			}
		case OpenAIResponses:
			var e struct {
				Type     string `json:"type"`
				Delta    string `json:"delta"`
				Response *struct {
					Model  string `json:"model"`
					Usage  *usage `json:"usage"`
					Status string `json:"status"`
				} `json:"response"`
			}
			if json.Unmarshal(ev.Data, &e) != nil {
				return true
			}
			switch e.Type {
			case "response.output_text.delta":
				addText(0, e.Delta, ev.Offset)
			case "response.function_call_arguments.delta":
				first(ev.Offset)
				addArgs(1<<20, e.Delta)
				if tools[1<<20] == nil {
					tools[1<<20] = &Part{Type: "tool_call"}
				}
			case "response.created", "response.completed", "response.incomplete", "response.failed":
				if e.Response != nil {
					r.ResponseModel = e.Response.Model
					e.Response.Usage.apply(r)
					if e.Type != "response.created" {
						finish[0] = e.Response.Status
					}
				}
			}
		}
		return true
	})
	// Assemble: OpenAI chat gives one message per choice; Anthropic and Responses one message
	// whose parts follow block order.
	keys := func(m map[int]*strings.Builder) []int {
		ks := make([]int, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Ints(ks)
		return ks
	}
	toolKeys := make([]int, 0, len(tools))
	for k := range tools {
		toolKeys = append(toolKeys, k)
	}
	sort.Ints(toolKeys)
	finishTool := func(k int) Part {
		p := *tools[k]
		if b := toolArgs[k]; b != nil && b.Len() > 0 {
			p.Arguments = jsonOrString(b.String())
		}
		return p
	}
	switch api {
	case OpenAIChat, OpenAICompletions:
		choices := map[int]*Message{}
		get := func(i int) *Message {
			if choices[i] == nil {
				choices[i] = &Message{Role: "assistant", FinishReason: finish[i]}
			}
			return choices[i]
		}
		for _, i := range keys(texts) {
			m := get(i)
			m.Parts = append(m.Parts, Part{Type: "text", Content: texts[i].String()})
		}
		for _, k := range toolKeys {
			m := get(k >> 16)
			m.Parts = append(m.Parts, finishTool(k))
		}
		for i := range finish {
			get(i)
		}
		idx := make([]int, 0, len(choices))
		for i := range choices {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			r.Output = append(r.Output, *choices[i])
		}
	default:
		m := Message{Role: "assistant", FinishReason: finish[0]}
		all := map[int]bool{}
		for k := range texts {
			all[k] = true
		}
		for k := range tools {
			all[k] = true
		}
		order := make([]int, 0, len(all))
		for k := range all {
			order = append(order, k)
		}
		sort.Ints(order)
		for _, k := range order {
			if b := texts[k]; b != nil {
				m.Parts = append(m.Parts, Part{Type: "text", Content: b.String()})
			}
			if tools[k] != nil {
				m.Parts = append(m.Parts, finishTool(k))
			}
		}
		if len(m.Parts) > 0 || m.FinishReason != "" {
			r.Output = append(r.Output, m)
		}
	}
}

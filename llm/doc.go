// Package llm understands model-provider wire formats — OpenAI chat completions, responses,
// embeddings and completions, and Anthropic messages — and reassembles streamed responses
// (Server-Sent Events) into final messages, tool calls, finish reasons and usage.
//
// Everything here runs after the response has been sent, in the pipeline's workers, on
// captured bytes; nothing runs on the request path. Parse never fails: a body it does not
// understand leaves fields empty, and the body itself is still captured and redacted.
//
//	res := llm.Parse(exchange)
//	res.Apply(exchange) // model, usage, gen_ai messages for the record
package llm

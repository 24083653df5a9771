package record

import (
	"bytes"
	"net/http"
	"time"
)

// CaptureMode says how much of an exchange is kept. The zero value, CaptureFull, keeps
// bodies, always redacted: redaction is the default, not an option.
type CaptureMode uint8

const (
	// CaptureFull keeps metadata, headers and bodies, all redacted.
	CaptureFull CaptureMode = iota
	// CaptureMetadata keeps metadata and redacted headers, never bodies.
	CaptureMetadata
	// CaptureNone keeps only that the exchange happened: method, path, status, timing.
	CaptureNone
)

// String returns "full", "metadata" or "none".
func (m CaptureMode) String() string {
	switch m {
	case CaptureFull:
		return "full"
	case CaptureMetadata:
		return "metadata"
	case CaptureNone:
		return "none"
	}
	return "invalid"
}

// ParseCaptureMode parses "full", "metadata" or "none".
func ParseCaptureMode(s string) (CaptureMode, bool) {
	switch s {
	case "full":
		return CaptureFull, true
	case "metadata":
		return CaptureMetadata, true
	case "none":
		return CaptureNone, true
	}
	return 0, false
}

// Exchange is one raw, unredacted request/response pair as captured on the request path.
//
// An Exchange holds raw text (prompts, completions, credentials in headers) and therefore
// lives only in memory: it is handed to the pipeline with one non-blocking Offer, turned into
// a Record by a redaction worker and then dropped. Nothing may log, print, encode or persist
// an Exchange. Once offered successfully, it belongs to the pipeline: the caller must not
// read or modify it, nor reuse its slices or header maps.
type Exchange struct {
	// Method and Path are the request method and URL path (no query string).
	Method, Path string
	// Status is the response status code (0 when the upstream never answered).
	Status int
	// RequestHeader and ResponseHeader are the headers as received and sent. They are
	// redacted by key policy (Authorization, Cookie, API-key headers are never kept) and by
	// content scanning for everything else.
	RequestHeader, ResponseHeader http.Header
	// HeaderBytes, when not zero, is HeaderSize(RequestHeader)+HeaderSize(ResponseHeader),
	// computed by the capture layer while it copies the headers, so that Size (and with it
	// the pipeline's Offer) does not walk the header maps again on the request path.
	HeaderBytes int
	// RequestBody and ResponseBody are the captured bodies, capped by the capture layer.
	RequestBody, ResponseBody []byte
	// RequestTruncated and ResponseTruncated say that a body was longer than the cap.
	RequestTruncated, ResponseTruncated bool
	// Start is when the request arrived.
	Start time.Time
	// Duration is from Start to the end of the response.
	Duration time.Duration
	// TTFB is from Start to the first response byte written to the client.
	TTFB time.Duration
	// TTFT is from Start to the first generated token (streaming responses; 0 if unknown).
	TTFT time.Duration
	// WriteMarks are the offsets and times of the first response writes, from which the
	// parser derives TTFT off the request path.
	WriteMarks WriteMarks
	// ClientAddress is the client's network address; it is stored pseudonymised.
	ClientAddress string
	// UserID identifies the caller when the gateway knows it; it is stored pseudonymised.
	UserID string
	// TraceID is the correlation or W3C trace id of the request.
	TraceID string
	// Mode is how much of the exchange is kept.
	Mode CaptureMode

	// The fields below are filled by a provider parser (before the Offer or in the worker's
	// Parse hook). Names are kept only when identifier-shaped and are scanned like all
	// text; the messages are redacted like bodies.

	// Provider is the gen_ai.provider.name, e.g. "openai".
	Provider string
	// Operation is the gen_ai.operation.name, e.g. "chat".
	Operation string
	// RequestModel and ResponseModel are the model names asked for and answered with.
	RequestModel, ResponseModel string
	// InputTokens and OutputTokens are the usage reported by the provider (0 if unknown).
	InputTokens, OutputTokens int64
	// InputMessages and OutputMessages are JSON documents with the prompt and completion
	// messages extracted by the parser (nil: not parsed). They are redacted like bodies.
	InputMessages, OutputMessages []byte
}

// Size returns the number of bytes the exchange holds, as counted against the pipeline's
// queue limit: the bodies, messages, header keys and values, strings, plus a fixed overhead.
// It does not allocate; it walks the header maps unless HeaderBytes is set.
func (x *Exchange) Size() int {
	n := 512 + len(x.Method) + len(x.Path) + len(x.RequestBody) + len(x.ResponseBody) +
		len(x.ClientAddress) + len(x.UserID) + len(x.TraceID) + len(x.Provider) +
		len(x.Operation) + len(x.RequestModel) + len(x.ResponseModel) +
		len(x.InputMessages) + len(x.OutputMessages)
	if x.HeaderBytes > 0 {
		return n + x.HeaderBytes
	}
	return n + HeaderSize(x.RequestHeader) + HeaderSize(x.ResponseHeader)
}

// HeaderSize returns the bytes h counts for in Exchange.Size: keys and values plus a small
// per-entry overhead.
func HeaderSize(h http.Header) int {
	n := 0
	for k, vs := range h {
		n += len(k) + 16
		for _, v := range vs {
			n += len(v) + 16
		}
	}
	return n
}

// IsEventStream reports whether body is Server-Sent Events (a streamed model response):
// after leading whitespace, a "data:" or "event:" field or a ":" comment.
func IsEventStream(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	return bytes.HasPrefix(b, []byte("data:")) || bytes.HasPrefix(b, []byte("event:")) || bytes.HasPrefix(b, []byte(":"))
}

package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Record is the redacted document stored for one exchange. Every string in it has passed the
// redaction engine or is metadata that cannot hold content (method, status, model names,
// token counts); pseudonymised fields hold keyed tokens, never the original value.
//
// The JSON field names are fixed by the struct tags; AppendJSON writes the same document as
// encoding/json would (keys in struct order, empty optional fields left out) without
// reflection, and Decode reads it back.
type Record struct {
	Timestamp time.Time `json:"@timestamp"`
	ID        string    `json:"record.id"`
	// Message is a one-line summary: method, path, status, model.
	Message string `json:"message"`
	// Duration is the exchange's duration in nanoseconds (ECS event.duration).
	Duration int64  `json:"event.duration"`
	Method   string `json:"http.request.method,omitempty"`
	Path     string `json:"url.path,omitempty"`
	Status   int    `json:"http.response.status_code,omitempty"`
	// TTFB and TTFT are nanoseconds to the first response byte and the first token.
	TTFB int64 `json:"hush.time_to_first_byte,omitempty"`
	TTFT int64 `json:"hush.time_to_first_token,omitempty"`
	// ClientAddress and UserID are pseudonymised with a keyed HMAC.
	ClientAddress string `json:"client.address,omitempty"`
	UserID        string `json:"user.id,omitempty"`
	TraceID       string `json:"trace.id,omitempty"`

	Provider      string `json:"gen_ai.provider.name,omitempty"`
	Operation     string `json:"gen_ai.operation.name,omitempty"`
	RequestModel  string `json:"gen_ai.request.model,omitempty"`
	ResponseModel string `json:"gen_ai.response.model,omitempty"`
	InputTokens   int64  `json:"gen_ai.usage.input_tokens,omitempty"`
	OutputTokens  int64  `json:"gen_ai.usage.output_tokens,omitempty"`
	// InputMessages and OutputMessages are redacted JSON documents (nil: absent).
	InputMessages  json.RawMessage `json:"gen_ai.input.messages,omitempty"`
	OutputMessages json.RawMessage `json:"gen_ai.output.messages,omitempty"`

	// RequestHeaders and ResponseHeaders map canonical header names to redacted values
	// (several values joined by ", ").
	RequestHeaders  map[string]string `json:"http.request.headers,omitempty"`
	ResponseHeaders map[string]string `json:"http.response.headers,omitempty"`
	// RequestBody and ResponseBody are the redacted bodies as text (JSON bodies stay JSON
	// text inside the string, so an index never sees arbitrary field names).
	RequestBody  string `json:"http.request.body.content,omitempty"`
	ResponseBody string `json:"http.response.body.content,omitempty"`

	// Findings counts findings per entity type; it never holds values.
	Findings map[string]int `json:"hush.findings,omitempty"`
	// Truncated says that a body was cut at the capture cap.
	Truncated   bool   `json:"hush.truncated"`
	CaptureMode string `json:"hush.capture_mode"`
	// RedactionFailed says that content was dropped because it could not be redacted
	// (fail closed); RedactionError names the class of failure ("panic", "timeout").
	RedactionFailed bool   `json:"hush.redaction_failed"`
	RedactionError  string `json:"hush.redaction_error,omitempty"`
}

// AppendJSON appends r as one JSON object (no trailing newline) to dst and returns the
// extended slice. Map keys are written sorted; invalid UTF-8 in strings is replaced by
// U+FFFD as encoding/json does. It allocates only to grow dst (and to sort map keys). Raw
// message fields must hold valid JSON; if not, they are written as JSON strings.
func (r *Record) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"@timestamp":"`...)
	dst = r.Timestamp.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `","record.id":`...)
	dst = appendString(dst, r.ID)
	dst = append(dst, `,"message":`...)
	dst = appendString(dst, r.Message)
	dst = append(dst, `,"event.duration":`...)
	dst = strconv.AppendInt(dst, r.Duration, 10)
	dst = appendStringField(dst, `,"http.request.method":`, r.Method)
	dst = appendStringField(dst, `,"url.path":`, r.Path)
	dst = appendIntField(dst, `,"http.response.status_code":`, int64(r.Status))
	dst = appendIntField(dst, `,"hush.time_to_first_byte":`, r.TTFB)
	dst = appendIntField(dst, `,"hush.time_to_first_token":`, r.TTFT)
	dst = appendStringField(dst, `,"client.address":`, r.ClientAddress)
	dst = appendStringField(dst, `,"user.id":`, r.UserID)
	dst = appendStringField(dst, `,"trace.id":`, r.TraceID)
	dst = appendStringField(dst, `,"gen_ai.provider.name":`, r.Provider)
	dst = appendStringField(dst, `,"gen_ai.operation.name":`, r.Operation)
	dst = appendStringField(dst, `,"gen_ai.request.model":`, r.RequestModel)
	dst = appendStringField(dst, `,"gen_ai.response.model":`, r.ResponseModel)
	dst = appendIntField(dst, `,"gen_ai.usage.input_tokens":`, r.InputTokens)
	dst = appendIntField(dst, `,"gen_ai.usage.output_tokens":`, r.OutputTokens)
	dst = appendRawField(dst, `,"gen_ai.input.messages":`, r.InputMessages)
	dst = appendRawField(dst, `,"gen_ai.output.messages":`, r.OutputMessages)
	dst = appendStringMap(dst, `,"http.request.headers":`, r.RequestHeaders)
	dst = appendStringMap(dst, `,"http.response.headers":`, r.ResponseHeaders)
	dst = appendStringField(dst, `,"http.request.body.content":`, r.RequestBody)
	dst = appendStringField(dst, `,"http.response.body.content":`, r.ResponseBody)
	if len(r.Findings) > 0 {
		dst = append(dst, `,"hush.findings":{`...)
		var buf [16]string
		for i, k := range sortedKeys(buf[:], r.Findings) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			dst = strconv.AppendInt(dst, int64(r.Findings[k]), 10)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `,"hush.truncated":`...)
	dst = strconv.AppendBool(dst, r.Truncated)
	dst = append(dst, `,"hush.capture_mode":`...)
	dst = appendString(dst, r.CaptureMode)
	dst = append(dst, `,"hush.redaction_failed":`...)
	dst = strconv.AppendBool(dst, r.RedactionFailed)
	dst = appendStringField(dst, `,"hush.redaction_error":`, r.RedactionError)
	return append(dst, '}')
}

// Decode parses one JSON record as written by AppendJSON (or by anything producing the same
// field names). Unknown fields are ignored so that newer writers stay readable. Errors name
// the problem, never document content.
func Decode(data []byte) (*Record, error) {
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("record: invalid JSON at offset %d", se.Offset)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("record: field %s: want %s", te.Field, te.Type)
		}
		return nil, errors.New("record: invalid document")
	}
	if r.ID == "" {
		return nil, errors.New("record: missing record.id")
	}
	return &r, nil
}

// sortedKeys returns the keys of m in order, in buf when they fit (a few headers or finding
// types: no allocation).
func sortedKeys[V any](buf []string, m map[string]V) []string {
	ks := buf[:0]
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func appendStringField(dst []byte, key, v string) []byte {
	if v == "" {
		return dst
	}
	return appendString(append(dst, key...), v)
}

func appendIntField(dst []byte, key string, v int64) []byte {
	if v == 0 {
		return dst
	}
	return strconv.AppendInt(append(dst, key...), v, 10)
}

func appendRawField(dst []byte, key string, v json.RawMessage) []byte {
	if len(v) == 0 {
		return dst
	}
	dst = append(dst, key...)
	if !json.Valid(v) {
		return appendString(dst, string(v))
	}
	if bytes.IndexByte(v, '\n') >= 0 || bytes.IndexByte(v, '\r') >= 0 { // one line per record: compact multi-line documents
		var b bytes.Buffer
		if err := json.Compact(&b, v); err == nil {
			return append(dst, b.Bytes()...)
		}
	}
	return append(dst, v...)
}

func appendStringMap(dst []byte, key string, m map[string]string) []byte {
	if len(m) == 0 {
		return dst
	}
	dst = append(dst, key...)
	dst = append(dst, '{')
	var buf [16]string
	for i, k := range sortedKeys(buf[:], m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		dst = appendString(dst, m[k])
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// plain marks the ASCII bytes a JSON string holds as they are (encoding/json's set: no
// control characters, quotes, backslashes or HTML-sensitive characters).
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString appends s as a JSON string with encoding/json's escaping (HTML characters
// escaped, invalid UTF-8 replaced by U+FFFD, U+2028 and U+2029 escaped). It finds the next
// byte that needs attention eight bytes at a time and copies the run before it at once:
// bodies are long runs of prose between escapes.
func appendString(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s)+len(s)/8+8)
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		// short runs (between the quotes of a JSON body) byte by byte, long ones (prose) eight
		// bytes at a time
		j := i
		for j < len(s) && j-i < 8 && s[j] < utf8.RuneSelf && plain[s[j]] {
			j++
		}
		if j-i == 8 {
			j += plainRun(s[j:])
		}
		dst = append(dst, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// plainRun returns the length of the prefix of s that appendString copies as it is: ASCII
// without control characters, quotes, backslashes and HTML characters.
func plainRun(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	n := 0
	for ; n+8 <= len(s); n += 8 {
		x := uint64(s[n]) | uint64(s[n+1])<<8 | uint64(s[n+2])<<16 | uint64(s[n+3])<<24 |
			uint64(s[n+4])<<32 | uint64(s[n+5])<<40 | uint64(s[n+6])<<48 | uint64(s[n+7])<<56
		// bytes below 0x20 or at or above 0x80, then the five special characters
		special := (x - 0x20*ones) | x
		for _, c := range [...]uint64{'"', '\\', '<', '>', '&'} {
			y := x ^ c*ones
			special |= (y - ones) &^ y
		}
		if special&highs != 0 {
			break
		}
	}
	for n < len(s) && s[n] < utf8.RuneSelf && plain[s[n]] {
		n++
	}
	return n
}

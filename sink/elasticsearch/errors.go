package elasticsearch

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hushlog/hush/pipeline"
)

// Sentinel errors, matched with errors.Is. Whether an error is permanent is decided by
// pipeline.IsPermanent, not by these.
var (
	// ErrUnauthorized: the server answered 401 or 403 for the request or an item. It is
	// retryable: a wrong or expired credential is an operator's mistake that, once fixed,
	// lets the waiting records through; making it permanent would dead-letter every record
	// sent in the meantime. Alert on it rather than waiting for the retry budget.
	ErrUnauthorized = errors.New("elasticsearch: not authorized")
	// ErrTooLarge: a single item's request was refused with 413 (it exceeds the server's
	// http.max_content_length). Permanent. Batches that get 413 are split and retried within
	// the same Write first.
	ErrTooLarge = errors.New("elasticsearch: item too large for the server")
	// ErrClosed: Write was called after Close. Retryable: the items were not sent.
	ErrClosed = errors.New("elasticsearch: sink is closed")
)

// ItemError is the failure of one item of a bulk request, as the server reported it. It never
// holds document content: Reason is sanitized (see Reason).
type ItemError struct {
	// Item is the index of the item in the slice passed to Write.
	Item int
	// Status is the item's HTTP status (429, 400, ...).
	Status int
	// Type is the server's error type, such as "document_parsing_exception", and CausedBy
	// the type of its cause, when given.
	Type, CausedBy string
	// Reason is the server's explanation with every quoted or bracketed span that may carry a
	// document value replaced by "…", cut at Elasticsearch's "Preview of field's value", and
	// truncated to 160 bytes.
	Reason string
}

func (e *ItemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "elasticsearch: item %d: status %d", e.Item, e.Status)
	if e.Type != "" {
		b.WriteString(" ")
		b.WriteString(e.Type)
	}
	if e.CausedBy != "" {
		b.WriteString(" (caused by ")
		b.WriteString(e.CausedBy)
		b.WriteString(")")
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrUnauthorized) and errors.Is(err, ErrTooLarge) hold for the
// matching statuses.
func (e *ItemError) Is(target error) bool {
	return statusIs(e.Status, target)
}

// StatusError is a whole bulk request answered with a non-2xx status. Its message holds the
// server's error type and a sanitized reason, never the request or response body.
type StatusError struct {
	Status         int
	Type, CausedBy string
	Reason         string // sanitized like ItemError.Reason
}

func (e *StatusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "elasticsearch: bulk request: status %d", e.Status)
	if e.Type != "" {
		b.WriteString(" ")
		b.WriteString(e.Type)
	}
	if e.CausedBy != "" {
		b.WriteString(" (caused by ")
		b.WriteString(e.CausedBy)
		b.WriteString(")")
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrUnauthorized) and errors.Is(err, ErrTooLarge) hold for the
// matching statuses.
func (e *StatusError) Is(target error) bool { return statusIs(e.Status, target) }

func statusIs(status int, target error) bool {
	switch target {
	case ErrUnauthorized:
		return status == 401 || status == 403
	case ErrTooLarge:
		return status == 413
	}
	return false
}

// classifyItem turns an item's status into nil (accepted), a retryable or a permanent error.
// created reports an op_type create, for which 409 version_conflict_engine_exception means
// the document is already stored under that _id.
func classifyItem(e *ItemError, created bool) error {
	s := e.Status
	switch {
	case s >= 200 && s < 300:
		return nil
	case s == 409 && created && (e.Type == "version_conflict_engine_exception" || e.Type == ""):
		return nil
	case s == 413:
		return pipeline.Permanent(e)
	case retryableStatus(s):
		return e
	default: // 400 mapping and parsing errors, 405, 422, ...
		return pipeline.Permanent(e)
	}
}

// retryableStatus lists the statuses that a later attempt can succeed on: throttling and
// server errors, timeouts, conflicts, and the operator-fixable 401, 403 (ErrUnauthorized)
// and 404 (index missing with auto-creation off, or a wrong path).
func retryableStatus(s int) bool {
	switch {
	case s == 0, s < 200, s >= 300 && s < 400, s >= 500:
		return true
	}
	switch s {
	case 401, 403, 404, 408, 409, 425, 429:
		return true
	}
	return false
}

const maxReason = 160

// sanitizeReason strips document content from a server's error reason. Elasticsearch quotes
// values ('abc', "abc") and brackets names and values ([count], [2026-13-45]); every such
// span is replaced by "…" except a bracketed identifier right after "field", "mapper" or
// "type" (the field name and its mapping type), and not after "date field", whose bracket
// holds the offending value. Everything from "Preview of field's value" on is dropped, control
// characters become spaces, and the result is cut to 160 bytes.
func sanitizeReason(s string) string {
	if i := strings.Index(s, "Preview of field"); i >= 0 {
		s = s[:i]
	}
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < maxReason+8; {
		c := s[i]
		switch c {
		case '\'', '"':
			end := strings.IndexByte(s[i+1:], c)
			b.WriteString(string(c) + "…" + string(c))
			if end < 0 {
				i = len(s)
			} else {
				i += end + 2
			}
			continue
		case '[':
			end := closingBracket(s, i)
			inner := s[i+1 : max(end, i+1)]
			if end < 0 {
				inner = ""
			}
			if end > 0 && keepBracket(s[:i], inner) {
				b.WriteString("[" + inner + "]")
			} else {
				b.WriteString("[…]")
			}
			if end < 0 {
				i = len(s)
			} else {
				i = end + 1
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			r = ' '
		}
		b.WriteRune(r)
		i += size
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	out = strings.TrimRight(out, " .:;,")
	if len(out) > maxReason {
		cut := maxReason
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}

// closingBracket returns the index of the ']' matching s[open], or -1.
func closingBracket(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func keepBracket(before, inner string) bool {
	before = strings.TrimRight(before, " ")
	if strings.HasSuffix(before, "date field") {
		return false
	}
	if !strings.HasSuffix(before, "field") && !strings.HasSuffix(before, "mapper") &&
		!strings.HasSuffix(before, "type") {
		return false
	}
	if inner == "" || len(inner) > 64 {
		return false
	}
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '.' || c == '@' || c == '-') {
			return false
		}
	}
	return true
}

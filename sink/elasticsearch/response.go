package elasticsearch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// bulkItem is the body of one entry of a bulk response's "items", the value under its
// operation key ("index", "create", ...).
type bulkItem struct {
	Status int        `json:"status"`
	Error  *errorBody `json:"error"`
}

// errorBody is Elasticsearch's error object. Some engines send a bare string instead.
type errorBody struct {
	Type     string `json:"type"`
	Reason   string `json:"reason"`
	CausedBy *struct {
		Type string `json:"type"`
	} `json:"caused_by"`
}

func (e *errorBody) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*e = errorBody{Reason: s}
		return nil
	}
	type plain errorBody
	return json.Unmarshal(b, (*plain)(e))
}

var errNotBulkResponse = errors.New("elasticsearch: response is not a bulk response")

// parseBulkResponse reads the body of a 2xx bulk response for a request of n items and returns
// one *ItemError per item (nil when the item succeeded). It returns early, without reading
// the items, when "errors" is false and precedes "items", as Elasticsearch writes it. A body
// that is not a bulk response, or whose item count differs from n, is an error: the caller
// cannot tell which items were stored.
func parseBulkResponse(body []byte, n int) ([]*ItemError, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errNotBulkResponse
	}
	var (
		sawErrors, hasErrors, sawItems bool
		results                        []*ItemError
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errNotBulkResponse
		}
		key, _ := tok.(string)
		switch key {
		case "errors":
			if err := dec.Decode(&hasErrors); err != nil {
				return nil, errNotBulkResponse
			}
			sawErrors = true
		case "items":
			if sawErrors && !hasErrors {
				return make([]*ItemError, n), nil
			}
			if results, err = decodeItems(dec, n); err != nil {
				return nil, err
			}
			sawItems = true
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, errNotBulkResponse
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, errNotBulkResponse
	}
	switch {
	case sawItems:
		return results, nil
	case sawErrors && !hasErrors:
		return make([]*ItemError, n), nil
	}
	return nil, errNotBulkResponse
}

func decodeItems(dec *json.Decoder, n int) ([]*ItemError, error) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, errNotBulkResponse
	}
	results := make([]*ItemError, 0, n)
	for i := 0; dec.More(); i++ {
		var entry map[string]bulkItem
		if err := dec.Decode(&entry); err != nil || len(entry) != 1 {
			return nil, errNotBulkResponse
		}
		if i >= n {
			return nil, fmt.Errorf("elasticsearch: bulk response has more than the %d items sent", n)
		}
		var it bulkItem
		for _, v := range entry {
			it = v
		}
		if it.Status >= 200 && it.Status < 300 {
			results = append(results, nil)
			continue
		}
		e := &ItemError{Item: i, Status: it.Status}
		if it.Error != nil {
			e.Type = sanitizeType(it.Error.Type)
			e.Reason = sanitizeReason(it.Error.Reason)
			if it.Error.CausedBy != nil {
				e.CausedBy = sanitizeType(it.Error.CausedBy.Type)
			}
		}
		results = append(results, e)
	}
	if _, err := dec.Token(); err != nil {
		return nil, errNotBulkResponse
	}
	if len(results) != n {
		return nil, fmt.Errorf("elasticsearch: bulk response has %d items, sent %d", len(results), n)
	}
	return results, nil
}

// parseErrorBody extracts the error type and a sanitized reason from the body of a non-2xx
// answer, {"error":{"type":...,"reason":...},"status":...}. Bodies of another shape (an HTML
// page of a proxy) yield a zero StatusError: they are never quoted.
func parseErrorBody(status int, body []byte) *StatusError {
	e := &StatusError{Status: status}
	var v struct {
		Error *errorBody `json:"error"`
	}
	if json.Unmarshal(body, &v) == nil && v.Error != nil {
		e.Type = sanitizeType(v.Error.Type)
		e.Reason = sanitizeReason(v.Error.Reason)
		if v.Error.CausedBy != nil {
			e.CausedBy = sanitizeType(v.Error.CausedBy.Type)
		}
	}
	return e
}

// sanitizeType keeps an error type only if it looks like one (snake_case identifier).
func sanitizeType(s string) string {
	if len(s) > 80 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return ""
		}
	}
	return s
}

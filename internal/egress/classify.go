package egress

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// IsPublic reports whether a log line (without its line ending) is public under prefix:
//
//   - a JSON object is public when it has a top-level "msg" or "message" key (any letter
//     case) and every such key holds a string that starts with prefix; anything else that
//     starts with '{' (invalid JSON, trailing data, no message) is private;
//   - a logfmt line as slog.TextHandler writes it (key=value pairs, values quoted where
//     needed) is public when it has a "msg" key and every "msg" value starts with prefix;
//   - any other line is public when it starts with prefix.
//
// It fails closed: whatever it cannot read with certainty is private.
func IsPublic(line, prefix []byte) bool {
	if len(prefix) == 0 {
		return false
	}
	if i := firstNonSpace(line); i < len(line) && line[i] == '{' {
		return jsonPublic(line, prefix)
	}
	if bytes.HasPrefix(line, prefix) {
		return true
	}
	public, isLogfmt := logfmtPublic(line, prefix)
	return isLogfmt && public
}

func firstNonSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

func looksJSONObject(b []byte) bool {
	i := firstNonSpace(b)
	return i < len(b) && b[i] == '{'
}

// jsonPublic decodes the top level of a JSON object and checks its message fields.
func jsonPublic(line, prefix []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		key, ok := tok.(string)
		if !ok {
			return false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false
		}
		if !isMessageKey(key) {
			continue
		}
		var msg string
		if err := json.Unmarshal(raw, &msg); err != nil || !bytes.HasPrefix([]byte(msg), prefix) {
			return false
		}
		found = true
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		return false // trailing data
	}
	return found
}

func isMessageKey(k string) bool {
	return len(k) == 3 && bytes.EqualFold([]byte(k), []byte("msg")) ||
		len(k) == 7 && bytes.EqualFold([]byte(k), []byte("message"))
}

// logfmtPublic parses line as key=value pairs. isLogfmt is false when the line is not
// entirely such pairs.
func logfmtPublic(line, prefix []byte) (public, isLogfmt bool) {
	found := false
	i := 0
	for {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			return found, found
		}
		key, next, ok := logfmtToken(line, i, true)
		if !ok || next >= len(line) || line[next] != '=' {
			return false, false
		}
		val, end, ok := logfmtToken(line, next+1, false)
		if !ok || (end < len(line) && line[end] != ' ') {
			return false, false
		}
		if string(key) == "msg" {
			if !bytes.HasPrefix(val, prefix) {
				return false, true
			}
			found = true
		}
		i = end
	}
}

// logfmtToken reads a bare or quoted token at i; bare keys stop at '=', bare values at ' '.
func logfmtToken(line []byte, i int, isKey bool) (tok []byte, end int, ok bool) {
	if i < len(line) && line[i] == '"' {
		q, err := strconv.QuotedPrefix(string(line[i:]))
		if err != nil {
			return nil, 0, false
		}
		s, err := strconv.Unquote(q)
		if err != nil {
			return nil, 0, false
		}
		return []byte(s), i + len(q), true
	}
	j := i
	for j < len(line) && line[j] != ' ' && line[j] != '"' && !(isKey && line[j] == '=') {
		j++
	}
	if isKey && j == i {
		return nil, 0, false
	}
	return line[i:j], j, true
}

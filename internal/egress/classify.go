package egress

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
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

// jsonPublic checks the message fields of a JSON object. The line is validated first, so
// the scan below can rely on its structure.
func jsonPublic(line, prefix []byte) bool {
	if !json.Valid(line) {
		return false
	}
	i := firstJSON(line, 0)
	if line[i] != '{' {
		return false
	}
	i++
	found := false
	for {
		i = firstJSON(line, i)
		if line[i] == '}' {
			return found
		}
		if line[i] == ',' {
			i = firstJSON(line, i+1)
		}
		kEnd := stringEnd(line, i)
		key := line[i:kEnd]
		i = firstJSON(line, kEnd)
		i = firstJSON(line, i+1) // past ':'
		if isMessageKey(key) {
			if line[i] != '"' {
				return false
			}
			end := stringEnd(line, i)
			if !jsonStringHasPrefix(line[i:end], prefix) {
				return false
			}
			found = true
			i = end
			continue
		}
		i = valueEnd(line, i)
	}
}

// firstJSON skips JSON white space from i.
func firstJSON(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index after the string literal that starts at b[i] == '"'.
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd returns the index after the value that starts at i.
func valueEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = stringEnd(b, i) - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// jsonStringHasPrefix reports whether the JSON string literal lit, decoded, starts with prefix.
func jsonStringHasPrefix(lit, prefix []byte) bool {
	body := lit[1 : len(lit)-1]
	if bytes.IndexByte(body, '\\') < 0 {
		return bytes.HasPrefix(body, prefix)
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return false
	}
	return strings.HasPrefix(s, string(prefix))
}

// isMessageKey reports whether the JSON string literal lit is "msg" or "message" in any
// letter case, escaped or not.
func isMessageKey(lit []byte) bool {
	body := lit[1 : len(lit)-1]
	if bytes.IndexByte(body, '\\') >= 0 {
		var s string
		if json.Unmarshal(lit, &s) != nil {
			return true // cannot happen after json.Valid; treat as a message to fail closed
		}
		body = []byte(s)
	}
	return bytes.EqualFold(body, []byte("msg")) || bytes.EqualFold(body, []byte("message"))
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

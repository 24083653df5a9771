package egress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hushlog/hush/internal/egress"
)

// FuzzRun checks, for any input, that every output line is a placeholder or a public line
// (one holding the prefix) in which the engine finds nothing, that there is one output line
// per input line, and that the counts add up.
func FuzzRun(f *testing.F) {
	for _, s := range []string{
		"SystemLog: up\nprivate\n",
		`{"msg":"SystemLog: x"}` + "\n" + `{"msg":"y","msg":"SystemLog: z"}`,
		"level=INFO msg=\"SystemLog: a\\\"b\" k=v\r\n",
		"SystemLog: jane.doe@example.com\n\n\n",
		"\xff\xfe{\"msg\":\"SystemLog:\u2028\"}",
	} {
		f.Add([]byte(s), 64)
	}
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, in []byte, max int) {
		max = 1 + max&0xfff
		var out bytes.Buffer
		sum, err := egress.Run(context.Background(), egress.Options{Engine: e, MaxLineBytes: max},
			bytes.NewReader(in), &out, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Lines != sum.Public+sum.Private+sum.Quarantined || sum.Bytes < int64(len(in)) {
			t.Fatalf("counts do not add up: %+v for %d bytes", sum, len(in))
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			lines = nil
		}
		if int64(len(lines)) != sum.Lines {
			t.Fatalf("%d output lines for %d input lines", len(lines), sum.Lines)
		}
		for i, l := range lines {
			if strings.HasPrefix(l, "[private log line: ") || strings.HasPrefix(l, "[quarantined public log line: ") {
				continue
			}
			if !strings.Contains(l, egress.DefaultPrefix) || len(l) > max+1 {
				t.Fatalf("output line %d (%d bytes) is neither a placeholder nor public", i+1, len(l))
			}
			if fs := e.Find(nil, []byte(l)); len(fs) > 0 {
				t.Fatalf("output line %d holds a finding of type %s", i+1, fs[0].Type)
			}
		}
	})
}

// FuzzIsPublic checks that classification never panics and that a public line always holds
// the prefix (unless an escape sequence in a quoted message spells it).
func FuzzIsPublic(f *testing.F) {
	f.Add([]byte(`{"msg":"SystemLog: x"}`))
	f.Add([]byte(`time=x level=INFO msg="SystemLog: y"`))
	f.Add([]byte("SystemLog: z"))
	f.Fuzz(func(t *testing.T, line []byte) {
		if egress.IsPublic(line, []byte(egress.DefaultPrefix)) && !bytes.Contains(line, []byte("SystemLog")) &&
			!bytes.Contains(line, []byte(`\`)) {
			t.Fatalf("a line of %d bytes without the prefix is public", len(line))
		}
	})
}

// referenceJSONPublic is the obvious implementation of the JSON rule with encoding/json, to
// compare the fast scanner with.
func referenceJSONPublic(line, prefix []byte) (public, isObject bool) {
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false, false
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false, true
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false, true
		}
		if !strings.EqualFold(key, "msg") && !strings.EqualFold(key, "message") {
			continue
		}
		var msg string
		if err := json.Unmarshal(raw, &msg); err != nil || !strings.HasPrefix(msg, string(prefix)) {
			return false, true
		}
		found = true
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return false, true
	}
	if _, err := dec.Token(); err != io.EOF {
		return false, true
	}
	return found, true
}

// FuzzJSONClassify compares IsPublic on JSON lines with referenceJSONPublic.
func FuzzJSONClassify(f *testing.F) {
	for _, s := range []string{
		`{"msg":"SystemLog: x"}`, `{"a":[1,{"b":"}"}],"Message":"SystemLog:\"q"}`,
		`{"m\u0073g":"private","msg":"SystemLog: y"}`, `{"msg":"SystemLog: a"} x`, `{"msg":null}`,
	} {
		f.Add([]byte(s))
	}
	prefix := []byte(egress.DefaultPrefix)
	f.Fuzz(func(t *testing.T, line []byte) {
		if !bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("{")) || !utf8.Valid(line) {
			return
		}
		want, _ := referenceJSONPublic(line, prefix)
		if got := egress.IsPublic(line, prefix); got != want {
			t.Fatalf("IsPublic = %v, reference = %v for a %d-byte line", got, want, len(line))
		}
	})
}

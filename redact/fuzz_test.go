package redact

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzEngine = func() *Engine {
	e, err := New(Config{})
	if err != nil {
		panic(err)
	}
	return e
}()

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"", "plain text", "password = \"hunter2x9\"", "mail jane.doe@example.com now",
		"card 4111 1111 1111 1111", "ip 203.0.113.7 and v2.5.79", "\x00\xff\xfe",
		`{"api_key":"abc","messages":[{"content":"x"}]}`, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n",
		"Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345", "postgres://u:p4ssw0rd!@db:5432/x",
	} {
		f.Add([]byte(s))
	}
}

// FuzzRedact checks, for any input: no panic; redaction is idempotent; no finding's bytes
// survive; valid UTF-8 in gives valid UTF-8 out.
func FuzzRedact(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		out, fs := fuzzEngine.Redact(in)
		again, fs2 := fuzzEngine.Redact(out)
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: second pass found %d findings (%s)", len(fs2), types(fs2))
		}
		for _, f := range fs {
			v := in[f.Start:f.End]
			if len(v) >= 8 && bytes.Contains(out, v) && !bytes.Contains(stripSpans(in, fs), v) {
				t.Fatalf("bytes of a %s finding at %d-%d survive redaction", f.Type, f.Start, f.End)
			}
		}
		if utf8.Valid(in) && !utf8.Valid(out) {
			t.Fatal("valid UTF-8 in, invalid out")
		}
	})
}

// stripSpans returns in without the finding spans: a value that also occurs elsewhere in the
// input unredacted (not detected there) is not a leak of this finding.
func stripSpans(in []byte, fs []Finding) []byte {
	var b []byte
	at := 0
	for _, f := range fs {
		b = append(b, in[at:f.Start]...)
		b = append(b, 0)
		at = f.End
	}
	return append(b, in[at:]...)
}

func types(fs []Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Type)
	}
	return strings.Join(s, ",")
}

// FuzzRedactJSON checks that valid JSON in gives valid JSON out, idempotently, and invalid
// JSON gives an error and no output.
func FuzzRedactJSON(f *testing.F) {
	fuzzSeeds(f)
	f.Add([]byte(`{"a":[1,2,{"b":"\u00e9\ud83d\ude00 x@y.co"}],"token":{"x":"y"},"n":4111111111111111}`))
	f.Add([]byte(`{"arguments":"{\"password\":\"s3cr3t-v4lue\"}"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, fs, err := fuzzEngine.RedactJSON(nil, in)
		if !json.Valid(in) {
			if err == nil && !json.Valid(out) {
				t.Fatal("invalid JSON accepted and invalid output written")
			}
			return
		}
		if err != nil {
			if len(in) > 0 && strings.Contains(err.Error(), "limit") {
				return
			}
			t.Fatalf("valid JSON rejected: %v", err)
		}
		if !json.Valid(out) {
			t.Fatal("output is not valid JSON")
		}
		if len(fs) == 0 { // nothing found: the same document as encoding/json reads it
			var a, b any
			if json.Unmarshal(in, &a) == nil && (json.Unmarshal(out, &b) != nil || !reflect.DeepEqual(a, b)) {
				t.Fatal("document changed without a finding")
			}
		}
		again, _, err := fuzzEngine.RedactJSON(nil, out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent (err %v)", err)
		}
	})
}

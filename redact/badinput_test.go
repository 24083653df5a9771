package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestBadInput(t *testing.T) {
	e, err := New(Config{Rules: testRules()})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("invalid utf8 and NUL", func(t *testing.T) {
		in := []byte("a\xff\x00b secret=Zq8kf2pQ7\xfe\x00 dmo_a1B2c3D4e5F6\x00")
		out, fs := e.Redact(in)
		if len(fs) != 2 || bytes.Contains(out, []byte("Zq8kf2pQ7")) || bytes.Contains(out, []byte("a1B2c3D4e5F6")) {
			t.Fatalf("got %d findings", len(fs))
		}
	})
	t.Run("100 MB line", func(t *testing.T) {
		if testing.Short() {
			t.Skip("large input")
		}
		line := bytes.Repeat([]byte("abcdefgh"), 100<<20/8)
		copy(line[50<<20:], " secret=Zq8kf2pQ7 ")
		var out bytes.Buffer
		w := e.NewWriter(&out, 0)
		if _, err := w.Write(line); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(out.Bytes(), []byte("Zq8kf2pQ7")) || !bytes.Contains(out.Bytes(), []byte("[REDACTED:PASSWORD]")) {
			t.Fatal("secret in a 100 MB line not redacted")
		}
	})
	t.Run("10000-deep JSON", func(t *testing.T) {
		doc := strings.Repeat(`{"a":`, 10000) + `"secret=Zq8kf2pQ7"` + strings.Repeat("}", 10000)
		out, fs, err := e.RedactJSON(nil, []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(out) || bytes.Contains(out, []byte("Zq8kf2pQ7")) {
			t.Fatal("deep value passed raw or output invalid")
		}
		if len(fs) != 1 || fs[0].Type != "DEPTH_LIMIT" {
			t.Fatalf("want one DEPTH_LIMIT finding, got %d", len(fs))
		}
	})
	t.Run("10000-deep arrays", func(t *testing.T) {
		doc := strings.Repeat(`[`, 10000) + strings.Repeat("]", 10000)
		out, _, err := e.RedactJSON(nil, []byte(doc))
		if err != nil || !json.Valid(out) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("truncated JSON", func(t *testing.T) {
		for _, doc := range []string{`{"a":"secret=Zq8kf2pQ7`, `{"a":[1,2`, `{"a"`, `[`, `{"a":"x"}}`, `{"a":tru}`} {
			out, _, err := e.RedactJSON(nil, []byte(doc))
			if err == nil || out != nil {
				t.Fatalf("truncated document of %d bytes accepted", len(doc))
			}
			if strings.Contains(err.Error(), "Zq8kf2pQ7") {
				t.Fatal("error message echoes document content")
			}
		}
	})
	t.Run("too large", func(t *testing.T) {
		small, err := New(Config{Rules: testRules(), JSON: JSONOptions{MaxSize: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := small.RedactJSON(nil, []byte(`{"a":"0123456789"}`)); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("want ErrTooLarge, got %v", err)
		}
	})
	t.Run("escaped secret and embedded JSON", func(t *testing.T) {
		doc := `{"messages":[{"content":"my \u0073ecret=Zq8kf2pQ7\n"}],"tool":{"arguments":"{\"passwd\":\"Zq8kf2pQ8\"}"},"token":"abc","model":"m-1"}`
		out, _, err := e.RedactJSON(nil, []byte(doc))
		if err != nil || !json.Valid(out) {
			t.Fatalf("err %v", err)
		}
		for _, leak := range []string{"Zq8kf2pQ7", "Zq8kf2pQ8", `"abc"`} {
			if bytes.Contains(out, []byte(leak)) {
				t.Fatalf("value %d bytes long survived", len(leak))
			}
		}
		if !bytes.Contains(out, []byte(`"model":"m-1"`)) {
			t.Fatal("allow-listed key changed")
		}
	})
}

// TestJSONKeyContext: a value is scanned with its key in front, so rules that need the key
// (here an assignment rule keyed on "passwd") find values that hold no keyword themselves.
func TestJSONKeyContext(t *testing.T) {
	e, err := New(Config{Rules: testRules(), JSON: JSONOptions{RedactKeys: []string{"unused-key"}}})
	if err != nil {
		t.Fatal(err)
	}
	out, fs, err := e.RedactJSON(nil, []byte(`{"passwd": "Zq8kf2pQ7", "passwd_hint": ["Zq8kf2pQ8"], "other": "Zq8kf2pQ9", "passwd2": 918273645}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"passwd": "[REDACTED:PASSWORD]", "passwd_hint": ["[REDACTED:PASSWORD]"], "other": "Zq8kf2pQ9", "passwd2": "[REDACTED:PASSWORD]"}`
	if string(out) != want || len(fs) != 3 {
		t.Fatalf("got %d findings, output %s, want %q", len(fs), out, want) // synthetic test values
	}
}

package egress_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/hushlog/hush/internal/egress"
	"github.com/hushlog/hush/internal/testrules"
	"github.com/hushlog/hush/redact"
)

func testEngine(tb testing.TB) *redact.Engine {
	tb.Helper()
	return testrules.Engine(testrules.Email(), testrules.Token())
}

// mismatch says how got differs from want without printing either.
func mismatch(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("output differs at byte %d (got %d bytes, want %d bytes)", i, len(got), len(want))
}

func TestIsPublic(t *testing.T) {
	cases := []struct {
		line string
		want bool
	}{
		{"SystemLog: started", true},
		{"SystemLog:", true},
		{" SystemLog: indented", false},
		{"systemlog: wrong case", false},
		{"user jane said hi", false},
		{"", false},
		{`{"level":"INFO","msg":"SystemLog: up","port":80}`, true},
		{`  {"message":"SystemLog: up"}`, true},
		{`{"MSG":"SystemLog: up"}`, true},
		{`{"msg":"hello SystemLog: up"}`, false},
		{`{"msg":"SystemLog: up","msg":"private"}`, false},
		{`{"msg":"SystemLog: up","message":"private"}`, false},
		{`{"msg":"SystemLog: up"} {"x":1}`, false},
		{`{"msg":"SystemLog: up"`, false},
		{`{"msg":7}`, false},
		{`{"note":"SystemLog: not the message"}`, false},
		{`{"a":{"msg":"SystemLog: nested"}}`, false},
		{`{"msg":"\u0053ystemLog: escaped"}`, true},
		{`time=2026-01-02T03:04:05Z level=INFO msg="SystemLog: up" port=80`, true},
		{`time=2026-01-02T03:04:05Z level=INFO msg=SystemLog:up`, true},
		{`time=2026-01-02T03:04:05Z level=INFO msg="private" k="msg=SystemLog: x"`, false},
		{`level=INFO msg="SystemLog: a" msg=private`, false},
		{`level=INFO msg="SystemLog: unterminated`, false},
		{`level=INFO note=x`, false},
		{`hello msg=SystemLog: x`, false},
	}
	for _, c := range cases {
		if got := egress.IsPublic([]byte(c.line), []byte(egress.DefaultPrefix)); got != c.want {
			t.Errorf("IsPublic(%q) = %v, want %v", c.line, got, c.want)
		}
	}
	if egress.IsPublic([]byte("anything"), nil) {
		t.Error("an empty prefix must make nothing public")
	}
}

func TestRun(t *testing.T) {
	in := "SystemLog: up\n" +
		"private jane.doe@example.com\n" +
		"SystemLog: contact jane.doe@example.com\n" +
		`{"msg":"SystemLog: json","n":1}` + "\r\n" +
		`{"msg":"private","user":"jane.doe@example.com"}` + "\n" +
		"\n" +
		"last line without newline dmo_a1B2c3D4e5F6"
	cases := []struct {
		mode egress.Mode
		want string
		sum  egress.Summary
	}{
		{egress.Placeholder,
			"SystemLog: up\n[private log line: 28 bytes]\n[quarantined public log line: 39 bytes]\n" +
				`{"msg":"SystemLog: json","n":1}` + "\r\n[private log line: 47 bytes]\n[private log line: 0 bytes]\n[private log line: 42 bytes]\n",
			egress.Summary{Lines: 7, Public: 2, Private: 4, Quarantined: 1, Bytes: int64(len(in))}},
		{egress.Drop,
			"SystemLog: up\n[quarantined public log line: 39 bytes]\n" + `{"msg":"SystemLog: json","n":1}` + "\r\n",
			egress.Summary{Lines: 7, Public: 2, Private: 4, Quarantined: 1, Bytes: int64(len(in))}},
		{egress.Redact,
			"SystemLog: up\nprivate [REDACTED:EMAIL_ADDRESS]\n[quarantined public log line: 39 bytes]\n" +
				`{"msg":"SystemLog: json","n":1}` + "\r\n" + `{"msg":"private","user":"[REDACTED:EMAIL_ADDRESS]"}` + "\n\nlast line without newline [REDACTED:DEMO_TOKEN]\n",
			egress.Summary{Lines: 7, Public: 2, Private: 4, Quarantined: 1, Bytes: int64(len(in))}},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			var out, errOut bytes.Buffer
			sum, err := egress.Run(context.Background(), egress.Options{Mode: c.mode, Engine: testEngine(t)},
				strings.NewReader(in), &out, &errOut)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != c.want {
				t.Error(mismatch(out.String(), c.want))
			}
			if sum != c.sum {
				t.Errorf("summary = %+v, want %+v", sum, c.sum)
			}
			if want := "egress: line 3: public line quarantined: EMAIL_ADDRESS\n"; errOut.String() != want {
				t.Errorf("stderr = %q, want %q", errOut.String(), want)
			}
			if strings.Contains(out.String()+errOut.String(), "jane.doe") {
				t.Error("private data leaked")
			}
		})
	}
}

func TestRunLongLines(t *testing.T) {
	long := strings.Repeat("SystemLog: ", 30000) // 330000 bytes, larger than the read buffer
	in := long + "\nSystemLog: short\n" + strings.Repeat("x", 200000)
	for _, mode := range []egress.Mode{egress.Placeholder, egress.Redact} {
		var out bytes.Buffer
		sum, err := egress.Run(context.Background(), egress.Options{Mode: mode, Engine: testEngine(t), MaxLineBytes: 100000},
			strings.NewReader(in), &out, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		want := "[private log line: 330000 bytes]\nSystemLog: short\n[private log line: 200000 bytes]\n"
		if out.String() != want {
			t.Errorf("%v: %s", mode, mismatch(out.String(), want))
		}
		if sum.Oversize != 2 || sum.Private != 2 || sum.Public != 1 {
			t.Errorf("%v: summary = %+v", mode, sum)
		}
	}
	// under the cap, a long public line passes whole
	var out bytes.Buffer
	if _, err := egress.Run(context.Background(), egress.Options{Engine: testEngine(t)}, strings.NewReader(long), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if out.Len() != len(long)+1 {
		t.Errorf("long public line: got %d bytes, want %d", out.Len(), len(long)+1)
	}
}

func TestRunErrors(t *testing.T) {
	e := testEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := egress.Run(ctx, egress.Options{Engine: e}, strings.NewReader("a\n"), io.Discard, io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	errRead := errors.New("disk gone")
	sum, err := egress.Run(context.Background(), egress.Options{Engine: e},
		io.MultiReader(strings.NewReader("SystemLog: a\n"), iotest.ErrReader(errRead)), io.Discard, io.Discard)
	if !errors.Is(err, errRead) || sum.Lines != 1 {
		t.Errorf("read error: err = %v, lines = %d", err, sum.Lines)
	}
	errWrite := errors.New("pipe closed")
	if _, err := egress.Run(context.Background(), egress.Options{Engine: e},
		strings.NewReader(strings.Repeat("SystemLog: a\n", 20000)), errWriter{errWrite}, io.Discard); !errors.Is(err, errWrite) {
		t.Errorf("write error: err = %v", err)
	}
	if _, err := egress.Run(context.Background(), egress.Options{Mode: 9}, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Error("invalid options accepted")
	}
}

type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		opts egress.Options
		want string
	}{
		{egress.Options{}, ""},
		{egress.Options{Prefix: "a\nb"}, "Prefix"},
		{egress.Options{Mode: 7}, "Mode"},
		{egress.Options{MaxLineBytes: -1}, "MaxLineBytes"},
	}
	for i, c := range cases {
		err := c.opts.Validate()
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("case %d: err = %v, want one naming %q", i, err, c.want)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []egress.Mode{egress.Placeholder, egress.Drop, egress.Redact} {
		if got, err := egress.ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m, got, err)
		}
	}
	if _, err := egress.ParseMode("shred"); err == nil {
		t.Error("unknown mode accepted")
	}
	if s := egress.Mode(9).String(); s != "Mode(9)" {
		t.Errorf("String = %q", s)
	}
}

func TestMain_(t *testing.T) {
	dir := t.TempDir()
	f1 := filepath.Join(dir, "a.log")
	if err := os.WriteFile(f1, []byte("SystemLog: one\nsecret stuff\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		stdin   string
		code    int
		stdout  string
		stderrs []string
	}{
		{"stdin", nil, "SystemLog: a\nb\n", egress.ExitOK, "SystemLog: a\n[private log line: 1 bytes]\n",
			[]string{"egress: 2 lines (15 bytes): 1 public, 1 private, 0 quarantined, 0 oversize"}},
		{"files and dash", []string{"--mode", "drop", f1, "-"}, "SystemLog: b\n", egress.ExitOK, "SystemLog: one\nSystemLog: b\n",
			[]string{"3 lines", "2 public, 1 private"}},
		{"prefix", []string{"--prefix", "PUB>"}, "PUB> x\nSystemLog: y\n", egress.ExitOK, "PUB> x\n[private log line: 12 bytes]\n", nil},
		{"bad mode", []string{"--mode", "shred"}, "", egress.ExitUsage, "", []string{"--mode"}},
		{"bad flag", []string{"--nope"}, "", egress.ExitUsage, "", []string{"usage: hush egress"}},
		{"empty prefix", []string{"--prefix", ""}, "", egress.ExitUsage, "", []string{"--prefix"}},
		{"help", []string{"-h"}, "", egress.ExitOK, "", []string{"usage: hush egress"}},
		{"missing file", []string{filepath.Join(dir, "none.log")}, "", egress.ExitError, "", []string{"none.log"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := egress.Main(c.args, strings.NewReader(c.stdin), &out, &errOut)
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, errOut.String())
			}
			if out.String() != c.stdout {
				t.Error(mismatch(out.String(), c.stdout))
			}
			for _, s := range c.stderrs {
				if !strings.Contains(errOut.String(), s) {
					t.Errorf("stderr %q lacks %q", errOut.String(), s)
				}
			}
		})
	}
}

func TestMainFailOnQuarantine(t *testing.T) {
	var out, errOut bytes.Buffer
	code := egress.Main([]string{"--fail-on-quarantine"}, strings.NewReader("SystemLog: mail jane.doe@example.com\n"), &out, &errOut)
	if strings.Contains(out.String(), "jane.doe") {
		t.Fatal("public line with an e-mail address passed")
	}
	if code == egress.ExitOK && !strings.Contains(out.String(), "quarantined") {
		t.Skip("the built-in engine does not detect e-mail addresses yet")
	}
	if code != egress.ExitQuarantine {
		t.Errorf("exit code %d, want %d", code, egress.ExitQuarantine)
	}
}

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }})
	return out.String(), errb.String(), code
}

// TestRulesDocCurrent keeps docs/rules.md in step with the built-in rules.
func TestRulesDocCurrent(t *testing.T) {
	out, _, code := run(t, "", "rules", "--markdown")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules.md"))
	if err != nil || string(got) != out {
		t.Fatal("docs/rules.md is stale: run go run ./cmd/hush rules --markdown > docs/rules.md")
	}
}

func TestRedactContract(t *testing.T) {
	in := "contact jane.doe@example.com please\n"
	out, errOut, code := run(t, in, "redact")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %d bytes", code, len(errOut))
	}
	if strings.Contains(out, "jane.doe") || !strings.Contains(out, "[REDACTED:EMAIL_ADDRESS]") || !strings.HasSuffix(out, "please\n") {
		t.Fatalf("unexpected output of %d bytes", len(out))
	}
	// JSON in, JSON out; JSON lines line by line
	out, _, code = run(t, `{"q":"mail jane.doe@example.com"}`+"\n"+`{"q":"ok"}`+"\n", "redact")
	if code != 0 || out != `{"q":"mail [REDACTED:EMAIL_ADDRESS]"}`+"\n"+`{"q":"ok"}`+"\n" {
		t.Fatalf("JSON lines: exit %d, %d bytes", code, len(out))
	}
	// forced JSON on invalid input fails closed: nothing on stdout
	out, errOut, code = run(t, `{"q":"jane.doe@example.com"`, "redact", "--json")
	if code == 0 || out != "" || strings.Contains(errOut, "jane") {
		t.Fatalf("invalid JSON: exit %d, stdout %d bytes", code, len(out))
	}
	// auto mode on invalid JSON still redacts as text
	out, _, code = run(t, `{"q":"jane.doe@example.com"`, "redact")
	if code != 0 || strings.Contains(out, "jane.doe") {
		t.Fatalf("truncated JSON in auto mode: exit %d", code)
	}
}

func TestScan(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("line one\nmail jane.doe@example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "clean.txt"), []byte("nothing to see\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "scan", "--json", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if strings.Contains(out, "jane") || !strings.Contains(out, `"line":2`) || !strings.Contains(out, `"type":"EMAIL_ADDRESS"`) || !strings.Contains(out, `"start":14`) {
		t.Fatalf("unexpected scan output of %d bytes", len(out))
	}
	if _, _, code := run(t, "", "scan", filepath.Join(dir, "clean.txt")); code != 0 {
		t.Fatalf("clean file: exit %d", code)
	}
	if _, _, code := run(t, "", "scan", "--exit-code", "0", dir); code != 0 {
		t.Fatalf("--exit-code 0: exit %d", code)
	}
}

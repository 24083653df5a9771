package auditcli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hushlog/hush/audit"
	"github.com/hushlog/hush/pipeline"
)

var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, envVars map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, env{stdout: &out, stderr: &errb, getenv: func(k string) string { return envVars[k] },
		now: func() time.Time { return t0.Add(48 * time.Hour) }})
	return result{code, out.String(), errb.String()}
}

// setup creates a key with keygen and a log of 48 hourly records through the Store.
func setup(t *testing.T) (dataDir, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	keyFile = filepath.Join(dir, "audit.key")
	r := runCLI(t, nil, "keygen", "--out", keyFile, "--name", "hush-cli-test")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "hush-cli-test+") {
		t.Fatalf("keygen: %+v", r)
	}
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", st.Mode(), err)
	}
	dataDir = filepath.Join(dir, "data")
	s, err := audit.Open(audit.Config{Dir: dataDir, Writer: "gw", KeyFile: keyFile, CheckpointInterval: -1,
		Now: func() time.Time { return t0.Add(48 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	var items []pipeline.Item
	for i := range 48 {
		ts := t0.Add(time.Duration(i) * time.Hour).Format(time.RFC3339Nano)
		model := []string{"gpt-4o", "claude-sonnet"}[i%2]
		findings := ""
		if i%3 == 0 {
			findings = `"EMAIL_ADDRESS":1`
		}
		items = append(items, pipeline.Item{ID: fmt.Sprint(i), Data: fmt.Appendf(nil,
			`{"@timestamp":%q,"record.id":"%d","gen_ai.request.model":%q,"user.id":"u%d","hush.findings":{%s}}`, ts, i, model, i%4, findings)})
	}
	if err := s.Write(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dataDir, keyFile
}

func TestCommands(t *testing.T) {
	dataDir, keyFile := setup(t)
	pub := keyFile + ".pub"
	dir := filepath.Dir(keyFile)

	r := runCLI(t, nil, "verify", "--data-dir", dataDir, "--pubkey", pub)
	if r.code != 0 || !strings.Contains(r.stdout, "OK gw: 48 records") {
		t.Fatalf("verify: %+v", r)
	}
	r = runCLI(t, nil, "checkpoint", "--data-dir", dataDir)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "go.sum database tree\n48\n") {
		t.Fatalf("checkpoint: %+v", r)
	}
	ckFile := filepath.Join(dir, "kept.note")
	os.WriteFile(ckFile, []byte(r.stdout), 0o600)

	for _, tc := range []struct {
		args []string
		want int // table rows
	}{
		{[]string{"--since", "2026-03-01T10:00:00Z", "--until", "2026-03-01T19:00:00Z"}, 10},
		{[]string{"--model", "gpt-4o"}, 24},
		{[]string{"--user", "u1", "--model", "claude-sonnet"}, 12},
		{[]string{"--type", "EMAIL_ADDRESS"}, 16},
		{[]string{"--since", "24h"}, 24},
		{[]string{"--since", "2026-03-02", "--type", "EMAIL_ADDRESS", "--model", "gpt-4o"}, 4},
		{[]string{"--model", "unknown"}, 0},
	} {
		t.Run("query "+strings.Join(tc.args, " "), func(t *testing.T) {
			r := runCLI(t, nil, append([]string{"query", "--data-dir", dataDir}, tc.args...)...)
			rows := strings.Count(r.stdout, "\n") - 1
			if r.code != 0 || rows != tc.want {
				t.Fatalf("got %d rows, want %d: %+v", rows, tc.want, r)
			}
			j := runCLI(t, nil, append([]string{"query", "--json", "--data-dir", dataDir}, tc.args...)...)
			if n := strings.Count(j.stdout, "\n"); j.code != 0 || n != tc.want {
				t.Fatalf("json: %d lines, want %d", n, tc.want)
			}
		})
	}

	for _, out := range []string{"b.tar", "b.zip", "bdir"} {
		t.Run("export "+out, func(t *testing.T) {
			path := filepath.Join(dir, out)
			// The manifest is signed with the key from the environment.
			skey, _ := os.ReadFile(keyFile)
			r := runCLI(t, map[string]string{keyEnv: string(skey)}, "export", "--data-dir", dataDir,
				"--since", "2026-03-01T12:00:00Z", "--until", "2026-03-01T23:59:59Z", "--out", path)
			if r.code != 0 || !strings.Contains(r.stdout, "gw: 12 records") {
				t.Fatalf("export: %+v", r)
			}
			r = runCLI(t, nil, "verify", "--bundle", path, "--pubkey", pub)
			if r.code != 0 || !strings.Contains(r.stdout, "12 records") || !strings.Contains(r.stdout, "signed manifest verified") {
				t.Fatalf("verify bundle: %+v", r)
			}
		})
	}
	// A record changed inside a bundle.
	recs := filepath.Join(dir, "bdir", "gw", "records.jsonl")
	b, _ := os.ReadFile(recs)
	os.WriteFile(recs, bytes.Replace(b, []byte(`"user.id":"u1"`), []byte(`"user.id":"u2"`), 1), 0o644)
	if r := runCLI(t, nil, "verify", "--bundle", filepath.Join(dir, "bdir"), "--pubkey", pub); r.code != exitFailed || !strings.Contains(r.stderr, "content changed") {
		t.Fatalf("tampered bundle: %+v", r)
	}
	// A bundle checked against another key.
	other := filepath.Join(dir, "other.key")
	runCLI(t, nil, "keygen", "--out", other, "--name", "hush-cli-test")
	if r := runCLI(t, nil, "verify", "--bundle", filepath.Join(dir, "b.zip"), "--pubkey", other+".pub"); r.code != exitFailed {
		t.Fatalf("bundle under a wrong key: %+v", r)
	}

	// Truncate the log and roll back its checkpoints: only the kept checkpoint notices.
	logDir := audit.LogDir(dataDir, "gw")
	seg := filepath.Join(logDir, "00000000000000000000.seg")
	st, _ := os.Stat(seg)
	os.Truncate(seg, st.Size()-200)
	os.Remove(filepath.Join(logDir, "hashes"))
	os.WriteFile(filepath.Join(logDir, "checkpoints"), nil, 0o600)
	r = runCLI(t, nil, "verify", "--data-dir", dataDir, "--pubkey", pub, "--checkpoint", ckFile)
	if r.code != exitFailed || !strings.Contains(r.stderr, "record 0:") {
		t.Fatalf("verify after truncation: %+v", r)
	}
}

func TestVerifyNamesBadRecord(t *testing.T) {
	dataDir, keyFile := setup(t)
	seg := filepath.Join(audit.LogDir(dataDir, "gw"), "00000000000000000000.seg")
	b, _ := os.ReadFile(seg)
	os.WriteFile(seg, bytes.Replace(b, []byte(`"record.id":"17"`), []byte(`"record.id":"71"`), 1), 0o600)
	r := runCLI(t, nil, "verify", "--data-dir", dataDir, "--pubkey", keyFile+".pub")
	if r.code != exitFailed || !strings.Contains(r.stderr, "record 17: content changed") {
		t.Fatalf("%+v", r)
	}
	// The public key may also come from the environment.
	pub, _ := os.ReadFile(keyFile + ".pub")
	r = runCLI(t, map[string]string{keyEnvPublic: string(pub)}, "verify", "--data-dir", dataDir)
	if r.code != exitFailed {
		t.Fatalf("%+v", r)
	}
}

func TestUsageErrors(t *testing.T) {
	dataDir, _ := setup(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: hush audit"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"export", "--data-dir", dataDir}, exitUsage, "--out is required"},
		{[]string{"query", "--data-dir", dataDir, "--since", "yesterday"}, exitUsage, `--since: "yesterday" is not a time`},
		{[]string{"query", "--data-dir", dataDir, "--since", "2026-03-02", "--until", "2026-03-01"}, exitUsage, "--until is before --since"},
		{[]string{"verify", "--data-dir", filepath.Join(dataDir, "nope")}, exitError, "no audit log under"},
		{[]string{"verify", "--data-dir", dataDir, "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"keygen", "--out", filepath.Join(dataDir, "k"), "--name", "bad name"}, exitUsage, "--name"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runCLI(t, nil, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("got %d %q, want %d %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
}

func TestVerifyMissingLog(t *testing.T) {
	dataDir, keyFile := setup(t)
	r := runCLI(t, nil, "checkpoint", "--data-dir", dataDir)
	kept := filepath.Join(filepath.Dir(keyFile), "kept.note")
	os.WriteFile(kept, []byte(r.stdout), 0o600)
	// Another writer's log stays; this one disappears entirely.
	os.MkdirAll(audit.LogDir(dataDir, "other"), 0o700)
	os.RemoveAll(audit.LogDir(dataDir, "gw"))
	r = runCLI(t, nil, "verify", "--data-dir", dataDir, "--pubkey", keyFile+".pub", "--checkpoint", kept)
	if r.code != exitFailed || !strings.Contains(r.stderr, "FAIL gw: the log is missing, but a trusted checkpoint covers 48 records") {
		t.Fatalf("%+v", r)
	}
}

package privlog_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/hushlog/hush/internal/testrules"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// testRules: an e-mail-like rule, a prefixed token and a password that follows its key.
func testRules() []rules.Rule { return testrules.All() }

func testEngine(tb testing.TB) *redact.Engine {
	tb.Helper()
	return testrules.Engine()
}

// noTime drops the time so that output is deterministic.
func noTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// decodeLines parses JSON lines; it reports a failure without echoing the content.
func decodeLines(tb testing.TB, b []byte) []map[string]any {
	tb.Helper()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		m := map[string]any{}
		if err := json.Unmarshal(line, &m); err != nil {
			tb.Fatalf("output line of %d bytes is not JSON: %v", len(line), err)
		}
		out = append(out, m)
	}
	return out
}

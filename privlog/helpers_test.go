package privlog_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

var (
	emailLocal  = rules.NewSet("A-Za-z0-9._+-")
	emailDomain = rules.NewSet("A-Za-z0-9.-")
)

// matchTestEmail is a small e-mail matcher for deterministic tests: local@domain.tld.
func matchTestEmail(text []byte, kw, kwEnd int) (int, int, bool) {
	start := kw
	for start > 0 && emailLocal.Has(text[start-1]) {
		start--
	}
	end := rules.Span(text, kwEnd, &emailDomain, 253)
	for end > kwEnd && text[end-1] == '.' {
		end--
	}
	if start == kw || !bytes.Contains(text[kwEnd:end], []byte(".")) {
		return 0, 0, false
	}
	return start, end, true
}

// testRules: an e-mail-like rule, a prefixed token and a password that follows its key.
func testRules() []rules.Rule {
	return []rules.Rule{
		{ID: "test-email", Type: "EMAIL_ADDRESS", Category: rules.PII, Keywords: []string{"@"}, Match: matchTestEmail},
		{ID: "test-token", Type: "DEMO_TOKEN", Category: rules.Secret, Keywords: []string{"dmo_"},
			Match: rules.Token("dmo_", rules.TokenOpts{Min: 10, Max: 20, Body: rules.AlNum})},
		{ID: "test-password", Type: "PASSWORD", Category: rules.Secret, Keywords: []string{"passwd"},
			Match: rules.Value(rules.ValueOpts{Min: 6, Max: 64, Chars: rules.NewSet("!#-&(-~"), RequireAssign: true})},
	}
}

func testEngine(tb testing.TB) *redact.Engine {
	tb.Helper()
	e, err := redact.New(redact.Config{Rules: testRules()})
	if err != nil {
		tb.Fatal(err)
	}
	return e
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

package privlog_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"

	"github.com/hushlog/hush/privlog"
)

// TestSlogtest runs the standard library's conformance suite on the wrapped handler, once with
// every record public (the prefix removed from the message before comparing) and once with
// every record private, redacted by an engine that finds nothing in the suite's values.
func TestSlogtest(t *testing.T) {
	for _, public := range []bool{true, false} {
		name := "private"
		if public {
			name = "public"
		}
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			newHandler := func(t *testing.T) slog.Handler {
				buf.Reset()
				h := privlog.NewHandler(slog.NewJSONHandler(&buf, nil), privlog.Options{Engine: testEngine(t)})
				if public {
					return h.WithAttrs([]slog.Attr{privlog.Public})
				}
				return h
			}
			result := func(t *testing.T) map[string]any {
				lines := decodeLines(t, buf.Bytes())
				if len(lines) != 1 {
					t.Fatalf("want 1 line, got %d", len(lines))
				}
				m := lines[0]
				if public {
					msg, _ := m[slog.MessageKey].(string)
					if !strings.HasPrefix(msg, privlog.DefaultPrefix) {
						t.Fatalf("public message lacks the prefix")
					}
					m[slog.MessageKey] = strings.TrimPrefix(strings.TrimPrefix(msg, privlog.DefaultPrefix), " ")
				}
				return m
			}
			slogtest.Run(t, newHandler, result)
		})
	}
}

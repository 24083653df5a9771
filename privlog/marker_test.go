package privlog

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// TestMarkerGone: markers never reach the output of the next handler, public or with.
func TestMarkerGone(t *testing.T) {
	for _, mk := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var b bytes.Buffer
		l := slog.New(NewHandler(mk(&b), Options{}))
		l.Info("started", Public, "k", 1)
		l.With(Public).Info("again", "k", 2)
		if strings.Contains(b.String(), "privlog") || strings.Count(b.String(), "SystemLog:") != 2 {
			t.Fatal(b.String())
		}
	}
}

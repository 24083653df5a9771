package serve

import (
	"io"
	"log/slog"
	"testing"

	"github.com/hushlog/hush/privlog"
)

// TestAccessHandler finds privlog's handler behind the access logger, also after With, so
// that the proxy's error lines go through it; a logger on another handler is not taken.
func TestAccessHandler(t *testing.T) {
	ph, err := privlog.New(slog.NewJSONHandler(io.Discard, nil), privlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*slog.Logger{slog.New(ph), slog.New(ph).With("component", "gateway")} {
		if _, ok := accessHandler(l); !ok {
			t.Fatal("privlog handler not found")
		}
	}
	if _, ok := accessHandler(slog.New(slog.NewTextHandler(io.Discard, nil))); ok {
		t.Fatal("a plain handler taken for privlog's")
	}
	if _, ok := accessHandler(nil); ok {
		t.Fatal("nil logger")
	}
}

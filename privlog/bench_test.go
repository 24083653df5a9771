package privlog_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/hushlog/hush/privlog"
	"github.com/hushlog/hush/redact"
)

// The benchmarks compare privlog with the bare slog.NewJSONHandler it wraps, in one run:
//
//	go test -bench . -benchmem -run '^$' ./privlog/
//
// zap and zerolog lines log the same fields, for readers who know those libraries.

func benchLogger(b *testing.B, opts privlog.Options) *slog.Logger {
	b.Helper()
	h, err := privlog.New(slog.NewJSONHandler(io.Discard, nil), opts)
	if err != nil {
		b.Fatal(err)
	}
	return slog.New(h)
}

func BenchmarkPublicLine(b *testing.B) {
	b.Run("slog-json", func(b *testing.B) {
		l := slog.New(slog.NewJSONHandler(io.Discard, nil))
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
	b.Run("privlog", func(b *testing.B) {
		l := benchLogger(b, privlog.Options{Engine: testEngine(b)})
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", privlog.Public, "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
	b.Run("privlog-with", func(b *testing.B) {
		l := benchLogger(b, privlog.Options{Engine: testEngine(b)}).With(privlog.Public)
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
	b.Run("zap", func(b *testing.B) {
		enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
		l := zap.New(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zapcore.InfoLevel))
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", zap.String("method", "POST"), zap.String("route", "/v1/chat"),
				zap.Int("status", 200), zap.Int("ms", 12))
		}
	})
	b.Run("zerolog", func(b *testing.B) {
		l := zerolog.New(io.Discard).With().Timestamp().Logger()
		b.ReportAllocs()
		for b.Loop() {
			l.Info().Str("method", "POST").Str("route", "/v1/chat").Int("status", 200).Int("ms", 12).
				Msg("request served")
		}
	})
}

// privateAttrs returns n synthetic attributes of about 1 KiB in all, one holding an e-mail
// address, and their total value size.
func privateAttrs(kb int) ([]any, int) {
	var args []any
	size := 0
	for i := 0; size < kb<<10; i++ {
		v := strings.Repeat("the model answered the question about shipping times ", 2)
		if i%4 == 0 {
			v += " contact jane.doe@example.com"
		}
		args = append(args, fmt.Sprintf("field%d", i), v)
		size += len(v)
	}
	return args, size
}

func BenchmarkPrivateLine(b *testing.B) {
	builtin, err := redact.New(redact.Config{})
	if err != nil {
		b.Fatal(err)
	}
	for _, kb := range []int{1, 8} {
		args, size := privateAttrs(kb)
		b.Run(fmt.Sprintf("slog-json/%dKB", kb), func(b *testing.B) {
			l := slog.New(slog.NewJSONHandler(io.Discard, nil))
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				l.Info("prompt logged", args...)
			}
		})
		b.Run(fmt.Sprintf("privlog-redact/%dKB", kb), func(b *testing.B) {
			l := benchLogger(b, privlog.Options{Engine: builtin})
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				l.Info("prompt logged", args...)
			}
		})
		b.Run(fmt.Sprintf("privlog-length/%dKB", kb), func(b *testing.B) {
			l := benchLogger(b, privlog.Options{Private: privlog.Length})
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				l.Info("prompt logged", args...)
			}
		})
	}
}

func BenchmarkDisabledLevel(b *testing.B) {
	b.Run("slog-json", func(b *testing.B) {
		l := slog.New(slog.NewJSONHandler(io.Discard, nil))
		b.ReportAllocs()
		for b.Loop() {
			l.Debug("cache miss", "key", "k1", "n", 3)
		}
	})
	b.Run("privlog", func(b *testing.B) {
		l := benchLogger(b, privlog.Options{Engine: testEngine(b)})
		b.ReportAllocs()
		for b.Loop() {
			l.Debug("cache miss", "key", "k1", "n", 3)
		}
	})
	b.Run("privlog-split", func(b *testing.B) {
		h, err := privlog.New(privlog.Split(slog.NewJSONHandler(io.Discard, nil), slog.NewJSONHandler(io.Discard, nil)),
			privlog.Options{Engine: testEngine(b)})
		if err != nil {
			b.Fatal(err)
		}
		l := slog.New(h)
		b.ReportAllocs()
		for b.Loop() {
			l.Debug("cache miss", "key", "k1", "n", 3)
		}
	})
}

// nopHandler accepts everything and writes nothing: wrapping it isolates privlog's own cost.
type nopHandler struct{}

func (nopHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (nopHandler) Handle(context.Context, slog.Record) error { return nil }
func (h nopHandler) WithAttrs([]slog.Attr) slog.Handler      { return h }
func (h nopHandler) WithGroup(string) slog.Handler           { return h }

// BenchmarkOverhead measures what privlog adds to a log call, over a handler that does
// nothing; compare with the bare logger over the same handler.
func BenchmarkOverhead(b *testing.B) {
	wrap := func(b *testing.B) *slog.Logger {
		h, err := privlog.New(nopHandler{}, privlog.Options{Engine: testEngine(b)})
		if err != nil {
			b.Fatal(err)
		}
		return slog.New(h)
	}
	b.Run("bare", func(b *testing.B) {
		l := slog.New(nopHandler{})
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
	b.Run("public-call", func(b *testing.B) {
		l := wrap(b)
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", privlog.Public, "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
	b.Run("public-with", func(b *testing.B) {
		l := wrap(b).With(privlog.Public)
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
	b.Run("private-redact", func(b *testing.B) {
		l := wrap(b)
		b.ReportAllocs()
		for b.Loop() {
			l.Info("request served", "method", "POST", "route", "/v1/chat", "status", 200, "ms", 12)
		}
	})
}

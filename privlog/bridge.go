package privlog

import (
	"log"
	"log/slog"
)

// NewLogLogger returns a *log.Logger whose output goes through h as private records at level,
// one record per Print call: code that only knows the standard log package logs compliantly.
// The records carry the Private marker, so they are kept when Options.RequireCategory is set,
// and nothing written through the returned logger can become public.
func NewLogLogger(h *Handler, level slog.Level) *log.Logger {
	return slog.NewLogLogger(h.WithAttrs([]slog.Attr{Private}), level)
}

// SetDefault makes a logger on h the default for the package-level slog functions and
// returns it. As with slog.SetDefault, the standard log package's default logger then writes
// through h too; those records carry no category, so they are private (or, with
// Options.RequireCategory, dropped and counted).
func SetDefault(h *Handler) *slog.Logger {
	l := slog.New(h)
	slog.SetDefault(l)
	return l
}

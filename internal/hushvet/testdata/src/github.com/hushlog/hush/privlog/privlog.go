// Package privlog is a stand-in with the API shape of the real package.
package privlog

import (
	"context"
	"log"
	"log/slog"
)

type Options struct{}

type Handler struct{ next slog.Handler }

func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool  { return h.next.Enabled(ctx, l) }
func (h *Handler) Handle(ctx context.Context, r slog.Record) error { return h.next.Handle(ctx, r) }
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler           { return h }
func (h *Handler) WithGroup(name string) slog.Handler              { return h }

func New(next slog.Handler, opts Options) (*Handler, error)   { return &Handler{next}, nil }
func NewHandler(next slog.Handler, opts Options) slog.Handler { return &Handler{next} }
func Split(public, private slog.Handler) slog.Handler         { return public }
func PublicAttr(key string, value any) slog.Attr              { return slog.Any(key, value) }
func Error(err error) slog.Attr                               { return slog.Any("error", err) }
func NewLogLogger(h *Handler, level slog.Level) *log.Logger   { return slog.NewLogLogger(h, level) }

var Public = slog.Bool("privlog.category", true)

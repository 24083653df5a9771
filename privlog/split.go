package privlog

import (
	"context"
	"log/slog"
)

// splitHandler sends released records to one handler and private records to another.
type splitHandler struct {
	public, private slog.Handler
	cat             Category // from WithAttrs markers
}

var _ slog.Handler = (*splitHandler)(nil)

// Split returns a handler that sends public records to public and all others to private:
// the "public logs go to a separate location" design. Give it to New or NewHandler as the
// next handler; the privlog Handler then writes released records (with their prefix) to
// public and rewritten private records to private, and checks the chosen side's Enabled
// before doing any work.
//
// Used on its own, a Split handler routes records by their category marker (in the call or
// from WithAttrs) without rewriting anything, so private records reach private unredacted.
func Split(public, private slog.Handler) slog.Handler {
	return &splitHandler{public: public, private: private}
}

// Enabled reports whether either side is enabled at level.
func (s *splitHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return s.public.Enabled(ctx, level) || s.private.Enabled(ctx, level)
}

// Handle sends r to public when its category is public, else to private.
func (s *splitHandler) Handle(ctx context.Context, r slog.Record) error {
	cat := s.cat
	var attrs []slog.Attr
	marked := false
	r.Attrs(func(a slog.Attr) bool {
		if c, ok := markerOf(a); ok {
			if !marked || c == CategoryPrivate {
				cat = c
			}
			marked = true
			return true
		}
		attrs = append(attrs, a)
		return true
	})
	next := s.private
	if cat == CategoryPublic {
		next = s.public
	}
	if !next.Enabled(ctx, r.Level) {
		return nil
	}
	nr := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	nr.AddAttrs(attrs...)
	return next.Handle(ctx, nr)
}

// WithAttrs applies attrs to both sides; a marker among them categorises later records.
func (s *splitHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c, ok := categoryOf(attrs)
	kept := make([]slog.Attr, 0, len(attrs))
	for _, a := range attrs {
		if _, m := markerOf(a); !m {
			kept = append(kept, a)
		}
	}
	s2 := &splitHandler{public: s.public.WithAttrs(kept), private: s.private.WithAttrs(kept), cat: s.cat}
	if ok {
		s2.cat = c
	}
	return s2
}

// WithGroup applies the group to both sides.
func (s *splitHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return s
	}
	return &splitHandler{public: s.public.WithGroup(name), private: s.private.WithGroup(name), cat: s.cat}
}

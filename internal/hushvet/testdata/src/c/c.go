package c

import (
	"log/slog"

	"github.com/hushlog/hush/privlog"
)

func f(secret string, err error) []slog.Attr {
	return []slog.Attr{
		privlog.PublicAttr("s", secret), // want `sensitive name`
		privlog.PublicAttr("e", err),    // want `given an error`
	}
}

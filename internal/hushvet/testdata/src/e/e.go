//hush:compliant

package e

import (
	"log/slog"
	"os"

	"github.com/hushlog/hush/privlog"
)

func f() (*slog.Logger, *slog.Logger) {
	ok := slog.New(privlog.NewHandler(slog.NewTextHandler(os.Stderr, nil), privlog.Options{}))
	return ok, slog.New(slog.NewJSONHandler(os.Stderr, nil)) // want `slog.New on a handler not built by privlog`
}

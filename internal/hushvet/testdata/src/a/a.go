//hush:compliant

// Package a opts in.
package a

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"strings"

	"github.com/hushlog/hush/privlog"
)

func bad() {
	fmt.Println("x")                                  // want `fmt.Println writes to stdout, bypassing privlog`
	fmt.Printf("%d\n", 1)                             // want `fmt.Printf writes to stdout`
	fmt.Fprintln(os.Stderr, "x")                      // want `fmt.Fprintln to os.Stderr bypasses privlog`
	fmt.Fprintf(os.Stdout, "x")                       // want `fmt.Fprintf to os.Stdout bypasses privlog`
	println("x")                                      // want `builtin println writes to stderr`
	print("x")                                        // want `builtin print writes to stderr`
	log.Printf("x %d", 1)                             // want `log.Printf: the standard log package bypasses privlog`
	_ = log.New(os.Stderr, "", 0)                     // want `log.New: the standard log package`
	slog.Info("x")                                    // want `slog.Info logs through the default logger`
	slog.ErrorContext(nil, "x")                       // want `slog.ErrorContext logs through the default logger`
	_ = slog.New(slog.NewJSONHandler(os.Stderr, nil)) // want `slog.New on a handler not built by privlog`
	var h slog.Handler = slog.NewTextHandler(os.Stderr, nil)
	_ = slog.New(h)                          // want `slog.New on a handler not built by privlog`
	_ = slog.NewLogLogger(h, slog.LevelInfo) // want `slog.NewLogLogger on a handler not built by privlog`
}

func good() {
	var b strings.Builder
	fmt.Fprintf(&b, "x")
	_ = fmt.Sprintf("x")
	_ = errors.New("x")
	next := slog.NewJSONHandler(os.Stderr, nil)
	logger := slog.New(privlog.NewHandler(next, privlog.Options{}))
	logger.Info("ok", privlog.Public)
	h := privlog.NewHandler(next, privlog.Options{})
	_ = slog.New(h)
	_ = slog.New(h.WithAttrs(nil).WithGroup("g"))
	ph, _ := privlog.New(next, privlog.Options{})
	_ = slog.New(ph)
	_ = slog.New(privlog.Split(next, next))
	_ = privlog.NewLogLogger(ph, slog.LevelInfo)
	var l *log.Logger = privlog.NewLogLogger(ph, slog.LevelInfo)
	l.Printf("methods on a *log.Logger built by privlog are fine")
}

package egress

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hushlog/hush/redact"
)

// Exit codes of Main.
const (
	ExitOK         = 0 // all input filtered
	ExitError      = 1 // an input could not be read or the output written
	ExitUsage      = 2 // bad flags
	ExitQuarantine = 3 // --fail-on-quarantine and a public line was quarantined
)

// Main runs `hush egress [--prefix P] [--mode placeholder|drop|redact] [--max-line-bytes N]
// [--fail-on-quarantine] [FILE…]` with args excluding the command name: it filters each FILE
// ("-" or none: stdin) in order to stdout, reports quarantined lines and the summary on stderr,
// and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return MainContext(context.Background(), args, stdin, stdout, stderr)
}

// MainContext is Main with a context that stops the filter when done.
func MainContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("egress", flag.ContinueOnError)
	fs.SetOutput(stderr)
	prefix := fs.String("prefix", DefaultPrefix, "prefix that marks public lines")
	mode := fs.String("mode", "placeholder", "what private lines become: placeholder, drop or redact")
	maxLine := fs.Int("max-line-bytes", DefaultMaxLineBytes, "longer lines are private and never echoed")
	failQ := fs.Bool("fail-on-quarantine", false, "exit with status 3 when a public line was quarantined")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: hush egress [--prefix P] [--mode placeholder|drop|redact] [--max-line-bytes N] [--fail-on-quarantine] [FILE...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	m, err := ParseMode(*mode)
	if err != nil {
		fmt.Fprintf(stderr, "egress: --mode: %v\n", err)
		return ExitUsage
	}
	if *prefix == "" || *maxLine < 1 {
		fmt.Fprintln(stderr, "egress: --prefix must be non-empty and --max-line-bytes positive")
		return ExitUsage
	}
	opts := Options{Prefix: *prefix, Mode: m, MaxLineBytes: *maxLine}
	if err := opts.Validate(); err != nil {
		fmt.Fprintln(stderr, err)
		return ExitUsage
	}
	if opts.Engine, err = redact.New(redact.Config{}); err != nil {
		fmt.Fprintf(stderr, "egress: building the redaction engine: %v\n", err)
		return ExitError
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	var total Summary
	code := ExitOK
	for _, name := range files {
		sum, err := runFile(ctx, opts, name, stdin, stdout, stderr)
		total.Add(sum)
		if err != nil {
			fmt.Fprintf(stderr, "egress: %s: %v\n", displayName(name), err)
			code = ExitError
			break
		}
	}
	fmt.Fprintln(stderr, total.String())
	if code == ExitOK && *failQ && total.Quarantined > 0 {
		fmt.Fprintf(stderr, "egress: %v\n", ErrQuarantine)
		return ExitQuarantine
	}
	return code
}

func runFile(ctx context.Context, opts Options, name string, stdin io.Reader, stdout, stderr io.Writer) (Summary, error) {
	if name == "-" {
		return Run(ctx, opts, stdin, stdout, stderr)
	}
	f, err := os.Open(name)
	if err != nil {
		return Summary{}, err
	}
	defer f.Close()
	return Run(ctx, opts, f, stdout, stderr)
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

// Package cli implements hush's subcommands. Main builds everything a command needs from its
// flags and config; nothing here keeps global state.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Env is the world a command sees: its standard streams and environment.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	summary string
	run     func(ctx context.Context, args []string, env Env) int
}

func commands() map[string]command {
	return map[string]command{
		"redact": {"redact text or JSON from FILE or stdin to stdout", runRedact},
		"scan":   {"report findings (type, rule, file, line, offsets; never the text)", runScan},
		"rules":  {"list the built-in detection rules", runRules},
		"eval":   {"measure efficacy on a labeled corpus", runEval},
		"bench":  {"hush and gitleaks side by side on one corpus", runBench},
		"serve":  {"run the gateway: reverse proxy + capture + pipeline", runServe},
		"demo":   {"hush serve in front of a built-in echo model, with sample traffic", runDemo},
		"config": {"validate a config file: hush config validate FILE", runConfig},
		"audit":  {"the audit store: verify, checkpoint, query, export, keygen", runAudit},
		"egress": {"pass only public (prefixed) log lines; the rest become placeholders", runEgress},
	}
}

// Main runs the subcommand named by args[0] and returns the process exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "hush: unknown command %q\n", args[0])
		usage(env.Stderr, cmds)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.run(ctx, args[1:], env)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: hush <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'hush <command> -h' for a command's flags.")
}

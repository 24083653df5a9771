package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/hushlog/hush/internal/auditcli"
	"github.com/hushlog/hush/internal/config"
	"github.com/hushlog/hush/internal/egress"
	"github.com/hushlog/hush/internal/serve"
)

// runConfig implements "hush config validate FILE".
func runConfig(_ context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() { fmt.Fprintln(env.Stderr, "usage: hush config validate FILE") }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 || fs.Arg(0) != "validate" {
		fs.Usage()
		return 2
	}
	cfg, err := config.Load(fs.Arg(1))
	if err == nil {
		err = serve.Check(cfg, env.Getenv)
		if err != nil {
			err = fmt.Errorf("%s: %w", fs.Arg(1), err)
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush config: %v\n", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "%s: ok\n", fs.Arg(1))
	return 0
}

// runAudit implements "hush audit verify|checkpoint|query|export|keygen".
func runAudit(_ context.Context, args []string, env Env) int {
	return auditcli.Main(args, env.Stdout, env.Stderr)
}

// runEgress implements "hush egress": the filter at the secure environment's boundary.
func runEgress(ctx context.Context, args []string, env Env) int {
	return egress.MainContext(ctx, args, env.Stdin, env.Stdout, env.Stderr)
}

package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os/exec"
	"strings"

	"github.com/hushlog/hush/eval"
	"github.com/hushlog/hush/redact"
)

// runBench implements "hush bench": hush and gitleaks on one generated corpus, one core each.
func runBench(ctx context.Context, args []string, env Env) int {
	fset := flag.NewFlagSet("bench", flag.ContinueOnError)
	fset.SetOutput(env.Stderr)
	sizeMB := fset.Int("size-mb", 64, "corpus size in MB (2^20 bytes)")
	fileKB := fset.Int("file-kb", 1024, "size of each corpus file in KB")
	perKB := fset.Float64("per-kb", 0.125, "planted secrets per KB")
	seed := fset.Uint64("seed", 1, "seed for the planted secrets")
	goroot := fset.String("goroot", "", "Go tree whose sources supply the prose and code (default: go env GOROOT)")
	gitleaksPath := fset.String("gitleaks", "", "gitleaks executable (default: .tools/bin/gitleaks, then PATH)")
	format := fset.String("format", "table", "output: table or json")
	fset.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: hush bench [--size-mb N] [--file-kb N] [--per-kb F] [--goroot DIR] [--format table|json]\n\nBuilds a corpus of real prose (Go standard library doc comments) and real code (Go standard\nlibrary files) with planted synthetic secrets, runs hush (in-process, GOMAXPROCS=1) and gitleaks\n(GOMAXPROCS=1) on the same files in one run, and prints the throughput of each, their ratio, and\neach one's recall on the planted secrets.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() > 0 || *sizeMB <= 0 || *fileKB <= 0 || *perKB <= 0 || (*format != "table" && *format != "json") {
		fset.Usage()
		return 2
	}
	engine, err := loadEngine("", env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush bench: %v\n", err)
		return 2
	}
	rep, err := benchSideBySide(ctx, env, engine, *goroot, *gitleaksPath, *sizeMB, *fileKB, *perKB, *seed)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush bench: %v\n", err)
		return 2
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return 2
		}
		return 0
	}
	if err := eval.WriteBenchTable(env.Stdout, rep); err != nil {
		return 2
	}
	return 0
}

// benchSideBySide builds the benchmark corpus from the Go tree at goroot (default: go env
// GOROOT) and runs hush and, when available, gitleaks on it.
func benchSideBySide(ctx context.Context, env Env, engine *redact.Engine, goroot, gitleaksPath string, sizeMB, fileKB int, perKB float64, seed uint64) (*eval.BenchResult, error) {
	if goroot == "" {
		out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
		if err != nil {
			return nil, fmt.Errorf("go env GOROOT: %w (pass --goroot)", err)
		}
		goroot = strings.TrimSpace(string(out))
	}
	fmt.Fprintf(env.Stderr, "hush bench: building a %d MB corpus from the Go sources\n", sizeMB)
	bc, err := eval.BuildBenchCorpus(goroot, sizeMB<<20, fileKB<<10, perKB, seed)
	if err != nil {
		return nil, err
	}
	gl, note := setupGitleaks(ctx, gitleaksPath, []string{"GOMAXPROCS=1"})
	var peer eval.Tool
	if gl != nil {
		fmt.Fprintf(env.Stderr, "hush bench: running hush, then %s on one core (this takes a while)\n", gl.Name())
		peer = gl
	}
	return eval.RunBench(ctx, bc, &eval.Hush{Engine: engine}, peer, note)
}

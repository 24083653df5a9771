package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hushlog/hush/redact"
)

// scanFinding is one line of "hush scan --json": where and what, never the matched text.
type scanFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Type     string `json:"type"`
	Rule     string `json:"rule"`
	Category string `json:"category"`
}

// runScan implements "hush scan [--json] [--exit-code N] [--config F] [PATH…]".
func runScan(ctx context.Context, args []string, env Env) int {
	fset := flag.NewFlagSet("scan", flag.ContinueOnError)
	fset.SetOutput(env.Stderr)
	asJSON := fset.Bool("json", false, "print findings as JSON lines")
	exitCode := fset.Int("exit-code", 1, "exit code when something is found")
	config := fset.String("config", "", "YAML config with rules and operators")
	fset.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: hush scan [--json] [--exit-code N] [--config FILE] [PATH...]\n\nScans files and directories (stdin when no PATH) and reports findings with type, rule,\nfile, line and byte offsets, never the matched text. Exits 1 (--exit-code) when it finds\nsomething, 0 when clean, 2 on error.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	e, err := loadEngine(*config, env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush scan: %v\n", err)
		return 2
	}
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	found, failed := 0, false
	report := func(f scanFinding) {
		found++
		if *asJSON {
			_ = enc.Encode(f)
			return
		}
		fmt.Fprintf(out, "%s:%d: %s (%s) bytes %d-%d\n", f.File, f.Line, f.Type, f.Rule, f.Start, f.End)
	}
	scanOne := func(name string, r io.Reader) {
		w := e.NewWriter(io.Discard, 0)
		w.OnFinding = func(f redact.Finding, line int) {
			report(scanFinding{File: name, Line: line, Start: f.Start, End: f.End, Type: f.Type, Rule: f.Rule, Category: f.Category.String()})
		}
		if _, err := io.Copy(w, r); err != nil {
			fmt.Fprintf(env.Stderr, "hush scan: %s: %v\n", name, err)
			failed = true
			return
		}
		_ = w.Close()
	}
	if fset.NArg() == 0 {
		scanOne("-", env.Stdin)
	}
	for _, root := range fset.Args() {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				fmt.Fprintf(env.Stderr, "hush scan: %v\n", err)
				failed = true
				return nil
			}
			if d.IsDir() {
				if path != root && (d.Name() == ".git" || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			f, err := os.Open(path)
			if err != nil {
				fmt.Fprintf(env.Stderr, "hush scan: %v\n", err)
				failed = true
				return nil
			}
			defer f.Close()
			scanOne(filepath.ToSlash(path), f)
			return nil
		})
		if err != nil {
			fmt.Fprintf(env.Stderr, "hush scan: %v\n", err)
			return 2
		}
	}
	if !*asJSON {
		fmt.Fprintf(env.Stderr, "hush scan: %d findings\n", found)
	}
	switch {
	case failed:
		return 2
	case found > 0:
		return *exitCode
	}
	return 0
}

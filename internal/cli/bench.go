package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hushlog/hush/eval"
)

// benchReport is the JSON output of "hush bench".
type benchReport struct {
	Bytes      int64                         `json:"bytes"`
	ProseBytes int                           `json:"prose_bytes"`
	CodeBytes  int                           `json:"code_bytes"`
	Files      int                           `json:"files"`
	Planted    int                           `json:"planted_secrets"`
	Tools      []benchTool                   `json:"tools"`
	Ratio      float64                       `json:"throughput_ratio,omitempty"`
	Note       string                        `json:"note,omitempty"`
	PerType    map[string]map[string]float64 `json:"recall_per_type"`
}

type benchTool struct {
	Tool      string  `json:"tool"`
	MBps      float64 `json:"mb_per_s"`
	Seconds   float64 `json:"seconds"`
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	Found     int     `json:"found"`
}

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
	root := *goroot
	if root == "" {
		out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
		if err != nil {
			root = runtime.GOROOT()
		} else {
			root = strings.TrimSpace(string(out))
		}
	}
	fmt.Fprintf(env.Stderr, "hush bench: building a %d MB corpus from the Go sources\n", *sizeMB)
	bc, err := eval.BuildBenchCorpus(root, *sizeMB<<20, *fileKB<<10, *perKB, *seed)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush bench: %v\n", err)
		return 2
	}
	engine, err := loadEngine("", env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush bench: %v\n", err)
		return 2
	}
	ds := bc.Dataset
	rep := benchReport{ProseBytes: bc.ProseBytes, CodeBytes: bc.CodeBytes, Files: len(ds.Cases), PerType: map[string]map[string]float64{}}
	for _, c := range ds.Cases {
		rep.Bytes += int64(len(c.Text))
		rep.Planted += len(c.Spans)
	}
	var results []*eval.Result
	prev := runtime.GOMAXPROCS(1)
	res, err := eval.Evaluate(ctx, ds, &eval.Hush{Engine: engine})
	runtime.GOMAXPROCS(prev)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush bench: hush: %v\n", err)
		return 2
	}
	results = append(results, res)
	gl, note := setupGitleaks(ctx, *gitleaksPath, []string{"GOMAXPROCS=1"})
	if gl != nil {
		fmt.Fprintf(env.Stderr, "hush bench: running %s on one core (this takes a while)\n", gl.Name())
		r, err := eval.Evaluate(ctx, ds, gl)
		if err != nil {
			note = err.Error()
		} else {
			results = append(results, r)
		}
	}
	rep.Note = note
	for _, r := range results {
		o := r.Overall
		rep.Tools = append(rep.Tools, benchTool{Tool: r.Tool, MBps: r.MBps, Seconds: r.Seconds, Recall: o.Micro.Recall, Precision: o.Micro.Precision, Found: o.Micro.TP})
		for t, x := range r.PerType {
			if x.Support == 0 {
				continue
			}
			if rep.PerType[t] == nil {
				rep.PerType[t] = map[string]float64{}
			}
			rep.PerType[t][r.Tool] = x.Overlap.Recall
		}
	}
	if len(rep.Tools) == 2 && rep.Tools[1].MBps > 0 {
		rep.Ratio = rep.Tools[0].MBps / rep.Tools[1].MBps
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return 2
		}
		return 0
	}
	writeBench(env, rep)
	return 0
}

func writeBench(env Env, rep benchReport) {
	w := env.Stdout
	fmt.Fprintf(w, "corpus: %.1f MB in %d files (%.1f MB prose from Go doc comments, %.1f MB Go source), %d planted secrets\n\n",
		float64(rep.Bytes)/1e6, rep.Files, float64(rep.ProseBytes)/1e6, float64(rep.CodeBytes)/1e6, rep.Planted)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tool\tMB/s\tseconds\trecall\tprecision\tfound\t")
	for _, t := range rep.Tools {
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.3f\t%.3f\t%d/%d\t\n", t.Tool, t.MBps, t.Seconds, t.Recall, t.Precision, t.Found, rep.Planted)
	}
	tw.Flush()
	if rep.Ratio > 0 {
		fmt.Fprintf(w, "\nthroughput ratio hush / gitleaks: %.0fx\n", rep.Ratio)
	}
	if rep.Note != "" {
		fmt.Fprintf(w, "note: %s\n", rep.Note)
	}
	fmt.Fprintln(w, "\nrecall per planted type:")
	types := make([]string, 0, len(rep.PerType))
	for t := range rep.PerType {
		types = append(types, t)
	}
	sort.Strings(types)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "type\t")
	for _, t := range rep.Tools {
		fmt.Fprintf(tw, "%s\t", t.Tool)
	}
	fmt.Fprintln(tw)
	for _, ty := range types {
		fmt.Fprintf(tw, "%s\t", ty)
		for _, t := range rep.Tools {
			fmt.Fprintf(tw, "%.3f\t", rep.PerType[ty][t.Tool])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

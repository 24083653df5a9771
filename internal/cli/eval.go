package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/hushlog/hush/eval"
)

// standardDatasets are the sets "hush eval --all" measures, relative to the repository root.
var standardDatasets = []string{
	"../shared/datasets/presidio-synth-v2/synth_dataset_v2.json",
	"testdata/eval/hush-corpus.jsonl",
	"../shared/datasets/leaky-repo",
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// runEval implements "hush eval".
func runEval(ctx context.Context, args []string, env Env) int {
	fset := flag.NewFlagSet("eval", flag.ContinueOnError)
	fset.SetOutput(env.Stderr)
	var datasets multiFlag
	fset.Var(&datasets, "dataset", "labelled dataset: presidio JSON, hush JSONL or a leaky-repo directory (repeatable)")
	all := fset.Bool("all", false, "measure the standard datasets (presidio-synth-v2, hush corpus, leaky-repo); absent ones are skipped")
	format := fset.String("format", "table", "stdout format: table or json")
	htmlOut := fset.String("html", "", "write a self-contained HTML report to FILE")
	mdOut := fset.String("markdown", "", "write the efficacy document (Markdown) to FILE")
	svgOut := fset.String("svg", "", "write the per-type recall chart (SVG) to FILE; --markdown links it")
	offsets := fset.String("offsets", "bytes", "span offsets of JSONL files without a header: bytes or runes")
	thresholds := fset.String("thresholds", "", "fail (exit 1) when a figure falls below the thresholds in FILE")
	gitleaksPath := fset.String("gitleaks", "", "gitleaks executable (default: .tools/bin/gitleaks, then PATH)")
	noPeers := fset.Bool("no-peers", false, "do not run gitleaks")
	config := fset.String("config", "", "YAML config with rules and operators")
	benchMB := fset.Int("bench-mb", 0, "also run the hush bench side by side on a corpus of N MB and report it (0: skip)")
	fset.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: hush eval (--dataset PATH ... | --all) [--format table|json] [--html FILE]\n       [--markdown FILE --svg FILE] [--bench-mb N] [--offsets bytes|runes] [--thresholds FILE]\n\nMeasures redaction efficacy per type on labelled datasets: precision, recall, F1, F2\n(overlap and exact span matching), leak rate, keep rate and throughput; runs gitleaks on\nthe secret sets side by side. Reports hold counts and rates, never matched text.")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(env.Stderr, "hush eval: --format %q: want table or json\n", *format)
		return 2
	}
	off, err := eval.ParseOffsets(*offsets)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush eval: --offsets: %v\n", err)
		return 2
	}
	paths := []string(datasets)
	if *all {
		for _, p := range standardDatasets {
			if _, err := os.Stat(p); err != nil {
				fmt.Fprintf(env.Stderr, "hush eval: skipping %s: not present\n", p)
				continue
			}
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 || fset.NArg() > 0 {
		fset.Usage()
		return 2
	}
	var th eval.Thresholds
	if *thresholds != "" {
		if th, err = eval.LoadThresholds(*thresholds); err != nil {
			fmt.Fprintf(env.Stderr, "hush eval: %v\n", err)
			return 2
		}
	}
	engine, err := loadEngine(*config, env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush eval: %v\n", err)
		return 2
	}
	bar := newProgress(env.Stderr)
	defer bar.done()
	var peers []eval.Tool
	note := ""
	if !*noPeers {
		gl, n := setupGitleaks(ctx, *gitleaksPath, nil)
		if gl != nil {
			peers = append(peers, statusTool{gl, bar})
		}
		note = n
	}
	hush := &eval.Hush{Engine: engine, Progress: bar.update}
	report := &eval.Report{}
	for _, p := range paths {
		ds, err := eval.Load(p, off)
		if err != nil {
			bar.done()
			fmt.Fprintf(env.Stderr, "hush eval: %s: %v\n", p, err)
			return 2
		}
		bar.phase(ds.Name + ": hush")
		d, err := eval.EvaluateDataset(ctx, ds, eval.Options{Hush: hush, Peers: peers, PeerNote: note})
		if err != nil {
			fmt.Fprintf(env.Stderr, "hush eval: %v\n", err)
			return 2
		}
		report.Datasets = append(report.Datasets, d)
	}
	bar.done()
	if *benchMB > 0 {
		if report.Bench, err = benchSideBySide(ctx, env, engine, "", *gitleaksPath, *benchMB, 1024, 0.125, 1); err != nil {
			fmt.Fprintf(env.Stderr, "hush eval: bench: %v\n", err)
			return 2
		}
	}
	if *format == "json" {
		err = eval.WriteJSON(env.Stdout, report)
	} else {
		err = eval.WriteTable(env.Stdout, report)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hush eval: %v\n", err)
		return 2
	}
	if *htmlOut != "" {
		if err := writeFileWith(*htmlOut, func(w io.Writer) error { return eval.WriteHTML(w, report) }); err != nil {
			fmt.Fprintf(env.Stderr, "hush eval: --html: %v\n", err)
			return 2
		}
	}
	if *svgOut != "" {
		if err := writeFileWith(*svgOut, func(w io.Writer) error { return eval.WriteRecallSVG(w, report) }); err != nil {
			fmt.Fprintf(env.Stderr, "hush eval: --svg: %v\n", err)
			return 2
		}
	}
	if *mdOut != "" {
		md := eval.MarkdownOptions{Command: "go run ./cmd/hush eval " + strings.Join(args, " "), Chart: relTo(*mdOut, *svgOut), Thresholds: th}
		if err := writeFileWith(*mdOut, func(w io.Writer) error { return eval.WriteMarkdown(w, report, md) }); err != nil {
			fmt.Fprintf(env.Stderr, "hush eval: --markdown: %v\n", err)
			return 2
		}
	}
	if th != nil {
		if bad := th.Check(report); len(bad) > 0 {
			for _, b := range bad {
				fmt.Fprintf(env.Stderr, "hush eval: below threshold: %s\n", b)
			}
			return 1
		}
	}
	return 0
}

// setupGitleaks finds gitleaks and its version. It returns nil and a note saying why when
// gitleaks is not available.
func setupGitleaks(ctx context.Context, path string, extraEnv []string) (*eval.Gitleaks, string) {
	if path == "" {
		p, err := eval.FindGitleaks(".")
		if err != nil {
			return nil, "gitleaks not installed (run scripts/install-gitleaks.sh): side by side skipped"
		}
		path = p
	}
	out, err := exec.CommandContext(ctx, path, "version").Output()
	if err != nil {
		return nil, fmt.Sprintf("gitleaks at %s does not run (%v): side by side skipped", path, err)
	}
	return &eval.Gitleaks{Path: path, Version: strings.TrimSpace(string(out)), Env: extraEnv}, ""
}

// writeFileWith creates path and writes it with fn, reporting the first error.
func writeFileWith(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// relTo returns target relative to the directory of from when both are given.
func relTo(from, target string) string {
	if target == "" {
		return ""
	}
	fd, td := dirOf(from), dirOf(target)
	if fd == td {
		return target[len(td):]
	}
	return target
}

func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i+1]
	}
	return ""
}

// progress draws a progress line on stderr when it is a terminal and the run has taken more
// than a second: a bar while hush scans cases, the phase name while a peer tool runs.
type progress struct {
	w     io.Writer
	label string
	start time.Time
	last  time.Time
	drawn bool
	tty   bool
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, start: time.Now(), tty: isTerminal(w)}
}

// phase names what runs now.
func (p *progress) phase(label string) {
	p.label = label
	p.draw(0, 0, true)
}

func (p *progress) update(done, total int) { p.draw(done, total, done == total) }

func (p *progress) draw(done, total int, force bool) {
	if !p.tty {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < time.Second || (!force && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last = now
	line := fmt.Sprintf("%-36s running", p.label)
	if total > 0 {
		const width = 30
		n := width * done / total
		line = fmt.Sprintf("%-36s [%s%s] %d/%d", p.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total)
	}
	fmt.Fprintf(p.w, "\r%-80s", line)
	p.drawn = true
}

// done clears the line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 80))
		p.drawn = false
	}
}

// statusTool reports on the progress line when a peer tool starts.
type statusTool struct {
	eval.Tool
	bar *progress
}

func (s statusTool) Scan(ctx context.Context, ds *eval.Dataset) ([][]eval.Prediction, eval.Timing, error) {
	s.bar.phase(ds.Name + ": " + s.Name())
	return s.Tool.Scan(ctx, ds)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

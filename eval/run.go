package eval

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// Tool is a detector under evaluation.
type Tool interface {
	// Name labels the tool in reports, e.g. "hush" or "gitleaks v8.30.1".
	Name() string
	// Scan returns one slice of predictions per case of ds, in case order, and the time spent
	// detecting (excluding the tool's own set-up where it can be separated). It must not keep
	// or print case text.
	Scan(ctx context.Context, ds *Dataset) ([][]Prediction, Timing, error)
}

// Timing is how long a scan took: wall-clock time, and CPU time (user + system) when the
// tool can measure it (0 otherwise). On a shared machine CPU time is the steadier figure.
type Timing struct {
	Wall, CPU time.Duration
}

// Hush evaluates a redaction engine in-process with Engine.Find, one case at a time on the
// calling goroutine.
type Hush struct {
	Engine *redact.Engine
	// Progress, when set, is called after each case with the number of cases done and the
	// total.
	Progress func(done, total int)
}

var _ Tool = (*Hush)(nil)

// Name returns "hush".
func (h *Hush) Name() string { return "hush" }

// Scan runs Engine.Find over every case. The wall time covers the Find calls only; the CPU
// time is the process's over the whole scan (it includes converting findings).
func (h *Hush) Scan(ctx context.Context, ds *Dataset) ([][]Prediction, Timing, error) {
	out := make([][]Prediction, len(ds.Cases))
	var buf []redact.Finding
	var spent time.Duration
	cpu0 := processCPU()
	for i, c := range ds.Cases {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, Timing{}, err
			}
		}
		t0 := time.Now()
		buf = h.Engine.Find(buf[:0], c.Text)
		spent += time.Since(t0)
		ps := make([]Prediction, len(buf))
		for j, f := range buf {
			ps[j] = Prediction{Start: f.Start, End: f.End, Type: f.Type, Secret: f.Category == rules.Secret}
		}
		out[i] = ps
		if h.Progress != nil {
			h.Progress(i+1, len(ds.Cases))
		}
	}
	return out, Timing{Wall: spent, CPU: processCPU() - cpu0}, nil
}

// Result is one tool's score on one dataset.
type Result struct {
	Dataset string  `json:"dataset"`
	Tool    string  `json:"tool"`
	Cases   int     `json:"cases"`
	Bytes   int64   `json:"bytes"`
	Seconds float64 `json:"seconds"`
	// MBps is throughput in MB (10^6 bytes) per second of detection time (wall clock).
	MBps float64 `json:"mb_per_s"`
	// CPUSeconds is the CPU time of the scan and MBpsCPU the throughput per CPU second, when
	// measured (0 otherwise).
	CPUSeconds float64                `json:"cpu_seconds,omitempty"`
	MBpsCPU    float64                `json:"mb_per_cpu_s,omitempty"`
	PerType    map[string]*TypeResult `json:"per_type,omitempty"`
	Overall    *Overall               `json:"overall,omitempty"`
	Lines      *LineScore             `json:"lines,omitempty"`
}

// Evaluate runs tool on ds and scores its predictions.
func Evaluate(ctx context.Context, ds *Dataset, tool Tool) (*Result, error) {
	preds, spent, err := tool.Scan(ctx, ds)
	if err != nil {
		return nil, err
	}
	res := &Result{Dataset: ds.Name, Tool: tool.Name(), Cases: len(ds.Cases), Seconds: spent.Wall.Seconds(), CPUSeconds: spent.CPU.Seconds()}
	for _, c := range ds.Cases {
		res.Bytes += int64(len(c.Text))
	}
	if spent.Wall > 0 {
		res.MBps = float64(res.Bytes) / 1e6 / spent.Wall.Seconds()
	}
	if spent.CPU > 0 {
		res.MBpsCPU = float64(res.Bytes) / 1e6 / spent.CPU.Seconds()
	}
	per, ov, ls := Score(ds, preds)
	if ls != nil {
		res.Lines = ls
	} else {
		for t, r := range per {
			r.Type = t
		}
		res.PerType = per
		res.Overall = &ov
	}
	return res, nil
}

// Reference is a published figure quoted for comparison, not measured here.
type Reference struct {
	Dataset   string  `json:"dataset"`
	Tool      string  `json:"tool"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F2        float64 `json:"f2"`
	Source    string  `json:"source"`
}

// References returns the published figures known for the dataset named name.
func References(name string) []Reference {
	if name != "presidio-synth-v2" {
		return nil
	}
	const src = "published by microsoft/presidio-research for synth_dataset_v2 (not run here)"
	return []Reference{
		{Dataset: name, Tool: "Presidio (vanilla)", Precision: 0.685, Recall: 0.603, F2: 0.618, Source: src},
		{Dataset: name, Tool: "Presidio (customized)", Precision: 0.870, Recall: 0.839, F2: 0.845, Source: src},
	}
}

// UnsupportedCounts returns, per dataset label without a hush type, the number of its spans.
func UnsupportedCounts(ds *Dataset) map[string]int {
	out := map[string]int{}
	for _, c := range ds.Cases {
		for _, s := range c.Spans {
			if s.Unsupported {
				out[s.Type]++
			}
		}
	}
	return out
}

// SecretsOnly returns the part of ds a secret scanner is expected to find: cases that label
// at least one secret, and cases without any label (negatives). Personal-data labels in the
// kept cases become unsupported, so they count neither as misses nor as plain text.
func SecretsOnly(ds *Dataset) *Dataset {
	out := &Dataset{Name: ds.Name + " (secrets)", Kind: ds.Kind, Lines: ds.Lines, Secrets: true, Labels: map[string]bool{}}
	if ds.Kind == LineCounts {
		out.Name = ds.Name
		out.Cases = ds.Cases
		return out
	}
	for _, c := range ds.Cases {
		hasSecret, hasAny := false, false
		for _, s := range c.Spans {
			if !s.Unsupported {
				hasAny = true
				hasSecret = hasSecret || !IsPII(s.Type)
			}
		}
		if hasAny && !hasSecret {
			continue
		}
		nc := Case{Text: c.Text, Name: c.Name, Spans: make([]Span, len(c.Spans))}
		copy(nc.Spans, c.Spans)
		for j := range nc.Spans {
			if IsPII(nc.Spans[j].Type) {
				nc.Spans[j].Unsupported = true
			} else if !nc.Spans[j].Unsupported {
				out.Labels[nc.Spans[j].Type] = true
			}
		}
		out.Cases = append(out.Cases, nc)
	}
	return out
}

// Options configures EvaluateDataset.
type Options struct {
	// Hush is the engine under test.
	Hush *Hush
	// Peers are run on the dataset's secret cases when the dataset has secrets (gitleaks).
	Peers []Tool
	// PeerNote is reported when a peer could not be set up (e.g. not installed).
	PeerNote string
}

// EvaluateDataset scores hush on ds and, for secret datasets, hush and every peer side by
// side on the secret cases.
func EvaluateDataset(ctx context.Context, ds *Dataset, opt Options) (*DatasetReport, error) {
	d := &DatasetReport{Name: ds.Name, Kind: "spans", Cases: len(ds.Cases), References: References(ds.Name)}
	if ds.Kind == LineCounts {
		d.Kind = "line-counts"
	}
	for _, c := range ds.Cases {
		d.Bytes += int64(len(c.Text))
	}
	res, err := Evaluate(ctx, ds, opt.Hush)
	if err != nil {
		return nil, fmt.Errorf("%s: hush: %w", ds.Name, err)
	}
	d.Hush = res
	if len(ds.Mapping.To) > 0 {
		d.Mapped = ds.Mapping.To
	}
	d.EndToEnd = RunEndToEnd(opt.Hush.Engine, ds)
	if u := UnsupportedCounts(ds); len(u) > 0 {
		d.Unsupported = u
		d.Reasons = map[string]string{}
		for l := range u {
			d.Reasons[l] = ds.Mapping.Unsupported[l]
		}
	}
	if !ds.Secrets {
		return d, nil
	}
	d.PeerNote = opt.PeerNote
	sub := SecretsOnly(ds)
	if ds.Kind == LineCounts {
		d.SideBySide = append(d.SideBySide, res)
	} else {
		r, err := Evaluate(ctx, sub, opt.Hush)
		if err != nil {
			return nil, fmt.Errorf("%s: hush: %w", sub.Name, err)
		}
		d.SideBySide = append(d.SideBySide, r)
	}
	for _, p := range opt.Peers {
		r, err := Evaluate(ctx, sub, p)
		if err != nil {
			d.PeerNote = strings.TrimSpace(d.PeerNote + " " + err.Error())
			continue
		}
		d.SideBySide = append(d.SideBySide, r)
	}
	return d, nil
}

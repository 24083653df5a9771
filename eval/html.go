package eval

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"
)

// bar is one labelled group of bars in a chart; Values lie in [0, Max] of the chart.
type bar struct {
	Label  string
	Values []float64
	Texts  []string
}

// chart is a horizontal grouped bar chart rendered as inline SVG.
type chart struct {
	Title  string
	Series []string // legend, one per value of a bar
	Max    float64
	Bars   []bar
}

var palette = []string{"#2563eb", "#f59e0b", "#dc2626", "#16a34a", "#7c3aed"}

// svg renders c. Labels are escaped; the output needs no external resource.
func (c chart) svg() string {
	const labelW, plotW, rowH, barH, top = 240, 520, 8, 14, 46
	n := max(len(c.Series), 1)
	groupH := n*barH + rowH
	h := top + len(c.Bars)*groupH + 30
	w := labelW + plotW + 90
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica,Arial,sans-serif" font-size="12" role="img" aria-label="%s">`, w, h, w, h, html.EscapeString(c.Title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`, w, h)
	fmt.Fprintf(&b, `<text x="4" y="16" font-size="14" font-weight="bold">%s</text>`, html.EscapeString(c.Title))
	for i, s := range c.Series {
		x := labelW + i*150
		fmt.Fprintf(&b, `<rect x="%d" y="26" width="12" height="12" fill="%s"/><text x="%d" y="36">%s</text>`, x, palette[i%len(palette)], x+16, html.EscapeString(s))
	}
	for t := 0; t <= 4; t++ {
		x := labelW + plotW*t/4
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#e5e7eb"/>`, x, top-4, x, h-26)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="#6b7280">%s</text>`, x, h-12, trimFloat(c.Max*float64(t)/4))
	}
	for i, g := range c.Bars {
		y := top + i*groupH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-8, y+n*barH/2+4, html.EscapeString(g.Label))
		for j, v := range g.Values {
			bw := 0.0
			if c.Max > 0 {
				bw = float64(plotW) * min(max(v, 0), c.Max) / c.Max
			}
			by := y + j*barH
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, by, bw, barH-2, palette[j%len(palette)])
			txt := trimFloat(v)
			if j < len(g.Texts) {
				txt = g.Texts[j]
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#111827">%s</text>`, float64(labelW)+bw+4, by+barH-4, html.EscapeString(txt))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	if f >= 100 {
		s = fmt.Sprintf("%.0f", f)
	}
	return s
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// typeCharts returns the recall/precision chart and the leak-rate chart of a span result.
func typeCharts(d *DatasetReport) (chart, chart) {
	r := d.Hush
	pr := chart{Title: d.Name + ": recall and precision per type (overlap matching)", Series: []string{"recall", "precision"}, Max: 1}
	lk := chart{Title: d.Name + ": leak rate per type (share of sensitive characters left)", Series: []string{"leak rate"}, Max: 0}
	for _, t := range sortedTypes(r.PerType) {
		x := r.PerType[t]
		if !x.Labelled || x.Support == 0 {
			continue
		}
		pr.Bars = append(pr.Bars, bar{Label: fmt.Sprintf("%s (%d)", t, x.Support), Values: []float64{x.Overlap.Recall, x.Overlap.Precision}})
		lk.Bars = append(lk.Bars, bar{Label: t, Values: []float64{x.LeakRate}, Texts: []string{pct(x.LeakRate)}})
		lk.Max = max(lk.Max, x.LeakRate)
	}
	lk.Max = niceMax(lk.Max)
	return pr, lk
}

// niceMax rounds a rate up to a readable axis end (at least 5%).
func niceMax(v float64) float64 {
	for _, m := range []float64{0.05, 0.1, 0.25, 0.5, 1} {
		if v <= m {
			return m
		}
	}
	return 1
}

// speedChart compares the throughput of the tools in the side-by-side runs.
func speedChart(r *Report) (chart, bool) {
	c := chart{Title: "Throughput, MB per CPU second (hush: one goroutine; gitleaks: whole process)", Series: []string{"MB per CPU second"}}
	if br := r.Bench; br != nil {
		for _, t := range br.Tools {
			c.Bars = append(c.Bars, bar{Label: shorten(fmt.Sprintf("%.0f MB bench: %s", float64(br.Bytes)/1e6, t.Tool)), Values: []float64{t.MBpsCPU}, Texts: []string{fmt.Sprintf("%.1f MB/s", t.MBpsCPU)}})
			c.Max = max(c.Max, t.MBpsCPU)
		}
	}
	for _, d := range r.Datasets {
		for _, x := range d.SideBySide {
			c.Bars = append(c.Bars, bar{Label: shorten(d.Name + ": " + x.Tool), Values: []float64{x.MBpsCPU}, Texts: []string{fmt.Sprintf("%.1f MB/s", x.MBpsCPU)}})
			c.Max = max(c.Max, x.MBpsCPU)
		}
		if len(d.SideBySide) == 0 {
			c.Bars = append(c.Bars, bar{Label: shorten(d.Name + ": hush"), Values: []float64{d.Hush.MBpsCPU}, Texts: []string{fmt.Sprintf("%.1f MB/s", d.Hush.MBpsCPU)}})
			c.Max = max(c.Max, d.Hush.MBpsCPU)
		}
	}
	c.Max = niceCeil(c.Max)
	return c, len(c.Bars) > 0
}

// niceCeil rounds v up to 1, 2, 4 or 5 times a power of ten, so axis ticks at quarters read well.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 4, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func shorten(s string) string {
	s = strings.Replace(s, " (secrets)", "", 1)
	if len(s) > 30 {
		return s[:29] + "…"
	}
	return s
}

// recallChart is the cross-dataset chart published in the docs: hush's recall per type on
// every span dataset, and the side-by-side recall of each tool.
func recallChart(r *Report) chart {
	c := chart{Title: "hush recall per type and dataset (overlap matching)", Series: []string{"recall", "precision"}, Max: 1}
	for _, d := range r.Datasets {
		if d.Hush.PerType == nil {
			for _, x := range d.SideBySide {
				c.Bars = append(c.Bars, bar{Label: shorten(d.Name + " lines: " + x.Tool), Values: []float64{x.Lines.Recall, x.Lines.Precision}})
			}
			continue
		}
		for _, t := range sortedTypes(d.Hush.PerType) {
			x := d.Hush.PerType[t]
			if x.Labelled && x.Support > 0 {
				c.Bars = append(c.Bars, bar{Label: shorten(abbrev(d.Name) + ": " + t), Values: []float64{x.Overlap.Recall, x.Overlap.Precision}})
			}
		}
	}
	return c
}

func abbrev(name string) string {
	switch name {
	case "presidio-synth-v2":
		return "presidio"
	case "hush-corpus":
		return "corpus"
	}
	return name
}

// WriteRecallSVG writes the cross-dataset recall/precision chart as a standalone SVG file.
func WriteRecallSVG(w io.Writer, r *Report) error {
	_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+recallChart(r).svg()+"\n")
	return err
}

type htmlDataset struct {
	Kinds            []*KindScore
	D                *DatasetReport
	PR, Leak         template.HTML
	Types            []*TypeResult
	Unsupported      []string
	Lines            []*Result
	SideBySide       []*Result
	HasTypes, Secret bool
}

// WriteHTML writes r as one self-contained HTML page: summary, inline SVG charts, tables and
// the method. It holds counts and rates only, never text from the datasets.
func WriteHTML(w io.Writer, r *Report) error {
	var ds []htmlDataset
	for _, d := range r.Datasets {
		h := htmlDataset{D: d, SideBySide: d.SideBySide}
		if d.Hush.PerType != nil {
			pr, lk := typeCharts(d)
			h.PR, h.Leak = template.HTML(pr.svg()), template.HTML(lk.svg())
			for _, t := range sortedTypes(d.Hush.PerType) {
				if x := d.Hush.PerType[t]; x.Labelled && (x.Support > 0 || x.Overlap.FP > 0) {
					h.Types = append(h.Types, x)
				}
			}
			h.HasTypes = true
			keys := make([]string, 0, len(d.Hush.Overall.ByKind))
			for k := range d.Hush.Overall.ByKind {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				h.Kinds = append(h.Kinds, d.Hush.Overall.ByKind[k])
			}
		} else {
			h.Lines = d.SideBySide
			if len(h.Lines) == 0 {
				h.Lines = []*Result{d.Hush}
			}
		}
		for _, l := range sortedKeys(d.Unsupported) {
			h.Unsupported = append(h.Unsupported, fmt.Sprintf("%s (%d spans): %s", l, d.Unsupported[l], d.Reasons[l]))
		}
		ds = append(ds, h)
	}
	sp, ok := speedChart(r)
	var speed template.HTML
	if ok {
		speed = template.HTML(sp.svg())
	}
	return htmlTmpl.Execute(w, map[string]any{"Datasets": ds, "Speed": speed, "Bench": r.Bench})
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": pct,
	"f3":  func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"f1":  func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"mb":  func(b int64) string { return fmt.Sprintf("%.2f", float64(b)/1e6) },
	"ratio": func(a, b int) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.3f", float64(a)/float64(b))
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hush redaction efficacy report</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;color:#111827;max-width:1100px;margin:24px auto;padding:0 16px;line-height:1.45}
h1{font-size:26px;margin-bottom:4px} h2{border-bottom:2px solid #e5e7eb;padding-bottom:4px;margin-top:36px}
table{border-collapse:collapse;margin:10px 0;font-size:13px} th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:right}
th{background:#f3f4f6} td:first-child,th:first-child{text-align:left}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid #d1d5db;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px} .card span{color:#4b5563;font-size:12px}
.note{color:#4b5563;font-size:13px} .ref td{font-style:italic;color:#4b5563}
svg{max-width:100%;height:auto;display:block;margin:8px 0}
</style></head><body>
<h1>hush redaction efficacy</h1>
<p class="note">What was measured: how much of the personal data and secrets in each labelled dataset hush finds
(recall), how many of its findings are right (precision), how many sensitive characters would survive into a
log (leak rate) and how much ordinary text it leaves untouched (keep rate). This page holds only counts and
rates; it contains no text from the datasets.</p>
{{range .Datasets}}{{$d := .D}}
<h2>{{$d.Name}}</h2>
<p class="note">{{$d.Cases}} cases, {{mb $d.Bytes}} MB; scored {{if .HasTypes}}span by span{{else}}by counting flagged lines per file, like the dataset's upstream benchmark{{end}}.{{if $d.Mapped}} Labels scored as hush types:{{range $l, $t := $d.Mapped}} {{$l}} → {{$t}};{{end}}{{end}}</p>
{{if .HasTypes}}{{with $d.Hush.Overall}}
<div class="cards">
<div class="card"><b>{{f3 .Micro.Recall}}</b><span>recall (micro)</span></div>
<div class="card"><b>{{f3 .Micro.Precision}}</b><span>precision (micro)</span></div>
<div class="card"><b>{{f3 .Micro.F2}}</b><span>F2 (micro)</span></div>
<div class="card"><b>{{pct .LeakRate}}</b><span>leak rate</span></div>
<div class="card"><b>{{pct .KeepRate}}</b><span>keep rate</span></div>
<div class="card"><b>{{f1 $d.Hush.MBpsCPU}}</b><span>MB per CPU second</span></div>
</div>{{end}}
{{with $d.EndToEnd}}<p>End to end, as <code>hush redact</code> processes each case (JSON bodies walked as JSON): {{.Survived}} of {{.Values}} labelled values survive verbatim ({{pct .Rate}}); secrets {{.SecretSurvived}} of {{.SecretValues}}, personal data {{.PIISurvived}} of {{.PIIValues}}.</p>{{end}}
{{.PR}}
{{.Leak}}
<table><tr><th>type</th><th>category</th><th>support</th><th>precision</th><th>recall</th><th>F1</th><th>F2</th><th>exact F2</th><th>leak rate</th></tr>
{{range .Types}}<tr><td>{{.Type}}</td><td>{{.Category}}</td><td>{{.Support}}</td><td>{{f3 .Overlap.Precision}}</td><td>{{f3 .Overlap.Recall}}</td><td>{{f3 .Overlap.F1}}</td><td>{{f3 .Overlap.F2}}</td><td>{{f3 .Exact.F2}}</td><td>{{pct .LeakRate}}</td></tr>
{{end}}{{with $d.Hush.Overall}}<tr><th>micro</th><th></th><th>{{.Support}}</th><th>{{f3 .Micro.Precision}}</th><th>{{f3 .Micro.Recall}}</th><th>{{f3 .Micro.F1}}</th><th>{{f3 .Micro.F2}}</th><th>{{f3 .ExactMicro.F2}}</th><th>{{pct .LeakRate}}</th></tr>
<tr><th>macro</th><th></th><th></th><th>{{f3 .Macro.Precision}}</th><th>{{f3 .Macro.Recall}}</th><th>{{f3 .Macro.F1}}</th><th>{{f3 .Macro.F2}}</th><th></th><th></th></tr>{{end}}
{{range $d.References}}<tr class="ref"><td>reference: {{.Tool}}</td><td colspan="2">published, not run here</td><td>{{f3 .Precision}}</td><td>{{f3 .Recall}}</td><td></td><td>{{f3 .F2}}</td><td></td><td></td></tr>{{end}}
</table>
{{if .Kinds}}<h3>Recall by kind of traffic</h3>
<table><tr><th>shape</th><th>category</th><th>labelled</th><th>found</th><th>recall</th></tr>
{{range .Kinds}}<tr><td>{{.Kind}}</td><td>{{.Category}}</td><td>{{.Support}}</td><td>{{.Found}}</td><td>{{ratio .Found .Support}}</td></tr>
{{end}}</table>{{end}}
{{if .SideBySide}}<h3>Side by side on the secret cases (same scoring code, same run)</h3>
<table><tr><th>tool</th><th>support</th><th>precision</th><th>recall</th><th>F2</th><th>leak rate</th><th>keep rate</th><th>MB/s</th></tr>
{{range .SideBySide}}<tr><td>{{.Tool}}</td><td>{{.Overall.Support}}</td><td>{{f3 .Overall.Micro.Precision}}</td><td>{{f3 .Overall.Micro.Recall}}</td><td>{{f3 .Overall.Micro.F2}}</td><td>{{pct .Overall.LeakRate}}</td><td>{{pct .Overall.KeepRate}}</td><td>{{f1 .MBps}}</td></tr>
{{end}}
</table>{{end}}
{{else}}
<table><tr><th>tool</th><th>expected lines</th><th>lines found</th><th>recall</th><th>risk-line recall</th><th>precision</th><th>F2</th><th>files covered</th><th>MB/s</th></tr>
{{range .Lines}}<tr><td>{{.Tool}}</td><td>{{.Lines.Expected}}</td><td>{{.Lines.Found}}</td><td>{{f3 .Lines.Recall}}</td><td>{{f3 .Lines.RiskRecall}}</td><td>{{f3 .Lines.Precision}}</td><td>{{f3 .Lines.F2}}</td><td>{{.Lines.FilesCovered}}/{{.Lines.Files}}</td><td>{{f1 .MBps}}</td></tr>
{{end}}</table>
{{with $d.Hush.Lines.Short}}<p class="note">Files where hush found fewer lines than expected (found/expected): {{range .}}{{.}}; {{end}}</p>{{end}}
{{end}}
{{if $d.PeerNote}}<p class="note">Note: {{$d.PeerNote}}</p>{{end}}
{{if .Unsupported}}<p class="note">Labels not scored because hush has no type for them:</p><ul class="note">{{range .Unsupported}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{end}}
{{if .Speed}}<h2 id="speed">Speed</h2>{{.Speed}}{{end}}
{{with .Bench}}<h3>Side by side with gitleaks on {{mb .Bytes}} MB of real prose and code ({{.Planted}} planted secrets), one core each</h3>
<table><tr><th>tool</th><th>MB/s (wall)</th><th>seconds</th><th>MB/s (CPU)</th><th>recall on planted secrets</th><th>precision</th></tr>
{{range .Tools}}<tr><td>{{.Tool}}</td><td>{{f1 .MBps}}</td><td>{{f1 .Seconds}}</td><td>{{f1 .MBpsCPU}}</td><td>{{f3 .Recall}}</td><td>{{f3 .Precision}}</td></tr>
{{end}}</table>{{if .Ratio}}<p>Throughput ratio hush / gitleaks: <b>{{f1 .Ratio}}×</b> wall clock, <b>{{f1 .RatioCPU}}×</b> per CPU second</p>{{end}}{{if .Note}}<p class="note">Note: {{.Note}}</p>{{end}}{{end}}
<h2>Method</h2>
<ul class="note">
<li>Each case is scanned with the engine's Find on one goroutine; throughput is bytes scanned per second of detection time (wall clock) and per CPU second. gitleaks runs as one process over the same cases written to files; its times are the process's, start-up included. On a shared machine the CPU figures are the steadier ones.</li>
<li>Overlap matching: a labelled span counts as found when a finding of a compatible type overlaps it. Exact matching requires the same start and end. Personal-data types must match exactly; any secret finding matches a labelled secret (it is redacted either way).</li>
<li>Leak rate: characters of labelled spans that no finding covers, over all labelled characters. Keep rate: characters outside every label that no finding covers, over all such characters.</li>
<li>Line-count datasets (leaky-repo) give only the number of sensitive lines per file: per file, the distinct lines where a finding starts are counted up to the expected number; surplus lines are false positives.</li>
</ul>
</body></html>
`))

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

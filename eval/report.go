package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// DatasetReport is everything measured on one dataset in one run.
type DatasetReport struct {
	Name  string `json:"dataset"`
	Kind  string `json:"kind"`
	Cases int    `json:"cases"`
	Bytes int64  `json:"bytes"`
	// Hush is hush on the whole dataset.
	Hush *Result `json:"hush"`
	// SideBySide holds hush and the peer tools on the dataset's secret cases, scored by the
	// same code, when the dataset has secrets.
	SideBySide []*Result `json:"side_by_side,omitempty"`
	// PeerNote explains a missing peer (e.g. gitleaks not installed).
	PeerNote   string      `json:"peer_note,omitempty"`
	References []Reference `json:"references,omitempty"`
	// Unsupported counts the spans of labels hush has no type for, with the reasons.
	Unsupported map[string]int    `json:"unsupported,omitempty"`
	Reasons     map[string]string `json:"unsupported_reasons,omitempty"`
	// Mapped maps the dataset's labels to the hush types they are scored as, when they differ
	// from identity.
	Mapped map[string]string `json:"mapped,omitempty"`
	// EndToEnd is the product-path check on span datasets.
	EndToEnd *EndToEnd `json:"end_to_end,omitempty"`
}

// Report is the output of one eval run over one or more datasets.
type Report struct {
	Datasets []*DatasetReport `json:"datasets"`
	// Bench is the throughput side by side, when it was run.
	Bench *BenchResult `json:"bench,omitempty"`
}

// MarshalJSON writes the stable per-type schema: the overlap-matched precision, recall, F1
// and F2, support and leak rate at the top level, exact-match figures under "exact".
func (r *TypeResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
		F2        float64 `json:"f2"`
		Support   int     `json:"support"`
		LeakRate  float64 `json:"leak_rate"`
		Category  string  `json:"category"`
		Labelled  bool    `json:"labelled"`
		Predicted int     `json:"predicted"`
		Exact     PRF     `json:"exact"`
		Overlap   PRF     `json:"overlap"`
	}{round(r.Overlap.Precision), round(r.Overlap.Recall), round(r.Overlap.F1), round(r.Overlap.F2),
		r.Support, round(r.LeakRate), r.Category, r.Labelled, r.Predicted, roundPRF(r.Exact), roundPRF(r.Overlap)})
}

// MarshalJSON writes the micro-averaged overlap figures at the top level, like a type.
func (o *Overall) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Precision            float64               `json:"precision"`
		Recall               float64               `json:"recall"`
		F1                   float64               `json:"f1"`
		F2                   float64               `json:"f2"`
		Support              int                   `json:"support"`
		LeakRate             float64               `json:"leak_rate"`
		KeepRate             float64               `json:"keep_rate"`
		Macro                PRF                   `json:"macro"`
		ExactMicro           PRF                   `json:"exact"`
		SensitiveChars       int                   `json:"sensitive_chars"`
		LeakedChars          int                   `json:"leaked_chars"`
		PlainChars           int                   `json:"plain_chars"`
		RedactedPlain        int                   `json:"redacted_plain_chars"`
		Unlabelled           int                   `json:"unlabelled_predictions"`
		IgnoredOnUnsupported int                   `json:"ignored_on_unsupported"`
		ByKind               map[string]*KindScore `json:"by_kind,omitempty"`
	}{round(o.Micro.Precision), round(o.Micro.Recall), round(o.Micro.F1), round(o.Micro.F2), o.Support,
		round(o.LeakRate), round(o.KeepRate), roundPRF(o.Macro), roundPRF(o.ExactMicro), o.SensitiveChars,
		o.LeakedChars, o.PlainChars, o.RedactedPlain, o.Unlabelled, o.IgnoredOnUnsupported, o.ByKind})
}

func round(f float64) float64 { return math.Round(f*10000) / 10000 }

func roundPRF(p PRF) PRF {
	p.Precision, p.Recall, p.F1, p.F2 = round(p.Precision), round(p.Recall), round(p.F1), round(p.F2)
	return p
}

// WriteJSON writes r as indented JSON. A report of one dataset is written flat (the dataset
// report's fields with "per_type" and "overall" of hush at the top level); several datasets
// are written as {"datasets": [...]}.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if len(r.Datasets) == 1 && r.Bench == nil {
		return enc.Encode(flat(r.Datasets[0]))
	}
	out := make([]any, len(r.Datasets))
	for i, d := range r.Datasets {
		out[i] = flat(d)
	}
	return enc.Encode(map[string]any{"datasets": out, "bench": r.Bench})
}

func flat(d *DatasetReport) any {
	type alias DatasetReport
	return struct {
		*alias
		PerType map[string]*TypeResult `json:"per_type,omitempty"`
		Overall *Overall               `json:"overall,omitempty"`
		Lines   *LineScore             `json:"lines,omitempty"`
		MBps    float64                `json:"mb_per_s"`
	}{(*alias)(d), d.Hush.PerType, d.Hush.Overall, d.Hush.Lines, round(d.Hush.MBps)}
}

// WriteTable writes r as aligned text tables for a terminal.
func WriteTable(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	table := func(fn func(io.Writer)) {
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
		fn(tw)
		tw.Flush()
	}
	for _, d := range r.Datasets {
		fmt.Fprintf(bw, "== %s: %d cases, %.2f MB, hush %.1f MB/s\n", d.Name, d.Cases, float64(d.Bytes)/1e6, d.Hush.MBps)
		if d.Hush.Lines != nil {
			table(func(tw io.Writer) { writeLinesTable(tw, append([]*Result{d.Hush}, peersOnly(d)...)) })
		} else {
			table(func(tw io.Writer) { writeTypeTable(tw, d.Hush) })
			for _, ref := range d.References {
				fmt.Fprintf(bw, "reference, %s: P %.3f  R %.3f  F2 %.3f  (%s)\n", ref.Tool, ref.Precision, ref.Recall, ref.F2, ref.Source)
			}
			if len(d.SideBySide) > 0 {
				fmt.Fprintln(bw, "side by side on the secret cases:")
				table(func(tw io.Writer) { writeSummaryTable(tw, d.SideBySide) })
			}
		}
		if x := d.EndToEnd; x != nil {
			fmt.Fprintf(bw, "end to end (as hush redact): %s\n", x.summary())
		}
		if d.PeerNote != "" {
			fmt.Fprintf(bw, "note: %s\n", d.PeerNote)
		}
		if len(d.Unsupported) > 0 {
			fmt.Fprintf(bw, "not scored (no hush type): %s\n", unsupportedList(d))
		}
		fmt.Fprintln(bw)
	}
	if r.Bench != nil {
		fmt.Fprintln(bw, "== throughput side by side")
		if err := WriteBenchTable(bw, r.Bench); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func peersOnly(d *DatasetReport) []*Result {
	var out []*Result
	for _, r := range d.SideBySide {
		if r.Tool != d.Hush.Tool {
			out = append(out, r)
		}
	}
	return out
}

func unsupportedList(d *DatasetReport) string {
	ls := make([]string, 0, len(d.Unsupported))
	for l := range d.Unsupported {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	for i, l := range ls {
		ls[i] = fmt.Sprintf("%s %d", l, d.Unsupported[l])
	}
	return strings.Join(ls, ", ")
}

func writeTypeTable(w io.Writer, r *Result) {
	fmt.Fprintln(w, "type\tsupport\tprecision\trecall\tF1\tF2\texact F2\tleak rate\t")
	for _, t := range sortedTypes(r.PerType) {
		x := r.PerType[t]
		if !x.Labelled || x.Support == 0 && x.Overlap.FP == 0 {
			continue
		}
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f%%\t\n", t, x.Support, x.Overlap.Precision,
			x.Overlap.Recall, x.Overlap.F1, x.Overlap.F2, x.Exact.F2, 100*x.LeakRate)
	}
	o := r.Overall
	fmt.Fprintf(w, "micro\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f%%\t\n", o.Support, o.Micro.Precision, o.Micro.Recall, o.Micro.F1, o.Micro.F2, o.ExactMicro.F2, 100*o.LeakRate)
	fmt.Fprintf(w, "macro\t\t%.3f\t%.3f\t%.3f\t%.3f\t\t\t\n", o.Macro.Precision, o.Macro.Recall, o.Macro.F1, o.Macro.F2)
	fmt.Fprintf(w, "keep rate %.2f%%\t\t\t\t\t\t\t\t\n", 100*o.KeepRate)
	if o.Unlabelled > 0 {
		fmt.Fprintf(w, "%d findings of types this set does not label\t\t\t\t\t\t\t\t\n", o.Unlabelled)
	}
}

func writeSummaryTable(w io.Writer, rs []*Result) {
	fmt.Fprintln(w, "tool\tsupport\tprecision\trecall\tF2\tleak rate\tkeep rate\tMB/s\t")
	for _, r := range rs {
		o := r.Overall
		fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.2f%%\t%.2f%%\t%.1f\t\n", r.Tool, o.Support, o.Micro.Precision, o.Micro.Recall, o.Micro.F2, 100*o.LeakRate, 100*o.KeepRate, r.MBps)
	}
}

func writeLinesTable(w io.Writer, rs []*Result) {
	fmt.Fprintln(w, "tool\texpected lines\tfound\trecall\trisk recall\tprecision\tF2\tfiles covered\tMB/s\t")
	for _, r := range rs {
		l := r.Lines
		fmt.Fprintf(w, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%d/%d\t%.2f\t\n", r.Tool, l.Expected, l.Found, l.Recall, l.RiskRecall, l.Precision, l.F2, l.FilesCovered, l.Files, r.MBps)
	}
}

// summary says in one line how many labelled values survived, by category.
func (x *EndToEnd) summary() string {
	s := fmt.Sprintf("%d of %d labelled values survive verbatim (%s)", x.Survived, x.Values, pct(x.Rate))
	if x.SecretValues > 0 {
		s += fmt.Sprintf("; secrets %d of %d", x.SecretSurvived, x.SecretValues)
	}
	if x.PIIValues > 0 {
		s += fmt.Sprintf("; personal data %d of %d", x.PIISurvived, x.PIIValues)
	}
	if x.JSONCases > 0 {
		s += fmt.Sprintf("; %d JSON bodies walked as JSON, %d dropped", x.JSONCases, x.Dropped)
	}
	return s
}

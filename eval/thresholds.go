package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Limit is the floor (or ceiling) for one type's figures on one dataset. Zero fields are not
// checked. Target records the goal the project set, for the reader; it is not checked.
type Limit struct {
	MinRecall    float64 `json:"min_recall,omitempty"`
	MinPrecision float64 `json:"min_precision,omitempty"`
	MinF2        float64 `json:"min_f2,omitempty"`
	// MaxLeakRate is checked when it is set (> 0).
	MaxLeakRate float64 `json:"max_leak_rate,omitempty"`
	MinKeepRate float64 `json:"min_keep_rate,omitempty"`
	Target      string  `json:"target,omitempty"`
}

// Thresholds maps dataset name → type → Limit. The type "OVERALL" applies to the micro
// averages (and keep rate); "SECRETS" and "PII" to the micro averages of one category;
// "END_TO_END" to the share of labelled values surviving "hush redact" (max_leak_rate); "LINES" to line-count datasets (recall is the upstream "total
// finds" recall, precision the share of flagged lines that were expected).
type Thresholds map[string]map[string]Limit

// LoadThresholds reads a thresholds JSON file; unknown keys are an error.
func LoadThresholds(path string) (Thresholds, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	var t Thresholds
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// Check returns one message per figure of r below its threshold, naming dataset, type and
// figure. Datasets of t absent from r are not checked; a type of t absent from a dataset's
// results is reported (its detector has disappeared).
func (t Thresholds) Check(r *Report) []string {
	var bad []string
	for _, d := range r.Datasets {
		lims, ok := t[d.Name]
		if !ok {
			continue
		}
		types := make([]string, 0, len(lims))
		for ty := range lims {
			types = append(types, ty)
		}
		sort.Strings(types)
		for _, ty := range types {
			bad = append(bad, checkOne(d, ty, lims[ty])...)
		}
	}
	return bad
}

func checkOne(d *DatasetReport, ty string, l Limit) []string {
	var bad []string
	below := func(name string, got, floor float64) {
		if floor > 0 && got < floor {
			bad = append(bad, fmt.Sprintf("%s %s %s %.4f < %.4f", d.Name, ty, name, got, floor))
		}
	}
	var p, r, f2, leak, keep float64
	switch {
	case ty == "LINES" && d.Hush.Lines != nil:
		ls := d.Hush.Lines
		p, r, f2, keep = ls.Precision, ls.Recall, ls.F2, 1
	case (ty == "SECRETS" || ty == "PII") && d.Hush.PerType != nil:
		c := CategoryTotals(d.Hush.PerType, strings.ToLower(strings.TrimSuffix(ty, "S")))
		p, r, f2, leak, keep = c.Precision, c.Recall, c.F2, c.LeakRate, 1
	case ty == "END_TO_END" && d.EndToEnd != nil:
		// Leak rate here is the share of labelled values that survive "hush redact" verbatim.
		p, r, f2, leak, keep = 1, 1-d.EndToEnd.Rate, 1, d.EndToEnd.Rate, 1
	case ty == "OVERALL" && d.Hush.Overall != nil:
		o := d.Hush.Overall
		p, r, f2, leak, keep = o.Micro.Precision, o.Micro.Recall, o.Micro.F2, o.LeakRate, o.KeepRate
	default:
		x, ok := d.Hush.PerType[ty]
		if !ok {
			return []string{fmt.Sprintf("%s %s: no result for this type", d.Name, ty)}
		}
		p, r, f2, leak, keep = x.Overlap.Precision, x.Overlap.Recall, x.Overlap.F2, x.LeakRate, 1
	}
	below("recall", r, l.MinRecall)
	below("precision", p, l.MinPrecision)
	below("F2", f2, l.MinF2)
	below("keep rate", keep, l.MinKeepRate)
	if l.MaxLeakRate > 0 && leak > l.MaxLeakRate {
		bad = append(bad, fmt.Sprintf("%s %s leak rate %.4f > %.4f", d.Name, ty, leak, l.MaxLeakRate))
	}
	return bad
}

// Totals is the micro average of a group of types.
type Totals struct {
	Support   int
	Precision float64
	Recall    float64
	F2        float64
	LeakRate  float64
}

// CategoryTotals sums the labelled types of category ("secret" or "pii") in per.
func CategoryTotals(per map[string]*TypeResult, category string) Totals {
	var p PRF
	sens, leaked := 0, 0
	for _, x := range per {
		if !x.Labelled || x.Category != category {
			continue
		}
		addPRF(&p, x.Overlap)
		sens += x.SensitiveChars
		leaked += x.LeakedChars
	}
	p.finish()
	t := Totals{Support: p.TP + p.FN, Precision: p.Precision, Recall: p.Recall, F2: p.F2}
	if sens > 0 {
		t.LeakRate = float64(leaked) / float64(sens)
	}
	return t
}

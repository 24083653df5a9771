package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
)

// smallReport evaluates the built-in engine on the first cases of the generated corpus.
func smallReport(t *testing.T) (*Report, *Dataset) {
	t.Helper()
	var buf bytes.Buffer
	if err := GenerateCorpus(&buf, CorpusSeed, 200); err != nil {
		t.Fatal(err)
	}
	ds, err := ReadJSONL(&buf, "hush-corpus", Bytes, Identity())
	if err != nil {
		t.Fatal(err)
	}
	e, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := EvaluateDataset(context.Background(), ds, Options{Hush: &Hush{Engine: e}, PeerNote: "gitleaks not run in this test"})
	if err != nil {
		t.Fatal(err)
	}
	return &Report{Datasets: []*DatasetReport{d}}, ds
}

// TestReportsHoldNoValues renders every output format and checks that no labelled value of
// the corpus appears in it: reports carry counts and rates only.
func TestReportsHoldNoValues(t *testing.T) {
	r, ds := smallReport(t)
	outputs := map[string]func(*bytes.Buffer) error{
		"table":    func(b *bytes.Buffer) error { return WriteTable(b, r) },
		"json":     func(b *bytes.Buffer) error { return WriteJSON(b, r) },
		"html":     func(b *bytes.Buffer) error { return WriteHTML(b, r) },
		"svg":      func(b *bytes.Buffer) error { return WriteRecallSVG(b, r) },
		"markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, r, MarkdownOptions{Command: "hush eval"}) },
	}
	for name, write := range outputs {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			if b.Len() == 0 {
				t.Fatal("empty output")
			}
			for _, c := range ds.Cases {
				for _, s := range c.Spans {
					if s.End-s.Start >= 6 && bytes.Contains(b.Bytes(), c.Text[s.Start:s.End]) {
						t.Fatalf("output holds the value of a %s label (%s, bytes %d-%d)", s.Type, c.Name, s.Start, s.End)
					}
				}
			}
		})
	}
}

// TestJSONSchema checks the stable keys of "hush eval --format json".
func TestJSONSchema(t *testing.T) {
	r, _ := smallReport(t)
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		PerType map[string]map[string]any `json:"per_type"`
		Overall map[string]any            `json:"overall"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.PerType) == 0 {
		t.Fatal("no per_type")
	}
	for typ, m := range got.PerType {
		for _, k := range []string{"precision", "recall", "f1", "f2", "support", "leak_rate"} {
			if _, ok := m[k]; !ok {
				t.Errorf("per_type.%s lacks %q", typ, k)
			}
		}
	}
	for _, k := range []string{"precision", "recall", "f1", "f2", "support", "leak_rate", "keep_rate"} {
		if _, ok := got.Overall[k]; !ok {
			t.Errorf("overall lacks %q", k)
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	r, _ := smallReport(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import", "src="} {
		if strings.Contains(page, bad) && !(bad == "http://" && strings.Count(page, bad) == strings.Count(page, "http://www.w3.org/2000/svg")) {
			t.Errorf("page contains %q: it must need no network", bad)
		}
	}
	if n := strings.Count(page, "<svg"); n < 3 {
		t.Errorf("page has %d inline charts, want at least 3", n)
	}
}

func TestThresholdsCheck(t *testing.T) {
	r, _ := smallReport(t)
	email := r.Datasets[0].Hush.PerType["EMAIL_ADDRESS"].Overlap.Recall
	tests := []struct {
		name string
		th   Thresholds
		bad  int
	}{
		{"met", Thresholds{"hush-corpus": {"EMAIL_ADDRESS": {MinRecall: email}}}, 0},
		{"regressed", Thresholds{"hush-corpus": {"EMAIL_ADDRESS": {MinRecall: email + 0.01}}}, 1},
		{"vanished type", Thresholds{"hush-corpus": {"NO_SUCH_TYPE": {MinRecall: 0.5}}}, 1},
		{"other dataset", Thresholds{"absent": {"EMAIL_ADDRESS": {MinRecall: 2}}}, 0},
		{"overall keep and leak", Thresholds{"hush-corpus": {"OVERALL": {MinKeepRate: 1.01, MaxLeakRate: 1e-12}}}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.th.Check(r); len(got) != tc.bad {
				t.Errorf("Check = %q, want %d violations", got, tc.bad)
			}
		})
	}
}

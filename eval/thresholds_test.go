package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hushlog/hush/redact"
)

// standardSets are the datasets eval/thresholds.json covers, relative to this package.
var standardSets = []string{
	"../../shared/datasets/presidio-synth-v2/synth_dataset_v2.json",
	"../testdata/eval/hush-corpus.jsonl",
	"../../shared/datasets/leaky-repo",
}

// TestThresholds fails when a type's efficacy on a standard dataset falls below its floor in
// thresholds.json. Datasets that are absent are skipped; gitleaks, when installed in
// .tools/bin, is run on leaky-repo to check hush's recall is at least its recall.
func TestThresholds(t *testing.T) {
	th, err := LoadThresholds("thresholds.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var peers []Tool
	if p, err := FindGitleaks(".."); err == nil {
		peers = append(peers, &Gitleaks{Path: p, Version: "pinned"})
	}
	for _, path := range standardSets {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if _, err := os.Stat(path); err != nil {
				t.Skipf("dataset absent: %v", err)
			}
			ds, err := Load(path, Bytes)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := th[ds.Name]; !ok {
				t.Fatalf("thresholds.json has no entry for dataset %s", ds.Name)
			}
			var ps []Tool
			if ds.Kind == LineCounts {
				ps = peers
			}
			d, err := EvaluateDataset(context.Background(), ds, Options{Hush: &Hush{Engine: e}, Peers: ps})
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range th.Check(&Report{Datasets: []*DatasetReport{d}}) {
				t.Error(bad)
			}
			for _, r := range d.SideBySide {
				if r.Tool != "hush" && r.Lines != nil && d.Hush.Lines.Recall < r.Lines.Recall {
					t.Errorf("%s: hush line recall %.3f below %s's %.3f", ds.Name, d.Hush.Lines.Recall, r.Tool, r.Lines.Recall)
				}
			}
		})
	}
}

package eval

import (
	"bytes"
	"os"
	"testing"
)

// TestCorpusUpToDate proves the checked-in corpus is exactly the generator's output.
// Regenerate with: go run ./eval/gencorpus
func TestCorpusUpToDate(t *testing.T) {
	want, err := os.ReadFile("../testdata/eval/hush-corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := GenerateCorpus(&got, CorpusSeed, CorpusCases); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("testdata/eval/hush-corpus.jsonl differs from the generator output (%d vs %d bytes); run: go run ./eval/gencorpus", got.Len(), len(want))
	}
}

// TestCorpusShape checks the corpus meets its specification: enough cases and types, spans
// that parse, hard negatives present, every type labelled at least 30 times.
func TestCorpusShape(t *testing.T) {
	var buf bytes.Buffer
	if err := GenerateCorpus(&buf, CorpusSeed, CorpusCases); err != nil {
		t.Fatal(err)
	}
	ds, err := ReadJSONL(&buf, "hush-corpus", Bytes, Identity())
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) < 3000 {
		t.Errorf("corpus has %d cases, want at least 3000", len(ds.Cases))
	}
	if !ds.Secrets {
		t.Error("corpus header does not declare secrets")
	}
	counts := map[string]int{}
	negatives := 0
	for _, c := range ds.Cases {
		if len(c.Spans) == 0 {
			negatives++
		}
		for i, s := range c.Spans {
			counts[s.Type]++
			if i > 0 && s.Start < c.Spans[i-1].End {
				t.Errorf("%s: spans %d and %d overlap", c.Name, i-1, i)
			}
		}
	}
	if len(counts) < 40 {
		t.Errorf("corpus labels %d types, want at least 40", len(counts))
	}
	for typ, n := range counts {
		if n < 30 {
			t.Errorf("type %s labelled %d times, want at least 30", typ, n)
		}
	}
	if negatives < 200 {
		t.Errorf("%d cases without labels (hard negatives), want at least 200", negatives)
	}
}

// TestGenerateDeterministic checks that the output depends only on the seed.
func TestGenerateDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	for _, x := range []struct {
		w    *bytes.Buffer
		seed uint64
	}{{&a, 1}, {&b, 1}, {&c, 2}} {
		if err := GenerateCorpus(x.w, x.seed, 100); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same seed, different output")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("different seeds, same output")
	}
}

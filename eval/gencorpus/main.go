// Command gencorpus writes hush's labelled efficacy corpus, testdata/eval/hush-corpus.jsonl,
// from a fixed seed. Run it from the repository root: go run ./eval/gencorpus
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/hushlog/hush/eval"
)

func main() {
	out := flag.String("o", "testdata/eval/hush-corpus.jsonl", "output file")
	seed := flag.Uint64("seed", eval.CorpusSeed, "generator seed")
	n := flag.Int("n", eval.CorpusCases, "number of cases")
	flag.Parse()
	if err := run(*out, *seed, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(path string, seed uint64, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := eval.GenerateCorpus(w, seed, n); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

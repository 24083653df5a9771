// Command gencorpus writes the deterministic benchmark corpora to a directory:
//
//	go run ./internal/synth/gencorpus -out testdata/bench
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hushlog/hush/internal/synth"
)

func main() {
	out := flag.String("out", "testdata/bench", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for name, data := range synth.BenchCorpora(synth.BenchCorpusSize) {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

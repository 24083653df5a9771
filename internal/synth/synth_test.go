package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchCorporaUpToDate proves the checked-in corpora are what the generator makes.
func TestBenchCorporaUpToDate(t *testing.T) {
	for name, want := range BenchCorpora(BenchCorpusSize) {
		got, err := os.ReadFile(filepath.Join("..", "..", "testdata", "bench", name))
		if err != nil {
			t.Fatalf("%v (run: go run ./internal/synth/gencorpus)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/bench/%s is stale: run go run ./internal/synth/gencorpus", name)
		}
	}
}

func TestGitHubChecksum(t *testing.T) {
	g := New(7)
	tok := g.GitHubToken("ghp_")
	if len(tok) != 40 || Base62CRC32(tok[4:34]) != tok[34:] {
		t.Fatalf("token shape or checksum wrong (len %d)", len(tok))
	}
}

func TestLuhnAndIBAN(t *testing.T) {
	g := New(8)
	for i := 0; i < 100; i++ {
		c := g.CardNumber("")
		if !luhnOK(c) {
			t.Fatalf("card %d fails Luhn", i)
		}
		if !ibanOK(g.IBAN()) {
			t.Fatalf("iban %d fails mod-97", i)
		}
	}
	if luhnOK("4111111111111112") {
		t.Fatal("luhnOK accepts a bad number")
	}
}

func luhnOK(d string) bool { return Luhn(d[:len(d)-1]) == d[len(d)-1] }

func ibanOK(s string) bool {
	s = s[4:] + s[:4]
	rem := 0
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			rem = (rem*100 + int(c-'A') + 10) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return rem == 1
}

func TestDeterministic(t *testing.T) {
	a, _ := New(5).SourceWithSecrets(10000, 1)
	b, _ := New(5).SourceWithSecrets(10000, 1)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed, different output")
	}
	if strings.Contains(string(New(1).Prose(5000)), "@") {
		t.Fatal("prose must be clean")
	}
}

package eval

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
)

func TestDocComments(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"paragraphs", "// Package x does y.\n// It is small.\npackage x\n\n// F returns 1.\nfunc F() int { return 1 }\n", "Package x does y. It is small.\n\nF returns 1.\n\n"},
		{"directives skipped", "//go:build linux\n\n// Doc.\n//go:noinline\nfunc f() {}\n", "Doc.\n\n"},
		{"no comments", "package x\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			docComments(&b, []byte(tc.src))
			if b.String() != tc.want {
				t.Errorf("got %q, want %q", b.String(), tc.want)
			}
		})
	}
}

// fakeGoroot writes a small Go tree with comments and code.
func fakeGoroot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join(root, "src", "pkg")
	if err := os.MkdirAll(src, 0o700); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 0; b.Len() < 64<<10; i++ {
		b.WriteString("// Handle serves one request and returns when the response is written in full.\n")
		b.WriteString("func Handle(w io.Writer, r *Request) error {\n\treturn nil\n}\n\n")
	}
	for _, name := range []string{"a.go", "b.go"} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestBuildBenchCorpus(t *testing.T) {
	root := fakeGoroot(t)
	bc, err := BuildBenchCorpus(root, 64<<10, 8<<10, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	ds := bc.Dataset
	if bc.ProseBytes == 0 || bc.CodeBytes == 0 || len(ds.Cases) < 8 {
		t.Fatalf("prose %d, code %d bytes in %d files", bc.ProseBytes, bc.CodeBytes, len(ds.Cases))
	}
	planted := 0
	for _, c := range ds.Cases {
		for _, s := range c.Spans {
			planted++
			if s.Start < 0 || s.End > len(c.Text) || s.Start >= s.End {
				t.Fatalf("%s: span out of range", c.Name)
			}
		}
	}
	// About one per KB of 64 KB.
	if planted < 30 || planted > 130 {
		t.Errorf("planted %d secrets, want about 64", planted)
	}
	again, err := BuildBenchCorpus(root, 64<<10, 8<<10, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.Cases {
		if !bytes.Equal(ds.Cases[i].Text, again.Dataset.Cases[i].Text) {
			t.Fatal("same inputs, different corpus")
		}
	}
	if _, err := BuildBenchCorpus(root, 64<<20, 1<<20, 1, 7); err == nil {
		t.Error("a tree too small for the size: want an error")
	}
}

func TestRunBenchWithoutPeer(t *testing.T) {
	bc, err := BuildBenchCorpus(fakeGoroot(t), 32<<10, 8<<10, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	e, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	br, err := RunBench(context.Background(), bc, &Hush{Engine: e}, nil, "no peer in this test")
	if err != nil {
		t.Fatal(err)
	}
	if len(br.Tools) != 1 || br.Ratio != 0 || br.Note == "" || br.Planted == 0 || br.Tools[0].MBps <= 0 {
		t.Errorf("bench result = %+v", *br)
	}
	var out bytes.Buffer
	if err := WriteBenchTable(&out, br); err != nil || !strings.Contains(out.String(), "recall per planted type") {
		t.Errorf("table: %v", err)
	}
}

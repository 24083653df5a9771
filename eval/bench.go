package eval

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hushlog/hush/internal/synth"
)

// benchSecret is a secret kind planted in the benchmark corpus: one that gitleaks' default
// rules also know, in the kind of line it is usually found in.
type benchSecret struct {
	typ  string
	make func(g *synth.Gen) string
	line string // %s is the secret
}

func benchSecrets() []benchSecret {
	return []benchSecret{
		{"AWS_ACCESS_KEY_ID", (*synth.Gen).AWSKeyID, "\taccessKeyID := \"%s\"\n"},
		{"GITHUB_TOKEN", func(g *synth.Gen) string { return g.GitHubToken("ghp_") }, "// token for the release bot: %s\n"},
		{"GITHUB_TOKEN", (*synth.Gen).GitHubFineGrained, "export GH_TOKEN=%s\n"},
		{"GITLAB_TOKEN", (*synth.Gen).GitLabPAT, "\tgitlabToken = \"%s\"\n"},
		{"SLACK_TOKEN", (*synth.Gen).SlackBotToken, "\tslack.New(\"%s\")\n"},
		{"SLACK_WEBHOOK", (*synth.Gen).SlackWebhookURL, "\twebhook := \"%s\"\n"},
		{"STRIPE_SECRET_KEY", (*synth.Gen).StripeLiveKey, "\tstripe.Key = \"%s\"\n"},
		{"GCP_API_KEY", (*synth.Gen).GoogleAPIKey, "\tmapsKey := \"%s\"\n"},
		{"NPM_TOKEN", (*synth.Gen).NPMToken, "//registry.npmjs.org/:_authToken=%s\n"},
		{"OPENAI_API_KEY", (*synth.Gen).OpenAIProjectKey, "\tclient := openai.NewClient(\"%s\")\n"},
		{"ANTHROPIC_API_KEY", (*synth.Gen).AnthropicKey, "ANTHROPIC_API_KEY=%s\n"},
		{"JWT", (*synth.Gen).JWT, "\treq.Header.Set(\"Authorization\", \"Bearer %s\")\n"},
		{"PRIVATE_KEY", func(g *synth.Gen) string { return g.PrivateKeyPEM("\n") }, "const testKey = `%s`\n"},
		{"SENDGRID_KEY", (*synth.Gen).SendGridKey, "\tsendgridKey := \"%s\"\n"},
		{"SHOPIFY_TOKEN", (*synth.Gen).ShopifyToken, "\tshopifyToken := \"%s\"\n"},
		{"DIGITALOCEAN_TOKEN", (*synth.Gen).DigitalOceanToken, "\tdoToken := \"%s\"\n"},
		{"HUGGINGFACE_TOKEN", (*synth.Gen).HuggingFaceToken, "HF_TOKEN=%s\n"},
		{"PYPI_TOKEN", (*synth.Gen).PyPIToken, "password = %s\n"},
		{"POSTMAN_KEY", (*synth.Gen).PostmanKey, "\tpostmanKey := \"%s\"\n"},
		{"DOCKER_HUB_TOKEN", (*synth.Gen).DockerHubToken, "\tdockerToken := \"%s\"\n"},
	}
}

// BenchCorpus is the side-by-side benchmark corpus: real English prose (doc comments of the
// Go standard library) and real source code (Go standard library files), cut into files
// with synthetic secrets planted at a fixed density.
type BenchCorpus struct {
	Dataset *Dataset
	// ProseBytes and CodeBytes are how much of each the corpus holds.
	ProseBytes, CodeBytes int
}

// BuildBenchCorpus reads Go sources under goroot/src and builds a corpus of about size
// bytes in files of about fileSize bytes: all the tree's comments as prose (up to half the
// corpus) and its source files as code for the rest, with a planted secret
// about every perKB kilobytes. The result depends only on the Go tree, the sizes and seed.
func BuildBenchCorpus(goroot string, size, fileSize int, perKB float64, seed uint64) (*BenchCorpus, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(goroot, "src"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bench corpus: %w", err)
	}
	sort.Strings(files)
	// Prose: every comment of the tree, up to half the corpus; code fills the rest.
	var prose, code bytes.Buffer
	for _, f := range files {
		if prose.Len() >= size/2 {
			break
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("bench corpus: %w", err)
		}
		docComments(&prose, b)
	}
	proseSize := min(prose.Len(), size/2)
	for _, f := range files {
		if code.Len() >= size-proseSize {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("bench corpus: %w", err)
		}
		code.Write(b)
	}
	if proseSize < size/8 || code.Len() < size-proseSize {
		return nil, fmt.Errorf("bench corpus: the Go tree under %s has too little text for %d bytes", goroot, size)
	}
	g := synth.New(seed)
	kinds := benchSecrets()
	bc := &BenchCorpus{Dataset: &Dataset{Name: "bench", Kind: Spans, Secrets: true, Labels: map[string]bool{}, Mapping: Identity()}}
	for i, src := range [][]byte{prose.Bytes()[:proseSize], code.Bytes()[:size-proseSize]} {
		kind := "prose"
		if i == 1 {
			kind = "code"
		}
		for off, n := 0, 0; off < len(src); n++ {
			end := min(off+fileSize, len(src))
			if k := bytes.LastIndexByte(src[off:end], '\n'); k > 0 && end < len(src) {
				end = off + k + 1
			}
			c := plant(g, kinds, src[off:end], perKB)
			c.Name = fmt.Sprintf("%s-%03d.txt", kind, n)
			for _, s := range c.Spans {
				bc.Dataset.Labels[s.Type] = true
			}
			bc.Dataset.Cases = append(bc.Dataset.Cases, c)
			if i == 0 {
				bc.ProseBytes += len(c.Text)
			} else {
				bc.CodeBytes += len(c.Text)
			}
			off = end
		}
	}
	return bc, nil
}

// docComments appends the text of the // comments of a Go file, as paragraphs of prose.
func docComments(dst *bytes.Buffer, src []byte) {
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	inPara := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		text, ok := strings.CutPrefix(line, "//")
		if !ok || strings.HasPrefix(text, "go:") || strings.HasPrefix(text, " +build") || strings.HasPrefix(text, "line ") {
			if inPara {
				dst.WriteString("\n\n")
				inPara = false
			}
			continue
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		if inPara {
			dst.WriteByte(' ')
		}
		dst.WriteString(text)
		inPara = true
	}
	if inPara {
		dst.WriteString("\n\n")
	}
}

// plant copies text line by line, inserting a secret line after a line boundary about every
// perKB kilobytes, and labels the secrets.
func plant(g *synth.Gen, kinds []benchSecret, text []byte, perKB float64) Case {
	var b bytes.Buffer
	b.Grow(len(text) + len(text)/256)
	var spans []Span
	gap := int(1024 / perKB)
	next := gap/2 + g.Intn(gap)
	for len(text) > 0 {
		k := bytes.IndexByte(text, '\n')
		if k < 0 {
			k = len(text) - 1
		}
		b.Write(text[:k+1])
		text = text[k+1:]
		if b.Len() >= next {
			s := kinds[g.Intn(len(kinds))]
			v := s.make(g)
			pre, _, _ := strings.Cut(s.line, "%s")
			start := b.Len() + len(pre)
			fmt.Fprintf(&b, s.line, v)
			spans = append(spans, Span{Type: s.typ, Start: start, End: start + len(v)})
			next = b.Len() + gap/2 + g.Intn(gap)
		}
	}
	return Case{Text: b.Bytes(), Spans: spans}
}

// BenchTool is one tool's figures in a BenchResult.
type BenchTool struct {
	Tool      string  `json:"tool"`
	MBps      float64 `json:"mb_per_s"`
	Seconds   float64 `json:"seconds"`
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	Found     int     `json:"found"`
	// CPUSeconds and MBpsCPU are the CPU time and throughput per CPU second (0: not measured).
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
	MBpsCPU    float64 `json:"mb_per_cpu_s,omitempty"`
}

// BenchResult is the outcome of RunBench.
type BenchResult struct {
	Bytes      int64       `json:"bytes"`
	ProseBytes int         `json:"prose_bytes"`
	CodeBytes  int         `json:"code_bytes"`
	Files      int         `json:"files"`
	Planted    int         `json:"planted_secrets"`
	Tools      []BenchTool `json:"tools"`
	// Ratio is hush's wall-clock throughput over the peer's, RatioCPU the same per CPU second
	// (0 without a peer or a measurement).
	Ratio    float64 `json:"throughput_ratio,omitempty"`
	RatioCPU float64 `json:"throughput_ratio_cpu,omitempty"`
	Note     string  `json:"note,omitempty"`
	// PerType maps planted type → tool → recall.
	PerType map[string]map[string]float64 `json:"recall_per_type"`
}

// RunBench runs hush on one goroutine (GOMAXPROCS=1 for the duration) and then peer, when
// not nil, over bc, and scores both on the planted secrets.
func RunBench(ctx context.Context, bc *BenchCorpus, hush *Hush, peer Tool, note string) (*BenchResult, error) {
	ds := bc.Dataset
	br := &BenchResult{ProseBytes: bc.ProseBytes, CodeBytes: bc.CodeBytes, Files: len(ds.Cases), PerType: map[string]map[string]float64{}, Note: note}
	for _, c := range ds.Cases {
		br.Bytes += int64(len(c.Text))
		br.Planted += len(c.Spans)
	}
	prev := runtime.GOMAXPROCS(1)
	res, err := Evaluate(ctx, ds, hush)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		return nil, fmt.Errorf("bench: hush: %w", err)
	}
	results := []*Result{res}
	if peer != nil {
		r, err := Evaluate(ctx, ds, peer)
		if err != nil {
			br.Note = strings.TrimSpace(br.Note + " " + err.Error())
		} else {
			results = append(results, r)
		}
	}
	for _, r := range results {
		o := r.Overall
		br.Tools = append(br.Tools, BenchTool{Tool: r.Tool, MBps: r.MBps, Seconds: r.Seconds, Recall: o.Micro.Recall,
			Precision: o.Micro.Precision, Found: o.Micro.TP, CPUSeconds: r.CPUSeconds, MBpsCPU: r.MBpsCPU})
		for t, x := range r.PerType {
			if x.Support == 0 {
				continue
			}
			if br.PerType[t] == nil {
				br.PerType[t] = map[string]float64{}
			}
			br.PerType[t][r.Tool] = x.Overlap.Recall
		}
	}
	if len(br.Tools) == 2 && br.Tools[1].MBps > 0 {
		br.Ratio = br.Tools[0].MBps / br.Tools[1].MBps
	}
	if len(br.Tools) == 2 && br.Tools[1].MBpsCPU > 0 {
		br.RatioCPU = br.Tools[0].MBpsCPU / br.Tools[1].MBpsCPU
	}
	return br, nil
}

// WriteBenchTable writes br as text tables.
func WriteBenchTable(w io.Writer, br *BenchResult) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "corpus: %.1f MB in %d files (%.1f MB prose from Go doc comments, %.1f MB Go source), %d planted secrets\n\n",
		float64(br.Bytes)/1e6, br.Files, float64(br.ProseBytes)/1e6, float64(br.CodeBytes)/1e6, br.Planted)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tool\tMB/s (wall)\tseconds\tMB/s (CPU)\tCPU seconds\trecall\tprecision\tfound\t")
	for _, t := range br.Tools {
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t%d/%d\t\n", t.Tool, t.MBps, t.Seconds, t.MBpsCPU, t.CPUSeconds, t.Recall, t.Precision, t.Found, br.Planted)
	}
	tw.Flush()
	if br.Ratio > 0 {
		fmt.Fprintf(bw, "\nthroughput ratio hush / gitleaks: %.1fx wall clock, %.1fx per CPU second\n", br.Ratio, br.RatioCPU)
	}
	if br.Note != "" {
		fmt.Fprintf(bw, "note: %s\n", br.Note)
	}
	fmt.Fprintln(bw, "\nrecall per planted type:")
	tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "type\t")
	for _, t := range br.Tools {
		fmt.Fprintf(tw, "%s\t", t.Tool)
	}
	fmt.Fprintln(tw)
	for _, ty := range br.types() {
		fmt.Fprintf(tw, "%s\t", ty)
		for _, t := range br.Tools {
			fmt.Fprintf(tw, "%.3f\t", br.PerType[ty][t.Tool])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	return bw.Flush()
}

func (br *BenchResult) types() []string {
	out := make([]string, 0, len(br.PerType))
	for t := range br.PerType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Gitleaks evaluates a gitleaks binary (v8 "gitleaks dir" command line). Cases are written
// to files in a temporary directory, scanned in one run, and the JSON report is mapped back
// to byte spans. The report holds the matched values: it is read and deleted at once, and
// values are used only to locate spans, never printed.
type Gitleaks struct {
	// Path is the gitleaks executable.
	Path string
	// Version labels the tool in reports, e.g. "v8.30.1".
	Version string
	// Env is appended to the process environment (e.g. "GOMAXPROCS=1").
	Env []string
}

var _ Tool = (*Gitleaks)(nil)

// FindGitleaks returns the gitleaks executable: .tools/bin/gitleaks under root if present,
// else the one on PATH. It returns an error when neither exists.
func FindGitleaks(root string) (string, error) {
	p := filepath.Join(root, ".tools", "bin", "gitleaks")
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p, nil
	}
	return exec.LookPath("gitleaks")
}

// Name returns "gitleaks" and the version.
func (g *Gitleaks) Name() string {
	if g.Version == "" {
		return "gitleaks"
	}
	return "gitleaks " + g.Version
}

// Scan writes the cases under a temporary directory (file cases keep their names) and runs
// gitleaks over it. The timing is the wall and CPU time (user + system) of the gitleaks
// process, start-up included.
func (g *Gitleaks) Scan(ctx context.Context, ds *Dataset) ([][]Prediction, Timing, error) {
	dir, err := os.MkdirTemp("", "hush-eval-gitleaks-")
	if err != nil {
		return nil, Timing{}, err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "src")
	index := map[string]int{}
	for i, c := range ds.Cases {
		name := fmt.Sprintf("case-%06d.txt", i)
		if ds.Kind == LineCounts {
			name = filepath.FromSlash(c.Name)
		}
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, Timing{}, err
		}
		if err := os.WriteFile(p, c.Text, 0o600); err != nil {
			return nil, Timing{}, err
		}
		index[filepath.ToSlash(name)] = i
	}
	report := filepath.Join(dir, "report.json")
	preds, spent, err := g.run(ctx, src, report, ds, index)
	return preds, spent, err
}

// gitleaksFinding is the part of a gitleaks JSON report entry hush uses.
type gitleaksFinding struct {
	RuleID      string
	StartLine   int
	EndLine     int
	StartColumn int
	Secret      string
	File        string
}

func (g *Gitleaks) run(ctx context.Context, src, report string, ds *Dataset, index map[string]int) ([][]Prediction, Timing, error) {
	cmd := exec.CommandContext(ctx, g.Path, "dir", "--no-banner", "--log-level", "error",
		"--report-format", "json", "--report-path", report, "--exit-code", "0", src)
	cmd.Env = append(os.Environ(), g.Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		// gitleaks' stderr carries log lines, not matched values; keep its first line.
		first, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		return nil, Timing{}, fmt.Errorf("gitleaks: %w: %s", err, first)
	}
	spent := Timing{Wall: time.Since(t0)}
	if ps := cmd.ProcessState; ps != nil {
		spent.CPU = ps.UserTime() + ps.SystemTime()
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return nil, Timing{}, fmt.Errorf("gitleaks report: %w", err)
	}
	_ = os.Remove(report)
	var fs []gitleaksFinding
	if err := json.Unmarshal(data, &fs); err != nil {
		return nil, Timing{}, errors.New("gitleaks report: not a JSON array of findings")
	}
	clear(data)
	preds := make([][]Prediction, len(ds.Cases))
	for _, f := range fs {
		rel, err := filepath.Rel(src, f.File)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = f.File
		}
		i, ok := index[filepath.ToSlash(rel)]
		if !ok {
			continue
		}
		start, end := locate(ds.Cases[i].Text, f)
		preds[i] = append(preds[i], Prediction{Start: start, End: end, Type: "GITLEAKS:" + f.RuleID, Secret: true})
	}
	return preds, spent, nil
}

// locate maps a gitleaks finding to a byte span: the secret searched for in its lines. When
// it cannot be found (gitleaks decoded it from base64, say) the span is the finding's lines.
func locate(text []byte, f gitleaksFinding) (int, int) {
	ls := lineStart(text, f.StartLine)
	le := lineStart(text, f.EndLine+1)
	if le <= ls {
		le = len(text)
	}
	if f.Secret != "" {
		from := min(ls+max(f.StartColumn-3, 0), le)
		if k := bytes.Index(text[from:le], []byte(f.Secret)); k >= 0 {
			return from + k, from + k + len(f.Secret)
		}
		if k := bytes.Index(text[ls:le], []byte(f.Secret)); k >= 0 {
			return ls + k, ls + k + len(f.Secret)
		}
	}
	return ls, max(ls+1, le-1)
}

// lineStart returns the byte offset where 1-based line n starts (len(text) past the end).
func lineStart(text []byte, n int) int {
	off := 0
	for l := 1; l < n; l++ {
		k := bytes.IndexByte(text[off:], '\n')
		if k < 0 {
			return len(text)
		}
		off += k + 1
	}
	return off
}

package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Span is a labelled sensitive value: bytes [Start, End) of a Case's Text hold a value of Type.
// Type is a hush entity type after mapping, or the dataset's own label when Unsupported is true.
type Span struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Unsupported marks a label hush has no detector for (see Mapping). Such spans are neither
	// misses nor sensitive characters; findings that overlap them are ignored.
	Unsupported bool `json:"-"`
}

// Case is one labelled text. Spans are sorted by Start and lie within Text.
type Case struct {
	Text  []byte
	Spans []Span
	// Name identifies the case in reports (a file path for file-based sets); it never holds
	// text from the case.
	Name string
	// Kind is the shape of the case when the dataset says (e.g. "env-file"), for recall by
	// shape.
	Kind string
}

// Kind says how a Dataset is scored.
type Kind int

const (
	// Spans datasets label every sensitive value with a span; they are scored span by span.
	Spans Kind = iota
	// LineCounts datasets give, per file, only how many lines hold something sensitive
	// (leaky-repo); they are scored by counting the distinct lines a detector flags.
	LineCounts
)

// LineCount is the expected finding count of one file in a LineCounts dataset.
type LineCount struct {
	Risk, Informative int
}

// Dataset is a labelled corpus ready to score.
type Dataset struct {
	// Name is a short label used in reports, e.g. "presidio-synth-v2".
	Name string
	Kind Kind
	// Cases in a stable order.
	Cases []Case
	// Lines holds the expected counts per case Name, for LineCounts datasets.
	Lines map[string]LineCount
	// Secrets is true when the set holds secrets a secret scanner (gitleaks) should find; such
	// sets are also scanned by the peer tools.
	Secrets bool
	// Labels is the set of hush types this dataset labels exhaustively. Findings of other
	// types are reported separately as unlabelled, not as false positives.
	Labels map[string]bool
	// Mapping translated the file's labels to hush types.
	Mapping Mapping
}

// Offsets says how span offsets in a file count positions in its text.
type Offsets int

const (
	// Bytes counts UTF-8 bytes.
	Bytes Offsets = iota
	// Runes counts Unicode code points (Python str indexes).
	Runes
)

// ParseOffsets parses "bytes" or "runes" (also "codepoints").
func ParseOffsets(s string) (Offsets, error) {
	switch s {
	case "bytes", "byte":
		return Bytes, nil
	case "runes", "rune", "codepoints":
		return Runes, nil
	}
	return 0, fmt.Errorf("offsets %q: want bytes or runes", s)
}

func (o Offsets) String() string {
	if o == Runes {
		return "runes"
	}
	return "bytes"
}

// runeIndex maps code-point offsets in a text to byte offsets: element i is where code point
// i starts, the last element is the text's length.
type runeIndex []int

func newRuneIndex(text []byte) runeIndex {
	idx := make(runeIndex, 0, len(text)+1)
	for i := range string(text) {
		idx = append(idx, i)
	}
	return append(idx, len(text))
}

func (ri runeIndex) byteOffset(r int) (int, bool) {
	if r < 0 || r >= len(ri) {
		return 0, false
	}
	return ri[r], true
}

// addSpan validates a raw span against text, converts its offsets and maps its label.
func addSpan(c *Case, m Mapping, label string, start, end int, off Offsets, ri runeIndex) error {
	if off == Runes {
		s, ok1 := ri.byteOffset(start)
		e, ok2 := ri.byteOffset(end)
		if !ok1 || !ok2 {
			return fmt.Errorf("span %s [%d,%d): offset beyond the text's %d code points", label, start, end, len(ri)-1)
		}
		start, end = s, e
	}
	if start < 0 || end > len(c.Text) || start >= end {
		return fmt.Errorf("span %s [%d,%d): out of range for a text of %d bytes", label, start, end, len(c.Text))
	}
	if !utf8.Valid(c.Text[start:end]) || (start < len(c.Text) && !utf8.RuneStart(c.Text[start])) || (end < len(c.Text) && !utf8.RuneStart(c.Text[end])) {
		return fmt.Errorf("span %s [%d,%d): does not fall on character boundaries", label, start, end)
	}
	typ, ok := m.Map(label)
	sp := Span{Type: typ, Start: start, End: end, Unsupported: !ok}
	if !ok {
		sp.Type = label
	}
	c.Spans = append(c.Spans, sp)
	return nil
}

func sortSpans(c *Case) {
	sort.SliceStable(c.Spans, func(i, j int) bool {
		if c.Spans[i].Start != c.Spans[j].Start {
			return c.Spans[i].Start < c.Spans[j].Start
		}
		return c.Spans[i].End < c.Spans[j].End
	})
}

// ReadPresidio reads the presidio-research synthetic dataset format: a JSON array of
// {"full_text", "spans": [{"entity_type", "start_position", "end_position"}]} with code-point
// offsets. Labels are mapped with m. It returns an error naming the sample index on bad input.
func ReadPresidio(r io.Reader, name string, m Mapping) (*Dataset, error) {
	var raw []struct {
		FullText *string `json:"full_text"`
		Spans    []struct {
			EntityType string `json:"entity_type"`
			Start      int    `json:"start_position"`
			End        int    `json:"end_position"`
		} `json:"spans"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("presidio dataset: %w", err)
	}
	ds := &Dataset{Name: name, Kind: Spans, Labels: m.Labels(), Mapping: m}
	for i, s := range raw {
		if s.FullText == nil {
			return nil, fmt.Errorf("presidio dataset: sample %d: missing full_text", i)
		}
		c := Case{Text: []byte(*s.FullText), Name: fmt.Sprintf("sample-%d", i)}
		if !utf8.Valid(c.Text) {
			return nil, fmt.Errorf("presidio dataset: sample %d: text is not valid UTF-8", i)
		}
		ri := newRuneIndex(c.Text)
		for _, sp := range s.Spans {
			if err := addSpan(&c, m, sp.EntityType, sp.Start, sp.End, Runes, ri); err != nil {
				return nil, fmt.Errorf("presidio dataset: sample %d: %w", i, err)
			}
		}
		sortSpans(&c)
		ds.Cases = append(ds.Cases, c)
	}
	return ds, nil
}

// JSONLHeader is the optional first line of a hush JSONL corpus. A line is a header when it
// has the key "hush_corpus".
type JSONLHeader struct {
	// Corpus is the corpus name.
	Corpus string `json:"hush_corpus"`
	// Offsets is "bytes" or "runes".
	Offsets string `json:"offsets"`
	// Seed is the generator seed, when the file was generated.
	Seed uint64 `json:"seed,omitempty"`
	// Secrets says that the corpus holds secrets for secret scanners.
	Secrets bool `json:"secrets,omitempty"`
}

// JSONLCase is one line of a hush JSONL corpus.
type JSONLCase struct {
	Text  string      `json:"text"`
	Spans []JSONLSpan `json:"spans"`
	// Kind is an optional description of the case's shape (e.g. "env-file"); it is used to
	// group cases in reports.
	Kind string `json:"kind,omitempty"`
}

// JSONLSpan is one labelled span of a JSONLCase.
type JSONLSpan struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// ReadJSONL reads hush's JSONL corpus format: an optional header line (JSONLHeader), then one
// JSONLCase per line. The header's offsets win over off; without a header off applies. Types
// are mapped with m (usually Identity). Blank lines are skipped. Errors name the line.
func ReadJSONL(r io.Reader, name string, off Offsets, m Mapping) (*Dataset, error) {
	ds := &Dataset{Name: name, Kind: Spans, Mapping: m}
	br := bufio.NewReader(r)
	labels := map[string]bool{}
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			if perr := ds.parseJSONLLine(b, line, &off, m, labels); perr != nil {
				return nil, perr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", name, line, err)
		}
	}
	ds.Labels = labels
	return ds, nil
}

func (ds *Dataset) parseJSONLLine(b []byte, line int, off *Offsets, m Mapping, labels map[string]bool) error {
	if line == 1 && bytes.Contains(b, []byte(`"hush_corpus"`)) {
		var h JSONLHeader
		if err := json.Unmarshal(b, &h); err == nil && h.Corpus != "" {
			if h.Offsets != "" {
				o, err := ParseOffsets(h.Offsets)
				if err != nil {
					return fmt.Errorf("%s: line 1: header: %w", ds.Name, err)
				}
				*off = o
			}
			ds.Secrets = h.Secrets
			return nil
		}
	}
	var jc JSONLCase
	if err := json.Unmarshal(b, &jc); err != nil {
		return fmt.Errorf("%s: line %d: %w", ds.Name, line, err)
	}
	c := Case{Text: []byte(jc.Text), Name: fmt.Sprintf("line-%d", line), Kind: jc.Kind}
	var ri runeIndex
	if *off == Runes {
		ri = newRuneIndex(c.Text)
	}
	for _, sp := range jc.Spans {
		if err := addSpan(&c, m, sp.Type, sp.Start, sp.End, *off, ri); err != nil {
			return fmt.Errorf("%s: line %d: %w", ds.Name, line, err)
		}
		if t, ok := m.Map(sp.Type); ok {
			labels[t] = true
		}
	}
	sortSpans(&c)
	ds.Cases = append(ds.Cases, c)
	return nil
}

// ParseLeakyCSV parses leaky-repo's .leaky-meta/secrets.csv: "name,num_risk,num_informative"
// rows with '#' comments and blank lines. Errors name the line.
func ParseLeakyCSV(r io.Reader) (map[string]LineCount, error) {
	out := map[string]LineCount{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Split(s, ",")
		if len(f) != 3 {
			return nil, fmt.Errorf("secrets.csv: line %d: want 3 fields, got %d", line, len(f))
		}
		var lc LineCount
		if _, err := fmt.Sscanf(strings.TrimSpace(f[1])+" "+strings.TrimSpace(f[2]), "%d %d", &lc.Risk, &lc.Informative); err != nil || lc.Risk < 0 || lc.Informative < 0 {
			return nil, fmt.Errorf("secrets.csv: line %d: counts must be non-negative integers", line)
		}
		name := strings.TrimSpace(f[0])
		if name == "" || filepath.IsAbs(name) || strings.Contains(name, "..") {
			return nil, fmt.Errorf("secrets.csv: line %d: bad file name", line)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("secrets.csv: line %d: duplicate file %q", line, name)
		}
		out[name] = lc
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("secrets.csv: %w", err)
	}
	return out, nil
}

// ReadLeakyRepo reads a leaky-repo checkout: the files listed in .leaky-meta/secrets.csv with
// their expected line counts. Files not listed (binary databases, the README) are not read.
func ReadLeakyRepo(dir string) (*Dataset, error) {
	f, err := os.Open(filepath.Join(dir, ".leaky-meta", "secrets.csv"))
	if err != nil {
		return nil, fmt.Errorf("leaky-repo: %w", err)
	}
	defer f.Close()
	lines, err := ParseLeakyCSV(f)
	if err != nil {
		return nil, fmt.Errorf("leaky-repo: %w", err)
	}
	names := make([]string, 0, len(lines))
	for n := range lines {
		names = append(names, n)
	}
	sort.Strings(names)
	ds := &Dataset{Name: "leaky-repo", Kind: LineCounts, Lines: lines, Secrets: true}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
		if err != nil {
			return nil, fmt.Errorf("leaky-repo: listed file: %w", err)
		}
		ds.Cases = append(ds.Cases, Case{Text: b, Name: n})
	}
	return ds, nil
}

// Load reads the dataset at path, detecting its format: a directory with .leaky-meta is
// leaky-repo, a file whose first non-space byte is '[' is presidio JSON, anything else is hush
// JSONL (off applies when the file has no header).
func Load(path string, off Offsets) (*Dataset, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		if _, err := os.Stat(filepath.Join(path, ".leaky-meta", "secrets.csv")); err != nil {
			return nil, errors.New("dataset directory has no .leaky-meta/secrets.csv")
		}
		return ReadLeakyRepo(path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		if filepath.Base(filepath.Dir(path)) != "." {
			name = filepath.Base(filepath.Dir(path))
		}
		return ReadPresidio(bytes.NewReader(b), name, PresidioMapping())
	}
	return ReadJSONL(bytes.NewReader(b), name, off, Identity())
}

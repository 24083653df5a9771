package rules_test

import (
	"testing"
	"unicode/utf8"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

func piiRules() []rules.Rule {
	var rs []rules.Rule
	for _, r := range rules.Builtin() {
		if r.Category == rules.PII {
			rs = append(rs, r)
		}
	}
	return rs
}

// piiSeeds are the true and false positives of the personal-data rules.
func piiSeeds() []string {
	var seeds []string
	for _, fam := range []map[string]examples{contactExamples, financeExamples, nationalExamples, networkExamples, personExamples} {
		for _, ex := range fam {
			for _, s := range ex.tp {
				text, _, _ := unmark(s)
				seeds = append(seeds, text)
			}
			seeds = append(seeds, ex.fp...)
		}
	}
	return seeds
}

// TestPIITruncated runs the personal-data rules on every prefix and suffix of every example,
// so that no matcher reads past either end of its input, and checks that redacted output
// is found clean again (redaction is idempotent).
func TestPIITruncated(t *testing.T) {
	e, err := redact.New(redact.Config{Rules: piiRules()})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range piiSeeds() {
		b := []byte(s)
		for n := 0; n <= len(b); n++ {
			piiCheckFindings(t, e, b[:n])
			piiCheckFindings(t, e, b[n:])
		}
		out, _ := e.Redact(b)
		if fs := e.Find(nil, out); len(fs) != 0 {
			t.Errorf("seed %d: redacted output has %d findings, first %s at [%d,%d)", i, len(fs), fs[0].Rule, fs[0].Start, fs[0].End)
		}
	}
}

func piiCheckFindings(t *testing.T, e *redact.Engine, b []byte) {
	t.Helper()
	last := 0
	for _, f := range e.Find(nil, b) {
		if f.Start < last || f.End <= f.Start || f.End > len(b) {
			t.Fatalf("%s: bad span [%d,%d) in %d bytes", f.Rule, f.Start, f.End, len(b))
		}
		last = f.End
	}
}

// FuzzPIIRules checks that the personal-data rules never panic, return spans inside the input,
// and leave nothing to find after redaction.
func FuzzPIIRules(f *testing.F) {
	for _, s := range piiSeeds() {
		f.Add([]byte(s))
	}
	// inputs the fuzzer once found: a redaction that changed how the rest was grouped
	f.Add([]byte("00000A00000000 1.0.10.100,0010000000 A"))
	f.Add([]byte("HAndY 0100000 0000001"))
	f.Add([]byte("0010000000!0100000000"))
	f.Add([]byte("1::::2 0"))
	f.Add([]byte("0@0.AA:0@0.AA"))
	f.Add([]byte("0@0.AA Priya 0@m.us"))
	f.Add([]byte("001-01-0001 536-22-8475"))
	f.Add([]byte("DOB: 1990-01-01 2000-02-02"))
	f.Add([]byte("from=10rom=10.12.4.201:5.12.4.201:51514"))
	f.Add([]byte("from=10.12.4.20::5"))
	f.Add([]byte("(415 555-2671 (415) 555-2671"))
	f.Add([]byte("7 rue S7 rue S\xc3\xa9, 5006 M* "))
	f.Add([]byte("c\x00\x10\x00\x004526018159083012 12 Eex\xf0 09/27"))
	f.Add([]byte("CAll 0000001(0)00 0001"))
	f.Add([]byte("RuA 0RuA 0"))
	f.Add([]byte("GEEEE@EseAtum 0#0BurtsdAtum 0#0"))
	f.Add([]byte("Fl 0, A Rd Fl 2, G Park"))
	e, err := redact.New(redact.Config{Rules: piiRules()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		piiCheckFindings(t, e, b)
		out, _ := e.Redact(b)
		if utf8.Valid(b) && !utf8.Valid(out) {
			t.Fatalf("redaction broke UTF-8")
		}
		if fs := e.Find(nil, out); len(fs) != 0 {
			t.Fatalf("redacted output has %d findings, first %s at [%d,%d)", len(fs), fs[0].Rule, fs[0].Start, fs[0].End)
		}
	})
}

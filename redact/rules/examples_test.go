package rules_test

import (
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

// examples are a rule's proof: texts in which it must find exactly the marked span (between
// « and »; no marks means the whole text), and texts in which it must find nothing.
type examples struct {
	tp []string
	fp []string
}

func allExamples() map[string]examples {
	all := map[string]examples{}
	for _, fam := range []map[string]examples{
		cloudExamples, vcsExamples, llmExamples, paymentExamples, messagingExamples, infraExamples,
		genericExamples, contactExamples, financeExamples, nationalExamples, networkExamples, personExamples,
	} {
		for id, ex := range fam {
			all[id] = ex
		}
	}
	return all
}

// unmark removes « » from s and returns the text and the marked byte span.
func unmark(s string) (string, int, int) {
	i := strings.Index(s, "«")
	if i < 0 {
		return s, 0, len(s)
	}
	s = s[:i] + s[i+len("«"):]
	j := strings.Index(s, "»")
	if j < 0 {
		panic("example has « without »")
	}
	return s[:j] + s[j+len("»"):], i, j
}

// TestRuleExamples runs every built-in rule on its own true and false positives. Failure
// messages name the rule, the example index and offsets, never the example's text.
func TestRuleExamples(t *testing.T) {
	all := allExamples()
	builtin := rules.Builtin()
	full, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range builtin {
		t.Run(r.ID, func(t *testing.T) {
			ex, ok := all[r.ID]
			if !ok || len(ex.tp) == 0 || len(ex.fp) == 0 {
				t.Fatalf("rule has no examples: want at least one true and one false positive (have %d, %d)", len(ex.tp), len(ex.fp))
			}
			one, err := redact.New(redact.Config{Rules: []rules.Rule{r}})
			if err != nil {
				t.Fatal(err)
			}
			for i, raw := range ex.tp {
				text, s, e := unmark(raw)
				fs := one.Find(nil, []byte(text))
				if !hasSpan(fs, s, e, r.ID) {
					t.Errorf("true positive %d: want span [%d,%d) by %s, got %s", i, s, e, r.ID, describe(fs))
				}
				if fs := full.Find(nil, []byte(text)); !covers(fs, s, e) {
					t.Errorf("true positive %d: all rules together leave part of [%d,%d) uncovered: %s", i, s, e, describe(fs))
				}
			}
			for i, text := range ex.fp {
				if fs := one.Find(nil, []byte(text)); len(fs) != 0 {
					t.Errorf("false positive %d: found %s", i, describe(fs))
				}
			}
		})
	}
	for id := range all {
		if !hasRule(builtin, id) {
			t.Errorf("examples for unknown rule %s", id)
		}
	}
}

func hasRule(rs []rules.Rule, id string) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func hasSpan(fs []redact.Finding, s, e int, id string) bool {
	for _, f := range fs {
		if f.Start == s && f.End == e && f.Rule == id {
			return true
		}
	}
	return false
}

func covers(fs []redact.Finding, s, e int) bool {
	for _, f := range fs {
		if f.Start <= s && f.End >= e {
			return true
		}
	}
	return false
}

func describe(fs []redact.Finding) string {
	var b strings.Builder
	b.WriteString("[")
	for i, f := range fs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(f.Rule + "@" + itoa(f.Start) + "-" + itoa(f.End))
	}
	b.WriteString("]")
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

package rules

import (
	"errors"
	"fmt"
	"regexp"
)

// Category says what kind of data a rule finds.
type Category uint8

const (
	// Secret is a credential: API keys, tokens, passwords, private keys.
	Secret Category = iota + 1
	// PII is personal data: e-mail, phone, card numbers, national ids, names.
	PII
)

// String returns "secret" or "pii".
func (c Category) String() string {
	switch c {
	case Secret:
		return "secret"
	case PII:
		return "pii"
	}
	return "unknown"
}

// Matcher decides whether a keyword hit is a finding. text is the whole input being scanned;
// the keyword occupies text[kw:kwEnd] (its letters may differ in case from the rule's keyword,
// since the prefilter folds ASCII case). A Matcher returns the byte span [start, end) to redact
// and true, or false when the hit is not sensitive.
//
// A Matcher runs on the hot path: it must not allocate, must not retain text, must be safe for
// concurrent use, and must run in time proportional to the bytes it examines (no backtracking).
// It should examine only a bounded window around the hit.
type Matcher func(text []byte, kw, kwEnd int) (start, end int, ok bool)

// Rule is one detector: keywords that trigger it and a Matcher that decides.
//
// Rules are data: every built-in rule has true and false positives in the test file beside the
// family file that declares it, and a test runs them all.
type Rule struct {
	// ID is stable and unique, lower-case kebab, e.g. "github-pat". It appears in findings and
	// metrics; it never contains matched text.
	ID string
	// Type is the entity type the redaction placeholder names, upper snake case, e.g.
	// "GITHUB_TOKEN" or "EMAIL_ADDRESS". Several rules may share a type.
	Type string
	// Category is Secret or PII.
	Category Category
	// Description says in a few words what the rule finds.
	Description string
	// Keywords are printable-ASCII literals whose occurrence triggers Match. The prefilter folds
	// ASCII case, so Match must check case itself where it matters. A keyword that is a single
	// digit fires only at the first digit of a run of digits. At least one is required.
	Keywords []string
	// Match decides a keyword hit.
	Match Matcher
	// Heuristic marks rules that rely on context or word lists rather than an exact format
	// with validation (documented per type in the README).
	Heuristic bool
}

var (
	idRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	typeRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// Validate reports the first problem with r, naming the rule and the field.
func (r *Rule) Validate() error {
	if !idRE.MatchString(r.ID) {
		return fmt.Errorf("rule %q: id: must be lower-case letters, digits, '.' or '-'", r.ID)
	}
	if !typeRE.MatchString(r.Type) {
		return fmt.Errorf("rule %s: type %q: must be upper snake case like EMAIL_ADDRESS", r.ID, r.Type)
	}
	if r.Category != Secret && r.Category != PII {
		return fmt.Errorf("rule %s: category: must be secret or pii", r.ID)
	}
	if len(r.Keywords) == 0 {
		return fmt.Errorf("rule %s: keywords: at least one is required", r.ID)
	}
	for i, k := range r.Keywords {
		if k == "" {
			return fmt.Errorf("rule %s: keywords[%d]: empty", r.ID, i)
		}
		for j := 0; j < len(k); j++ {
			if k[j] < 0x20 || k[j] > 0x7e {
				return fmt.Errorf("rule %s: keywords[%d]: byte %d is not printable ASCII", r.ID, i, j)
			}
		}
	}
	if r.Match == nil {
		return fmt.Errorf("rule %s: match: missing", r.ID)
	}
	return nil
}

// ValidateSet checks every rule and that ids are unique.
func ValidateSet(rs []Rule) error {
	seen := make(map[string]bool, len(rs))
	var errs []error
	for i := range rs {
		if err := rs[i].Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[rs[i].ID] {
			errs = append(errs, fmt.Errorf("rule %s: id: duplicate", rs[i].ID))
		}
		seen[rs[i].ID] = true
	}
	return errors.Join(errs...)
}

// Package testrules is a small, fixed rule set for the tests and examples of packages that use
// the redaction engine, so that their expected output does not move when the built-in rules
// change. It is not a detector set for real use.
package testrules

import (
	"bytes"

	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
)

var (
	emailLocal  = rules.NewSet("A-Za-z0-9._+-")
	emailDomain = rules.NewSet("A-Za-z0-9.-")
)

// matchEmail finds local@domain.tld around an "@".
func matchEmail(text []byte, kw, kwEnd int) (int, int, bool) {
	start := kw
	for start > 0 && emailLocal.Has(text[start-1]) {
		start--
	}
	end := rules.Span(text, kwEnd, &emailDomain, 253)
	for end > kwEnd && text[end-1] == '.' {
		end--
	}
	if start == kw || !bytes.Contains(text[kwEnd:end], []byte(".")) {
		return 0, 0, false
	}
	return start, end, true
}

// Email finds e-mail addresses (type EMAIL_ADDRESS).
func Email() rules.Rule {
	return rules.Rule{ID: "test-email", Type: "EMAIL_ADDRESS", Category: rules.PII, Keywords: []string{"@"}, Match: matchEmail}
}

// Token finds "dmo_" followed by 10 to 20 letters or digits (type DEMO_TOKEN).
func Token() rules.Rule {
	return rules.Rule{ID: "test-token", Type: "DEMO_TOKEN", Category: rules.Secret, Keywords: []string{"dmo_"},
		Match: rules.Token("dmo_", rules.TokenOpts{Min: 10, Max: 20, Body: rules.AlNum})}
}

// Password finds the value assigned to a "passwd" key (type PASSWORD).
func Password() rules.Rule {
	return rules.Rule{ID: "test-password", Type: "PASSWORD", Category: rules.Secret, Keywords: []string{"passwd"},
		Match: rules.Value(rules.ValueOpts{Min: 6, Max: 64, Chars: rules.NewSet("!#-&(-~"), RequireAssign: true})}
}

// All returns Email, Token and Password.
func All() []rules.Rule { return []rules.Rule{Email(), Token(), Password()} }

// Engine returns an engine with rs (All when none are given). It panics on an invalid rule,
// which in these fixed rules is a programming error.
func Engine(rs ...rules.Rule) *redact.Engine {
	if len(rs) == 0 {
		rs = All()
	}
	e, err := redact.New(redact.Config{Rules: rs})
	if err != nil {
		panic(err)
	}
	return e
}

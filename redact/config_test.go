package redact

import (
	"strings"
	"testing"
)

const goodConfig = `
rules:
  disable: [demo-nothing]
  custom:
    - id: acme-key
      type: ACME_KEY
      keywords: [acme_]
      pattern: 'acme_[a-z0-9]{16}'
      min_entropy: 2.5
      allow: ['acme_0+']
      examples:
        true: ['key = acme_q3v9x1m2k8p4z7r5']
        false: ['acme_0000000000000000', 'acme_short']
    - id: employee-id
      type: EMPLOYEE_ID
      category: pii
      keywords: [emp-id]
      pattern: 'emp-id[:= ]+(E[0-9]{6})'
      examples:
        true: ['emp-id: E123456']
operators:
  default: placeholder
  types: {ACME_KEY: length, EMPLOYEE_ID: hmac}
hmac: {key_id: k1, key_env: TEST_HMAC}
`

func TestConfigBuild(t *testing.T) {
	fc, err := ParseConfig([]byte(goodConfig))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TEST_HMAC": strings.Repeat("k", 32)}
	cfg, err := fc.Build(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := e.RedactString("use acme_q3v9x1m2k8p4z7r5 and emp-id=E654321 ok")
	if !strings.Contains(got, "[REDACTED:ACME_KEY:21]") || !strings.Contains(got, "emp-id=[HMAC:EMPLOYEE_ID:k1:") {
		t.Fatalf("custom rules/operators not applied: %d bytes out", len(got))
	}
}

func TestConfigErrors(t *testing.T) {
	env := func(string) string { return "" }
	cases := []struct{ name, yaml, want string }{
		{"unknown key", "rules:\n  disabel: [x]\n", "field disabel not found"},
		{"bad operator", "operators:\n  default: scramble\n", `operators.default: operator "scramble"`},
		{"bad pattern", "rules:\n  custom:\n    - {id: x1, type: X, keywords: [x], pattern: '(', examples: {true: [x]}}\n", "rules.custom[0] (x1): pattern:"},
		{"no examples", "rules:\n  custom:\n    - {id: x1, type: X, keywords: [xq], pattern: 'xq[0-9]+'}\n", "rules.custom[0] (x1): examples.true"},
		{"example not found", "rules:\n  custom:\n    - {id: x1, type: X, keywords: [xq], pattern: 'xq[0-9]+', examples: {true: ['xq']}}\n", "examples.true[0]: the rule does not find it"},
		{"false example found", "rules:\n  custom:\n    - {id: x1, type: X, keywords: [xq], pattern: 'xq[0-9]+', examples: {true: ['xq1'], false: ['xq22']}}\n", "examples.false[0]: the rule finds bytes 0-4"},
		{"bad type", "rules:\n  custom:\n    - {id: x1, type: lower, keywords: [xq], pattern: 'xq', examples: {true: ['xq']}}\n", "type \"lower\""},
		{"no keywords", "rules:\n  custom:\n    - {id: x1, type: X, pattern: 'xq', examples: {true: ['xq']}}\n", "keywords: at least one"},
		{"hmac env unset", "hmac: {key_id: k1, key_env: NOPE}\n", "hmac.key_env: variable NOPE is empty"},
		{"bad category", "rules:\n  custom:\n    - {id: x1, type: X, category: phi, keywords: [xq], pattern: 'xq'}\n", `category: "phi"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc, err := ParseConfig([]byte(c.yaml))
			if err == nil {
				_, err = fc.Build(env)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

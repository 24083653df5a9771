package redact

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/hushlog/hush/redact/rules"
)

// FileConfig is the redaction section of a hush YAML config:
//
//	rules:
//	  disable: [generic-password]          # rule ids or types
//	  custom:
//	    - id: acme-key
//	      type: ACME_KEY
//	      category: secret                 # or pii
//	      keywords: [acme_]
//	      pattern: 'acme_[a-z0-9]{32}'     # RE2 syntax; group 1, if any, is what is redacted
//	      min_entropy: 3.0
//	      allow: ['acme_0{32}']            # values matching these are kept
//	      examples:
//	        true: ['key = acme_q3v…']
//	        false: ['acme_0000…']
//	operators:
//	  default: placeholder
//	  types: {CREDIT_CARD: mask, EMAIL_ADDRESS: pseudonym}
//	hmac: {key_id: k1, key_env: HUSH_HMAC_KEY}
//	json: {redact_keys: [...], allow_keys: [...], max_depth: 128}
type FileConfig struct {
	Rules     RulesConfig    `yaml:"rules"`
	Operators OperatorConfig `yaml:"operators"`
	HMAC      *HMACConfig    `yaml:"hmac"`
	JSON      JSONConfig     `yaml:"json"`
}

// RulesConfig selects built-in rules and adds custom ones.
type RulesConfig struct {
	Disable []string     `yaml:"disable"`
	Custom  []CustomRule `yaml:"custom"`
}

// CustomRule is a user-defined rule. Its pattern runs (RE2: linear time, no backtracking) in a
// window of 512 bytes around each keyword hit.
type CustomRule struct {
	ID         string   `yaml:"id"`
	Type       string   `yaml:"type"`
	Category   string   `yaml:"category"`
	Keywords   []string `yaml:"keywords"`
	Pattern    string   `yaml:"pattern"`
	MinEntropy float64  `yaml:"min_entropy"`
	Allow      []string `yaml:"allow"`
	Examples   struct {
		True  []string `yaml:"true"`
		False []string `yaml:"false"`
	} `yaml:"examples"`
}

// OperatorConfig names the operator per type.
type OperatorConfig struct {
	Default string            `yaml:"default"`
	Types   map[string]string `yaml:"types"`
}

// HMACConfig says where the HMAC key comes from. Key material never lives in the file.
type HMACConfig struct {
	KeyID  string `yaml:"key_id"`
	KeyEnv string `yaml:"key_env"`
}

// JSONConfig mirrors JSONOptions.
type JSONConfig struct {
	RedactKeys  []string `yaml:"redact_keys"`
	AllowKeys   []string `yaml:"allow_keys"`
	MaxDepth    int      `yaml:"max_depth"`
	MaxSize     int      `yaml:"max_size"`
	MaxEmbedded int      `yaml:"max_embedded"`
}

// ParseConfig decodes a YAML redaction config strictly: an unknown key is an error naming it.
func ParseConfig(data []byte) (FileConfig, error) {
	var fc FileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return fc, fmt.Errorf("redaction config: %w", err)
	}
	return fc, nil
}

// Build compiles fc into a Config. getenv looks up the HMAC key variable (os.Getenv in the
// CLI). Every custom rule is checked against its own examples; errors name the rule and key.
func (fc FileConfig) Build(getenv func(string) string) (Config, error) {
	cfg := Config{Disable: fc.Rules.Disable}
	cfg.JSON = JSONOptions{RedactKeys: fc.JSON.RedactKeys, AllowKeys: fc.JSON.AllowKeys,
		MaxDepth: fc.JSON.MaxDepth, MaxSize: fc.JSON.MaxSize, MaxEmbedded: fc.JSON.MaxEmbedded}
	var h *HMAC
	if fc.HMAC != nil {
		if fc.HMAC.KeyEnv == "" {
			return cfg, errors.New("hmac.key_env: required")
		}
		key := getenv(fc.HMAC.KeyEnv)
		if key == "" {
			return cfg, fmt.Errorf("hmac.key_env: variable %s is empty or unset", fc.HMAC.KeyEnv)
		}
		var err error
		if h, err = NewHMAC(fc.HMAC.KeyID, []byte(key)); err != nil {
			return cfg, fmt.Errorf("hmac: %w", err)
		}
	}
	var err error
	if cfg.Default, err = ParseOperator(fc.Operators.Default, h); err != nil {
		return cfg, fmt.Errorf("operators.default: %w", err)
	}
	if len(fc.Operators.Types) > 0 {
		cfg.Operators = map[string]Operator{}
		for t, name := range fc.Operators.Types {
			if cfg.Operators[t], err = ParseOperator(name, h); err != nil {
				return cfg, fmt.Errorf("operators.types.%s: %w", t, err)
			}
		}
	}
	cfg.Rules = rules.Builtin()
	for i, cr := range fc.Rules.Custom {
		r, err := cr.compile()
		if err != nil {
			return cfg, fmt.Errorf("rules.custom[%d] (%s): %w", i, cr.ID, err)
		}
		cfg.Rules = append(cfg.Rules, r)
	}
	return cfg, nil
}

const customWindow = 512

func (cr CustomRule) compile() (rules.Rule, error) {
	r := rules.Rule{ID: cr.ID, Type: cr.Type, Keywords: cr.Keywords, Heuristic: true,
		Description: "custom rule"}
	switch cr.Category {
	case "secret", "":
		r.Category = rules.Secret
	case "pii":
		r.Category = rules.PII
	default:
		return r, fmt.Errorf("category: %q: want secret or pii", cr.Category)
	}
	if cr.Pattern == "" {
		return r, errors.New("pattern: required")
	}
	re, err := regexp.Compile(cr.Pattern)
	if err != nil {
		return r, fmt.Errorf("pattern: %w", err)
	}
	allow := make([]*regexp.Regexp, len(cr.Allow))
	for i, a := range cr.Allow {
		if allow[i], err = regexp.Compile("^(?:" + a + ")$"); err != nil {
			return r, fmt.Errorf("allow[%d]: %w", i, err)
		}
	}
	if cr.MinEntropy < 0 || cr.MinEntropy > 8 {
		return r, fmt.Errorf("min_entropy: %v: want 0 to 8 bits per byte", cr.MinEntropy)
	}
	group := 0
	if re.NumSubexp() > 0 {
		group = 1
	}
	r.Match = func(text []byte, kw, kwEnd int) (int, int, bool) {
		lo, hi := kw-customWindow, kwEnd+customWindow
		if lo < 0 {
			lo = 0
		}
		if hi > len(text) {
			hi = len(text)
		}
		for _, m := range re.FindAllSubmatchIndex(text[lo:hi], -1) {
			s, e := m[2*group], m[2*group+1]
			if s < 0 || e <= s {
				continue
			}
			s, e = s+lo, e+lo
			// the match must contain the keyword or follow it closely
			if m[1]+lo < kw || m[0]+lo > kwEnd+64 {
				continue
			}
			v := text[s:e]
			if cr.MinEntropy > 0 && rules.Entropy(v) < cr.MinEntropy {
				continue
			}
			allowed := false
			for _, a := range allow {
				if a.Match(v) {
					allowed = true
					break
				}
			}
			if !allowed {
				return s, e, true
			}
		}
		return 0, 0, false
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	if len(cr.Examples.True) == 0 {
		return r, errors.New("examples.true: at least one example the rule must find is required")
	}
	e, err := New(Config{Rules: []rules.Rule{r}})
	if err != nil {
		return r, err
	}
	for i, ex := range cr.Examples.True {
		if len(e.Find(nil, []byte(ex))) == 0 {
			return r, fmt.Errorf("examples.true[%d]: the rule does not find it", i)
		}
	}
	for i, ex := range cr.Examples.False {
		if fs := e.Find(nil, []byte(ex)); len(fs) != 0 {
			return r, fmt.Errorf("examples.false[%d]: the rule finds bytes %d-%d", i, fs[0].Start, fs[0].End)
		}
	}
	return r, nil
}

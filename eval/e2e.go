package eval

import (
	"bytes"
	"encoding/json"

	"github.com/hushlog/hush/redact"
)

// EndToEnd is the product-path check: every case goes through what "hush redact" does with
// it (RedactJSON for a JSON document, Redact otherwise), and each labelled value is looked
// for, verbatim, in the output. It complements the span scores, which use Find on the raw
// text: here JSON strings are unescaped and key policies apply, as in production.
type EndToEnd struct {
	// Values counts labelled values of at least MinValueLen bytes; Survived those found
	// verbatim in the redacted output.
	Values   int `json:"values"`
	Survived int `json:"survived"`
	// By category ("secret", "pii").
	SecretValues   int `json:"secret_values"`
	SecretSurvived int `json:"secret_survived"`
	PIIValues      int `json:"pii_values"`
	PIISurvived    int `json:"pii_survived"`
	// JSONCases were redacted with RedactJSON; Dropped of them failed and were dropped (fail
	// closed), so nothing of them survives.
	JSONCases int `json:"json_cases"`
	Dropped   int `json:"dropped"`
	// SurvivedByType counts surviving values per type.
	SurvivedByType map[string]int `json:"survived_by_type,omitempty"`
	// Rate is Survived/Values.
	Rate float64 `json:"survival_rate"`
}

// MinValueLen is the shortest labelled value EndToEnd looks for: shorter ones (a two-letter
// code) would be found by chance.
const MinValueLen = 4

// RunEndToEnd redacts every case of a span dataset as "hush redact" would and counts the
// labelled values that survive. It returns nil for line-count datasets.
func RunEndToEnd(e *redact.Engine, ds *Dataset) *EndToEnd {
	if ds.Kind != Spans {
		return nil
	}
	r := &EndToEnd{SurvivedByType: map[string]int{}}
	for _, c := range ds.Cases {
		var out []byte
		if t := bytes.TrimSpace(c.Text); len(t) > 0 && (t[0] == '{' || t[0] == '[') && json.Valid(t) {
			r.JSONCases++
			o, _, err := e.RedactJSON(nil, c.Text)
			if err != nil {
				r.Dropped++
			}
			out = o
		} else {
			out, _ = e.Redact(c.Text)
		}
		for _, s := range c.Spans {
			v := c.Text[s.Start:s.End]
			if s.Unsupported || len(v) < MinValueLen {
				continue
			}
			pii := IsPII(s.Type)
			survived := bytes.Contains(out, v)
			r.Values++
			if pii {
				r.PIIValues++
			} else {
				r.SecretValues++
			}
			if survived {
				r.Survived++
				r.SurvivedByType[s.Type]++
				if pii {
					r.PIISurvived++
				} else {
					r.SecretSurvived++
				}
			}
		}
	}
	if r.Values > 0 {
		r.Rate = float64(r.Survived) / float64(r.Values)
	}
	return r
}

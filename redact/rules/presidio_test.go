package rules_test

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
	"unicode/utf8"

	"github.com/hushlog/hush/redact"
)

// presidioSynth is the labeled corpus from Microsoft's presidio-research repository (MIT),
// kept beside the repository rather than in it.
const presidioSynth = "../../../shared/datasets/presidio-synth-v2/synth_dataset_v2.json"

// presidioTypes maps the corpus's entity types to the types hush reports. DATE_TIME spans are
// mostly years and weekdays; hush reports dates only as dates of birth, so its recall there is
// low by design.
var presidioTypes = map[string]string{
	"PERSON":         "PERSON",
	"STREET_ADDRESS": "STREET_ADDRESS",
	"CREDIT_CARD":    "CREDIT_CARD",
	"DATE_TIME":      "DATE_OF_BIRTH",
	"PHONE_NUMBER":   "PHONE_NUMBER",
	"EMAIL_ADDRESS":  "EMAIL_ADDRESS",
	"IBAN_CODE":      "IBAN_CODE",
	"US_SSN":         "US_SSN",
	"IP_ADDRESS":     "IP_ADDRESS",
	// five spans only; logged for information
	"US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
}

// presidioMinF2 are the F2 scores the built-in rules reach on the corpus, less a small margin
// (a larger one for the heuristic types): falling below one is a regression.
var presidioMinF2 = map[string]float64{
	"EMAIL_ADDRESS":  0.97,
	"PHONE_NUMBER":   0.95,
	"CREDIT_CARD":    0.97,
	"IBAN_CODE":      0.95,
	"US_SSN":         0.95,
	"IP_ADDRESS":     0.95,
	"STREET_ADDRESS": 0.80,
	"PERSON":         0.45,
}

type presidioSample struct {
	Text  string `json:"full_text"`
	Spans []struct {
		Type  string `json:"entity_type"`
		Start int    `json:"start_position"`
		End   int    `json:"end_position"`
	} `json:"spans"`
}

type span struct{ start, end int }

type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }

func (s score) recall() float64 { return ratio(s.tp, s.tp+s.fn) }

func (s score) f2() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 5 * p * r / (4*p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// TestPresidioSynth runs the built-in engine over presidio-synth-v2 and scores each entity type
// by span overlap: a labeled span is found when a finding of the mapped type overlaps it, and a
// finding is right when it overlaps a labeled span of its type. It logs counts only.
func TestPresidioSynth(t *testing.T) {
	raw, err := os.ReadFile(presidioSynth)
	if os.IsNotExist(err) {
		t.Skip("presidio-synth-v2 is not available beside the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	var samples []presidioSample
	if err := json.Unmarshal(raw, &samples); err != nil {
		t.Fatal(err)
	}
	e, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*score{}
	for _, typ := range presidioTypes {
		scores[typ] = &score{}
	}
	for _, s := range samples {
		text := []byte(s.Text)
		offs := runeOffsets(text)
		gold := map[string][]span{}
		for _, sp := range s.Spans {
			typ, ok := presidioTypes[sp.Type]
			if !ok || sp.Start >= len(offs) || sp.End >= len(offs) {
				continue
			}
			gold[typ] = append(gold[typ], span{offs[sp.Start], offs[sp.End]})
		}
		found := map[string][]span{}
		for _, f := range e.Find(nil, text) {
			found[f.Type] = append(found[f.Type], span{f.Start, f.End})
		}
		for typ, sc := range scores {
			for _, g := range gold[typ] {
				if overlapsAny(g, found[typ]) {
					sc.tp++
				} else {
					sc.fn++
				}
			}
			for _, f := range found[typ] {
				if !overlapsAny(f, gold[typ]) {
					sc.fp++
				}
			}
		}
	}
	var types []string
	for typ := range scores {
		types = append(types, typ)
	}
	sort.Strings(types)
	for _, typ := range types {
		sc := scores[typ]
		t.Logf("%-17s tp=%4d fp=%4d fn=%4d precision=%.3f recall=%.3f F2=%.3f",
			typ, sc.tp, sc.fp, sc.fn, sc.precision(), sc.recall(), sc.f2())
	}
	for typ, min := range presidioMinF2 {
		if f2 := scores[typ].f2(); f2 < min {
			t.Errorf("%s: F2 %.3f below %.2f", typ, f2, min)
		}
	}
}

// runeOffsets maps code point indexes to byte offsets; the extra last entry is len(text).
func runeOffsets(text []byte) []int {
	offs := make([]int, 0, len(text)+1)
	for i := 0; i < len(text); {
		offs = append(offs, i)
		_, w := utf8.DecodeRune(text[i:])
		i += w
	}
	return append(offs, len(text))
}

func overlapsAny(s span, in []span) bool {
	for _, o := range in {
		if s.start < o.end && o.start < s.end {
			return true
		}
	}
	return false
}

package eval

import "sort"

// Mapping translates a dataset's labels into hush entity types. A label maps to a hush type,
// or is unsupported: hush has no detector for it by design (organisations, nationalities,
// ages…), so its spans are reported separately, never counted as misses.
type Mapping struct {
	// To maps a dataset label to a hush type.
	To map[string]string
	// Unsupported lists labels with no hush type, each with the reason.
	Unsupported map[string]string
	// Identity, when set, maps any label not in To or Unsupported to itself.
	Identity bool
}

// Map returns the hush type for label and true, or "", false when the label is unsupported.
func (m Mapping) Map(label string) (string, bool) {
	if t, ok := m.To[label]; ok {
		return t, true
	}
	if _, ok := m.Unsupported[label]; ok {
		return "", false
	}
	if m.Identity {
		return label, true
	}
	return "", false
}

// Labels returns the hush types that m's dataset labels (the values of To).
func (m Mapping) Labels() map[string]bool {
	out := map[string]bool{}
	for _, t := range m.To {
		out[t] = true
	}
	return out
}

// UnsupportedLabels returns the unsupported labels, sorted.
func (m Mapping) UnsupportedLabels() []string {
	out := make([]string, 0, len(m.Unsupported))
	for l := range m.Unsupported {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Identity is the mapping for hush's own corpora: labels are hush types.
func Identity() Mapping { return Mapping{Identity: true} }

// PresidioMapping is the mapping for presidio-research datasets (presidio-synth-v2).
//
//	presidio label   hush type        note
//	PERSON           PERSON           heuristic (context, name list); no NER model
//	STREET_ADDRESS   STREET_ADDRESS   heuristic
//	CREDIT_CARD      CREDIT_CARD      Luhn + IIN ranges
//	PHONE_NUMBER     PHONE_NUMBER
//	EMAIL_ADDRESS    EMAIL_ADDRESS
//	IBAN_CODE        IBAN_CODE        mod-97
//	US_SSN           US_SSN
//	IP_ADDRESS       IP_ADDRESS
//	DATE_TIME        DATE_OF_BIRTH    hush redacts dates of birth only; other dates are kept
//	                                  on purpose (timestamps make logs useful), so recall on
//	                                  this label measures that choice
//	GPE, ORGANIZATION, NRP, TITLE, AGE, ZIP_CODE, DOMAIN_NAME, US_DRIVER_LICENSE: unsupported
func PresidioMapping() Mapping {
	return Mapping{
		To: map[string]string{
			"PERSON":         "PERSON",
			"STREET_ADDRESS": "STREET_ADDRESS",
			"CREDIT_CARD":    "CREDIT_CARD",
			"PHONE_NUMBER":   "PHONE_NUMBER",
			"EMAIL_ADDRESS":  "EMAIL_ADDRESS",
			"IBAN_CODE":      "IBAN_CODE",
			"US_SSN":         "US_SSN",
			"IP_ADDRESS":     "IP_ADDRESS",
			"DATE_TIME":      "DATE_OF_BIRTH",
		},
		Unsupported: map[string]string{
			"GPE":               "countries, cities and states are not personal data on their own",
			"ORGANIZATION":      "organisation names are not personal data",
			"NRP":               "nationality, religion or political group needs an NER model",
			"TITLE":             "job titles are not personal data on their own",
			"AGE":               "ages are not detected",
			"ZIP_CODE":          "a postal code alone is kept; it is redacted as part of a street address",
			"DOMAIN_NAME":       "domain names are kept (they are rarely personal)",
			"US_DRIVER_LICENSE": "no detector: state formats overlap ordinary ids",
		},
	}
}

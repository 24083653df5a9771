package eval

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"
)

// Prediction is one span a tool flagged: bytes [Start, End) of a case's text.
type Prediction struct {
	Start, End int
	Type       string
	// Secret is true when the tool classes the span as a credential (every gitleaks finding;
	// hush findings of category secret).
	Secret bool
}

// piiTypes are hush's personal-data types. Every other type a corpus labels is a secret.
var piiTypes = map[string]bool{
	"EMAIL_ADDRESS": true, "PHONE_NUMBER": true, "CREDIT_CARD": true, "IBAN_CODE": true,
	"US_SSN": true, "UK_NINO": true, "IN_AADHAAR": true, "IN_PAN": true, "IP_ADDRESS": true,
	"MAC_ADDRESS": true, "CRYPTO_WALLET": true, "US_BANK_ROUTING": true, "DATE_OF_BIRTH": true,
	"STREET_ADDRESS": true, "PERSON": true,
}

// IsPII reports whether typ is one of hush's personal-data types; other types are secrets.
func IsPII(typ string) bool { return piiTypes[typ] }

// compatible reports whether prediction p may match a labelled span of type gold. Personal
// data types must match exactly. A labelled secret is matched by any secret prediction: a key
// redacted as GENERIC_SECRET instead of GITHUB_TOKEN is still kept out of the log.
func compatible(gold string, p Prediction) bool {
	if gold == p.Type {
		return true
	}
	return !IsPII(gold) && p.Secret
}

// PRF holds match counts and the figures computed from them.
type PRF struct {
	// TP counts labelled spans matched (recall's numerator); TPPred counts predictions that
	// match a labelled span (precision's numerator). They differ when spans split or merge.
	TP     int `json:"tp"`
	TPPred int `json:"tp_pred"`
	FP     int `json:"fp"`
	FN     int `json:"fn"`

	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	F2        float64 `json:"f2"`
}

// finish computes the rates from the counts. With no predictions precision is 1 (nothing
// was claimed wrongly); with no labelled spans recall is 1 (nothing was missed).
func (p *PRF) finish() {
	p.Precision, p.Recall = 1, 1
	if n := p.TPPred + p.FP; n > 0 {
		p.Precision = float64(p.TPPred) / float64(n)
	}
	if n := p.TP + p.FN; n > 0 {
		p.Recall = float64(p.TP) / float64(n)
	}
	p.F1 = fBeta(p.Precision, p.Recall, 1)
	p.F2 = fBeta(p.Precision, p.Recall, 2)
}

func fBeta(p, r, beta float64) float64 {
	b2 := beta * beta
	if p == 0 && r == 0 {
		return 0
	}
	return (1 + b2) * p * r / (b2*p + r)
}

// TypeResult is the score of one entity type on one dataset.
type TypeResult struct {
	Type     string `json:"-"`
	Category string `json:"category"`
	// Labelled is false for types the dataset does not label: their predictions are counted
	// (Predicted) but have no precision, since a match could not be told from a false alarm.
	Labelled bool `json:"labelled"`
	// Support is the number of labelled spans of this type.
	Support   int `json:"support"`
	Predicted int `json:"predicted"`
	// Overlap scores a prediction as matching when it overlaps a labelled span (of a
	// compatible type); Exact requires the same start and end.
	Overlap PRF `json:"overlap"`
	Exact   PRF `json:"exact"`
	// SensitiveChars counts the characters (code points) in labelled spans of this type;
	// LeakedChars those no prediction of any type covers. LeakRate is their ratio.
	SensitiveChars int     `json:"sensitive_chars"`
	LeakedChars    int     `json:"leaked_chars"`
	LeakRate       float64 `json:"leak_rate"`
}

// Overall is the summary of a Result.
type Overall struct {
	// Micro sums counts over labelled types; Macro averages the per-type figures over the
	// types with support (overlap matching). ExactMicro is Micro with exact matching.
	Micro      PRF `json:"micro"`
	Macro      PRF `json:"macro"`
	ExactMicro PRF `json:"exact_micro"`
	Support    int `json:"support"`
	// LeakRate is the share of sensitive characters that survive redaction; KeepRate the
	// share of non-sensitive characters left untouched.
	LeakRate       float64 `json:"leak_rate"`
	KeepRate       float64 `json:"keep_rate"`
	SensitiveChars int     `json:"sensitive_chars"`
	LeakedChars    int     `json:"leaked_chars"`
	PlainChars     int     `json:"plain_chars"`
	RedactedPlain  int     `json:"redacted_plain_chars"`
	// Unlabelled counts predictions of types the dataset does not label.
	Unlabelled int `json:"unlabelled_predictions"`
	// IgnoredOnUnsupported counts predictions that overlap only unsupported labels.
	IgnoredOnUnsupported int `json:"ignored_on_unsupported"`
	// ByKind counts labelled spans and those found (overlap), per case kind and category, for
	// datasets whose cases declare a kind.
	ByKind map[string]*KindScore `json:"by_kind,omitempty"`
}

// KindScore is the recall on the labelled spans of one category in cases of one kind.
type KindScore struct {
	Kind     string `json:"kind"`
	Category string `json:"category"`
	Support  int    `json:"support"`
	Found    int    `json:"found"`
}

// LineScore is the score of a LineCounts dataset (leaky-repo), counted like its upstream
// benchmark: per file, the distinct lines on which a finding starts, against the expected
// risk + informative lines; surplus lines are false positives.
type LineScore struct {
	Expected     int `json:"expected_lines"`
	Risk         int `json:"risk_lines"`
	Found        int `json:"found_lines"`
	TP           int `json:"tp"`
	FP           int `json:"fp"`
	RiskTP       int `json:"risk_tp"`
	Files        int `json:"files"`
	FilesCovered int `json:"files_covered"`
	// Recall is TP/Expected (upstream's "total finds"); RiskRecall is Σmin(found, risk)/Σrisk;
	// Precision is TP/Found.
	Recall     float64 `json:"recall"`
	RiskRecall float64 `json:"risk_recall"`
	Precision  float64 `json:"precision"`
	F2         float64 `json:"f2"`
	// Short lists, per file with fewer lines found than expected, "name found/expected".
	Short []string `json:"short,omitempty"`
}

// Score scores preds (one slice per case of ds, in case order) against ds's labels. It does
// not look at the text except to count characters and lines, and never copies it.
func Score(ds *Dataset, preds [][]Prediction) (map[string]*TypeResult, Overall, *LineScore) {
	if ds.Kind == LineCounts {
		ls := scoreLines(ds, preds)
		return nil, Overall{}, ls
	}
	per := map[string]*TypeResult{}
	get := func(t string) *TypeResult {
		r := per[t]
		if r == nil {
			r = &TypeResult{Type: t, Category: "secret"}
			if IsPII(t) {
				r.Category = "pii"
			}
			r.Labelled = ds.Labels[t] || (!IsPII(t) && labelsSecrets(ds.Labels))
			per[t] = r
		}
		return r
	}
	for t := range ds.Labels {
		get(t)
	}
	var ov Overall
	var cover []bool
	for i, c := range ds.Cases {
		ps := preds[i]
		if cap(cover) < len(c.Text) {
			cover = make([]bool, len(c.Text))
		}
		cover = cover[:len(c.Text)]
		clear(cover)
		for _, p := range ps {
			for j := max(p.Start, 0); j < min(p.End, len(c.Text)); j++ {
				cover[j] = true
			}
		}
		// Labelled spans: recall and leak.
		for _, g := range c.Spans {
			if g.Unsupported {
				continue
			}
			r := get(g.Type)
			r.Support++
			exact, over := false, false
			for _, p := range ps {
				if !compatible(g.Type, p) || p.End <= g.Start || p.Start >= g.End {
					continue
				}
				over = true
				if p.Start == g.Start && p.End == g.End {
					exact = true
				}
			}
			tally(&r.Overlap, over)
			tally(&r.Exact, exact)
			if c.Kind != "" && r.Labelled {
				if ov.ByKind == nil {
					ov.ByKind = map[string]*KindScore{}
				}
				key := c.Kind + "/" + r.Category
				k := ov.ByKind[key]
				if k == nil {
					k = &KindScore{Kind: c.Kind, Category: r.Category}
					ov.ByKind[key] = k
				}
				k.Support++
				if over {
					k.Found++
				}
			}
			n, leaked := countRunes(c.Text, cover, g.Start, g.End)
			r.SensitiveChars += n
			r.LeakedChars += leaked
		}
		// Predictions: precision.
		for _, p := range ps {
			r := get(p.Type)
			r.Predicted++
			exact, over, onUnsupported := false, false, false
			for _, g := range c.Spans {
				if p.End <= g.Start || p.Start >= g.End {
					continue
				}
				if g.Unsupported {
					onUnsupported = true
					continue
				}
				if !compatible(g.Type, p) {
					continue
				}
				over = true
				if p.Start == g.Start && p.End == g.End {
					exact = true
				}
			}
			switch {
			case over:
				r.Overlap.TPPred++
			case onUnsupported:
				ov.IgnoredOnUnsupported++
				r.Predicted--
				continue
			default:
				r.Overlap.FP++
			}
			if exact {
				r.Exact.TPPred++
			} else {
				r.Exact.FP++
			}
		}
		// Plain text: keep rate.
		plain, redacted := plainRunes(c, cover)
		ov.PlainChars += plain
		ov.RedactedPlain += redacted
	}
	macroN := 0
	for _, r := range per {
		r.Overlap.finish()
		r.Exact.finish()
		if r.SensitiveChars > 0 {
			r.LeakRate = float64(r.LeakedChars) / float64(r.SensitiveChars)
		}
		if !r.Labelled {
			ov.Unlabelled += r.Predicted
			continue
		}
		addPRF(&ov.Micro, r.Overlap)
		addPRF(&ov.ExactMicro, r.Exact)
		ov.Support += r.Support
		ov.SensitiveChars += r.SensitiveChars
		ov.LeakedChars += r.LeakedChars
		if r.Support > 0 {
			macroN++
			ov.Macro.Precision += r.Overlap.Precision
			ov.Macro.Recall += r.Overlap.Recall
			ov.Macro.F1 += r.Overlap.F1
			ov.Macro.F2 += r.Overlap.F2
		}
	}
	ov.Micro.finish()
	ov.ExactMicro.finish()
	if macroN > 0 {
		n := float64(macroN)
		ov.Macro.Precision /= n
		ov.Macro.Recall /= n
		ov.Macro.F1 /= n
		ov.Macro.F2 /= n
	}
	if ov.SensitiveChars > 0 {
		ov.LeakRate = float64(ov.LeakedChars) / float64(ov.SensitiveChars)
	}
	ov.KeepRate = 1
	if ov.PlainChars > 0 {
		ov.KeepRate = float64(ov.PlainChars-ov.RedactedPlain) / float64(ov.PlainChars)
	}
	return per, ov, nil
}

func labelsSecrets(labels map[string]bool) bool {
	for t := range labels {
		if !IsPII(t) {
			return true
		}
	}
	return false
}

func tally(p *PRF, hit bool) {
	if hit {
		p.TP++
	} else {
		p.FN++
	}
}

func addPRF(dst *PRF, p PRF) {
	dst.TP += p.TP
	dst.TPPred += p.TPPred
	dst.FP += p.FP
	dst.FN += p.FN
}

// countRunes counts the code points in text[start:end] and those not covered.
func countRunes(text []byte, cover []bool, start, end int) (n, uncovered int) {
	for i := start; i < end; {
		_, size := utf8.DecodeRune(text[i:end])
		n++
		if !cover[i] {
			uncovered++
		}
		i += size
	}
	return n, uncovered
}

// plainRunes counts the code points outside every label (supported or not) and those of them
// a prediction covers. Unsupported labels are neither plain nor sensitive.
func plainRunes(c Case, cover []bool) (plain, redacted int) {
	pos := 0
	count := func(end int) {
		if end <= pos {
			return
		}
		n, unc := countRunes(c.Text, cover, pos, end)
		plain += n
		redacted += n - unc
	}
	for _, g := range c.Spans {
		count(g.Start)
		pos = max(pos, g.End)
	}
	count(len(c.Text))
	return plain, redacted
}

func scoreLines(ds *Dataset, preds [][]Prediction) *LineScore {
	ls := &LineScore{}
	for i, c := range ds.Cases {
		want := ds.Lines[c.Name]
		exp := want.Risk + want.Informative
		lines := map[int]bool{}
		for _, p := range preds[i] {
			lines[lineOf(c.Text, p.Start)] = true
		}
		found := len(lines)
		tp := min(found, exp)
		ls.Expected += exp
		ls.Risk += want.Risk
		ls.Found += found
		ls.TP += tp
		ls.FP += found - tp
		ls.RiskTP += min(found, want.Risk)
		if found < exp {
			ls.Short = append(ls.Short, fmt.Sprintf("%s %d/%d", c.Name, found, exp))
		}
		if exp > 0 {
			ls.Files++
			if found > 0 {
				ls.FilesCovered++
			}
		}
	}
	ls.Recall, ls.RiskRecall, ls.Precision = 1, 1, 1
	if ls.Expected > 0 {
		ls.Recall = float64(ls.TP) / float64(ls.Expected)
	}
	if ls.Risk > 0 {
		ls.RiskRecall = float64(ls.RiskTP) / float64(ls.Risk)
	}
	if ls.Found > 0 {
		ls.Precision = float64(ls.TP) / float64(ls.Found)
	}
	ls.F2 = fBeta(ls.Precision, ls.Recall, 2)
	return ls
}

// lineOf returns the 1-based line number of byte offset off.
func lineOf(text []byte, off int) int {
	return bytes.Count(text[:min(max(off, 0), len(text))], []byte{'\n'}) + 1
}

// sortedTypes returns the keys of per in a stable order: labelled types by support (largest
// first), then name; unlabelled types last.
func sortedTypes(per map[string]*TypeResult) []string {
	ts := make([]string, 0, len(per))
	for t := range per {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool {
		a, b := per[ts[i]], per[ts[j]]
		if a.Labelled != b.Labelled {
			return a.Labelled
		}
		if a.Support != b.Support {
			return a.Support > b.Support
		}
		return ts[i] < ts[j]
	})
	return ts
}

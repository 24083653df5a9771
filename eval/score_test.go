package eval

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreSpans(t *testing.T) {
	// "Mail ann@x.io, key ghp_X; Acme" — one e-mail, one secret, one unsupported label.
	text := []byte("Mail ann@x.io, key ghp_XXXXXXXXX; Acme")
	ds := &Dataset{Name: "t", Kind: Spans, Labels: map[string]bool{"EMAIL_ADDRESS": true, "GITHUB_TOKEN": true}, Cases: []Case{{
		Text: text,
		Spans: []Span{
			{Type: "EMAIL_ADDRESS", Start: 5, End: 13},
			{Type: "GITHUB_TOKEN", Start: 19, End: 32},
			{Type: "ORGANIZATION", Start: 34, End: 38, Unsupported: true},
		},
	}}}
	tests := []struct {
		name                string
		preds               []Prediction
		emailR, emailP      float64
		emailExactR         float64
		tokenR              float64
		leak, keep          float64
		unlabelled, ignored int
	}{
		{
			name:   "exact and cross-type secret",
			preds:  []Prediction{{5, 13, "EMAIL_ADDRESS", false}, {19, 32, "GENERIC_SECRET", true}},
			emailR: 1, emailP: 1, emailExactR: 1, tokenR: 1, leak: 0, keep: 1,
		},
		{
			name:   "partial overlap leaks the rest",
			preds:  []Prediction{{5, 9, "EMAIL_ADDRESS", false}},
			emailR: 1, emailP: 1, emailExactR: 0, tokenR: 0, leak: float64(4+13) / float64(8+13), keep: 1,
		},
		{
			name:   "wrong PII type does not match",
			preds:  []Prediction{{5, 13, "PHONE_NUMBER", false}},
			emailR: 0, emailP: 1, tokenR: 0, leak: 13.0 / 21, keep: 1, unlabelled: 1,
		},
		{
			name:   "over-redaction lowers keep rate, finding on unsupported ignored",
			preds:  []Prediction{{0, 4, "EMAIL_ADDRESS", false}, {34, 38, "PERSON", false}},
			emailR: 0, emailP: 0, tokenR: 0, leak: 1, keep: float64(38-8-13-4-4) / float64(38-8-13-4), ignored: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			per, ov, ls := Score(ds, [][]Prediction{tc.preds})
			if ls != nil {
				t.Fatal("span dataset scored as lines")
			}
			e, g := per["EMAIL_ADDRESS"], per["GITHUB_TOKEN"]
			if !near(e.Overlap.Recall, tc.emailR) || !near(e.Overlap.Precision, tc.emailP) {
				t.Errorf("email R/P = %v/%v, want %v/%v", e.Overlap.Recall, e.Overlap.Precision, tc.emailR, tc.emailP)
			}
			if !near(e.Exact.Recall, tc.emailExactR) {
				t.Errorf("email exact recall = %v, want %v", e.Exact.Recall, tc.emailExactR)
			}
			if !near(g.Overlap.Recall, tc.tokenR) {
				t.Errorf("token recall = %v, want %v", g.Overlap.Recall, tc.tokenR)
			}
			if !near(ov.LeakRate, tc.leak) || !near(ov.KeepRate, tc.keep) {
				t.Errorf("leak/keep = %v/%v, want %v/%v", ov.LeakRate, ov.KeepRate, tc.leak, tc.keep)
			}
			if ov.Unlabelled != tc.unlabelled || ov.IgnoredOnUnsupported != tc.ignored {
				t.Errorf("unlabelled/ignored = %d/%d, want %d/%d", ov.Unlabelled, ov.IgnoredOnUnsupported, tc.unlabelled, tc.ignored)
			}
			if ov.Support != 2 {
				t.Errorf("support = %d, want 2 (unsupported label excluded)", ov.Support)
			}
		})
	}
}

func TestFBeta(t *testing.T) {
	tests := []struct{ p, r, beta, want float64 }{
		{1, 1, 2, 1},
		{0, 0, 1, 0},
		{0.5, 1, 1, 2.0 / 3},
		{0.5, 1, 2, 5 * 0.5 / (4*0.5 + 1)},
	}
	for _, tc := range tests {
		if got := fBeta(tc.p, tc.r, tc.beta); !near(got, tc.want) {
			t.Errorf("fBeta(%v, %v, %v) = %v, want %v", tc.p, tc.r, tc.beta, got, tc.want)
		}
	}
}

func TestScoreLines(t *testing.T) {
	ds := &Dataset{Name: "l", Kind: LineCounts, Lines: map[string]LineCount{"a": {Risk: 2, Informative: 1}, "b": {Risk: 1}, "c": {}},
		Cases: []Case{{Name: "a", Text: []byte("x\ny\nz\n")}, {Name: "b", Text: []byte("p\nq\n")}, {Name: "c", Text: []byte("r\n")}}}
	preds := [][]Prediction{
		{{Start: 0, End: 1}, {Start: 0, End: 1}, {Start: 2, End: 3}}, // two distinct lines of three
		{{Start: 0, End: 1}, {Start: 2, End: 3}},                     // two lines, one expected
		{{Start: 0, End: 1}},                                         // one line, none expected
	}
	_, _, ls := Score(ds, preds)
	if ls == nil {
		t.Fatal("no line score")
	}
	if ls.Expected != 4 || ls.Found != 5 || ls.TP != 3 || ls.FP != 2 || ls.RiskTP != 3 {
		t.Errorf("counts = %+v", *ls)
	}
	if !near(ls.Recall, 0.75) || !near(ls.Precision, 0.6) || !near(ls.RiskRecall, 1) || ls.FilesCovered != 2 || ls.Files != 2 {
		t.Errorf("rates = %+v", *ls)
	}
}

func TestLocateGitleaks(t *testing.T) {
	text := []byte("line one\n  key = \"SECRETVALUE\"\nSECRETVALUE again\n")
	tests := []struct {
		name       string
		f          gitleaksFinding
		start, end int
	}{
		{"column off by one", gitleaksFinding{StartLine: 2, EndLine: 2, StartColumn: 11, Secret: "SECRETVALUE"}, 18, 29},
		{"third line", gitleaksFinding{StartLine: 3, EndLine: 3, StartColumn: 1, Secret: "SECRETVALUE"}, 31, 42},
		{"not found: whole line", gitleaksFinding{StartLine: 1, EndLine: 1, StartColumn: 1, Secret: "decoded"}, 0, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, e := locate(text, tc.f)
			if s != tc.start || e != tc.end {
				t.Errorf("locate = [%d,%d), want [%d,%d)", s, e, tc.start, tc.end)
			}
		})
	}
}

func TestSecretsOnly(t *testing.T) {
	ds := &Dataset{Name: "c", Kind: Spans, Cases: []Case{
		{Name: "pii", Spans: []Span{{Type: "EMAIL_ADDRESS", Start: 0, End: 1}}},
		{Name: "mixed", Spans: []Span{{Type: "EMAIL_ADDRESS", Start: 0, End: 1}, {Type: "JWT", Start: 2, End: 3}}},
		{Name: "negative"},
	}}
	sub := SecretsOnly(ds)
	if len(sub.Cases) != 2 || sub.Cases[0].Name != "mixed" || sub.Cases[1].Name != "negative" {
		t.Fatalf("kept %d cases", len(sub.Cases))
	}
	if !sub.Cases[0].Spans[0].Unsupported || sub.Cases[0].Spans[1].Unsupported || ds.Cases[1].Spans[0].Unsupported {
		t.Error("PII labels must become unsupported in the copy only")
	}
	if !sub.Labels["JWT"] || sub.Labels["EMAIL_ADDRESS"] {
		t.Errorf("labels = %v", sub.Labels)
	}
}

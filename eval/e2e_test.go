package eval

import (
	"strings"
	"testing"

	"github.com/hushlog/hush/redact"
)

func TestRunEndToEnd(t *testing.T) {
	e, err := redact.New(redact.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(text, value, typ string) Case {
		i := strings.Index(text, value)
		return Case{Text: []byte(text), Spans: []Span{{Type: typ, Start: i, End: i + len(value)}}}
	}
	ds := &Dataset{Kind: Spans, Cases: []Case{
		mk("write to ann.lee@example.com today", "ann.lee@example.com", "EMAIL_ADDRESS"),
		mk(`{"messages": [{"content": "write to ann.lee@example.com"}]}`, "ann.lee@example.com", "EMAIL_ADDRESS"),
		mk("the zebra crossed", "zebra", "GENERIC_SECRET"),
		mk("{not json, ann.lee@example.com", "ann.lee@example.com", "EMAIL_ADDRESS"),
		mk("id ab", "ab", "PERSON"), // shorter than MinValueLen: not counted
	}}
	got := RunEndToEnd(e, ds)
	want := EndToEnd{Values: 4, Survived: 1, SecretValues: 1, SecretSurvived: 1, PIIValues: 3, PIISurvived: 0, JSONCases: 1, Rate: 0.25}
	if got.Values != want.Values || got.Survived != want.Survived || got.SecretValues != want.SecretValues ||
		got.SecretSurvived != want.SecretSurvived || got.PIIValues != want.PIIValues || got.PIISurvived != want.PIISurvived ||
		got.JSONCases != want.JSONCases || got.Dropped != 0 || got.Rate != want.Rate {
		t.Errorf("RunEndToEnd = %+v, want %+v", *got, want)
	}
	if got.SurvivedByType["GENERIC_SECRET"] != 1 {
		t.Errorf("survived by type = %v", got.SurvivedByType)
	}
	if RunEndToEnd(e, &Dataset{Kind: LineCounts}) != nil {
		t.Error("line-count dataset: want nil")
	}
}

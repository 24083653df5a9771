package hushvet_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/hushlog/hush/internal/hushvet"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), hushvet.New(), "a", "b")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), hushvet.New(), "c", "e")
}

func TestAllFlag(t *testing.T) {
	a := hushvet.New()
	if err := a.Flags.Set("compliant", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "d")
}

func TestNewIndependentFlags(t *testing.T) {
	a, b := hushvet.New(), hushvet.New()
	if err := a.Flags.Set("compliant", "true"); err != nil {
		t.Fatal(err)
	}
	if got := b.Flags.Lookup("compliant").Value.String(); got != "false" {
		t.Errorf("second analyzer's -compliant = %s; analyzers must not share flags", got)
	}
}

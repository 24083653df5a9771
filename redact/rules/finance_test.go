package rules_test

// financeExamples are the true and false positives of the rules in finance.go.
var financeExamples = map[string]examples{}

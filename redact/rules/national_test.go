package rules_test

// nationalExamples are the true and false positives of the rules in national.go.
var nationalExamples = map[string]examples{}

package rules_test

// infraExamples are the true and false positives of the rules in infra.go.
var infraExamples = map[string]examples{}

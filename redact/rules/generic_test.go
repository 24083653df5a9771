package rules_test

// genericExamples are the true and false positives of the rules in generic.go.
var genericExamples = map[string]examples{}

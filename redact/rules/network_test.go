package rules_test

// networkExamples are the true and false positives of the rules in network.go.
var networkExamples = map[string]examples{}

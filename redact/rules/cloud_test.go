package rules_test

// cloudExamples are the true and false positives of the rules in cloud.go.
var cloudExamples = map[string]examples{}

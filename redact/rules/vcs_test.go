package rules_test

// vcsExamples are the true and false positives of the rules in vcs.go.
var vcsExamples = map[string]examples{}

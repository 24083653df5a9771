package rules_test

// personExamples are the true and false positives of the rules in person.go.
var personExamples = map[string]examples{}

package rules_test

// contactExamples are the true and false positives of the rules in contact.go.
var contactExamples = map[string]examples{}

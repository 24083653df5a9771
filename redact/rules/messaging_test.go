package rules_test

// messagingExamples are the true and false positives of the rules in messaging.go.
var messagingExamples = map[string]examples{}

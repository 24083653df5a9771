package rules_test

// paymentExamples are the true and false positives of the rules in payment.go.
var paymentExamples = map[string]examples{}

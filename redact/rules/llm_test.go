package rules_test

// llmExamples are the true and false positives of the rules in llm.go.
var llmExamples = map[string]examples{}

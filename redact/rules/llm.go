package rules

// llm returns the rules for model providers (OpenAI, Anthropic, Gemini, Cohere, Mistral, Groq, Hugging Face, …).
func llm() []Rule {
	return nil
}

package rules

// openAIMarker is base64 of "OpenAI", embedded in every OpenAI secret key.
const openAIMarker = "T3BlbkFJ"

// Alphabets of model-provider credentials.
var (
	credSkDash    = NewSet("a-z0-9-")    // DeepSeek / Langfuse values: sk-… with lower-case body
	credSkAn      = NewSet("A-Za-z0-9-") // sk- + alphanumerics
	credLangsmith = NewSet("0-9a-f_")    // lsv2_ body
	credPinecone  = NewSet("A-Za-z0-9_") // pcsk_ body
	credLetters   = NewSet("A-Za-z")     // Hugging Face token body
)

// hasOpenAIMarker reports whether tok holds the T3BlbkFJ marker.
func hasOpenAIMarker(tok []byte) bool {
	for i := 0; i+len(openAIMarker) <= len(tok); i++ {
		if string(tok[i:i+len(openAIMarker)]) == openAIMarker {
			return true
		}
	}
	return false
}

// matchOpenAIMarked finds any OpenAI secret key by its T3BlbkFJ marker: the token around
// the marker (base64url, at most 200 bytes either way) must start with "sk-", be bounded,
// and be 40 to 300 bytes long. It catches legacy user keys (sk-<20>T3BlbkFJ<20>) and
// named project keys (sk-None-…, sk-<service>-…).
func matchOpenAIMarked(text []byte, kw, kwEnd int) (int, int, bool) {
	if string(text[kw:kwEnd]) != openAIMarker {
		return 0, 0, false
	}
	s := kw
	for s > 0 && kw-s < 200 && Base64URL.Has(text[s-1]) {
		s--
	}
	// the token starts at "sk-": skip a leading part that is not (sk- may follow '-')
	for s+3 <= kw && string(text[s:s+3]) != "sk-" {
		s++
	}
	if s+3 > kw || !BoundaryBefore(text, s, &Base64URL) {
		return 0, 0, false
	}
	end := Span(text, kwEnd, &Base64URL, 201)
	if n := end - s; n < 40 || n > 300 || !BoundaryAfter(text, end, &Base64URL) || end-kwEnd < 16 {
		return 0, 0, false
	}
	if LooksPlaceholder(text[s:end]) {
		return 0, 0, false
	}
	return s, end, true
}

// endsAA reports whether an Anthropic key ends with its fixed "AA".
func endsAA(tok []byte) bool {
	return len(tok) > 2 && tok[len(tok)-2] == 'A' && tok[len(tok)-1] == 'A'
}

// langsmithKey reports whether tok is lsv2_pt_ or lsv2_sk_ + 32 hex + '_' + 10 hex.
func langsmithKey(tok []byte) bool {
	b := tok[len("lsv2_pt_"):]
	return len(b) == 43 && credAll(b[:32], &credHex) && b[32] == '_' && credAll(b[33:], &credHex)
}

// pineconeKey reports whether tok is pcsk_ + 5 or 6 alphanumerics + '_' + 63 alphanumerics.
func pineconeKey(tok []byte) bool {
	b := tok[len("pcsk_"):]
	u := 0
	for u < len(b) && b[u] != '_' {
		u++
	}
	return (u == 5 || u == 6) && len(b)-u-1 == 63 && credAll(b[u+1:], &AlNum) && credMixedCase(b[u+1:])
}

// skHex32 reports whether v is sk- + 32 lower-case hex (DeepSeek).
func skHex32(v []byte) bool {
	return len(v) == 35 && string(v[:3]) == "sk-" && credAll(v[3:], &credHex) && Entropy(v[3:]) >= 3.0
}

// skAn48 reports whether v is sk- + 48 alphanumerics (Braintrust, Stability).
func skAn48(v []byte) bool {
	return len(v) == 51 && string(v[:3]) == "sk-" && credAll(v[3:], &AlNum) && credMixedCase(v[3:])
}

// langfuseSecret reports whether v is sk-lf- + UUID.
func langfuseSecret(tok []byte) bool {
	return IsUUID(tok[len("sk-lf-"):])
}

// llm returns the rules for model providers (OpenAI, Anthropic, Gemini, Cohere, Mistral, Groq, Hugging Face, …).
// Google Gemini keys are Google API keys (AIza…) and are found by gcp-api-key.
func llm() []Rule {
	return []Rule{
		{
			ID: "openai-project-key", Type: "OPENAI_API_KEY", Category: Secret,
			Description: "OpenAI project API key, sk-proj- + base64url with the T3BlbkFJ marker",
			Keywords:    []string{"sk-proj-"},
			Match:       credPrefixed(TokenOpts{Min: 100, Max: 240, Body: Base64URL, Validate: hasOpenAIMarker}, "sk-proj-"),
		},
		{
			ID: "openai-service-account-key", Type: "OPENAI_API_KEY", Category: Secret,
			Description: "OpenAI service-account key, sk-svcacct- + base64url with the T3BlbkFJ marker",
			Keywords:    []string{"sk-svcacct-"},
			Match:       credPrefixed(TokenOpts{Min: 100, Max: 240, Body: Base64URL, Validate: hasOpenAIMarker}, "sk-svcacct-"),
		},
		{
			ID: "openai-admin-key", Type: "OPENAI_ADMIN_KEY", Category: Secret,
			Description: "OpenAI admin key, sk-admin- + base64url with the T3BlbkFJ marker",
			Keywords:    []string{"sk-admin-"},
			Match:       credPrefixed(TokenOpts{Min: 100, Max: 240, Body: Base64URL, Validate: hasOpenAIMarker}, "sk-admin-"),
		},
		{
			ID: "openai-api-key", Type: "OPENAI_API_KEY", Category: Secret,
			Description: "OpenAI secret key found by its T3BlbkFJ marker: legacy user keys and named project keys (sk-None-…)",
			Keywords:    []string{openAIMarker},
			Match:       matchOpenAIMarked,
		},
		{
			ID: "anthropic-api-key", Type: "ANTHROPIC_API_KEY", Category: Secret,
			Description: "Anthropic API key, sk-ant-api03- + 93 base64url + AA",
			Keywords:    []string{"sk-ant-api03-"},
			Match:       credPrefixed(TokenOpts{Min: 95, Body: Base64URL, MinEntropy: 4.0, Validate: endsAA}, "sk-ant-api03-"),
		},
		{
			ID: "anthropic-admin-key", Type: "ANTHROPIC_API_KEY", Category: Secret,
			Description: "Anthropic Admin API key, sk-ant-admin01- + 93 base64url + AA",
			Keywords:    []string{"sk-ant-admin01-"},
			Match:       credPrefixed(TokenOpts{Min: 95, Body: Base64URL, MinEntropy: 4.0, Validate: endsAA}, "sk-ant-admin01-"),
		},
		{
			ID: "anthropic-oauth-token", Type: "ANTHROPIC_API_KEY", Category: Secret,
			Description: "Anthropic OAuth access or refresh token, sk-ant-oat01- or sk-ant-ort01- + base64url",
			Keywords:    []string{"sk-ant-oat01-", "sk-ant-ort01-"},
			Match:       credPrefixed(TokenOpts{Min: 80, Max: 200, Body: Base64URL, MinEntropy: 4.0}, "sk-ant-oat01-", "sk-ant-ort01-"),
		},
		{
			ID: "anthropic-session-key", Type: "ANTHROPIC_SESSION_KEY", Category: Secret,
			Description: "claude.ai web session key, sk-ant-sid01- or sk-ant-sid02- + base64url",
			Keywords:    []string{"sk-ant-sid01-", "sk-ant-sid02-"},
			Match:       credPrefixed(TokenOpts{Min: 80, Max: 200, Body: Base64URL, MinEntropy: 4.0}, "sk-ant-sid01-", "sk-ant-sid02-"),
		},
		{
			ID: "cohere-api-key", Type: "COHERE_API_KEY", Category: Secret,
			Description: "40-character Cohere API key assigned to COHERE_API_KEY or CO_API_KEY",
			Keywords:    []string{"cohere_api_key", "co_api_key", "cohere_key", "cohere-api-key"},
			Match:       credValue(40, 40, AlNum, 3.5, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "mistral-api-key", Type: "MISTRAL_API_KEY", Category: Secret,
			Description: "32-character Mistral AI API key assigned to MISTRAL_API_KEY",
			Keywords:    []string{"mistral_api_key", "mistral_key", "mistral-api-key"},
			Match:       credValue(32, 32, AlNum, 3.5, credMixedCase),
			Heuristic:   true,
		},
		{
			ID: "groq-api-key", Type: "GROQ_API_KEY", Category: Secret,
			Description: "Groq API key, gsk_ + 52 alphanumerics",
			Keywords:    []string{"gsk_"},
			Match:       credPrefixed(TokenOpts{Min: 52, Body: AlNum, MinEntropy: 3.5}, "gsk_"),
		},
		{
			ID: "huggingface-token", Type: "HUGGINGFACE_TOKEN", Category: Secret,
			Description: "Hugging Face user access token, hf_ + 34 letters (digits tolerated)",
			Keywords:    []string{"hf_"},
			Match:       credPrefixed(TokenOpts{Min: 34, Body: AlNum, MinEntropy: 3.5}, "hf_"),
		},
		{
			ID: "huggingface-org-token", Type: "HUGGINGFACE_TOKEN", Category: Secret,
			Description: "Hugging Face organization API token (legacy), api_org_ + 34 letters",
			Keywords:    []string{"api_org_"},
			Match:       credPrefixed(TokenOpts{Min: 34, Body: credLetters, MinEntropy: 3.5}, "api_org_"),
		},
		{
			ID: "replicate-api-token", Type: "REPLICATE_API_TOKEN", Category: Secret,
			Description: "Replicate API token, r8_ + 37 characters",
			Keywords:    []string{"r8_"},
			Match:       credPrefixed(TokenOpts{Min: 37, Body: Base64URL, MinEntropy: 3.5}, "r8_"),
		},
		{
			ID: "perplexity-api-key", Type: "PERPLEXITY_API_KEY", Category: Secret,
			Description: "Perplexity API key, pplx- + 48 alphanumerics",
			Keywords:    []string{"pplx-"},
			Match:       credPrefixed(TokenOpts{Min: 48, Body: AlNum, MinEntropy: 3.5}, "pplx-"),
		},
		{
			ID: "xai-api-key", Type: "XAI_API_KEY", Category: Secret,
			Description: "xAI (Grok) API key, xai- + 80 alphanumerics or _",
			Keywords:    []string{"xai-"},
			Match:       credPrefixed(TokenOpts{Min: 80, Body: Word, MinEntropy: 4.0}, "xai-"),
		},
		{
			ID: "together-api-key", Type: "TOGETHER_API_KEY", Category: Secret,
			Description: "64-hex Together AI API key assigned to TOGETHER_API_KEY",
			Keywords:    []string{"together_api_key", "together_key", "togetherai_api_key"},
			Match:       credValue(64, 64, credHex, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "deepseek-api-key", Type: "DEEPSEEK_API_KEY", Category: Secret,
			Description: "DeepSeek API key (sk- + 32 hex) assigned to DEEPSEEK_API_KEY",
			Keywords:    []string{"deepseek_api_key", "deepseek_key", "deepseek-api-key"},
			Match:       credValue(35, 35, credSkDash, 0, skHex32),
			Heuristic:   true,
		},
		{
			ID: "openrouter-api-key", Type: "OPENROUTER_API_KEY", Category: Secret,
			Description: "OpenRouter API key, sk-or-v1- + 64 hex",
			Keywords:    []string{"sk-or-v1-"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: credHex, MinEntropy: 3.3}, "sk-or-v1-"),
		},
		{
			ID: "fireworks-api-key", Type: "FIREWORKS_API_KEY", Category: Secret,
			Description: "Fireworks AI API key, fw_ + 24 to 40 mixed-case alphanumerics",
			Keywords:    []string{"fw_"},
			Match:       credPrefixed(TokenOpts{Min: 24, Max: 40, Body: AlNum, MinEntropy: 3.8, Validate: func(t []byte) bool { return credMixedCase(t[3:]) }}, "fw_"),
		},
		{
			ID: "langsmith-api-key", Type: "LANGSMITH_API_KEY", Category: Secret,
			Description: "LangSmith personal or service key, lsv2_pt_ or lsv2_sk_ + 32 hex + _ + 10 hex",
			Keywords:    []string{"lsv2_pt_", "lsv2_sk_"},
			Match:       credPrefixed(TokenOpts{Min: 43, Body: credLangsmith, MinEntropy: 3.0, Validate: langsmithKey}, "lsv2_pt_", "lsv2_sk_"),
		},
		{
			ID: "pinecone-api-key", Type: "PINECONE_API_KEY", Category: Secret,
			Description: "Pinecone API key, pcsk_ + 5 or 6 alphanumerics + _ + 63 alphanumerics",
			Keywords:    []string{"pcsk_"},
			Match:       credPrefixed(TokenOpts{Min: 69, Max: 70, Body: credPinecone, Validate: pineconeKey}, "pcsk_"),
		},
		{
			ID: "elevenlabs-api-key", Type: "ELEVENLABS_API_KEY", Category: Secret,
			Description: "ElevenLabs API key, sk_ + 48 hex",
			Keywords:    []string{"sk_"},
			Match:       credPrefixed(TokenOpts{Min: 48, Body: credHex, MinEntropy: 3.3}, "sk_"),
		},
		{
			ID: "elevenlabs-api-key-legacy", Type: "ELEVENLABS_API_KEY", Category: Secret,
			Description: "legacy 32-hex ElevenLabs key sent as xi-api-key or assigned to ELEVENLABS_API_KEY",
			Keywords:    []string{"xi-api-key", "elevenlabs_api_key", "eleven_api_key"},
			Match:       credValue(32, 32, credHex, 3.0, nil),
			Heuristic:   true,
		},
		{
			ID: "nvidia-api-key", Type: "NVIDIA_API_KEY", Category: Secret,
			Description: "NVIDIA NIM / build.nvidia.com API key, nvapi- + 64 base64url",
			Keywords:    []string{"nvapi-"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: Base64URL, MinEntropy: 4.0}, "nvapi-"),
		},
		{
			ID: "langfuse-secret-key", Type: "LANGFUSE_SECRET_KEY", Category: Secret,
			Description: "Langfuse project secret key, sk-lf- + UUID (the pk-lf- public key is left alone)",
			Keywords:    []string{"sk-lf-"},
			Match:       credPrefixed(TokenOpts{Min: 36, Body: credUUIDChars, MinEntropy: 3.0, Validate: langfuseSecret}, "sk-lf-"),
		},
		{
			ID: "sourcegraph-cody-key", Type: "SOURCEGRAPH_TOKEN", Category: Secret,
			Description: "Sourcegraph Cody gateway key, slk_ + 64 hex",
			Keywords:    []string{"slk_"},
			Match:       credPrefixed(TokenOpts{Min: 64, Body: credHex, MinEntropy: 3.3}, "slk_"),
		},
		{
			ID: "wandb-api-key", Type: "WANDB_API_KEY", Category: Secret,
			Description: "40-hex Weights & Biases API key assigned to WANDB_API_KEY",
			Keywords:    []string{"wandb_api_key", "wandb_key"},
			Match:       credValue(40, 40, credHex, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "deepgram-api-key", Type: "DEEPGRAM_API_KEY", Category: Secret,
			Description: "40-hex Deepgram API key assigned to DEEPGRAM_API_KEY",
			Keywords:    []string{"deepgram_api_key", "deepgram_key"},
			Match:       credValue(40, 40, credHex, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "assemblyai-api-key", Type: "ASSEMBLYAI_API_KEY", Category: Secret,
			Description: "32-character AssemblyAI API key assigned to ASSEMBLYAI_API_KEY",
			Keywords:    []string{"assemblyai_api_key", "assembly_api_key", "assemblyai_key"},
			Match:       credValue(32, 32, LowerAlNum, 3.3, nil),
			Heuristic:   true,
		},
		{
			ID: "braintrust-api-key", Type: "BRAINTRUST_API_KEY", Category: Secret,
			Description: "Braintrust API key (sk- + 48 alphanumerics) assigned to BRAINTRUST_API_KEY",
			Keywords:    []string{"braintrust_api_key", "braintrust_key"},
			Match:       credValue(51, 51, credSkAn, 0, skAn48),
			Heuristic:   true,
		},
		{
			ID: "stability-api-key", Type: "STABILITY_API_KEY", Category: Secret,
			Description: "Stability AI API key (sk- + 48 alphanumerics) assigned to STABILITY_API_KEY",
			Keywords:    []string{"stability_api_key", "stability_key"},
			Match:       credValue(51, 51, credSkAn, 0, skAn48),
			Heuristic:   true,
		},
	}
}

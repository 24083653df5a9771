package rules_test

import "strings"

var (
	ktOpenAIProj   = "sk-proj-" + ktTok("oai-p1", 74, ktB64u) + "T3BlbkFJ" + ktTok("oai-p2", 74, ktB64u)
	ktOpenAISvc    = "sk-svcacct-" + ktTok("oai-s1", 58, ktB64u) + "T3BlbkFJ" + ktTok("oai-s2", 58, ktB64u)
	ktOpenAIAdmin  = "sk-admin-" + ktTok("oai-a1", 58, ktB64u) + "T3BlbkFJ" + ktTok("oai-a2", 58, ktB64u)
	ktOpenAILegacy = "sk-" + ktTok("oai-l1", 20, ktAN) + "T3BlbkFJ" + ktTok("oai-l2", 20, ktAN)
	ktAnthropic    = "sk-ant-api03-" + ktTok("ant", 93, ktB64u) + "AA"
)

// llmExamples are the true and false positives of the rules in llm.go.
var llmExamples = map[string]examples{
	"openai-project-key": {
		tp: []string{
			"OPENAI_API_KEY=«" + ktOpenAIProj + "»",
			"curl https://api.openai.com/v1/chat/completions -H \"Authorization: Bearer «" + ktOpenAIProj + "»\"",
			`{"messages": [{"role": "user", "content": "why does «` + "sk-proj-" + ktTok("oai-p3", 58, ktB64u) + "T3BlbkFJ" + ktTok("oai-p4", 58, ktB64u) + `» return 429?"}]}`,
		},
		fp: []string{
			"OPENAI_API_KEY=sk-proj-...",
			"OPENAI_API_KEY=sk-proj-" + ktTok("oai-p5", 148, ktB64u),
			"OPENAI_API_KEY=sk-proj-" + ktTok("oai-p6", 30, ktB64u) + "T3BlbkFJ",
		},
	},
	"openai-service-account-key": {
		tp: []string{"OPENAI_API_KEY=«" + ktOpenAISvc + "»"},
		fp: []string{"sk-svcacct-" + ktTok("oai-s3", 124, ktB64u), "sk-svcacct-YOUR_KEY"},
	},
	"openai-admin-key": {
		tp: []string{"OPENAI_ADMIN_KEY=«" + ktOpenAIAdmin + "»"},
		fp: []string{"sk-admin-" + ktTok("oai-a3", 124, ktB64u), "the sk-admin- prefix marks admin keys"},
	},
	"openai-api-key": {
		tp: []string{
			"openai.api_key = \"«" + ktOpenAILegacy + "»\"",
			"OPENAI_API_KEY=«sk-None-" + ktTok("oai-n1", 40, ktB64u) + "T3BlbkFJ" + ktTok("oai-n2", 40, ktB64u) + "»",
			"key «" + ktOpenAIProj + "»",
		},
		fp: []string{
			"T3BlbkFJ is base64 for OpenAI",
			"xsk-" + ktTok("oai-x1", 20, ktAN) + "T3BlbkFJ" + ktTok("oai-x2", 20, ktAN),
			"pk-" + ktTok("oai-y1", 20, ktAN) + "T3BlbkFJ" + ktTok("oai-y2", 20, ktAN),
			"sk-" + ktTok("oai-z1", 20, ktAN) + "T3BlbkFJ" + ktTok("oai-z2", 6, ktAN),
		},
	},
	"anthropic-api-key": {
		tp: []string{
			"ANTHROPIC_API_KEY=«" + ktAnthropic + "»",
			"curl https://api.anthropic.com/v1/messages -H \"x-api-key: «" + ktAnthropic + "»\"",
		},
		fp: []string{
			"ANTHROPIC_API_KEY=sk-ant-api03-...",
			"ANTHROPIC_API_KEY=sk-ant-api03-" + ktTok("ant2", 95, ktB64u)[:93] + "Ab",
			"ANTHROPIC_API_KEY=sk-ant-api03-" + ktTok("ant3", 60, ktB64u) + "AA",
		},
	},
	"anthropic-admin-key": {
		tp: []string{"ANTHROPIC_ADMIN_KEY=«sk-ant-admin01-" + ktTok("ant-adm", 93, ktB64u) + "AA»"},
		fp: []string{"sk-ant-admin01-" + ktTok("ant-adm2", 93, ktB64u) + "QQ"},
	},
	"anthropic-oauth-token": {
		tp: []string{"CLAUDE_CODE_OAUTH_TOKEN=«sk-ant-oat01-" + ktTok("ant-oat", 93, ktB64u) + "AA»"},
		fp: []string{"sk-ant-oat01-" + ktTok("ant-oat2", 30, ktB64u), "sk-ant-oat01-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	},
	"anthropic-session-key": {
		tp: []string{"Cookie: sessionKey=«sk-ant-sid01-" + ktTok("ant-sid", 86, ktB64u) + "AA»"},
		fp: []string{"sessionKey=sk-ant-sid01-" + ktTok("ant-sid2", 40, ktB64u)},
	},
	"cohere-api-key": {
		tp: []string{"COHERE_API_KEY=«" + ktTok("cohere", 40, ktAN) + "»", "co = cohere.Client(api_key=os.environ['CO_API_KEY'])\nCO_API_KEY: «" + ktTok("cohere2", 40, ktAN) + "»"},
		fp: []string{"COHERE_API_KEY=<your-cohere-key>", "COHERE_API_KEY=" + ktTok("cohere3", 32, ktAN)},
	},
	"mistral-api-key": {
		tp: []string{"MISTRAL_API_KEY=«" + ktTok("mistral", 32, ktAN) + "»"},
		fp: []string{"MISTRAL_API_KEY=${MISTRAL_API_KEY}", "MISTRAL_MODEL=mistral-large-2411"},
	},
	"groq-api-key": {
		tp: []string{"GROQ_API_KEY=«gsk_" + ktTok("groq", 52, ktAN) + "»"},
		fp: []string{"gsk_" + ktTok("groq2", 40, ktAN), "gsk_" + strings.Repeat("x", 52)},
	},
	"huggingface-token": {
		tp: []string{"HF_TOKEN=«hf_" + ktTok("hf", 34, ktAlpha) + "»", "huggingface-cli login --token «hf_" + ktTok("hf2", 34, ktAlpha) + "»"},
		fp: []string{"hf_hub_download(repo_id=\"gpt2\")", "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "hf_" + ktTok("hf3", 30, ktAlpha)},
	},
	"huggingface-org-token": {
		tp: []string{"token: «api_org_" + ktTok("hforg", 34, ktAlpha) + "»"},
		fp: []string{"api_org_" + ktTok("hforg2", 34, ktHex), "api_org_settings"},
	},
	"replicate-api-token": {
		tp: []string{"REPLICATE_API_TOKEN=«r8_" + ktTok("r8", 37, ktAN) + "»", "«r8_" + ktTok("r8c", 37, ktB64u) + "»"},
		fp: []string{"r8_" + ktTok("r8b", 20, ktAN), "r8_" + strings.Repeat("X", 37)},
	},
	"perplexity-api-key": {
		tp: []string{"PERPLEXITY_API_KEY=«pplx-" + ktTok("pplx", 48, ktAN) + "»"},
		fp: []string{"pplx-" + ktTok("pplx2", 40, ktAN), "pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	},
	"xai-api-key": {
		tp: []string{"XAI_API_KEY=«xai-" + ktTok("xai", 80, ktAN) + "»"},
		fp: []string{"pip install xai-sdk", "xai-" + ktTok("xai2", 60, ktAN)},
	},
	"together-api-key": {
		tp: []string{"TOGETHER_API_KEY=«" + ktTok("together", 64, ktHex) + "»"},
		fp: []string{"TOGETHER_API_KEY=" + ktTok("together2", 40, ktHex), "TOGETHER_API_KEY=$TOGETHER_API_KEY"},
	},
	"deepseek-api-key": {
		tp: []string{"DEEPSEEK_API_KEY=«sk-" + ktTok("deepseek", 32, ktHex) + "»"},
		fp: []string{"DEEPSEEK_API_KEY=sk-" + ktTok("deepseek2", 30, ktHex), "DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	},
	"openrouter-api-key": {
		tp: []string{"OPENROUTER_API_KEY=«sk-or-v1-" + ktTok("openrouter", 64, ktHex) + "»"},
		fp: []string{"sk-or-v1-" + ktTok("openrouter2", 60, ktHex), "sk-or-v1-" + ktTok("openrouter3", 64, ktUpper)},
	},
	"fireworks-api-key": {
		tp: []string{"FIREWORKS_API_KEY=«fw_" + ktTok("fw", 24, ktAN) + "»"},
		fp: []string{"fw_version = \"1.2.3\"", "version.py,sha256=qaN-fw_" + ktTok("fw-digest", 36, ktAN), "fw_" + ktTok("fw2", 24, ktLan), "fw_update_interval_seconds"},
	},
	"langsmith-api-key": {
		tp: []string{"LANGSMITH_API_KEY=«lsv2_pt_" + ktTok("ls", 32, ktHex) + "_" + ktTok("ls2", 10, ktHex) + "»", "«lsv2_sk_" + ktTok("ls3", 32, ktHex) + "_" + ktTok("ls4", 10, ktHex) + "»"},
		fp: []string{"lsv2_pt_" + ktTok("ls5", 32, ktHex), "lsv2_pt_" + ktTok("ls6", 32, ktHex) + "_" + ktTok("ls7", 8, ktHex)},
	},
	"pinecone-api-key": {
		tp: []string{"PINECONE_API_KEY=«pcsk_" + ktTok("pc", 5, ktAN) + "_" + ktTok("pc2", 63, ktAN) + "»"},
		fp: []string{"pcsk_" + ktTok("pc3", 5, ktAN) + "_" + ktTok("pc4", 40, ktAN), "PINECONE_API_KEY=" + ktUUID("pc5")},
	},
	"elevenlabs-api-key": {
		tp: []string{"ELEVENLABS_API_KEY=«sk_" + ktTok("eleven", 48, ktHex) + "»"},
		fp: []string{"sk_" + ktTok("eleven2", 40, ktHex), "sk_live_" + ktTok("eleven3", 24, ktAN)},
	},
	"elevenlabs-api-key-legacy": {
		tp: []string{"curl -H \"xi-api-key: «" + ktTok("eleven-l", 32, ktHex) + "»\" https://api.elevenlabs.io/v1/voices"},
		fp: []string{"xi-api-key: $ELEVEN_KEY", "xi-api-key: " + ktTok("eleven-l2", 30, ktHex)},
	},
	"nvidia-api-key": {
		tp: []string{"NVIDIA_API_KEY=«nvapi-" + ktTok("nv", 64, ktB64u) + "»"},
		fp: []string{"nvapi-" + ktTok("nv2", 40, ktB64u), "nvapi-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	},
	"langfuse-secret-key": {
		tp: []string{"LANGFUSE_SECRET_KEY=«sk-lf-" + ktUUID("langfuse") + "»"},
		fp: []string{"LANGFUSE_PUBLIC_KEY=pk-lf-" + ktUUID("langfuse2"), "sk-lf-" + ktTok("langfuse3", 36, ktHex)},
	},
	"sourcegraph-cody-key": {
		tp: []string{"CODY_KEY=«slk_" + ktTok("slk", 64, ktHex) + "»"},
		fp: []string{"slk_" + ktTok("slk2", 40, ktHex)},
	},
	"wandb-api-key": {
		tp: []string{"WANDB_API_KEY=«" + ktTok("wandb", 40, ktHex) + "»"},
		fp: []string{"WANDB_API_KEY=$WANDB_KEY", "WANDB_RUN_ID=" + ktTok("wandb2", 8, ktLan)},
	},
	"deepgram-api-key": {
		tp: []string{"DEEPGRAM_API_KEY=«" + ktTok("deepgram", 40, ktHex) + "»"},
		fp: []string{"DEEPGRAM_API_KEY=" + ktTok("deepgram2", 32, ktHex)},
	},
	"assemblyai-api-key": {
		tp: []string{"ASSEMBLYAI_API_KEY=«" + ktTok("aai", 32, ktHex) + "»"},
		fp: []string{"ASSEMBLYAI_API_KEY=<your-key>", "ASSEMBLYAI_API_KEY=" + ktTok("aai2", 40, ktHex)},
	},
	"braintrust-api-key": {
		tp: []string{"BRAINTRUST_API_KEY=«sk-" + ktTok("bt", 48, ktAN) + "»"},
		fp: []string{"BRAINTRUST_API_KEY=sk-" + ktTok("bt2", 40, ktAN), "BRAINTRUST_API_KEY=" + ktTok("bt3", 51, ktAN)},
	},
	"stability-api-key": {
		tp: []string{"STABILITY_API_KEY=«sk-" + ktTok("stab", 48, ktAN) + "»"},
		fp: []string{"STABILITY_API_KEY=sk-" + ktTok("stab2", 48, ktLan)},
	},
}

package synth

import (
	"encoding/json"
	"fmt"
	"strings"
)

var words = strings.Fields(`the of and to in is that for it as was with be by on not he this are or
his from at which but have an they you were her she there been one all we their has would when
if so no will more can out other into some time could about these two may then do first any my
now such like our over man me even most made after also did many before must through back years
where much your way well down should because each just those people how too little state good
very make world still own see men work long get here between both life being under never day same
another know while last might us great old year off come since against go came right used take
three system model request response latency cache server client query table index stream token
budget review policy team design report change build release version update deploy service
network storage memory process thread window buffer record field value output input prompt
answer question summary draft meeting schedule customer invoice order shipping account travel`)

var firstNames = strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Priya Rahul Ananya Wei Li
Mei Hiroshi Yuki Sofia Mateo Lucas Emma Olivia Noah Liam Ahmed Fatima Omar Aisha Lena Jonas
Camille Louis Chloe Pierre Ines Giulia Marco Anna Lukas Sven Ingrid Maria Jose Carlos Ana`)

var lastNames = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Patel Sharma Gupta
Wang Zhang Chen Tanaka Suzuki Mueller Schmidt Schneider Fischer Dubois Laurent Moreau Rossi Russo
Silva Santos Oliveira Nguyen Kim Park Novak Kowalski Johansson Larsen`)

// Prose returns about n bytes of clean English-like prose: sentences of common words in
// paragraphs, with no secrets or personal data.
func (g *Gen) Prose(n int) []byte {
	var b strings.Builder
	b.Grow(n + 256)
	for b.Len() < n {
		sentences := 3 + g.r.IntN(5)
		for s := 0; s < sentences; s++ {
			nw := 6 + g.r.IntN(14)
			for w := 0; w < nw; w++ {
				word := Pick(g, words)
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(word)
				if w > 2 && w < nw-2 && g.r.IntN(12) == 0 {
					b.WriteByte(',')
				}
			}
			b.WriteString(Pick(g, []string{".", ".", ".", "?", "!"}))
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	return []byte(b.String())
}

// Span is a labelled planted value: bytes [Start, End) of a corpus hold a value of Type.
type Span struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Planted is a secret kind the source corpus plants, with the line template it sits in.
type planted struct {
	typ  string
	make func(g *Gen) string
	line string // %s is the secret
}

func plantedKinds() []planted {
	return []planted{
		{"AWS_ACCESS_KEY_ID", (*Gen).AWSKeyID, "    aws_access_key_id = \"%s\"\n"},
		{"GITHUB_TOKEN", func(g *Gen) string { return g.GitHubToken("ghp_") }, "export GITHUB_TOKEN=%s\n"},
		{"SLACK_TOKEN", (*Gen).SlackBotToken, "const slackToken = \"%s\"\n"},
		{"STRIPE_SECRET_KEY", (*Gen).StripeLiveKey, "stripe.api_key = '%s'\n"},
		{"OPENAI_API_KEY", (*Gen).OpenAIProjectKey, "client = OpenAI(api_key=\"%s\")\n"},
		{"GITLAB_TOKEN", (*Gen).GitLabPAT, "  token: %s\n"},
		{"GCP_API_KEY", (*Gen).GoogleAPIKey, "const mapsKey = \"%s\";\n"},
		{"JWT", (*Gen).JWT, "curl -H \"Authorization: Bearer %s\" https://api.example.com/v1/me\n"},
		{"PRIVATE_KEY", func(g *Gen) string { return g.PrivateKeyPEM("\n") }, "%s\n"},
		{"NPM_TOKEN", (*Gen).NPMToken, "//registry.npmjs.org/:_authToken=%s\n"},
	}
}

var codeLines = []string{
	"func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n",
	"\tif err != nil {\n\t\treturn fmt.Errorf(\"load config: %w\", err)\n\t}\n",
	"for i := 0; i < len(items); i++ {\n\ttotal += items[i].Price * items[i].Qty\n}\n",
	"def compute_totals(orders):\n    return sum(o.price for o in orders if o.status == 'paid')\n",
	"    logger.info(\"processed %d records in %.2fs\", count, elapsed)\n",
	"import os\nimport json\nfrom dataclasses import dataclass\n",
	"const result = await fetch(`${baseUrl}/v1/items?page=${page}`);\n",
	"SELECT id, created_at, status FROM orders WHERE status = 'open' ORDER BY created_at DESC;\n",
	"  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n",
	"    image: registry.example.com/web:1.24.3\n    ports:\n      - containerPort: 8080\n",
	"// retry with exponential backoff, capped at 30 seconds\n",
	"checksum := sha256.Sum256(data) // 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n",
	"id: 3f2504e0-4f89-11d3-9a0c-0305e82c3301\nversion: v2.5.79\n",
	"    \"model\": \"gpt-4o-mini\", \"temperature\": 0.2, \"max_tokens\": 1024,\n",
	"password = os.environ[\"DB_PASSWORD\"]\napi_key = \"${API_KEY}\"\n",
	"commit 8c3e1f0a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e\n",
}

// SourceWithSecrets returns about n bytes of source-code-like text (Go, Python, JS, SQL, YAML,
// with hashes, UUIDs, versions and placeholders as hard negatives) with a planted secret about
// every perKB kilobytes, and the spans of the planted secrets.
func (g *Gen) SourceWithSecrets(n int, perKB float64) ([]byte, []Span) {
	var b strings.Builder
	b.Grow(n + 4096)
	var spans []Span
	kinds := plantedKinds()
	next := 0
	for b.Len() < n {
		b.WriteString(Pick(g, codeLines))
		if b.Len() >= next {
			k := kinds[g.r.IntN(len(kinds))]
			v := k.make(g)
			i := strings.Index(k.line, "%s")
			start := b.Len() + i
			fmt.Fprintf(&b, k.line, v)
			spans = append(spans, Span{Type: k.typ, Start: start, End: start + len(v)})
			next = b.Len() + int(1024/perKB*(0.5+g.r.Float64()))
		}
	}
	return []byte(b.String()), spans
}

// ChatBody returns one OpenAI-style chat-completion request body of about size bytes. When
// leak is true, the user message carries a pasted secret and personal data.
func (g *Gen) ChatBody(size int, leak bool) []byte {
	var user strings.Builder
	user.WriteString("Can you review this and tell me what is wrong?\n\n")
	if leak {
		fmt.Fprintf(&user, "My email is %s and the deploy uses GITHUB_TOKEN=%s\n", g.Email(), g.GitHubToken("ghp_"))
	}
	for user.Len() < size-300 {
		user.WriteString(Pick(g, codeLines))
	}
	body := map[string]any{
		"model":       "gpt-4o-mini",
		"temperature": 0.2,
		"stream":      false,
		"messages": []map[string]string{
			{"role": "system", "content": "You are a careful senior engineer."},
			{"role": "user", "content": user.String()},
		},
	}
	out, _ := json.Marshal(body)
	return out
}

package synth

import (
	"bytes"
	"encoding/json"
)

// BenchCorpora returns the benchmark corpora checked into testdata/bench, by file name:
// clean English prose, source code with about one secret per KB (and its labels), and JSON
// chat-completion bodies (JSON lines, one in four carrying a secret and an e-mail address).
// size is the approximate size of each corpus in bytes.
func BenchCorpora(size int) map[string][]byte {
	out := map[string][]byte{}
	out["prose.txt"] = New(1).Prose(size)
	code, spans := New(2).SourceWithSecrets(size, 1)
	out["code.txt"] = code
	var labels bytes.Buffer
	enc := json.NewEncoder(&labels)
	for _, s := range spans {
		_ = enc.Encode(s)
	}
	out["code.labels.jsonl"] = labels.Bytes()
	g := New(3)
	var chat bytes.Buffer
	for i := 0; chat.Len() < size; i++ {
		chat.Write(g.ChatBody(4096, i%4 == 0))
		chat.WriteByte('\n')
	}
	out["chat.jsonl"] = chat.Bytes()
	return out
}

// BenchCorpusSize is the size of each checked-in benchmark corpus.
const BenchCorpusSize = 1 << 20

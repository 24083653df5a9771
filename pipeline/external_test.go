package pipeline_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/redact"
	"github.com/hushlog/hush/redact/rules"
	"github.com/hushlog/hush/sink/file"
)

// engine returns an engine with a small deterministic rule set.
func engine() *redact.Engine {
	e, err := redact.New(redact.Config{Rules: []rules.Rule{
		{ID: "demo-token", Type: "DEMO_TOKEN", Category: rules.Secret, Keywords: []string{"dmo_"},
			Match: rules.Token("dmo_", rules.TokenOpts{Min: 10, Max: 40, Body: rules.AlNum})},
		{ID: "demo-secret", Type: "PASSWORD", Category: rules.Secret, Keywords: []string{"secret", "passwd"},
			Match: rules.Value(rules.ValueOpts{Min: 6, Max: 64, Chars: rules.NewSet("!#-&(-~"), RequireAssign: true})},
	}})
	if err != nil {
		panic(err)
	}
	return e
}

// canaries makes synthetic secrets and finds them again without printing them.
type canaries struct {
	rnd  *mrand.Rand
	made []string
}

func newCanaries(seed uint64) *canaries {
	return &canaries{rnd: mrand.New(mrand.NewPCG(seed, 0xdeadbeef))}
}

func (c *canaries) next(prefix string) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte{}
	for range 24 {
		b = append(b, alnum[c.rnd.IntN(len(alnum))])
	}
	c.made = append(c.made, string(b))
	return prefix + string(b)
}

// find returns the index of a canary found in data, or -1.
func (c *canaries) find(data []byte) int {
	for i, s := range c.made {
		if bytes.Contains(data, []byte(s)) {
			return i
		}
	}
	return -1
}

// chatBody returns an OpenAI-style chat request of about size bytes holding secret.
func chatBody(size int, secret, password string) []byte {
	filler := strings.Repeat("Please summarise the quarterly report and list the action items. ", size/64)
	return fmt.Appendf(nil, `{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"%s my key is %s and db passwd=%s thanks"}],"stream":false}`,
		filler[:max(size-260, 0)], secret, password)
}

func exchange(c *canaries, size int) *record.Exchange {
	return &record.Exchange{
		Method:         "POST",
		Path:           "/v1/chat/completions",
		Status:         200,
		RequestHeader:  http.Header{"Authorization": {"Bearer " + c.next("sk-")}, "Content-Type": {"application/json"}, "X-Api-Key": {c.next("")}},
		ResponseHeader: http.Header{"Content-Type": {"application/json"}},
		RequestBody:    chatBody(size, c.next("dmo_"), c.next("P")),
		ResponseBody:   fmt.Appendf(nil, `{"id":"chatcmpl-1","model":"gpt-4o","choices":[{"message":{"role":"assistant","content":"Your token dmo_%s is leaked"}}],"usage":{"prompt_tokens":900,"completion_tokens":12}}`, c.next("")),
		Start:          time.Now(),
		Duration:       300 * time.Millisecond,
		TTFB:           80 * time.Millisecond,
		ClientAddress:  "192.0.2.10:40000",
		UserID:         "user-" + c.next(""),
		RequestModel:   "gpt-4o",
		Provider:       "openai",
		Operation:      "chat",
	}
}

// jsonlIDs reads every record line under dir (plain and gzipped JSONL), decodes each and
// returns the count per record id.
func jsonlIDs(dir string) (map[string]int, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.jsonl*"))
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	for _, p := range paths {
		if strings.HasSuffix(p, ".tmp") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		var r io.Reader = f
		if strings.HasSuffix(p, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				f.Close()
				return nil, err
			}
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			rec, err := record.Decode(sc.Bytes())
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", filepath.Base(p), err)
			}
			ids[rec.ID]++
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// allFiles returns the contents of every regular file under dir, gunzipping .gz files.
func allFiles(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return err
			}
			if b, err = io.ReadAll(zr); err != nil {
				return err
			}
		}
		out[p] = b
		return nil
	})
	return out, err
}

var errRejected = errors.New("rejected by test sink")

// rejectSink permanently rejects every record, so every record reaches the dead letters.
type rejectSink struct{}

func (rejectSink) Write(_ context.Context, items []pipeline.Item) error {
	return pipeline.Permanent(errRejected)
}

func (rejectSink) Close(context.Context) error { return nil }

func fileSink(dir string) *file.Sink {
	cfg := file.DefaultConfig(dir)
	cfg.Sync = false
	s, err := file.New(cfg, nil)
	if err != nil {
		panic(err)
	}
	return s
}

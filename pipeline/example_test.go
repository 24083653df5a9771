package pipeline_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/record"
	"github.com/hushlog/hush/sink/stdout"
)

// zeros is a deterministic randomness source for reproducible ids in the example.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func Example() {
	dir, err := os.MkdirTemp("", "hush-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	out, err := stdout.New(stdout.DefaultConfig(), os.Stdout)
	if err != nil {
		panic(err)
	}
	p, err := pipeline.New(pipeline.Config{
		Engine: engine(), // normally redact.New(redact.Config{}): the built-in rules
		Spool:  pipeline.SpoolConfig{Dir: dir},
		Sinks:  []pipeline.NamedSink{{Name: "stdout", Sink: out}},
		Now:    func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) },
		Rand:   zeros{},
	})
	if err != nil {
		panic(err)
	}
	// on the request path: one non-blocking hand-off per exchange
	accepted := p.Offer(&record.Exchange{
		Method:        "POST",
		Path:          "/v1/chat/completions",
		Status:        200,
		RequestHeader: http.Header{"Authorization": {"Bearer sk-live-123"}},
		RequestBody:   []byte(`{"model":"gpt-4o","messages":[{"role":"user","content":"my passwd=Zq8!kf2p"}]}`),
		Start:         time.Date(2026, 11, 23, 11, 59, 59, 0, time.UTC),
		Duration:      250 * time.Millisecond,
		RequestModel:  "gpt-4o",
	})
	fmt.Println("accepted:", accepted)
	// at shutdown: drain queue → spool → sinks
	if err := p.Close(context.Background()); err != nil {
		panic(err)
	}
	// Output:
	// accepted: true
	// {"@timestamp":"2026-11-23T11:59:59Z","record.id":"01M844DZG00000000000000000","message":"POST /v1/chat/completions 200 gpt-4o","event.duration":250000000,"http.request.method":"POST","url.path":"/v1/chat/completions","http.response.status_code":200,"gen_ai.request.model":"gpt-4o","http.request.headers":{"Authorization":"[REDACTED:SECRET]"},"http.request.body.content":"{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"my passwd=[REDACTED:PASSWORD]\"}]}","hush.findings":{"PASSWORD":1,"SECRET":1},"hush.truncated":false,"hush.capture_mode":"full","hush.redaction_failed":false}
}

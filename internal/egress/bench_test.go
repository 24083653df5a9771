package egress_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/hushlog/hush/internal/egress"
)

// BenchmarkRun measures throughput on a mix of public and private lines, plain and JSON.
func BenchmarkRun(b *testing.B) {
	var in bytes.Buffer
	for i := 0; i < 1000; i++ {
		in.WriteString("SystemLog: request served route=/v1/chat status=200 ms=12\n")
		in.WriteString("prompt: please summarise the attached shipping report for the customer\n")
		in.WriteString(`{"time":"2026-01-02T03:04:05Z","level":"INFO","msg":"SystemLog: ready","port":8080}` + "\n")
		in.WriteString(`{"time":"2026-01-02T03:04:05Z","level":"INFO","msg":"prompt","text":"hello there"}` + "\n")
	}
	data := in.Bytes()
	for _, mode := range []egress.Mode{egress.Placeholder, egress.Redact} {
		b.Run(mode.String(), func(b *testing.B) {
			opts := egress.Options{Mode: mode, Engine: testEngine(b)}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := egress.Run(context.Background(), opts, bytes.NewReader(data), io.Discard, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package stdout

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hushlog/hush/pipeline"
)

type failWriter struct{ err error }

func (f failWriter) Write(p []byte) (int, error) { return 0, f.err }

func TestWrite(t *testing.T) {
	long := `{"x":"` + strings.Repeat("a", 2000) + `"}`
	cases := []struct {
		name    string
		items   []string
		want    string
		badIdxs []int
	}{
		{"lines", []string{`{"a":1}`, `{"b":2}`}, "{\"a\":1}\n{\"b\":2}\n", nil},
		{"too long", []string{`{"a":1}`, long}, "{\"a\":1}\n", []int{1}},
		{"line break", []string{"{\"a\":\n1}", `{"b":2}`}, "{\"b\":2}\n", []int{0}},
		{"empty", nil, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			s, err := New(Config{MaxLineBytes: 1024}, &out)
			if err != nil {
				t.Fatal(err)
			}
			var its []pipeline.Item
			for i, d := range c.items {
				its = append(its, pipeline.Item{ID: fmt.Sprint(i), Data: []byte(d)})
			}
			err = s.Write(context.Background(), its)
			if out.String() != c.want {
				t.Fatalf("wrote %q, want %q", out.String(), c.want)
			}
			var pe *pipeline.PartialError
			if len(c.badIdxs) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &pe) || len(pe.Failed) != len(c.badIdxs) {
				t.Fatalf("err = %v", err)
			}
			for _, i := range c.badIdxs {
				if !pipeline.IsPermanent(pe.Failed[i]) {
					t.Fatalf("item %d: %v, want permanent", i, pe.Failed[i])
				}
			}
		})
	}
}

func TestWriteErrorRetryable(t *testing.T) {
	s, err := New(DefaultConfig(), failWriter{errors.New("broken pipe")})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Write(context.Background(), []pipeline.Item{{ID: "a", Data: []byte("{}")}})
	if err == nil || pipeline.IsPermanent(err) {
		t.Fatalf("err = %v, want retryable", err)
	}
}

func TestValidate(t *testing.T) {
	if _, err := New(Config{MaxLineBytes: 10}, nil); err == nil ||
		err.Error() != "stdout sink: max_line_bytes: must be at least 1024 (got 10)" {
		t.Fatalf("New = %v", err)
	}
	if err := (Config{MaxLineBytes: 10}).Validate(); err == nil ||
		err.Error() != "max_line_bytes: must be at least 1024 (got 10)" {
		t.Fatalf("Validate = %v", err)
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
}

func ExampleNew() {
	s, err := New(DefaultConfig(), os.Stdout)
	if err != nil {
		panic(err)
	}
	_ = s.Write(context.Background(), []pipeline.Item{
		{ID: "01JDBV4K0X3T9P1QY2ZK6M8N7R", Data: []byte(`{"record.id":"01JDBV4K0X3T9P1QY2ZK6M8N7R"}`)},
	})
	// Output: {"record.id":"01JDBV4K0X3T9P1QY2ZK6M8N7R"}
}

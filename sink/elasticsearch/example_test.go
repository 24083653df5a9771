package elasticsearch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/hushlog/hush/pipeline"
	"github.com/hushlog/hush/sink/elasticsearch"
)

func ExampleNew() {
	// A stand-in for an Elasticsearch node that accepts both documents.
	es := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, `{"took":2,"errors":false,"items":[{"index":{"status":201}},{"index":{"status":201}}]}`)
	}))
	defer es.Close()

	cfg := elasticsearch.DefaultConfig()
	cfg.URLs = []string{es.URL}
	cfg.APIKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
	sink, err := elasticsearch.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sink.Close(context.Background())

	err = sink.Write(context.Background(), []pipeline.Item{
		{ID: "01JDBV4K0X3T9P1QY2ZK6M8N7R", Data: []byte(`{"@timestamp":"2026-11-23T21:37:41Z","message":"chat"}`)},
		{ID: "01JDBV4K0X3T9P1QY2ZK6M8N7S", Data: []byte(`{"@timestamp":"2026-11-23T21:37:42Z","message":"chat"}`)},
	})
	var partial *pipeline.PartialError
	switch {
	case err == nil:
		fmt.Println("all records stored")
	case errors.As(err, &partial):
		for i, itemErr := range partial.Failed {
			fmt.Println(i, pipeline.IsPermanent(itemErr), itemErr)
		}
	default:
		fmt.Println("retry the batch:", err)
	}
	fmt.Println(cfg.APIKey) // secrets print redacted
	// Output:
	// all records stored
	// [REDACTED]
}

// VictoriaLogs accepts the bulk protocol below /insert/elasticsearch; query parameters name
// the fields that hold the log message and its time.
func ExampleConfig_victoriaLogs() {
	cfg := elasticsearch.DefaultConfig()
	cfg.URLs = []string{"http://127.0.0.1:9428/insert/elasticsearch"}
	cfg.QueryParams = map[string]string{"_msg_field": "message", "_time_field": "@timestamp"}
	cfg.Timeout = 10 * time.Second
	fmt.Println(cfg.Validate())
	// Output: <nil>
}

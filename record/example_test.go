package record_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/hushlog/hush/record"
)

func ExampleIDGenerator() {
	clock := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	g := record.NewIDGenerator(func() time.Time { return clock }, bytes.NewReader(make([]byte, 64)))
	a, _ := g.New()
	b, _ := g.New() // same millisecond: still increasing
	ts, _ := record.IDTime(b)
	fmt.Println(a)
	fmt.Println(b)
	fmt.Println(a < b, ts.UTC().Format(time.RFC3339))
	// Output:
	// 01M844DZG00000000000000000
	// 01M844DZG00000000000000001
	// true 2026-11-23T12:00:00Z
}

func ExampleRecord_AppendJSON() {
	r := record.Record{
		Timestamp:   time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		ID:          "01M844DZG00000000000000000",
		Message:     "POST /v1/chat/completions 200",
		Duration:    int64(250 * time.Millisecond),
		Method:      "POST",
		Status:      200,
		Findings:    map[string]int{"EMAIL_ADDRESS": 2},
		CaptureMode: record.CaptureMetadata.String(),
	}
	buf := r.AppendJSON(nil)
	fmt.Println(string(buf))
	back, err := record.Decode(buf)
	fmt.Println(back.ID, back.Findings["EMAIL_ADDRESS"], err)
	// Output:
	// {"@timestamp":"2026-11-23T12:00:00Z","record.id":"01M844DZG00000000000000000","message":"POST /v1/chat/completions 200","event.duration":250000000,"http.request.method":"POST","http.response.status_code":200,"hush.findings":{"EMAIL_ADDRESS":2},"hush.truncated":false,"hush.capture_mode":"metadata","hush.redaction_failed":false}
	// 01M844DZG00000000000000000 2 <nil>
}

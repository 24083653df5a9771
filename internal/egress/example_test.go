package egress_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hushlog/hush/internal/egress"
	"github.com/hushlog/hush/internal/testrules"
	"github.com/hushlog/hush/redact"
)

// exampleEngine is a one-rule engine that keeps the examples' output stable; leave
// Options.Engine nil to use the built-in rules.
func exampleEngine() *redact.Engine {
	return testrules.Engine(testrules.Email())
}

func ExampleRun() {
	in := strings.NewReader(`SystemLog: server started
user jane.doe@example.com asked about refunds
{"level":"INFO","msg":"SystemLog: ready","port":8080}
SystemLog: mislabeled call for jane.doe@example.com
`)
	sum, err := egress.Run(context.Background(), egress.Options{Engine: exampleEngine()}, in, os.Stdout, os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum)
	// Output:
	// egress: line 4: public line quarantined: EMAIL_ADDRESS
	// SystemLog: server started
	// [private log line: 45 bytes]
	// {"level":"INFO","msg":"SystemLog: ready","port":8080}
	// [quarantined public log line: 51 bytes]
	// egress: 4 lines (178 bytes): 2 public, 1 private, 1 quarantined, 0 oversize
}

func ExampleIsPublic() {
	prefix := []byte(egress.DefaultPrefix)
	for _, line := range []string{
		`SystemLog: started`,
		`{"msg":"SystemLog: started"}`,
		`time=2026-01-02T03:04:05Z level=INFO msg="SystemLog: started"`,
		`{"msg":"started"}`,
		`started SystemLog:`,
	} {
		fmt.Println(egress.IsPublic([]byte(line), prefix))
	}
	// Output:
	// true
	// true
	// true
	// false
	// false
}

func ExampleMain() {
	code := egress.Main([]string{"--mode", "drop"}, strings.NewReader("SystemLog: up\nsecret detail\n"), os.Stdout, os.Stdout)
	fmt.Println("exit", code)
	// Output:
	// SystemLog: up
	// egress: 2 lines (28 bytes): 1 public, 1 private, 0 quarantined, 0 oversize
	// exit 0
}

func ExampleMainContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code := egress.MainContext(ctx, nil, strings.NewReader("SystemLog: up\n"), os.Stdout, os.Stdout)
	fmt.Println("exit", code)
	// Output:
	// egress: stdin: context canceled
	// egress: 0 lines (0 bytes): 0 public, 0 private, 0 quarantined, 0 oversize
	// exit 1
}

func ExampleParseMode() {
	m, err := egress.ParseMode("redact")
	fmt.Println(m, err)
	// Output:
	// redact <nil>
}

func ExampleMode_String() {
	fmt.Println(egress.Placeholder, egress.Drop, egress.Redact)
	// Output:
	// placeholder drop redact
}

func ExampleOptions_Validate() {
	opts := egress.Options{MaxLineBytes: -1}
	fmt.Println(opts.Validate())
	// Output:
	// egress: MaxLineBytes: -1 is negative
}

func ExampleSummary_Add() {
	var total egress.Summary
	total.Add(egress.Summary{Lines: 3, Public: 1, Private: 2, Bytes: 40})
	total.Add(egress.Summary{Lines: 1, Quarantined: 1, Bytes: 20})
	fmt.Println(total.String())
	// Output:
	// egress: 4 lines (60 bytes): 1 public, 2 private, 1 quarantined, 0 oversize
}

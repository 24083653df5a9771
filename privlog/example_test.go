package privlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"reflect"

	"github.com/hushlog/hush/privlog"
	"github.com/hushlog/hush/redact"
)

// exampleOptions returns options with a small, fixed rule set so the output below is stable;
// real programs leave Engine nil to get the built-in rules.
func exampleOptions() privlog.Options {
	e, err := redact.New(redact.Config{Rules: testRules()})
	if err != nil {
		panic(err)
	}
	return privlog.Options{Engine: e}
}

// stdout is a JSON handler on standard output without timestamps.
func stdout() slog.Handler {
	return slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime})
}

func ExampleNewHandler() {
	logger := slog.New(privlog.NewHandler(stdout(), exampleOptions()))
	logger.Info("server started", privlog.Public, "port", 8080)
	logger.Info("prompt from jane.doe@example.com", "model", "m1")
	// Output:
	// {"level":"INFO","msg":"SystemLog: server started","port":8080}
	// {"level":"INFO","msg":"prompt from [REDACTED:EMAIL_ADDRESS]","model":"m1"}
}

func ExampleNew() {
	opts := exampleOptions()
	opts.Prefix = "PUBLIC:"
	h, err := privlog.New(stdout(), opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	slog.New(h).With(privlog.Public).Warn("queue full", "dropped", 3)
	// Output:
	// {"level":"WARN","msg":"PUBLIC: queue full","dropped":3}
}

func ExampleOptions_Validate() {
	opts := privlog.Options{Private: privlog.Hash, KeyID: "k1", HashKey: []byte("too short")}
	fmt.Println(opts.Validate())
	// Output:
	// privlog: HashKey/KeyID: hmac: key id "k1": key has 9 bytes, need at least 32
}

func ExampleParseMode() {
	m, err := privlog.ParseMode("length")
	fmt.Println(m, err)
	// Output:
	// length <nil>
}

func ExampleMode_String() {
	fmt.Println(privlog.Redact, privlog.Hash, privlog.Length, privlog.Drop)
	// Output:
	// redact hash length drop
}

func ExampleMark() {
	opts := exampleOptions()
	opts.Prefixes = map[privlog.Category]string{"aggregate": "AggLog:"}
	logger := slog.New(privlog.NewHandler(stdout(), opts))
	logger.Info("daily users", privlog.Mark("aggregate"), "count", 1200)
	// Output:
	// {"level":"INFO","msg":"AggLog: daily users","count":1200}
}

func ExamplePublicAttr() {
	logger := slog.New(privlog.NewHandler(stdout(), exampleOptions()))
	logger.Info("request", privlog.PublicAttr("route", "/v1/chat"), "user", "jane.doe@example.com")
	// Output:
	// {"level":"INFO","msg":"request","route":"/v1/chat","user":"[REDACTED:EMAIL_ADDRESS]"}
}

func ExampleSecret() {
	logger := slog.New(privlog.NewHandler(stdout(), exampleOptions()))
	logger.Info("upstream configured", privlog.Public, "api_key", privlog.Secret("dmo_a1B2c3D4e5F6"))
	// Output:
	// {"level":"INFO","msg":"SystemLog: upstream configured","api_key":"[REDACTED:SECRET]"}
}

type quotaError struct{ limit int }

func (e *quotaError) Error() string { return fmt.Sprintf("quota of %d requests exceeded", e.limit) }

func ExampleError() {
	opts := exampleOptions()
	opts.PublicErrorTypes = []reflect.Type{reflect.TypeFor[*quotaError]()}
	logger := slog.New(privlog.NewHandler(stdout(), opts))
	logger.Error("call failed", privlog.Public, privlog.Error(fmt.Errorf("user jane.doe@example.com: %w", errors.ErrUnsupported)))
	logger.Error("call failed", privlog.Public, privlog.Error(&quotaError{100}))
	// Output:
	// {"level":"ERROR","msg":"SystemLog: call failed","error":{"type":"*fmt.wrapError > *errors.errorString","msg":"user [REDACTED:EMAIL_ADDRESS]: unsupported operation"}}
	// {"level":"ERROR","msg":"SystemLog: call failed","error":{"type":"*privlog_test.quotaError","msg":"quota of 100 requests exceeded"}}
}

func ExampleRecovered() {
	var buf bytes.Buffer
	logger := slog.New(privlog.NewHandler(slog.NewJSONHandler(&buf, nil), exampleOptions()))
	func() {
		defer func() {
			if r := recover(); r != nil {
				logger.Error("handler panicked", privlog.Recovered(r))
			}
		}()
		panic("no route for jane.doe@example.com")
	}()
	var line struct {
		Panic struct {
			Type, Msg string
			Stack     []string
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(line.Panic.Type)
	fmt.Println(line.Panic.Msg)
	fmt.Println(len(line.Panic.Stack) > 0)
	// Output:
	// panic(string)
	// no route for [REDACTED:EMAIL_ADDRESS]
	// true
}

func ExampleSplit() {
	public := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime})
	private := slog.DiscardHandler // in production: a file inside the secure environment
	logger := slog.New(privlog.NewHandler(privlog.Split(public, private), exampleOptions()))
	logger.Info("ready", privlog.Public)
	logger.Info("prompt from jane.doe@example.com")
	// Output:
	// {"level":"INFO","msg":"SystemLog: ready"}
}

func ExampleNewLogLogger() {
	h, err := privlog.New(stdout(), exampleOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	legacy := privlog.NewLogLogger(h, slog.LevelInfo)
	legacy.Printf("SystemLog: retrying for %s", "jane.doe@example.com")
	// Output:
	// {"level":"INFO","msg":"SystemLog: retrying for [REDACTED:EMAIL_ADDRESS]"}
}

func ExampleSetDefault() {
	prev, prevFlags, prevOut := slog.Default(), log.Flags(), log.Writer()
	defer func() { slog.SetDefault(prev); log.SetFlags(prevFlags); log.SetOutput(prevOut) }()

	h, err := privlog.New(stdout(), exampleOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	privlog.SetDefault(h)
	slog.Info("started", privlog.Public)
	log.Print("legacy line for jane.doe@example.com")
	// Output:
	// {"level":"INFO","msg":"SystemLog: started"}
	// {"level":"INFO","msg":"legacy line for [REDACTED:EMAIL_ADDRESS]"}
}

func ExampleHandler_Stats() {
	opts := exampleOptions()
	opts.RequireCategory = true
	h, err := privlog.New(slog.NewJSONHandler(io.Discard, nil), opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	logger := slog.New(h)
	logger.Info("no category")
	logger.Info("up", privlog.Public)
	logger.Info("detail", privlog.Private)
	fmt.Printf("%+v\n", h.Stats())
	// Output:
	// {Released:1 Private:1 Uncategorised:1}
}

func ExampleHandler_Enabled() {
	h := privlog.NewHandler(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelInfo}), exampleOptions())
	fmt.Println(h.Enabled(context.Background(), slog.LevelDebug), h.Enabled(context.Background(), slog.LevelInfo))
	// Output:
	// false true
}

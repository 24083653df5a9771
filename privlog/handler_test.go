package privlog_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hushlog/hush/privlog"
)

// mismatch describes how got differs from want without printing either: test data may hold
// (synthetic) secrets.
func mismatch(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("output differs at byte %d (got %d bytes, want %d bytes)", i, len(got), len(want))
}

type validationError struct{ field string }

func (e *validationError) Error() string { return "invalid field " + e.field }

type stackError struct{ pcs []uintptr }

func (e *stackError) Error() string      { return "failed for jane.doe@example.com" }
func (e *stackError) Callers() []uintptr { return e.pcs }

type stringer struct{ s string }

func (s stringer) LogValue() slog.Value { return slog.StringValue(s.s) }

func TestHandle(t *testing.T) {
	hashKey := bytes.Repeat([]byte{7}, 32)
	cases := []struct {
		name string
		opts privlog.Options
		log  func(l *slog.Logger)
		want string // JSON lines, time removed
	}{
		{"public call", privlog.Options{},
			func(l *slog.Logger) { l.Info("started", privlog.Public, "port", 8080, "owner", "ops@example.com") },
			`{"level":"INFO","msg":"SystemLog: started","port":8080,"owner":"ops@example.com"}`},
		{"public empty message", privlog.Options{},
			func(l *slog.Logger) { l.Info("", privlog.Public) },
			`{"level":"INFO","msg":"SystemLog:"}`},
		{"custom prefix", privlog.Options{Prefix: "PUBLIC>"},
			func(l *slog.Logger) { l.Warn("up", privlog.Public) },
			`{"level":"WARN","msg":"PUBLIC> up"}`},
		{"private by default", privlog.Options{},
			func(l *slog.Logger) { l.Info("mail jane.doe@example.com now", "to", "jane.doe@example.com", "n", 3) },
			`{"level":"INFO","msg":"mail [REDACTED:EMAIL_ADDRESS] now","to":"[REDACTED:EMAIL_ADDRESS]","n":3}`},
		{"private key context", privlog.Options{},
			func(l *slog.Logger) { l.Info("login", "passwd", "Zq8!kf2pQ") },
			`{"level":"INFO","msg":"login","passwd":"[REDACTED:PASSWORD]"}`},
		{"private JSON string walked", privlog.Options{},
			func(l *slog.Logger) { l.Info("req", "body", `{"user":"jane.doe@example.com","model":"m1"}`) },
			`{"level":"INFO","msg":"req","body":"{\"user\":\"[REDACTED:EMAIL_ADDRESS]\",\"model\":\"m1\"}"}`},
		{"private struct as JSON", privlog.Options{},
			func(l *slog.Logger) {
				l.Info("req", "v", struct{ Email, Model string }{"jane.doe@example.com", "m1"})
			},
			`{"level":"INFO","msg":"req","v":{"Email":"[REDACTED:EMAIL_ADDRESS]","Model":"m1"}}`},
		{"public attr in private record", privlog.Options{},
			func(l *slog.Logger) {
				l.Info("x jane.doe@example.com", privlog.PublicAttr("route", "/v1/chat"), "u", "jane.doe@example.com")
			},
			`{"level":"INFO","msg":"x [REDACTED:EMAIL_ADDRESS]","route":"/v1/chat","u":"[REDACTED:EMAIL_ADDRESS]"}`},
		{"secret hidden in public record", privlog.Options{},
			func(l *slog.Logger) { l.Info("k", privlog.Public, "key", privlog.Secret("dmo_a1B2c3D4e5F6")) },
			`{"level":"INFO","msg":"SystemLog: k","key":"[REDACTED:SECRET]"}`},
		{"logger With public", privlog.Options{},
			func(l *slog.Logger) { l.With(privlog.Public, "svc", "gw").Info("ready") },
			`{"level":"INFO","msg":"SystemLog: ready","svc":"gw"}`},
		{"call private overrides With public", privlog.Options{},
			func(l *slog.Logger) { l.With(privlog.Public).Info("a jane.doe@example.com", privlog.Private) },
			`{"level":"INFO","msg":"a [REDACTED:EMAIL_ADDRESS]"}`},
		{"private wins within one call", privlog.Options{},
			func(l *slog.Logger) { l.Info("b", privlog.Public, privlog.Private, "u", "jane.doe@example.com") },
			`{"level":"INFO","msg":"b","u":"[REDACTED:EMAIL_ADDRESS]"}`},
		{"groups and LogValuers resolved", privlog.Options{},
			func(l *slog.Logger) {
				l.With("a", "jane.doe@example.com").WithGroup("g").With("b", stringer{"dmo_a1B2c3D4e5F6"}).
					Info("m", slog.Group("h", "c", "jane.doe@example.com"))
			},
			`{"level":"INFO","msg":"m","a":"[REDACTED:EMAIL_ADDRESS]","g":{"b":"[REDACTED:DEMO_TOKEN]","h":{"c":"[REDACTED:EMAIL_ADDRESS]"}}}`},
		{"groups public", privlog.Options{},
			func(l *slog.Logger) {
				l.WithGroup("g").With("b", "jane.doe@example.com").Info("m", privlog.Public, slog.Group("h", "c", 1))
			},
			`{"level":"INFO","msg":"SystemLog: m","g":{"b":"jane.doe@example.com","h":{"c":1}}}`},
		{"empty group left out", privlog.Options{},
			func(l *slog.Logger) { l.WithGroup("g").Info("m", privlog.Public) },
			`{"level":"INFO","msg":"SystemLog: m"}`},
		{"error scrubbed in public record", privlog.Options{},
			func(l *slog.Logger) {
				l.Info("e", privlog.Public, privlog.Error(fmt.Errorf("user jane.doe@example.com: %w", fs.ErrNotExist)))
			},
			`{"level":"INFO","msg":"SystemLog: e","error":{"type":"*fmt.wrapError > *errors.errorString","msg":"user [REDACTED:EMAIL_ADDRESS]: file does not exist"}}`},
		{"plain error value scrubbed", privlog.Options{},
			func(l *slog.Logger) { l.Info("e", privlog.Public, "err", errors.New("dmo_a1B2c3D4e5F6 rejected")) },
			`{"level":"INFO","msg":"SystemLog: e","err":{"type":"*errors.errorString","msg":"[REDACTED:DEMO_TOKEN] rejected"}}`},
		{"public error type", privlog.Options{PublicErrorTypes: []reflect.Type{reflect.TypeFor[*validationError]()}},
			func(l *slog.Logger) { l.Info("e", privlog.Error(&validationError{"a@b.example"})) },
			`{"level":"INFO","msg":"e","error":{"type":"*privlog_test.validationError","msg":"invalid field a@b.example"}}`},
		{"nil error", privlog.Options{},
			func(l *slog.Logger) { l.Info("e", privlog.Public, privlog.Error(nil)) },
			`{"level":"INFO","msg":"SystemLog: e","error":null}`},
		{"length mode", privlog.Options{Private: privlog.Length},
			func(l *slog.Logger) {
				l.Info("hello", "u", "jane.doe@example.com", "n", 12345, privlog.PublicAttr("p", 1))
			},
			`{"level":"INFO","msg":"[REDACTED:PRIVATE:5]","u":"[REDACTED:PRIVATE:20]","n":"[REDACTED:PRIVATE:5]","p":1}`},
		{"drop mode", privlog.Options{Private: privlog.Drop},
			func(l *slog.Logger) { l.WithGroup("g").Info("hello", "u", "x", privlog.PublicAttr("p", 1)) },
			`{"level":"INFO","msg":"","g":{"p":1}}`},
		{"hash mode", privlog.Options{Private: privlog.Hash, HashKey: hashKey, KeyID: "k1"},
			func(l *slog.Logger) { l.Info("hi", "u", "jane.doe@example.com") },
			`{"level":"INFO","msg":"[HMAC:PRIVATE:k1:b9e9ab8bca2d8a3f6f8e7b1a:2]","u":"[HMAC:PRIVATE:k1:` + "%s" + `:20]"}`},
		{"extra category", privlog.Options{Prefixes: map[privlog.Category]string{"aggregate": "AggLog:"}},
			func(l *slog.Logger) { l.Info("count", privlog.Mark("aggregate"), "users", 12) },
			`{"level":"INFO","msg":"AggLog: count","users":12}`},
		{"category from func", privlog.Options{PrefixFunc: func(c privlog.Category) (string, bool) {
			return "Pseudo:", c == "pseudonymous"
		}},
			func(l *slog.Logger) { l.Info("seen", privlog.Mark("pseudonymous"), "user", "u-17") },
			`{"level":"INFO","msg":"Pseudo: seen","user":"u-17"}`},
		{"undeclared category is private", privlog.Options{},
			func(l *slog.Logger) { l.Info("m jane.doe@example.com", privlog.Mark("aggregate")) },
			`{"level":"INFO","msg":"m [REDACTED:EMAIL_ADDRESS]"}`},
		{"require category drops", privlog.Options{RequireCategory: true},
			func(l *slog.Logger) { l.Info("m"); l.Info("n", privlog.Private) },
			`{"level":"INFO","msg":"n"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			c.opts.Engine = testEngine(t)
			h, err := privlog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime}), c.opts)
			if err != nil {
				t.Fatal(err)
			}
			c.log(slog.New(h))
			got := strings.TrimSpace(buf.String())
			want := c.want
			if strings.Contains(want, "%s") || strings.Contains(want, "HMAC") {
				// hash tokens depend on the key: check the shape and the lengths only
				got, want = maskHex(got), maskHex(strings.ReplaceAll(want, "%s", "000000000000000000000000"))
			}
			if got != want {
				t.Error(mismatch(got, want))
			}
		})
	}
}

// maskHex replaces 24-hex-digit runs after "k1:" with zeros.
func maskHex(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "k1:")
		if i < 0 || len(s) < i+27 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		b.WriteString("000000000000000000000000")
		s = s[i+27:]
	}
}

func TestHashConsistent(t *testing.T) {
	var buf bytes.Buffer
	h := privlog.NewHandler(slog.NewJSONHandler(&buf, nil),
		privlog.Options{Private: privlog.Hash, HashKey: bytes.Repeat([]byte{9}, 32), KeyID: "k2"})
	l := slog.New(h)
	l.Info("m", "a", "same value")
	l.Info("m", "a", "same value")
	l.Info("m", "a", "other value")
	lines := decodeLines(t, buf.Bytes())
	if len(lines) != 3 {
		t.Fatalf("got %d lines", len(lines))
	}
	a0, a1, a2 := lines[0]["a"], lines[1]["a"], lines[2]["a"]
	if a0 != a1 || a0 == a2 {
		t.Error("equal values must give equal tokens and different values different ones")
	}
	if s, _ := a0.(string); !strings.HasPrefix(s, "[HMAC:PRIVATE:k2:") || strings.Contains(s, "same") {
		t.Errorf("token has unexpected shape (%d bytes)", len(s))
	}
}

func TestErrorStackAndPanic(t *testing.T) {
	var buf bytes.Buffer
	h := privlog.NewHandler(slog.NewJSONHandler(&buf, nil), privlog.Options{Engine: testEngine(t)})
	l := slog.New(h)
	pcs := make([]uintptr, 8)
	pcs = pcs[:callers(pcs)]
	l.Error("failed", privlog.Error(&stackError{pcs}))
	func() {
		defer func() {
			if r := recover(); r != nil {
				l.Error("panic", privlog.Recovered(r))
			}
		}()
		panic("boom for jane.doe@example.com")
	}()
	lines := decodeLines(t, buf.Bytes())
	if len(lines) != 2 {
		t.Fatalf("got %d lines", len(lines))
	}
	if strings.Contains(buf.String(), "jane.doe") {
		t.Fatal("e-mail address leaked")
	}
	e, _ := lines[0]["error"].(map[string]any)
	if e["type"] != "*privlog_test.stackError" || e["msg"] != "failed for [REDACTED:EMAIL_ADDRESS]" {
		t.Errorf("error group has wrong type or message")
	}
	if st, _ := e["stack"].([]any); len(st) == 0 || !strings.Contains(fmt.Sprint(st[0]), "TestErrorStackAndPanic") {
		t.Errorf("stack frames missing (%d)", len(st))
	}
	p, _ := lines[1]["panic"].(map[string]any)
	if p["type"] != "panic(string)" || p["msg"] != "boom for [REDACTED:EMAIL_ADDRESS]" {
		t.Errorf("panic group has wrong type or message")
	}
	if st, _ := p["stack"].([]any); len(st) == 0 {
		t.Error("panic stack missing")
	}
}

func TestErrorOutsidePrivlog(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime}))
	l.Info("m", privlog.Error(errors.New("jane.doe@example.com")), "s", privlog.Secret("x"), privlog.PublicAttr("p", 2))
	want := `{"level":"INFO","msg":"m","error":{"type":"*errors.errorString","msg":"[REDACTED:ERROR_MESSAGE]"},"s":"[REDACTED:SECRET]","p":2}`
	if got := strings.TrimSpace(buf.String()); got != want {
		t.Error(mismatch(got, want))
	}
}

func TestStatsAndRequireCategory(t *testing.T) {
	var buf bytes.Buffer
	h, err := privlog.New(slog.NewJSONHandler(&buf, nil), privlog.Options{Engine: testEngine(t), RequireCategory: true})
	if err != nil {
		t.Fatal(err)
	}
	l := slog.New(h)
	l.Info("a")
	l.With("k", 1).Info("b")
	l.Info("c", privlog.Public)
	l.Info("d", privlog.Private)
	l.With(privlog.Private).Info("e")
	got := h.Stats()
	want := privlog.Stats{Released: 1, Private: 2, Uncategorised: 2}
	if got != want {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}

func TestSplit(t *testing.T) {
	var pub, priv bytes.Buffer
	opts := &slog.HandlerOptions{ReplaceAttr: noTime}
	h := privlog.NewHandler(privlog.Split(slog.NewJSONHandler(&pub, opts), slog.NewJSONHandler(&priv, opts)),
		privlog.Options{Engine: testEngine(t)})
	l := slog.New(h)
	l.Info("up", privlog.Public)
	l.Info("user jane.doe@example.com")
	l.With(privlog.Public).Info("ready")
	if got, want := strings.TrimSpace(pub.String()), `{"level":"INFO","msg":"SystemLog: up"}`+"\n"+`{"level":"INFO","msg":"SystemLog: ready"}`; got != want {
		t.Error("public side: " + mismatch(got, want))
	}
	if got, want := strings.TrimSpace(priv.String()), `{"level":"INFO","msg":"user [REDACTED:EMAIL_ADDRESS]"}`; got != want {
		t.Error("private side: " + mismatch(got, want))
	}
}

func TestSplitAlone(t *testing.T) {
	var pub, priv bytes.Buffer
	opts := &slog.HandlerOptions{ReplaceAttr: noTime}
	l := slog.New(privlog.Split(slog.NewJSONHandler(&pub, opts), slog.NewJSONHandler(&priv, opts)))
	l.Info("a", privlog.Public, "k", 1)
	l.With(privlog.Public).WithGroup("g").Info("b", privlog.Private, "k", 2)
	if got, want := strings.TrimSpace(pub.String()), `{"level":"INFO","msg":"a","k":1}`; got != want {
		t.Error("public side: " + mismatch(got, want))
	}
	if got, want := strings.TrimSpace(priv.String()), `{"level":"INFO","msg":"b","g":{"k":2}}`; got != want {
		t.Error("private side: " + mismatch(got, want))
	}
}

func TestSplitEnabledSide(t *testing.T) {
	var pub, priv bytes.Buffer
	h := privlog.NewHandler(privlog.Split(
		slog.NewJSONHandler(&pub, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewJSONHandler(&priv, &slog.HandlerOptions{Level: slog.LevelWarn})),
		privlog.Options{Engine: testEngine(t)})
	l := slog.New(h)
	if !h.Enabled(context.Background(), slog.LevelDebug) {
		t.Error("Enabled must hold when either side is enabled")
	}
	l.Debug("private debug")
	l.Debug("public debug", privlog.Public)
	if priv.Len() != 0 || pub.Len() == 0 {
		t.Errorf("private side got %d bytes, public side %d", priv.Len(), pub.Len())
	}
}

func TestDisabledLevelSkipsWork(t *testing.T) {
	var buf bytes.Buffer
	h := privlog.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}),
		privlog.Options{Engine: testEngine(t)})
	l := slog.New(h)
	v := &countingValuer{}
	allocs := testing.AllocsPerRun(100, func() { l.Debug("m", "v", v) })
	if allocs != 0 || v.n != 0 || buf.Len() != 0 {
		t.Errorf("disabled level: %v allocs, %d LogValue calls, %d bytes", allocs, v.n, buf.Len())
	}
}

type countingValuer struct{ n int }

func (c *countingValuer) LogValue() slog.Value { c.n++; return slog.IntValue(c.n) }

func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		name string
		opts privlog.Options
		want string // substring naming the field; "" for valid
	}{
		{"zero", privlog.Options{}, ""},
		{"prefix newline", privlog.Options{Prefix: "a\nb"}, "Prefix"},
		{"bad mode", privlog.Options{Private: privlog.Mode(9)}, "Private"},
		{"hash without key", privlog.Options{Private: privlog.Hash, KeyID: "k"}, "HashKey"},
		{"hash short key", privlog.Options{Private: privlog.Hash, KeyID: "k", HashKey: make([]byte, 8)}, "HashKey"},
		{"hash ok", privlog.Options{Private: privlog.Hash, KeyID: "k", HashKey: make([]byte, 32)}, ""},
		{"private prefix", privlog.Options{Prefixes: map[privlog.Category]string{privlog.CategoryPrivate: "P:"}}, "Prefixes"},
		{"bad category", privlog.Options{Prefixes: map[privlog.Category]string{"Agg Reg": "P:"}}, "Prefixes"},
		{"empty category prefix", privlog.Options{Prefixes: map[privlog.Category]string{"agg": ""}}, "Prefixes"},
		{"not an error type", privlog.Options{PublicErrorTypes: []reflect.Type{reflect.TypeFor[int]()}}, "PublicErrorTypes[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.opts.Validate()
			switch {
			case c.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v does not name %s", err, c.want)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := privlog.New(nil, privlog.Options{}); err == nil {
		t.Error("nil next handler accepted")
	}
	if _, err := privlog.New(privlog.Split(nil, slog.DiscardHandler), privlog.Options{Engine: testEngine(t)}); err == nil {
		t.Error("Split with a nil side accepted")
	}
	defer func() {
		if recover() == nil {
			t.Error("NewHandler did not panic on invalid options")
		}
	}()
	privlog.NewHandler(slog.DiscardHandler, privlog.Options{Private: privlog.Mode(7)})
}

func TestParseMode(t *testing.T) {
	for _, m := range []privlog.Mode{privlog.Redact, privlog.Hash, privlog.Length, privlog.Drop} {
		got, err := privlog.ParseMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := privlog.ParseMode("shred"); err == nil {
		t.Error("unknown mode accepted")
	}
	if s := privlog.Mode(42).String(); s != "Mode(42)" {
		t.Errorf("String of unknown mode = %q", s)
	}
}

func TestNewLogLogger(t *testing.T) {
	var buf bytes.Buffer
	h, err := privlog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime}),
		privlog.Options{Engine: testEngine(t), RequireCategory: true})
	if err != nil {
		t.Fatal(err)
	}
	privlog.NewLogLogger(h, slog.LevelWarn).Print("SystemLog: contact jane.doe@example.com")
	want := `{"level":"WARN","msg":"SystemLog: contact [REDACTED:EMAIL_ADDRESS]"}`
	if got := strings.TrimSpace(buf.String()); got != want {
		t.Error(mismatch(got, want))
	}
}

func TestBuiltinEngineEmail(t *testing.T) {
	var buf bytes.Buffer
	h, err := privlog.New(slog.NewJSONHandler(&buf, nil), privlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const addr = "jane.doe@example.com"
	slog.New(h).Info("contact "+addr, "to", addr)
	if strings.Contains(buf.String(), addr) {
		t.Skip("the built-in engine does not redact e-mail addresses yet")
	}
	if n := strings.Count(buf.String(), "EMAIL_ADDRESS"); n != 2 {
		t.Errorf("want 2 e-mail placeholders, got %d", n)
	}
}

func TestZeroTimeAndSource(t *testing.T) {
	var buf bytes.Buffer
	h := privlog.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{AddSource: true}), privlog.Options{Engine: testEngine(t)})
	r := slog.NewRecord(time.Time{}, slog.LevelInfo, "m", 0)
	if err := h.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `"time"`) {
		t.Error("zero time must be left out")
	}
}

func TestConcurrentUse(t *testing.T) {
	var pub, priv bytes.Buffer
	h, err := privlog.New(privlog.Split(slog.NewJSONHandler(&lockedWriter{w: &pub}, nil), slog.NewJSONHandler(&lockedWriter{w: &priv}, nil)),
		privlog.Options{Engine: testEngine(t)})
	if err != nil {
		t.Fatal(err)
	}
	base := slog.New(h).With("svc", "gw")
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			l := base.WithGroup(fmt.Sprint("g", g))
			for i := range 200 {
				l.Info("private jane.doe@example.com", "i", i, "u", "jane.doe@example.com")
				l.Info("public", privlog.Public, "i", i)
			}
		}()
	}
	for range 4 {
		<-done
	}
	if got := h.Stats(); got.Released != 800 || got.Private != 800 {
		t.Errorf("Stats() = %+v", got)
	}
	if strings.Contains(priv.String(), "jane.doe") {
		t.Error("e-mail address leaked under concurrency")
	}
}

// lockedWriter serialises writes from concurrent handlers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestNestedMarkerIgnored(t *testing.T) {
	var buf bytes.Buffer
	h := privlog.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime}), privlog.Options{Engine: testEngine(t)})
	slog.New(h).Info("m jane.doe@example.com", slog.Group("g", privlog.Public, "k", 1))
	want := `{"level":"INFO","msg":"m [REDACTED:EMAIL_ADDRESS]","g":{"k":1}}`
	if got := strings.TrimSpace(buf.String()); got != want {
		t.Error(mismatch(got, want))
	}
}

func TestOptionsCopied(t *testing.T) {
	var buf bytes.Buffer
	prefixes := map[privlog.Category]string{"aggregate": "AggLog:"}
	h := privlog.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime}),
		privlog.Options{Engine: testEngine(t), Prefixes: prefixes})
	prefixes["aggregate"] = "Changed:"
	delete(prefixes, "aggregate")
	slog.New(h).Info("n", privlog.Mark("aggregate"))
	if want := `{"level":"INFO","msg":"AggLog: n"}`; strings.TrimSpace(buf.String()) != want {
		t.Error(mismatch(strings.TrimSpace(buf.String()), want))
	}
}

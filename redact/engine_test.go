package redact

import (
	"bytes"
	"testing"

	"github.com/hushlog/hush/redact/rules"
)

func testRules() []rules.Rule {
	return []rules.Rule{
		{ID: "demo-token", Type: "DEMO_TOKEN", Category: rules.Secret, Keywords: []string{"dmo_"},
			Match: rules.Token("dmo_", rules.TokenOpts{Min: 10, Max: 20, Body: rules.AlNum})},
		{ID: "demo-secret", Type: "PASSWORD", Category: rules.Secret, Keywords: []string{"secret", "passwd"},
			Match: rules.Value(rules.ValueOpts{Min: 6, Max: 64, Chars: rules.NewSet("!#-&(-~"), RequireAssign: true})},
	}
}

func TestFindAndRedact(t *testing.T) {
	e, err := New(Config{Rules: testRules()})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in, want string
	}{
		{"nothing here", "nothing here"},
		{"key dmo_a1B2c3D4e5F6 end", "key [REDACTED:DEMO_TOKEN] end"},
		{"xdmo_a1B2c3D4e5F6", "xdmo_a1B2c3D4e5F6"},
		{"DMO_a1B2c3D4e5F6", "DMO_a1B2c3D4e5F6"},
		{"SECRET=hunter22x", "SECRET=[REDACTED:PASSWORD]"},
		{"secret = ${DB_PASS}", "secret = ${DB_PASS}"},
		{`{"passwd": "Zq8!kf2p"}`, `{"passwd": "[REDACTED:PASSWORD]"}`},
	}
	for i, c := range cases {
		got := e.RedactString(c.in)
		if got != c.want {
			t.Errorf("case %d: got %d bytes, want %q", i, len(got), c.want)
		}
		if again := e.RedactString(got); again != got {
			t.Errorf("not idempotent on %q", c.want)
		}
	}
}

func TestFindNoAlloc(t *testing.T) {
	e, err := New(Config{Rules: testRules()})
	if err != nil {
		t.Fatal(err)
	}
	text := bytes.Repeat([]byte("The quick brown fox keeps its secrets well. "), 100)
	allocs := testing.AllocsPerRun(100, func() {
		if fs := e.Find(nil, text); len(fs) != 0 {
			t.Fatal("unexpected finding")
		}
	})
	if allocs != 0 {
		t.Fatalf("Find allocated %v times on clean text", allocs)
	}
}

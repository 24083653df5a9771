package redact

import (
	"bytes"
	"strings"
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

// TestHMACReuse checks that pooled keyed hashes give the same token as a fresh one, follow
// a key rotation, and allocate nothing once warm.
func TestHMACReuse(t *testing.T) {
	k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	h, err := NewHMAC("k1", k1)
	if err != nil {
		t.Fatal(err)
	}
	f := Finding{Type: "EMAIL_ADDRESS"}
	v := []byte("someone@example.com")
	first := string(h.Append(nil, f, v, nil))
	for range 3 {
		if got := string(h.Append(nil, f, v, nil)); got != first {
			t.Fatalf("token changed on reuse: %s then %s", first, got)
		}
	}
	fresh, _ := NewHMAC("k1", k1)
	if got := string(fresh.Append(nil, f, v, nil)); got != first {
		t.Fatalf("pooled %s, fresh %s", first, got)
	}
	h.Keys["k2"] = k2
	h.Current = "k2"
	rotated := string(h.Append(nil, f, v, nil))
	other, _ := NewHMAC("k2", k2)
	if want := string(other.Append(nil, f, v, nil)); rotated != want || rotated == first {
		t.Fatalf("after rotation %s, want %s", rotated, want)
	}
	if raceEnabled {
		return // the race detector makes sync.Pool drop items at random
	}
	buf := make([]byte, 0, 128)
	if a := testing.AllocsPerRun(100, func() { buf = h.Append(buf[:0], f, v, nil) }); a > 0 {
		t.Fatalf("Append allocates %v times", a)
	}
}

// TestHasControl compares the word-at-a-time test with a byte loop on every byte value at
// every position of a 17-byte string.
func TestHasControl(t *testing.T) {
	for pos := range 17 {
		for c := range 256 {
			s := bytes.Repeat([]byte{'a'}, 17)
			s[pos] = byte(c)
			if got, want := hasControl(s), c < 0x20; got != want {
				t.Fatalf("byte %#x at %d: %v, want %v", c, pos, got, want)
			}
		}
	}
	if hasControl([]byte("\x80\xff\x7f plain text é")) {
		t.Fatal("high bytes taken for control characters")
	}
}

// TestScopeMemo redacts a long value twice in one scope, as a request body and its parsed
// messages carry it: the second time is answered from the scope and must equal a fresh
// redaction, findings included.
func TestScopeMemo(t *testing.T) {
	e, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("The incident review covers the payment timeout. ", 20)
	body := []byte(`{"messages":[{"role":"user","content":"` + long + ` Mail jane.doe@example.com please."}]}`)
	msgs := []byte(`[{"role":"user","parts":[{"type":"text","content":"` + long + ` Mail jane.doe@example.com please."}]}]`)
	clean := []byte(`{"content":"` + long + `"}`)
	var sc Scope
	for _, doc := range [][]byte{body, msgs, clean, clean} {
		got, gfs, err := e.RedactJSON(&sc, doc)
		if err != nil {
			t.Fatal(err)
		}
		want, wfs, _ := e.RedactJSON(nil, doc)
		if !bytes.Equal(got, want) || len(gfs) != len(wfs) {
			t.Fatalf("remembered redaction differs: %d bytes and %d findings, fresh %d and %d", len(got), len(gfs), len(want), len(wfs))
		}
		for i := range gfs {
			if gfs[i] != wfs[i] {
				t.Fatalf("finding %d: %s [%d,%d), fresh %s [%d,%d)", i, gfs[i].Type, gfs[i].Start, gfs[i].End, wfs[i].Type, wfs[i].Start, wfs[i].End)
			}
		}
	}
	if len(sc.memo) != 2 {
		t.Fatalf("scope remembers %d strings, want 2", len(sc.memo))
	}

}

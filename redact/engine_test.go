package redact

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
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

// TestScanDualSameAsScan checks that the two-automata scan finds exactly what one automaton
// finds, on windows of the benchmark corpora cut at many lengths and offsets (so that the
// middle falls inside tokens, digit runs and keywords), and on digit-heavy text.
func TestScanDualSameAsScan(t *testing.T) {
	e, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	var texts [][]byte
	for _, name := range []string{"prose.txt", "code.txt", "chat.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "bench", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, data)
	}
	texts = append(texts, []byte(strings.Repeat("call 415 555 0123 or 4111 1111 1111 1111, id 123-45-6789; ", 200)))
	rng := rand.New(rand.NewPCG(3, 5))
	windows, found := 0, 0
	for _, data := range texts {
		for range 2000 {
			n := e.dualMin + rng.IntN(min(20000, len(data)-e.dualMin))
			off := rng.IntN(len(data) - n + 1)
			w := data[off : off+n]
			want := e.scan(nil, 0, w, 0, 0, len(w), 0)
			got := e.scanDual(nil, 0, w)
			if len(got) != len(want) {
				t.Fatalf("window of %d bytes at %d: two automata found %d, one found %d", n, off, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("window of %d bytes at %d: finding %d is %s [%d,%d), want %s [%d,%d)", n, off, i,
						got[i].Type, got[i].Start, got[i].End, want[i].Type, want[i].Start, want[i].End)
				}
			}
			windows++
			found += len(got)
		}
	}
	if found == 0 {
		t.Fatal("no findings in any window")
	}
	t.Logf("%d windows, %d findings", windows, found)
}

// TestScanDualLongKeyword checks the two-automata scan with a keyword far longer than the
// built-in ones: it must be found wherever it falls, the middle of a chunk included.
func TestScanDualLongKeyword(t *testing.T) {
	kw := strings.Repeat("q", 150)
	long := rules.Rule{ID: "long-kw", Type: "LONG_KW", Category: rules.Secret, Keywords: []string{kw},
		Match: func(_ []byte, s, end int) (int, int, bool) { return s, end, true }}
	e, err := New(Config{Rules: append(testRules(), long)})
	if err != nil {
		t.Fatal(err)
	}
	if e.dualMin < 4*len(kw) {
		t.Fatalf("dualMin %d for a %d-byte keyword", e.dualMin, len(kw))
	}
	filler := []byte(strings.Repeat("plain words here. ", 1000))
	for _, at := range []int{0, 299, 300, 301, 450, 599, 1000, 2048, 4095, 4096, 5000, 9000} {
		text := append(append(append([]byte(nil), filler[:at]...), kw...), filler[at:]...)
		got := e.Find(nil, text)
		want := e.scan(nil, 0, text, 0, 0, len(text), 0)
		if len(got) != 1 || len(want) != 1 || got[0] != want[0] || got[0].Start != at {
			t.Fatalf("keyword at %d: dual %v, single %v", at, got, want)
		}
	}
}

package redact

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWriterMatchesWhole checks that redacting a stream cut at arbitrary points gives exactly
// the result of redacting it whole: no secret split across writes survives.
func TestWriterMatchesWhole(t *testing.T) {
	e, err := New(Config{Rules: testRules()})
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	rng := rand.New(rand.NewPCG(1, 2))
	for in.Len() < 200<<10 {
		switch rng.IntN(4) {
		case 0:
			in.WriteString("token dmo_a1B2c3D4e5F6g7 here; ")
		case 1:
			in.WriteString("secret=Zq8kf2pQ7 ")
		default:
			in.WriteString("plain words and more plain words. ")
		}
	}
	whole := e.RedactString(in.String())
	for _, window := range []int{64, 1024, 0} {
		for trial := 0; trial < 5; trial++ {
			var out bytes.Buffer
			w := e.NewWriter(&out, window)
			src := []byte(in.String())
			for len(src) > 0 {
				n := 1 + rng.IntN(97)
				if n > len(src) {
					n = len(src)
				}
				if _, err := w.Write(src[:n]); err != nil {
					t.Fatal(err)
				}
				src = src[n:]
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if out.String() != whole {
				t.Fatalf("window %d trial %d: stream output (%d bytes) differs from whole redaction (%d bytes)", window, trial, out.Len(), len(whole))
			}
		}
	}
}

package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestCursorFile round-trips positions through the cursor line, accepts the digits-only
// line of earlier versions, and calls every changed line a bad cursor (redelivery from the
// start) rather than a position.
func TestCursorFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c")
	for _, pos := range []int64{0, 1, 4096, 1<<40 + 7, 1<<63 - 1} {
		if err := os.WriteFile(path, appendCursor(nil, pos), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := loadCursor(path); err != nil || got != pos {
			t.Fatalf("wrote %d, read %d, %v", pos, got, err)
		}
	}
	good := appendCursor(nil, 123456)
	cases := map[string][]byte{
		"old format": []byte("123456\n"),
		"missing":    nil,
	}
	for name, b := range cases {
		if b != nil {
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		} else {
			os.Remove(path)
		}
		want := int64(123456)
		if b == nil {
			want = 0
		}
		if got, err := loadCursor(path); err != nil || got != want {
			t.Fatalf("%s: read %d, %v", name, got, err)
		}
	}
	// every single-byte change of a good line, and every truncation, is detected
	for i := range good {
		for _, c := range []byte{'0', '9', 'a', ' ', 0} {
			if good[i] == c || (i == len(good)-1 && c == ' ') {
				continue
			}
			b := append([]byte(nil), good...)
			b[i] = c
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if got, err := loadCursor(path); !errors.Is(err, errBadCursor) {
				t.Fatalf("byte %d set to %q: read %d, %v; want a bad cursor", i, c, got, err)
			}
		}
		// a torn first write leaves a prefix: the zero-padded digits then read as an earlier
		// position (redelivery) or fail, never as a later one
		if err := os.WriteFile(path, good[:i], 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := loadCursor(path); err == nil && got > 123456 {
			t.Fatalf("prefix of %d bytes reads as %d, past the saved position", i, got)
		} else if i == 0 && !errors.Is(err, errBadCursor) {
			t.Fatalf("empty file: %v, want a bad cursor", err)
		}
	}
}

package record

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden pins the exact bytes of the encoded record: field names and order are a
// contract with every index and dashboard built on them. Run with -update after an
// intended change.
func TestGolden(t *testing.T) {
	cases := map[string]*Record{
		"full": sampleRecord(),
		"redaction_failed": {ID: "01M844DZG00000000000000000", Message: "POST 502", Method: "POST",
			Status: 502, CaptureMode: "full", RedactionFailed: true, RedactionError: "timeout"},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			got := append(r.AppendJSON(nil), '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("encoding changed:\n got %s\nwant %s", got, want)
			}
		})
	}
}

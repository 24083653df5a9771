package audit

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

func FuzzSegmentReader(f *testing.F) {
	seg := segmentHeader(7)
	for i := range 3 {
		d := record(i, t0)
		seg = appendFrame(seg, tlog.RecordHash(d), d)
	}
	f.Add(seg)
	f.Add(seg[:len(seg)-4])
	f.Add(segmentHeader(0))
	f.Add([]byte("HUSHSEG1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sr, err := newSegmentReader(bytes.NewReader(b), 1<<16)
		if err != nil {
			return
		}
		// Every frame accepted re-encodes to exactly the bytes it was read from.
		good := segmentHeader(sr.first)
		for {
			off, h, data, err := sr.next(nil)
			if err != nil {
				if errors.Is(err, io.EOF) && int(off) != len(b) {
					t.Fatalf("EOF at %d of %d bytes", off, len(b))
				}
				break
			}
			if int(off) != len(good) || tlog.RecordHash(data) != h {
				t.Fatalf("frame at %d: offset or hash wrong", off)
			}
			good = appendFrame(good, h, data)
		}
		if !bytes.HasPrefix(b, good) {
			t.Fatal("accepted frames differ from the input")
		}
	})
}

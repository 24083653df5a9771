package audit

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// Segment file format.
//
//	header: "HUSHSEG1" (8 bytes) | first record index (uint64, big endian)
//	frame:  data length (uint32, big endian) | tlog.RecordHash(data) (32 bytes) | data
//
// Frames follow the header back to back. A segment's name is its first record index as 20
// decimal digits followed by ".seg", so names sort in log order.
const (
	segMagic     = "HUSHSEG1"
	segHeaderLen = 16
	frameHdrLen  = 4 + tlog.HashSize
	segSuffix    = ".seg"
	maxFrameData = 1<<31 - 1
)

var (
	// errTorn reports a frame cut short by the end of the file: an interrupted append.
	errTorn = errors.New("torn frame at end of segment")
	// errFrameHash reports a frame whose data does not hash to the hash stored beside it.
	errFrameHash = errors.New("record data does not match its stored record hash")
)

func segmentName(first int64) string { return fmt.Sprintf("%020d%s", first, segSuffix) }

func segmentHeader(first int64) []byte {
	h := make([]byte, segHeaderLen)
	copy(h, segMagic)
	binary.BigEndian.PutUint64(h[8:], uint64(first))
	return h
}

// appendFrame appends the frame for data, whose record hash is h, to buf.
func appendFrame(buf []byte, h tlog.Hash, data []byte) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(data)))
	buf = append(buf, h[:]...)
	return append(buf, data...)
}

// segmentReader reads the frames of one segment in order.
type segmentReader struct {
	r       *bufio.Reader
	first   int64 // index of the first record, from the header
	off     int64 // file offset of the next frame
	maxData int
	hdr     [frameHdrLen]byte
}

// newSegmentReader reads and checks the segment header. maxData bounds a frame's data length;
// a larger length is reported as corruption instead of being allocated.
func newSegmentReader(r io.Reader, maxData int) (*segmentReader, error) {
	sr := &segmentReader{r: bufio.NewReaderSize(r, 1<<16), maxData: maxData}
	var h [segHeaderLen]byte
	if _, err := io.ReadFull(sr.r, h[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("segment header: %w", errTorn)
		}
		return nil, fmt.Errorf("segment header: %w", err)
	}
	if string(h[:8]) != segMagic {
		return nil, errors.New("segment header: bad magic")
	}
	first := binary.BigEndian.Uint64(h[8:])
	if first > 1<<62 {
		return nil, errors.New("segment header: first index out of range")
	}
	sr.first = int64(first)
	sr.off = segHeaderLen
	return sr, nil
}

// next returns the next frame: its file offset, stored record hash and data. buf is reused
// for the data when large enough. At a clean end it returns io.EOF; at an incomplete frame
// errTorn; a frame whose data does not match its hash returns errFrameHash with the frame
// (so callers can decide); any other error means the segment cannot be read further.
func (sr *segmentReader) next(buf []byte) (off int64, h tlog.Hash, data []byte, err error) {
	off = sr.off
	n, err := io.ReadFull(sr.r, sr.hdr[:])
	if err != nil {
		if errors.Is(err, io.EOF) && n == 0 {
			return off, h, nil, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return off, h, nil, errTorn
		}
		return off, h, nil, err
	}
	size := binary.BigEndian.Uint32(sr.hdr[:4])
	if int64(size) > int64(sr.maxData) {
		return off, h, nil, fmt.Errorf("frame length %d exceeds the limit %d", size, sr.maxData)
	}
	copy(h[:], sr.hdr[4:])
	if cap(buf) >= int(size) {
		data = buf[:size]
	} else {
		data = make([]byte, size)
	}
	if _, err := io.ReadFull(sr.r, data); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return off, h, nil, errTorn
		}
		return off, h, nil, err
	}
	sr.off += frameHdrLen + int64(size)
	if tlog.RecordHash(data) != h {
		return off, h, data, errFrameHash
	}
	return off, h, data, nil
}

// segmentInfo describes one segment file.
type segmentInfo struct {
	first int64
	path  string
}

// listSegments returns the segments in dir in log order.
func listSegments(dir string) ([]segmentInfo, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var segs []segmentInfo
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, segSuffix) {
			continue
		}
		first, err := strconv.ParseInt(strings.TrimSuffix(name, segSuffix), 10, 64)
		if err != nil || first < 0 || segmentName(first) != name {
			return nil, fmt.Errorf("unexpected segment file name %q", name)
		}
		segs = append(segs, segmentInfo{first: first, path: filepath.Join(dir, name)})
	}
	slices.SortFunc(segs, func(a, b segmentInfo) int { return compareInt64(a.first, b.first) })
	return segs, nil
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// isPurgeRecord reports whether data is a purge statement written by the store itself.
func isPurgeRecord(data []byte) bool { return bytes.HasPrefix(data, []byte(purgeHeader)) }

package audit

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The query index lives in <log>/index/ and is derived data: RebuildIndex recreates it from
// the segments, and verification never reads it.
//
//	rows    one 40-byte row per record index (see row)
//	dict    lines "<kind digit> <Go-quoted value>"; the n-th value of a kind has id n (1-based)
//	blocks  per complete run of 1024 rows: min and max timestamp (int64 ns, big endian)
//
// The rows and dict files are flushed after each append but not synced: after a crash, Open
// truncates or extends the index to match the log.
const (
	rowSize   = 40
	blockRows = 1024
	blockSize = 16
)

// Dictionary kinds.
const (
	kindModel = iota
	kindUser
	kindFindings
	numKinds
)

// Row flags.
const (
	flagPurge  = 1 // the record is a purge statement
	flagPurged = 2 // placeholder for a record removed before the index was built
)

type row struct {
	ts       int64 // @timestamp (UnixNano), or append time when the record has none
	off      int64 // frame offset in its segment
	size     uint32
	model    uint32
	user     uint32
	findings uint32 // id of the sorted, comma-joined set of finding types
	flags    uint32
}

func (r row) encode(b []byte) {
	binary.BigEndian.PutUint64(b[0:], uint64(r.ts))
	binary.BigEndian.PutUint64(b[8:], uint64(r.off))
	binary.BigEndian.PutUint32(b[16:], r.size)
	binary.BigEndian.PutUint32(b[20:], r.model)
	binary.BigEndian.PutUint32(b[24:], r.user)
	binary.BigEndian.PutUint32(b[28:], r.findings)
	binary.BigEndian.PutUint32(b[32:], r.flags)
	binary.BigEndian.PutUint32(b[36:], 0)
}

func decodeRow(b []byte) row {
	return row{
		ts:       int64(binary.BigEndian.Uint64(b[0:])),
		off:      int64(binary.BigEndian.Uint64(b[8:])),
		size:     binary.BigEndian.Uint32(b[16:]),
		model:    binary.BigEndian.Uint32(b[20:]),
		user:     binary.BigEndian.Uint32(b[24:]),
		findings: binary.BigEndian.Uint32(b[28:]),
		flags:    binary.BigEndian.Uint32(b[32:]),
	}
}

// fields are the parts of a record the index needs.
type fields struct {
	Timestamp string                     `json:"@timestamp"`
	ID        string                     `json:"record.id"`
	Model     string                     `json:"gen_ai.request.model"`
	User      string                     `json:"user.id"`
	Findings  map[string]json.RawMessage `json:"hush.findings"`
}

// parseFields extracts the indexed fields; a record that is not a JSON object yields none.
func parseFields(data []byte) fields {
	var f fields
	if json.Unmarshal(data, &f) != nil {
		return fields{}
	}
	return f
}

func (f fields) time(fallback time.Time) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, f.Timestamp); err == nil {
		return t
	}
	return fallback
}

func (f fields) findingSet() string {
	if len(f.Findings) == 0 {
		return ""
	}
	types := make([]string, 0, len(f.Findings))
	for t := range f.Findings {
		types = append(types, t)
	}
	slices.Sort(types)
	return strings.Join(types, ",")
}

// index is the query index of one log, open for reading and (in a Store) appending.
type index struct {
	dir                string
	rows, dict, blocks *os.File
	n                  int64 // rows in the file
	ids                [numKinds]map[string]uint32
	names              [numKinds][]string
	pendRows, pendDict []byte
	blockMin, blockMax int64 // of the rows in the current, incomplete block
	nBlocks            int64
	pendBlocks         []byte
}

func openIndex(dir string, writable bool) (*index, error) {
	flag := os.O_RDONLY
	if writable {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		flag = os.O_RDWR | os.O_CREATE
	}
	ix := &index{dir: dir}
	for i := range ix.ids {
		ix.ids[i] = make(map[string]uint32)
	}
	var err error
	open := func(name string) *os.File {
		if err != nil {
			return nil
		}
		var f *os.File
		f, err = os.OpenFile(filepath.Join(dir, name), flag, 0o600)
		return f
	}
	ix.rows, ix.dict, ix.blocks = open("rows"), open("dict"), open("blocks")
	if err != nil {
		ix.close()
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := ix.load(writable); err != nil {
		ix.close()
		return nil, fmt.Errorf("index: %w", err)
	}
	return ix, nil
}

func (ix *index) load(writable bool) error {
	sc := bufio.NewScanner(ix.dict)
	sc.Buffer(nil, 1<<20)
	var good int64
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) < 4 || line[0] < '0' || line[0] >= '0'+numKinds || line[1] != ' ' {
			break // torn or damaged tail: the ids after it are added again on demand
		}
		v, err := strconv.Unquote(string(line[2:]))
		if err != nil {
			break
		}
		k := int(line[0] - '0')
		ix.names[k] = append(ix.names[k], v)
		ix.ids[k][v] = uint32(len(ix.names[k]))
		good += int64(len(line)) + 1
	}
	if err := sc.Err(); err != nil {
		return err
	}
	st, err := ix.rows.Stat()
	if err != nil {
		return err
	}
	ix.n = st.Size() / rowSize
	bst, err := ix.blocks.Stat()
	if err != nil {
		return err
	}
	ix.nBlocks = min(bst.Size()/blockSize, ix.n/blockRows)
	if writable {
		if err := ix.dict.Truncate(good); err != nil {
			return err
		}
		if _, err := ix.dict.Seek(good, io.SeekStart); err != nil {
			return err
		}
		if err := ix.truncate(ix.n); err != nil {
			return err
		}
	}
	return nil
}

// truncate drops rows from n on and recomputes the block summaries.
func (ix *index) truncate(n int64) error {
	ix.n = min(ix.n, n)
	if err := ix.rows.Truncate(ix.n * rowSize); err != nil {
		return err
	}
	ix.nBlocks = min(ix.nBlocks, ix.n/blockRows)
	// Recompute every summary the rows allow; it is cheap and repairs a torn blocks file.
	var buf []byte
	for b := ix.nBlocks; b < ix.n/blockRows; b++ {
		lo, hi, err := ix.scanRange(b*blockRows, (b+1)*blockRows)
		if err != nil {
			return err
		}
		buf = binary.BigEndian.AppendUint64(buf, uint64(lo))
		buf = binary.BigEndian.AppendUint64(buf, uint64(hi))
	}
	if _, err := ix.blocks.WriteAt(buf, ix.nBlocks*blockSize); err != nil {
		return err
	}
	ix.nBlocks = ix.n / blockRows
	if err := ix.blocks.Truncate(ix.nBlocks * blockSize); err != nil {
		return err
	}
	lo, hi, err := ix.scanRange(ix.nBlocks*blockRows, ix.n)
	ix.blockMin, ix.blockMax = lo, hi
	return err
}

// scanRange returns the min and max timestamps of rows [lo, hi).
func (ix *index) scanRange(lo, hi int64) (int64, int64, error) {
	tmin, tmax := int64(math.MaxInt64), int64(math.MinInt64)
	rows, err := ix.readRows(lo, hi)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range rows {
		if r.flags&flagPurged != 0 {
			continue
		}
		tmin, tmax = min(tmin, r.ts), max(tmax, r.ts)
	}
	return tmin, tmax, nil
}

func (ix *index) readRows(lo, hi int64) ([]row, error) {
	if lo >= hi {
		return nil, nil
	}
	buf := make([]byte, (hi-lo)*rowSize)
	if _, err := ix.rows.ReadAt(buf, lo*rowSize); err != nil {
		return nil, fmt.Errorf("read index rows %d..%d: %w", lo, hi, err)
	}
	rows := make([]row, hi-lo)
	for i := range rows {
		rows[i] = decodeRow(buf[i*rowSize:])
	}
	return rows, nil
}

func (ix *index) id(kind int, v string) uint32 {
	if v == "" {
		return 0
	}
	if id, ok := ix.ids[kind][v]; ok {
		return id
	}
	ix.pendDict = append(ix.pendDict, byte('0'+kind), ' ')
	ix.pendDict = append(strconv.AppendQuote(ix.pendDict, v), '\n')
	ix.names[kind] = append(ix.names[kind], v)
	id := uint32(len(ix.names[kind]))
	ix.ids[kind][v] = id
	return id
}

func (ix *index) name(kind int, id uint32) string {
	if id == 0 || int(id) > len(ix.names[kind]) {
		return ""
	}
	return ix.names[kind][id-1]
}

// staged returns the number of rows including those not yet flushed.
func (ix *index) staged() int64 { return ix.n + int64(len(ix.pendRows)/rowSize) }

// add stages the row for the next record.
func (ix *index) add(data []byte, off int64, appended time.Time) {
	r := row{off: off, size: uint32(len(data))}
	if isPurgeRecord(data) {
		r.flags = flagPurge
		r.ts = appended.UnixNano()
	} else {
		f := parseFields(data)
		r.ts = f.time(appended).UnixNano()
		r.model = ix.id(kindModel, f.Model)
		r.user = ix.id(kindUser, f.User)
		r.findings = ix.id(kindFindings, f.findingSet())
	}
	ix.addRow(r)
}

func (ix *index) addRow(r row) {
	var b [rowSize]byte
	r.encode(b[:])
	ix.pendRows = append(ix.pendRows, b[:]...)
	n := ix.staged()
	if (n-1)%blockRows == 0 {
		ix.blockMin, ix.blockMax = math.MaxInt64, math.MinInt64
	}
	if r.flags&flagPurged == 0 {
		ix.blockMin, ix.blockMax = min(ix.blockMin, r.ts), max(ix.blockMax, r.ts)
	}
	if n%blockRows == 0 {
		ix.pendBlocks = binary.BigEndian.AppendUint64(ix.pendBlocks, uint64(ix.blockMin))
		ix.pendBlocks = binary.BigEndian.AppendUint64(ix.pendBlocks, uint64(ix.blockMax))
	}
}

// flush writes staged dictionary entries, rows and block summaries, in that order, so that a
// concurrent reader never sees a row whose ids are not yet in the dictionary.
func (ix *index) flush() error {
	if len(ix.pendDict) > 0 {
		if _, err := ix.dict.Write(ix.pendDict); err != nil {
			return fmt.Errorf("index dict: %w", err)
		}
		ix.pendDict = ix.pendDict[:0]
	}
	if len(ix.pendRows) > 0 {
		if _, err := ix.rows.WriteAt(ix.pendRows, ix.n*rowSize); err != nil {
			return fmt.Errorf("index rows: %w", err)
		}
		ix.n += int64(len(ix.pendRows) / rowSize)
		ix.pendRows = ix.pendRows[:0]
	}
	if len(ix.pendBlocks) > 0 {
		if _, err := ix.blocks.WriteAt(ix.pendBlocks, ix.nBlocks*blockSize); err != nil {
			return fmt.Errorf("index blocks: %w", err)
		}
		ix.nBlocks += int64(len(ix.pendBlocks) / blockSize)
		ix.pendBlocks = ix.pendBlocks[:0]
	}
	return nil
}

// discard drops staged rows after a failed append; dictionary entries stay (unused ids are
// harmless).
func (ix *index) discard() error {
	ix.pendRows, ix.pendBlocks = ix.pendRows[:0], ix.pendBlocks[:0]
	lo, hi, err := ix.scanRange(ix.n/blockRows*blockRows, ix.n)
	ix.blockMin, ix.blockMax = lo, hi
	return err
}

// candidates returns the row ranges [lo, hi) whose block summaries overlap [since, until].
func (ix *index) candidates(since, until int64) ([][2]int64, error) {
	var out [][2]int64
	if ix.nBlocks > 0 {
		buf := make([]byte, ix.nBlocks*blockSize)
		if _, err := ix.blocks.ReadAt(buf, 0); err != nil {
			return nil, fmt.Errorf("index blocks: %w", err)
		}
		for b := int64(0); b < ix.nBlocks; b++ {
			lo := int64(binary.BigEndian.Uint64(buf[b*blockSize:]))
			hi := int64(binary.BigEndian.Uint64(buf[b*blockSize+8:]))
			if hi < since || lo > until {
				continue
			}
			if k := len(out); k > 0 && out[k-1][1] == b*blockRows {
				out[k-1][1] = (b + 1) * blockRows
			} else {
				out = append(out, [2]int64{b * blockRows, (b + 1) * blockRows})
			}
		}
	}
	if tail := ix.nBlocks * blockRows; tail < ix.n {
		out = append(out, [2]int64{tail, ix.n})
	}
	return out, nil
}

func (ix *index) close() error {
	var errs []error
	for _, f := range []*os.File{ix.rows, ix.dict, ix.blocks} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}

// hasFinding reports whether the comma-joined set contains typ.
func hasFinding(set, typ string) bool {
	for t := range strings.SplitSeq(set, ",") {
		if t == typ {
			return true
		}
	}
	return false
}
